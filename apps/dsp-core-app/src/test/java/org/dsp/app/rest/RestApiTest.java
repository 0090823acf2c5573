package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST resources over real HTTP (Jersey on the JDK server, loopback), backed by a real DspManager. */
class RestApiTest {
    private static final ObjectMapper M = new ObjectMapper();
    private DspManager manager;
    private RecordingFlowRules flows;
    private HttpServer server;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        flows = new RecordingFlowRules();
        manager = TestManagers.active(flows);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + DspWebApplication.BASE_PATH;
        ResourceConfig rc = new ResourceConfig().register(new TenantsResource(manager)).register(new DsnsResource(manager))
                .register(new ServicesResource(manager)).register(new SchemaResource(manager)).register(new ErrorMapper())
                .register(new BodyLimit(1 << 20)).register(new TestCallers(manager.identities()))
                .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class);
        server = JdkHttpServerFactory.createHttpServer(URI.create(base + "/"), rc);
    }

    @AfterEach
    void stop() {
        server.stop(0);
        TestManagers.stop(manager);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String example() throws Exception {
        return Files.readString(Path.of("../../examples/three-tier.json"));
    }

    /** A trace through the programs the manager realized: the flows by owner, the result and the deciding rules; a bad parameter is named. */
    @Test
    void traceWalksThePacketThroughTheRealizedProgram() throws Exception {
        assertEquals(200, send("PUT", "/tenants/acme", example()).statusCode());
        HttpResponse<String> r = send("GET", "/tenants/acme/trace?from=app-1&to=db-1&service=tcp/5432", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode t = M.readTree(r.body());
        assertEquals("delivered to port 2 (acme/db-1) at of:0000000000000002", t.get("result").asText(), r.body());
        assertEquals("[\"acme/rule/app-out on of:0000000000000002\",\"acme/rule/db-in on of:0000000000000002\"]",
                t.get("decidedBy").toString());
        assertTrue(t.get("hops").get(0).get("flows").size() > 5, r.body());
        JsonNode denied = M.readTree(send("GET", "/tenants/acme/trace?from=app-1&to=db-1&service=tcp/5433", null).body());
        assertTrue(denied.get("result").asText().startsWith("dropped at of:0000000000000002"), denied.toString());
        HttpResponse<String> bad = send("GET", "/tenants/acme/trace?from=app-1&to=db-1&service=gre", null);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("service: 'gre'"), bad.body());
        assertEquals(404, send("GET", "/tenants/nobody/trace?from=a&to=b&service=tcp/1", null).statusCode());
    }

    @Test
    void putThenReadStatusFlowsAndDsns() throws Exception {
        HttpResponse<String> put = send("PUT", "/tenants/acme", example());
        assertEquals(200, put.statusCode(), put.body());
        long version = M.readTree(put.body()).get("version").asLong();
        assertTrue(version > 0);
        JsonNode status = M.readTree(send("GET", "/tenants/acme/status", null).body());
        assertEquals("INSTALLED", status.get("state").asText(), status.toString());
        assertEquals(2, status.get("dsns").size());
        JsonNode list = M.readTree(send("GET", "/tenants", null).body());
        assertEquals("acme", list.get("tenants").get(0).get("tenant").asText());
        JsonNode f = M.readTree(send("GET", "/tenants/acme/flows?dsn=of:0000000000000002", null).body());
        assertEquals(1, f.get("dsns").size());
        assertTrue(f.get("dsns").get("of:0000000000000002").get(0).asText().startsWith("table="));
        JsonNode dsns = M.readTree(send("GET", "/dsns", null).body());
        int total = 0;
        for (JsonNode d : dsns.get("dsns")) {
            total += d.get("flows").asInt();
        }
        assertEquals(flows.count(), total);
        JsonNode doc = M.readTree(send("GET", "/tenants/acme", null).body());
        assertEquals(version, doc.get("version").asLong());
    }

    @Test
    void servicesAreListedAndAnInactiveServicesSectionIs400() throws Exception {
        JsonNode services = M.readTree(send("GET", "/services", null).body()).get("services");
        assertEquals(2, services.size(), services.toString());
        assertEquals("firewall", services.get(0).get("service").asText());
        assertEquals("org.dsp.firewall", services.get(0).get("app").asText());
        assertTrue(services.get(0).get("active").asBoolean());
        TestManagers.serviceGone(manager, org.dsp.spi.Services.discovered().app("firewall"));
        assertTrue(!M.readTree(send("GET", "/services", null).body()).get("services").get(0).get("active").asBoolean());
        HttpResponse<String> r = send("PUT", "/tenants/acme", example());
        assertEquals(400, r.statusCode(), r.body());
        JsonNode e = M.readTree(r.body()).get("errors").get(0);
        assertEquals("$.firewall", e.get("path").asText());
        assertEquals("SERVICE_NOT_ACTIVE", e.get("code").asText());
        assertEquals(400, send("POST", "/tenants/acme/dry-run", example()).statusCode());
        assertEquals(404, send("GET", "/tenants/acme", null).statusCode(), "nothing stored");
    }

    @Test
    void theSchemaHasTheSectionsOfTheActiveServicesOnly() throws Exception {
        HttpResponse<String> r = send("GET", "/schema", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode schema = M.readTree(r.body());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.get("$schema").asText());
        assertTrue(schema.get("properties").has("firewall") && schema.get("properties").has("segments"), r.body());
        assertTrue(schema.get("properties").get("tenant").get("properties").has("defaultPosture"), r.body());
        TestManagers.serviceGone(manager, org.dsp.spi.Services.discovered().app("firewall"));
        schema = M.readTree(send("GET", "/schema", null).body());
        assertTrue(!schema.get("properties").has("firewall") && schema.get("properties").has("segments"), schema.toString());
    }

    @Test
    void aBodyOverTheLimitIs413BeforeItIsReadWhole() throws Exception {
        String big = example().replaceFirst("\\{", "{\"pad\": \"" + "x".repeat(2 << 20) + "\",");
        // the server answers 413 and closes while the client still sends: Java's client then sometimes reports the
        // closed stream ("bytes received: 0") instead of the answer it got - the same request is tried again (at most 3)
        HttpResponse<String> r = null;
        for (int attempt = 1; r == null; attempt++) {
            try {
                r = send("PUT", "/tenants/acme", big);
            } catch (java.io.IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        assertEquals(413, r.statusCode(), r.body());
        assertTrue(r.body().contains("over the node's limit of 1048576 bytes"), r.body());
        // the same without a declared length (chunked): cut off as it passes the limit
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/tenants/acme")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes()))).build();
        HttpResponse<String> c = null;
        for (int attempt = 1; c == null; attempt++) { // the same race as above: the client may see the closed stream first
            try {
                c = http.send(chunked, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        assertEquals(413, c.statusCode(), c.body());
        assertEquals(404, send("GET", "/tenants/acme", null).statusCode(), "nothing stored");
        assertEquals(200, send("PUT", "/tenants/acme", example()).statusCode(), "a document under the limit is read");
    }

    @Test
    void invalidDocumentIs400WithEveryErrorAndChangesNothing() throws Exception {
        String bad = example().replace("\"02:00:00:00:01:01\"", "\"nonsense\"").replace("\"action\": \"allow\"}", "\"action\": \"accept\"}");
        HttpResponse<String> r = send("PUT", "/tenants/acme", bad);
        assertEquals(400, r.statusCode());
        JsonNode errors = M.readTree(r.body()).get("errors");
        assertTrue(errors.size() >= 2, r.body());
        assertEquals("$.endpoints[0].mac", errors.get(0).get("path").asText());
        assertEquals("BAD_MAC", errors.get(0).get("code").asText());
        assertEquals(404, send("GET", "/tenants/acme", null).statusCode());
        assertEquals(0, flows.count());
    }

    @Test
    void staleVersionIs409() throws Exception {
        send("PUT", "/tenants/acme", example());
        ObjectNode doc = (ObjectNode) M.readTree(send("GET", "/tenants/acme", null).body());
        long v = doc.get("version").asLong();
        assertEquals(200, send("PUT", "/tenants/acme", doc.toString()).statusCode());
        HttpResponse<String> stale = send("PUT", "/tenants/acme", doc.put("version", v).toString());
        assertEquals(409, stale.statusCode(), stale.body());
        assertEquals(v + 1, M.readTree(stale.body()).get("current").asLong() , stale.body());
    }

    @Test
    void urlAndDocumentMustNameTheSameTenant() throws Exception {
        HttpResponse<String> r = send("PUT", "/tenants/globex", example());
        assertEquals(400, r.statusCode());
        assertEquals("$.tenant.id", M.readTree(r.body()).get("errors").get(0).get("path").asText());
    }

    @Test
    void dryRunShowsTheDeltaAndAppliesNothing() throws Exception {
        HttpResponse<String> r = send("POST", "/tenants/acme/dry-run", example());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode dsns = M.readTree(r.body()).get("dsns");
        assertEquals(2, dsns.size());
        assertTrue(dsns.get("of:0000000000000001").get("adds").size() > 50);
        assertEquals(0, flows.count());
        assertEquals(404, send("GET", "/tenants/acme/status", null).statusCode());
    }

    @Test
    void deleteRemovesTheTenantAndItsFlows() throws Exception {
        send("PUT", "/tenants/acme", example());
        send("GET", "/tenants/acme/status", null);
        assertTrue(flows.count() > 0);
        assertEquals(204, send("DELETE", "/tenants/acme", null).statusCode());
        send("GET", "/dsns", null); // waits for the work queue
        assertEquals(0, flows.count());
        assertEquals(404, send("DELETE", "/tenants/acme", null).statusCode());
    }
}
