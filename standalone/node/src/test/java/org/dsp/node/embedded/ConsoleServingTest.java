package org.dsp.node.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dsp.node.NodeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console as the node serves it: its files at {@code /gui/} without a login but with a
 * content security policy, nothing else there (no other names, no other methods); the live status
 * stream ({@code /events}): only with credentials, the caller's tenants only, a new event when a
 * tenant changes, ended when the caller's role goes, at most two per user and four at once; a
 * tenant's counters for whoever may read the tenant (access only: no switch counts here).
 */
class ConsoleServingTest {
    private static final ObjectMapper M = new ObjectMapper();
    @TempDir
    Path data;

    private DspNode start() throws Exception {
        return DspNode.start(NodeOptions.builder().dataDir(data.resolve("node").toFile()).openflow(new InetSocketAddress("127.0.0.1", 0))
                .rest("127.0.0.1", 0).auditMillis(0).build());
    }

    /** For the live stream, read as it comes. */
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();

    private static HttpResponse<String> call(DspNode node, String auth, String method, String path, String body) throws Exception {
        return Rest.call(node, auth, method, path, body, 10);
    }

    @Test
    void theConsolesFilesAreServedWithAPolicyAndNothingElseIs() throws Exception {
        try (DspNode node = start()) {
            HttpResponse<String> index = call(node, null, "GET", "/gui/", null);
            assertEquals(200, index.statusCode());
            assertTrue(index.body().contains("<script type=\"module\" src=\"app.js\">"), index.body());
            assertTrue(index.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
            assertEquals("DENY", index.headers().firstValue("X-Frame-Options").orElse(""));
            HttpResponse<String> js = call(node, null, "GET", "/gui/api.js", null);
            assertEquals(200, js.statusCode());
            assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            for (String bad : List.of("/gui/nothing.js", "/gui/../gui/index.html", "/gui/%2e%2e/store.db", "/gui/org/dsp/node/GuiFiles.class",
                    "/gui/INDEX.HTML", "/gui/app.js.map")) {
                assertEquals(404, call(node, null, "GET", bad, null).statusCode(), bad);
            }
            assertEquals(405, call(node, null, "POST", "/gui/index.html", "{}").statusCode());
            HttpResponse<String> bare = call(node, null, "GET", "/gui", null);
            assertEquals(301, bare.statusCode());
            assertEquals("/gui/", bare.headers().firstValue("Location").orElse(""));
            assertEquals(404, call(node, null, "GET", "/guide", null).statusCode());
            assertTrue(call(node, null, "GET", "/gui/nothing.js", null).headers().firstValue("Content-Security-Policy").isPresent(),
                    "every response carries the policy");
            // as ONOS serves them: from DSP's web app, behind the login
            assertEquals(401, call(node, null, "GET", "gui/", null).statusCode());
            HttpResponse<String> behind = call(node, node.adminAuthorization(), "GET", "gui/", null);
            assertEquals(200, behind.statusCode());
            assertEquals(index.body(), behind.body(), "the same page");
            assertTrue(behind.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
            assertEquals(200, call(node, node.adminAuthorization(), "GET", "gui/views.js", null).statusCode());
            assertEquals(404, call(node, node.adminAuthorization(), "GET", "gui/store.db", null).statusCode());
        }
    }

    /** An open event stream: one reader for its life, each event awaited at most 10 s. */
    private static final class Events implements AutoCloseable {
        private final InputStream in;
        private final BufferedReader r;

        Events(HttpResponse<InputStream> response) {
            assertEquals(200, response.statusCode(), "a stream");
            this.in = response.body();
            this.r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        /** The next event's data, or null when the stream ended. */
        JsonNode next() throws Exception {
            return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("data: ")) {
                            return M.readTree(line.substring(6));
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    return null;
                }
            }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            in.close();
        }
    }

    private Events open(DspNode node, String auth) throws Exception {
        return new Events(http.send(HttpRequest.newBuilder(node.restUri().resolve("events")).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    @Test
    void theLiveStreamSendsTheCallersTenantsAndTheirChanges() throws Exception {
        try (DspNode node = start()) {
            String admin = node.adminAuthorization();
            assertEquals(401, call(node, null, "GET", "events", null).statusCode());
            String acme = Files.readString(Path.of("../../examples/three-tier.json"));
            assertEquals(200, call(node, admin, "PUT", "tenants/acme", acme).statusCode());
            assertEquals(200, call(node, admin, "PUT", "tenants/globex", Files.readString(Path.of("../../examples/globex.json"))).statusCode());
            assertEquals(200, call(node, admin, "PUT", "users/bob", "{\"tenantViewer\": [\"globex\"]}").statusCode());
            assertEquals(204, call(node, admin, "PUT", "auth/passwords/bob", "{\"password\": \"bob's long secret\"}").statusCode());
            String bob = RestAuthTest.basic("bob", "bob's long secret");
            HttpResponse<InputStream> s = http.send(HttpRequest.newBuilder(node.restUri().resolve("events")).header("Authorization", bob)
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertTrue(s.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            try (Events events = new Events(s)) {
                JsonNode first = events.next();
                assertEquals(1, first.get("tenants").size(), "bob reads globex only: " + first);
                assertEquals("globex", first.get("tenants").get(0).get("tenant").asText());
                long v = first.get("tenants").get(0).get("version").asLong();
                // a change of globex: a new event with the new version
                JsonNode doc = M.readTree(call(node, admin, "GET", "tenants/globex", null).body());
                ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("tenant")).put("displayName", "Globex, changed");
                assertEquals(200, call(node, admin, "PUT", "tenants/globex", doc.toString()).statusCode());
                JsonNode next = events.next();
                while (next != null && next.get("tenants").get(0).get("version").asLong() == v) {
                    next = events.next(); // the states of the old version settling
                }
                assertEquals(v + 1, next.get("tenants").get(0).get("version").asLong(), String.valueOf(next));
                // bob's role taken away: the stream ends within the recheck period
                assertEquals(200, call(node, admin, "PUT", "users/bob", "{}").statusCode());
                JsonNode after = events.next();
                while (after != null) {
                    after = events.next();
                }
            }
            // two streams per user, four in all: the REST threads stay free
            assertEquals(200, call(node, admin, "PUT", "users/carol", "{\"roles\": [\"auditor\"]}").statusCode());
            assertEquals(204, call(node, admin, "PUT", "auth/passwords/carol", "{\"password\": \"carol's long secret\"}").statusCode());
            String carol = RestAuthTest.basic("carol", "carol's long secret");
            try (Events a1 = open(node, admin); Events a2 = open(node, admin)) {
                a1.next();
                a2.next();
                assertEquals(503, call(node, admin, "GET", "events", null).statusCode(), "a third of the admin's");
                try (Events c1 = open(node, carol); Events c2 = open(node, carol)) {
                    c1.next();
                    c2.next();
                    assertEquals(503, call(node, carol, "GET", "events", null).statusCode(), "five in all");
                    assertEquals(200, call(node, admin, "GET", "tenants", null).statusCode(), "the API still answers");
                }
            }
        }
    }

    @Test
    void aTenantsCountersAreForItsReaders() throws Exception {
        try (DspNode node = start()) {
            String admin = node.adminAuthorization();
            assertEquals(200, call(node, admin, "PUT", "tenants/acme", Files.readString(Path.of("../../examples/three-tier.json"))).statusCode());
            assertEquals(200, call(node, admin, "PUT", "users/bob", "{\"tenantViewer\": [\"globex\"]}").statusCode());
            assertEquals(204, call(node, admin, "PUT", "auth/passwords/bob", "{\"password\": \"bob's long secret\"}").statusCode());
            HttpResponse<String> own = call(node, admin, "GET", "tenants/acme/counters", null);
            assertEquals(200, own.statusCode(), own.body());
            assertEquals("acme", M.readTree(own.body()).get("tenant").asText());
            assertTrue(M.readTree(own.body()).get("counters").isArray());
            assertEquals(403, call(node, RestAuthTest.basic("bob", "bob's long secret"), "GET", "tenants/acme/counters", null).statusCode());
            assertEquals(404, call(node, admin, "GET", "tenants/nobody/counters", null).statusCode());
        }
    }
}
