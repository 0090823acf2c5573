package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.ws.rs.GET;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a client gets when the node cannot do what it asked for reasons of its own: an internal
 * error is a 500 whose request id is the one logged with the stack trace; a tenant whose stored
 * document this version cannot read is listed (FAILED, with the reason), read back as stored,
 * refused with 409 where its decoded document is needed, and can be replaced and deleted.
 */
class ErrorAnswersTest {
    private final List<Object[]> logged = new ArrayList<>();
    private DspManager manager;
    private TestServer server;

    /** A resource with a bug. */
    @javax.ws.rs.Path("broken")
    public static class Broken {
        /** Fails as a bug would. */
        @GET
        public String get() {
            throw new IllegalStateException("a bug");
        }
    }

    @BeforeEach
    void start() throws Exception {
        manager = TestManagers.active(new RecordingFlowRules());
        ResourceConfig rc = new ResourceConfig().register(new TenantsResource(manager)).register(new Broken())
                .register(new ErrorMapper((id, e) -> logged.add(new Object[] {id, e})))
                .register(new TestCallers(manager.identities()))
                .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class);
        server = TestServer.start(rc);
    }

    @AfterEach
    void stop() {
        server.close();
        TestManagers.stop(manager);
    }

    @Test
    void anInternalErrorIsA500WithTheRequestIdThatIsLoggedWithTheStackTrace() throws Exception {
        HttpResponse<String> r = server.send(null, "GET", "/broken", null);
        assertEquals(500, r.statusCode(), r.body());
        JsonNode body = Json.MAPPER.readTree(r.body());
        String id = body.get("requestId").asText();
        assertTrue(body.get("error").asText().contains(id), r.body());
        assertEquals(1, logged.size());
        assertEquals(id, logged.get(0)[0]);
        Throwable t = (Throwable) logged.get(0)[1];
        assertEquals("a bug", t.getMessage());
        assertTrue(t.getStackTrace().length > 0 && t.getStackTrace()[0].getClassName().endsWith("Broken"), "the stack trace is logged");
        assertTrue(!r.body().contains("a bug") && !r.body().contains("IllegalState"), "the client learns no internals: " + r.body());
    }

    @Test
    void aStoredDocumentThatCannotBeReadIsListedReadableAsStoredReplaceableAndDeletable() throws Exception {
        String good = Files.readString(Path.of("../../examples/three-tier.json"));
        String bad = good.replace("02:00:00:00:01:01", "ff:ff:ff:ff:ff:ff"); // accepted before broadcast MACs were refused
        TestManagers.storeRaw(manager, "acme", bad);
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode list;
        do {
            HttpResponse<String> r = server.send(null, "GET", "/tenants", null);
            assertEquals(200, r.statusCode(), r.body());
            list = Json.MAPPER.readTree(r.body()).get("tenants");
            Thread.sleep(10);
        } while (!(list.size() == 1 && "FAILED".equals(list.get(0).get("state").asText())) && System.currentTimeMillis() < deadline);
        assertEquals("FAILED", list.get(0).get("state").asText(), list.toString());

        HttpResponse<String> status = server.send(null, "GET", "/tenants/acme/status", null);
        assertEquals(200, status.statusCode(), status.body());
        assertTrue(status.body().contains("$.endpoints[0].mac"), status.body());
        HttpResponse<String> doc = server.send(null, "GET", "/tenants/acme", null);
        assertEquals(200, doc.statusCode(), doc.body());
        JsonNode stored = Json.MAPPER.readTree(doc.body());
        assertEquals("ff:ff:ff:ff:ff:ff", stored.get("endpoints").get(0).get("mac").asText(), "as stored, nothing lost");
        long version = stored.get("version").asLong();
        assertTrue(version > 0, doc.body());
        HttpResponse<String> flows = server.send(null, "GET", "/tenants/acme/flows", null);
        assertEquals(409, flows.statusCode(), flows.body());
        assertTrue(flows.body().contains("cannot be read") && flows.body().contains("replace it (PUT) or delete it"), flows.body());

        HttpResponse<String> put = server.send(null, "PUT", "/tenants/acme",
                good.replaceFirst("\\{", "{\"version\": " + version + ", "));
        assertEquals(200, put.statusCode(), put.body());
        TestManagers.storeRaw(manager, "acme", bad);
        assertEquals(204, server.send(null, "DELETE", "/tenants/acme", null).statusCode());
        assertEquals(404, server.send(null, "GET", "/tenants/acme", null).statusCode());
        assertTrue(logged.isEmpty(), "no internal error on the way");
    }
}
