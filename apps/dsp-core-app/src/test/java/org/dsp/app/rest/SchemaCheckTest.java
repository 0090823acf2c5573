package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.dsp.spi.ServiceApp;
import org.dsp.testing.TestServices;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A submitted document is held to the schema the core publishes (GET /schema), also where a
 * service's codec checks less than its schema says: the "lax" service's section schema says
 * boolean, its codec reads anything as one.
 */
class SchemaCheckTest {
    private static final ObjectMapper M = new ObjectMapper();
    private DspManager manager;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        manager = TestManagers.active(new RecordingFlowRules());
        TestManagers.serviceCame(manager, TestServices.app("lax", List.of(TestServices.flag("lax", "on", "off")), List.of(), List.of(), List.of()));
        server = TestServer.start(new ResourceConfig().register(new TenantsResource(manager)).register(new ErrorMapper())
                .register(new BodyLimit(1 << 20)).register(new TestCallers(manager.identities()))
                .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class));
    }

    @AfterEach
    void stop() {
        server.close();
        TestManagers.stop(manager);
    }

    private static String example(String lax) throws Exception {
        ObjectNode d = (ObjectNode) M.readTree(RestApiTest.example());
        d.set("lax", M.readTree(lax));
        return d.toString();
    }

    private JsonNode refusedPut(String body) throws Exception {
        HttpResponse<String> r = server.send(null, "PUT", "/tenants/acme", body);
        assertEquals(400, r.statusCode(), r.body());
        return M.readTree(r.body()).get("errors");
    }

    @Test
    void aDocumentThatBreaksThePublishedSchemaIsRefusedAtThePlaceAndNothingIsStored() throws Exception {
        assertEquals(Boolean.TRUE, manager.parse(example("true")).section("lax", Boolean.class), "as the schema says: read");
        JsonNode errors = refusedPut(example("\"on\""));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("$.lax", errors.get(0).get("path").asText());
        assertEquals("SCHEMA_VIOLATION", errors.get(0).get("code").asText());
        assertTrue(errors.get(0).get("reason").asText().contains("boolean"), errors.toString());
        assertNull(manager.tenant("acme"), "nothing stored");
        assertEquals(404, server.send(null, "GET", "/tenants/acme", null).statusCode());
        assertEquals("boolean", manager.codec().schema().path("properties").path("lax").path("type").asText(),
                "the schema it was held to is the published one");
    }

    @Test
    void anEmptySectionOfAnInactiveServiceDoesNotTakeTheRestOutOfTheCheck() throws Exception {
        ServiceApp other = TestServices.app("other", List.of(TestServices.flag("other", "on", "off")), List.of(), List.of(), List.of());
        TestManagers.serviceCame(manager, other);
        TestManagers.serviceGone(manager, other);
        ObjectNode d = (ObjectNode) M.readTree(example("\"on\""));
        d.put("other", false); // empty: the core lets it through, the schema (without the section) has no place for it
        JsonNode errors = refusedPut(d.toString());
        assertEquals("$.lax", errors.get(0).get("path").asText(), errors.toString());
        assertEquals("SCHEMA_VIOLATION", errors.get(0).get("code").asText());
        d.put("lax", true);
        assertEquals(Boolean.TRUE, manager.parse(d.toString()).section("lax", Boolean.class), "and the empty section is no violation");
    }

    @Test
    void aServiceWhoseSchemaTheValidatorCannotCompileIsRefusedWhenItBinds() throws Exception {
        ServiceApp broken = TestServices.app("broken", List.of(TestServices.flag("broken", "on", "off",
                "{\"type\": \"string\", \"pattern\": \"([a-z\"}")), List.of(), List.of(), List.of());
        TestManagers.serviceCame(manager, broken);
        org.dsp.app.api.ServiceInfo info = manager.services().stream().filter(s -> s.name().equals("broken")).findFirst().orElseThrow();
        assertFalse(info.active());
        assertTrue(info.refusal().contains("JSON Schema"), info.refusal());
        assertEquals(Boolean.TRUE, manager.parse(example("true")).section("lax", Boolean.class), "submissions go on being checked");
    }
}
