package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.dsp.app.api.FlowLogService;
import org.dsp.app.api.FlowRecord;
import org.dsp.app.api.Identity;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /tenants/{id}/flowlogs} and {@code /offenders} over real HTTP: filters, the caller's
 * tenants only, bad parameters named, and 501 where no flow logs are collected (ONOS).
 */
class FlowLogsRestTest {
    private static final ObjectMapper M = new ObjectMapper();
    private DspManager manager;
    private TestServer server;
    private final List<FlowRecord> records = new ArrayList<>();

    /** The flow logs as a list (the node's store is tested on its own). */
    private final FlowLogService logs = new FlowLogService() {
        @Override
        public List<FlowRecord> records(String tenantId, Predicate<FlowRecord> filter, int limit) {
            List<FlowRecord> out = new ArrayList<>();
            for (int i = records.size() - 1; i >= 0 && out.size() < limit; i--) {
                if (records.get(i).tenant().equals(tenantId) && filter.test(records.get(i))) {
                    out.add(records.get(i));
                }
            }
            return out;
        }

        @Override
        public long size() {
            return records.size();
        }

        @Override
        public long capacity() {
            return 1000;
        }

        @Override
        public long retentionSeconds() {
            return 3600;
        }

        @Override
        public long dropped() {
            return 0;
        }
    };

    @BeforeEach
    void start() throws Exception {
        manager = TestManagers.active(new RecordingFlowRules());
        server = TestServer.start(app(new TenantsResource(manager, logs)));
        assertEquals(200, send(null, "/tenants/acme", "PUT", Files.readString(Path.of("../../examples/three-tier.json"))).statusCode());
        assertEquals(200, send(null, "/tenants/globex", "PUT", Files.readString(Path.of("../../examples/globex.json"))).statusCode());
        manager.identities().put(new Identity("globex-viewer", Set.of(), Set.of(), Set.of("globex")));
        long now = System.currentTimeMillis();
        for (int i = 0; i < 5; i++) { // five allowed connections app-1 -> db-1
            records.add(rec("acme", "db-in", "allow", "10.0.0.31", 40000 + i, "10.0.0.41", 5432, now - 1000));
        }
        for (int p = 2000; p < 2030; p++) { // a scan of 30 ports from client-1
            records.add(rec("acme", "denied-out", "deny", "10.0.0.11", 50000, "10.0.0.41", p, now - 500));
        }
        records.add(rec("acme", "denied-out", "deny", "10.0.0.21", 50001, "10.0.0.41", 22, now - 500));
        records.add(rec("globex", "x", "deny", "10.1.0.5", 1, "10.1.0.6", 80, now - 500));
        records.add(rec("acme", "db-in", "allow", "10.0.0.31", 39999, "10.0.0.41", 5432, now - 7200_000)); // two hours ago
    }

    private static FlowRecord rec(String t, String rule, String verdict, String src, int sp, String dst, int dp, long when) {
        return FlowRecord.builder().tenant(t).rule(rule).verdict(verdict).direction(verdict.equals("allow") ? "ingress" : "egress")
                .dsn("of:0000000000000002").protocol(6).src(src).srcPort(sp).dst(dst).dstPort(dp).packets(3).bytes(180)
                .start(when).end(when).build();
    }

