package org.dsp.node.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.dsp.node.NodeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's REST authentication over real HTTP: nothing without credentials (every context, the
 * node's own resources too), the bootstrap admin of the first start, passwords (bcrypt) and
 * tokens (issue, use, expire, revoke, revoked by a password change or the user's removal), refused
 * logins audited with the client's address, and the audit log kept across a restart. REST over TLS
 * with a keystore made by keytool.
 */
class RestAuthTest {
    private static final ObjectMapper M = new ObjectMapper();
    @TempDir
    Path data;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private DspNode start() throws Exception {
        return DspNode.start(NodeOptions.builder().dataDir(data.resolve("node").toFile()).openflow(new InetSocketAddress("127.0.0.1", 0))
                .rest("127.0.0.1", 0).auditMillis(0).build());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> call(HttpClient client, URI base, String auth, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(DspNode node, String auth, String method, String path, String body) throws Exception {
        return call(http, node.restUri(), auth, method, path, body);
    }

    @Test
    void nothingWithoutCredentialsAndTheBootstrapAdminIsCreatedOnce() throws Exception {
        Path secret = data.resolve("node/bootstrap-admin.secret");
        try (DspNode node = start()) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
            // the store holds password and token hashes and the audit log: the node's user only
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("node/store.db"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("node"))));
            for (String path : List.of("tenants", "tenants/acme", "dsns", "schema", "services", "users", "audit", "whoami",
                    "ready", "ready/security", "auth/tokens", "/onos/v1/links", "/onos/v1/devices", "/onos/v1/hosts")) {
                HttpResponse<String> r = call(node, null, "GET", path, null);
                assertEquals(401, r.statusCode(), path + ": " + r.body());
                assertTrue(r.headers().allValues("WWW-Authenticate").contains("Bearer realm=\"dsp\""), path);
                assertTrue(r.headers().allValues("WWW-Authenticate").contains("Basic realm=\"dsp\", charset=\"UTF-8\""), path);
                assertEquals(401, call(node, basic("admin", "not the password"), "GET", path, null).statusCode(), path);
                HttpResponse<String> forged = call(node, "Bearer dsp_forged", "GET", path, null);
                assertEquals(401, forged.statusCode(), path);
                // a caller that presented a token is not asked for a password (a browser would answer for the page)
                assertEquals(List.of("Bearer realm=\"dsp\""), forged.headers().allValues("WWW-Authenticate"), path);
            }
            HttpResponse<String> put = call(node, null, "PUT", "tenants/acme", Files.readString(Path.of("../../examples/three-tier.json")));
            assertEquals(401, put.statusCode());
            assertEquals(null, node.tenants().tenant("acme"), "an unauthenticated PUT changes nothing");
            assertEquals(200, call(node, node.adminAuthorization(), "GET", "ready", null).statusCode());
            assertEquals(200, call(node, node.adminAuthorization(), "GET", "/onos/v1/links", null).statusCode());
            assertEquals(200, call(node, node.adminAuthorization(), "PUT", "tenants/acme",
                    Files.readString(Path.of("../../examples/three-tier.json"))).statusCode());
        }
        String first = Files.readString(secret);
        try (DspNode node = start()) {
            assertEquals(first, Files.readString(secret), "a restart creates no second admin");
            assertEquals(1, M.readTree(call(node, node.adminAuthorization(), "GET", "users", null).body()).get("users").size());
            JsonNode log = M.readTree(call(node, node.adminAuthorization(), "GET", "audit?limit=1000", null).body()).get("entries");
            // kept across the restart: the bootstrap, the refused logins (rate-bounded), the accepted PUT
            assertTrue(log.toString().contains("\"kind\":\"user.bootstrap\""), log.toString());
            assertTrue(log.toString().contains("\"kind\":\"tenant.apply\""), log.toString());
            JsonNode refused = null;
            for (JsonNode e : log) {
                if (e.get("kind").asText().equals("login") && e.get("result").asText().startsWith("refused")) {
                    refused = e;
                }
            }
            assertTrue(refused != null, log.toString());
            assertEquals("127.0.0.1", refused.get("from").asText());
            assertEquals("admin", refused.get("actor").asText(), "the user the refused credentials named");
        }
    }

    @Test
    void tokensAndPasswords() throws Exception {
        try (DspNode node = start()) {
            String admin = node.adminAuthorization();
            assertEquals(200, call(node, admin, "PUT", "users/bob", "{\"tenantViewer\": [\"acme\"]}").statusCode());
            assertEquals(400, call(node, admin, "PUT", "auth/passwords/bob", "{\"password\": \"short\"}").statusCode(),
                    "12 characters at least");
            assertEquals(204, call(node, admin, "PUT", "auth/passwords/bob", "{\"password\": \"bob's long secret\"}").statusCode());
            String bobBasic = basic("bob", "bob's long secret");
            JsonNode login = M.readTree(call(node, bobBasic, "POST", "auth/login", "{\"ttlSeconds\": 3600}").body());
            String bob = "Bearer " + login.get("token").asText();
            assertTrue(login.get("token").asText().startsWith("dsp_"), login.toString());
            assertEquals("bob", M.readTree(call(node, bob, "GET", "whoami", null).body()).get("name").asText());
            assertEquals(400, call(node, bob, "POST", "auth/login", null).statusCode(), "a token cannot mint tokens");
            assertEquals(403, call(node, bob, "GET", "ready", null).statusCode(), "infrastructure: platform roles only");
            assertEquals(403, call(node, bob, "GET", "/onos/v1/links", null).statusCode());
            assertEquals(403, call(node, bob, "PUT", "auth/passwords/admin", "{\"password\": \"0123456789abc\"}").statusCode());
            assertEquals(1, M.readTree(call(node, bob, "GET", "auth/tokens", null).body()).get("tokens").size());
            assertEquals(403, call(node, bob, "GET", "auth/tokens?user=admin", null).statusCode());
            // a token expires
            String shortLived = "Bearer " + M.readTree(call(node, bobBasic, "POST", "auth/login", "{\"ttlSeconds\": 1}").body())
                    .get("token").asText();
            assertEquals(200, call(node, shortLived, "GET", "whoami", null).statusCode());
            Thread.sleep(1200);
            assertEquals(401, call(node, shortLived, "GET", "whoami", null).statusCode());
            // revoked by its id
            String id = login.get("id").asText();
            assertEquals(404, call(node, "Bearer " + M.readTree(call(node, admin, "POST", "auth/login", null).body()).get("token").asText(),
                    "DELETE", "auth/tokens/nope", null).statusCode());
            assertEquals(204, call(node, bob, "DELETE", "auth/tokens/" + id, null).statusCode());
            assertEquals(401, call(node, bob, "GET", "whoami", null).statusCode());
            // a new password revokes every token of the user
            String again = "Bearer " + M.readTree(call(node, bobBasic, "POST", "auth/login", null).body()).get("token").asText();
            // a token alone cannot change its user's password (a stolen token must not take the account over)
            assertEquals(403, call(node, again, "PUT", "auth/passwords/bob", "{\"password\": \"mallory's secret\"}").statusCode());
            assertEquals(403, call(node, again, "PUT", "auth/passwords/bob", "{\"password\": \"mallory's secret\", "
                    + "\"currentPassword\": \"a wrong guess\"}").statusCode());
            assertEquals(204, call(node, again, "PUT", "auth/passwords/bob", "{\"password\": \"bob's newer secret\", "
                    + "\"currentPassword\": \"bob's long secret\"}").statusCode());
            assertEquals(401, call(node, again, "GET", "whoami", null).statusCode());
            assertEquals(401, call(node, bobBasic, "GET", "whoami", null).statusCode(), "the old password");
            // removing the user: its password and tokens go; a new user of the same name does not inherit them
            String last = "Bearer " + M.readTree(call(node, basic("bob", "bob's newer secret"), "POST", "auth/login", null).body())
                    .get("token").asText();
            assertEquals(204, call(node, admin, "DELETE", "users/bob", null).statusCode());
            assertEquals(401, call(node, last, "GET", "whoami", null).statusCode());
            assertEquals(200, call(node, admin, "PUT", "users/bob", "{}").statusCode());
            assertEquals(401, call(node, basic("bob", "bob's newer secret"), "GET", "whoami", null).statusCode());
            assertEquals(401, call(node, last, "GET", "whoami", null).statusCode());
            JsonNode log = M.readTree(call(node, admin, "GET", "audit?kind=user.password", null).body()).get("entries");
            assertTrue(log.toString().contains("\"actor\":\"bob\",\"from\":\"127.0.0.1\",\"kind\":\"user.password\",\"tenant\":null,"
                    + "\"version\":0,\"summary\":\"admin\",\"result\":\"refused: forbidden\""), log.toString());
        }
    }

    /** REST over TLS: a keystore made with the JDK's keytool; HTTPS works when the client trusts its certificate, plain HTTP does not. */
    @Test
    void restOverTls() throws Exception {
        Path ks = data.resolve("rest.p12");
        Path pw = data.resolve("tls.pw");
        Files.writeString(pw, "changeit-please\n");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit-please",
                "-alias", "rest", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2");
        Path cert = data.resolve("rest.pem");
        run(keytool, "-exportcert", "-rfc", "-keystore", ks.toString(), "-storepass", "changeit-please", "-alias", "rest",
                "-file", cert.toString());
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).openflow(new InetSocketAddress("127.0.0.1", 0))
                .rest("127.0.0.1", 0).auditMillis(0).restTls(ks.toFile()).tlsPassword("changeit-please".toCharArray()).build())) {
            assertEquals("https", node.restUri().getScheme());
            java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (java.io.InputStream in = Files.newInputStream(cert)) {
                trust.setCertificateEntry("rest", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            tmf.init(trust);
            javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
            assertEquals(200, call(https, node.restUri(), node.adminAuthorization(), "GET", "whoami", null).statusCode());
            assertEquals(401, call(https, node.restUri(), null, "GET", "whoami", null).statusCode());
            URI plain = URI.create(node.restUri().toString().replace("https://", "http://"));
            assertThrows(java.io.IOException.class, () -> call(http, plain, node.adminAuthorization(), "GET", "whoami", null),
                    "no clear-text HTTP on a TLS port");
            assertThrows(java.io.IOException.class, () -> call(http, node.restUri(), node.adminAuthorization(), "GET", "whoami", null),
                    "a client that does not trust the certificate");
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        assertFalse(out.contains("Exception"), out);
    }
}