    private ResourceConfig app(TenantsResource tenants) {
        return new ResourceConfig().register(tenants).register(new ErrorMapper()).register(new TestCallers(manager.identities()))
                .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class);
    }

    @AfterEach
    void stop() {
        server.close();
        TestManagers.stop(manager);
    }

    private HttpResponse<String> send(String user, String path, String method, String body) throws Exception {
        return server.send(user, method, path, body);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = send(null, path, "GET", null);
        assertEquals(200, r.statusCode(), r.body());
        return M.readTree(r.body());
    }

    @Test
    void filtersSelectTheRecords() throws Exception {
        assertEquals(6, get("/tenants/acme/flowlogs?rule=db-in").get("records").size());
        assertEquals(5, get("/tenants/acme/flowlogs?rule=db-in&since=60").get("records").size(), "since drops the old one");
        JsonNode r = get("/tenants/acme/flowlogs?verdict=deny&src=10.0.0.11&port=2007").get("records");
        assertEquals(1, r.size());
        assertEquals("10.0.0.41", r.get(0).get("dst").asText());
        assertEquals("tcp", r.get(0).get("protocol").asText());
        assertEquals("egress", r.get(0).get("direction").asText());
        assertEquals(10, get("/tenants/acme/flowlogs?verdict=deny&limit=10").get("records").size());
        assertEquals(0, get("/tenants/acme/flowlogs?protocol=udp").get("records").size());
        assertEquals(37, get("/tenants/acme/flowlogs?limit=1000").get("records").size(), "globex's record is not acme's");
        assertEquals(39999, get("/tenants/acme/flowlogs?limit=1").get("records").get(0).get("srcPort").asInt(),
                "the service's order (the most recently seen first) is kept");
    }

    @Test
    void badParametersAreNamed() throws Exception {
        for (String[] c : new String[][] {{"verdict=drop", "verdict 'drop'"}, {"src=10.0.0", "src '10.0.0'"}, {"port=70000", "port 70000"},
            {"limit=0", "limit 0"}, {"since=x", "since 'x'"}, {"colour=red", "unknown parameter 'colour'"}}) {
            HttpResponse<String> r = send(null, "/tenants/acme/flowlogs?" + c[0], "GET", null);
            assertEquals(400, r.statusCode(), c[0]);
            assertTrue(r.body().contains(c[1]), r.body());
        }
        HttpResponse<String> r = send(null, "/tenants/acme/offenders?window=5", "GET", null);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("window 5: must be 30 to"), r.body());
        assertEquals(404, send(null, "/tenants/ghost/flowlogs", "GET", null).statusCode());
    }

    @Test
    void aViewerReadsItsOwnTenantOnly() throws Exception {
        assertEquals(200, send("globex-viewer", "/tenants/globex/flowlogs", "GET", null).statusCode());
        assertEquals(403, send("globex-viewer", "/tenants/acme/flowlogs", "GET", null).statusCode());
        assertEquals(403, send("globex-viewer", "/tenants/acme/offenders", "GET", null).statusCode());
    }

    @Test
    void theOffenderReportNamesTheScanner() throws Exception {
        JsonNode o = get("/tenants/acme/offenders?window=600");
        assertEquals(31, o.get("deniedConnections").asInt());
        assertEquals("10.0.0.11", o.get("topDeniedSources").get(0).get("source").asText());
        assertEquals(30, o.get("topDeniedSources").get(0).get("deniedConnections").asInt());
        assertEquals("10.0.0.21", o.get("topDeniedSources").get(1).get("source").asText());
        assertEquals("10.0.0.41", o.get("topDeniedDestinations").get(0).get("destination").asText());
        assertEquals(2, o.get("topDeniedDestinations").get(0).get("sources").asInt());
        assertEquals(1, o.get("portScans").size(), "10.0.0.21 tried one port only");
        assertEquals("10.0.0.11", o.get("portScans").get(0).get("source").asText());
        assertEquals(30, o.get("portScans").get(0).get("ports").asInt());
        assertEquals(36, sum(o.get("connectionRate").get("perBucket")), "every connection started in the window, allowed or not");
        assertEquals(1, o.get("connectionRate").get("spikes").size(), o.toString());
        assertEquals("10.0.0.11", o.get("connectionRate").get("spikes").get(0).get("topSources").get(0).get("source").asText());
    }

    @Test
    void withoutFlowLogsTheAnswerSaysWhy() throws Exception {
        server.close();
        server = TestServer.start(app(new TenantsResource(manager)));
        HttpResponse<String> r = send(null, "/tenants/acme/flowlogs", "GET", null);
        assertEquals(501, r.statusCode());
        assertTrue(r.body().contains("collects no flow logs"), r.body());
    }

    private static long sum(JsonNode a) {
        long s = 0;
        for (JsonNode n : a) {
            s += n.asLong();
        }
        return s;
    }
}
