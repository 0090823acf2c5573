package org.dsp.node.embedded;

import org.dsp.node.NodeOptions;
import org.dsp.node.openflow.Ovs;
import static org.dsp.node.openflow.Ovs.flowCount;
import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.Table;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;

/**
 * Realization status never lies, on a real userspace Open vSwitch: a program of 5,000 rules on
 * one target group (each target flow used to carry 5,000 conjunction actions, over OpenFlow's
 * 64 KiB) installs whole, on a fresh and on a warm node, and INSTALLED means the bridge holds it;
 * a batch the switch refuses leaves nothing on the switch, is reported with the switch's error,
 * and stays reported until an audit sees the switch holding the desired flows.
 */
class RealizationIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId DSN = DeviceId.deviceId("of:00000000000000e1");
    final String br = "dspr" + (ProcessHandle.current().pid() % 100000);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    @BeforeEach
    void bridge() throws Exception {
        Ovs.bridge(br, "00000000000000e1", 1, 2, 3, 4, 10);
    }

    @AfterEach
    void cleanup() throws Exception {
        Ovs.deleteBridge(br);
    }

    private HttpResponse<String> call(DspNode node, String method, String path, String body) throws Exception {
        return Rest.call(node, method, path, body, 60);
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> check) throws Exception {
        Ovs.await(what, 60000, check);
    }

    private JsonNode status(DspNode node) throws Exception {
        return M.readTree(call(node, "GET", "tenants/perf/status", null).body());
    }

    /** Waits until the tenant's status settles (not PENDING) and returns it. */
    private JsonNode settled(DspNode node) throws Exception {
        JsonNode[] s = new JsonNode[1];
        await("a settled status", () -> {
            s[0] = status(node);
            return s[0].has("state") && !"PENDING".equals(s[0].get("state").asText());
        });
        return s[0];
    }

    /** The datapath actions of a new TCP connection from {@code src} (behind the uplink) to web1 on {@code port}. */
    private static String trace(String br, String src, int port) throws Exception {
        String out = sh("ovs-appctl", "ofproto/trace", br, "in_port=10,tcp,dl_src=02:00:00:00:99:01,dl_dst=02:00:00:00:00:11,"
                + "nw_src=" + src + ",nw_dst=10.0.0.11,tp_src=40000,tp_dst=" + port, "--ct-next", "trk,new");
        return out.trim();
    }

    private static String lastLine(String trace) {
        String[] lines = trace.split("\n");
        return lines[lines.length - 1].trim();
    }

    private static int mostConjunctions(String br) throws Exception {
        int most = 0;
        for (String line : sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br).split("\n")) {
            most = Math.max(most, line.split("conjunction\\(", -1).length - 1);
        }
        return most;
    }

    @Test
    void fiveThousandRulesOnOneGroupInstallOnAFreshAndAWarmNode() throws Exception {
        String small = TenantDocumentCodec.encodeText(ScaleDocs.ovnBench(1000, 20, DSN));
        String doc = TenantDocumentCodec.encodeText(ScaleDocs.ovnBench(5000, 20, DSN));
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).auditMillis(0)
                .uplinks(java.util.Map.of(DSN, org.onosproject.net.PortNumber.portNumber(10))).build())) {
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
            await("the DSN to connect", () -> node.openflow().isConnected(DSN.toString()));
            // a fresh node takes 1,000 rules, then (warm: DELETE, then PUT, as the bench did) 5,000 rules, twice
            for (String run : List.of("1000 fresh", "5000 warm", "5000 again")) {
                HttpResponse<String> put = call(node, "PUT", "tenants/perf", run.startsWith("1000") ? small : doc);
                assertEquals(200, put.statusCode(), put.body());
                JsonNode s = settled(node);
                assertEquals("INSTALLED", s.get("state").asText(), run + ": " + s);
                int compiled = node.tenants().dsnFlowCounts().get(DSN);
                assertEquals(compiled + 2, flowCount(br), run + ": INSTALLED means the bridge holds the program (+2 punts)");
                JsonNode d = s.get("dsns").get(DSN.toString());
                assertTrue(d.get("largestMessage").asInt() <= 65511, run + ": " + d);
                assertEquals(compiled - d.get("tenantFlows").asInt(), d.get("dsnFlows").asInt() - d.get("tenantFlows").asInt()
                        + compiled - d.get("dsnFlows").asInt(), "tenant and pipeline flows add up");
                assertEquals(run.startsWith("1000") ? 1000 : 2000, mostConjunctions(br),
                        run + ": no flow carries more than one priority level's rules");
                // rules of the first and the last priority level admit their peers (from the uplink) into web1 (port 2)
                for (int r : run.startsWith("1000") ? new int[] {0, 999} : new int[] {0, 1999, 2000, 4999}) {
                    String from = "10.100." + (r % 10) + ".7";
                    String allowed = trace(br, from, 1000 + r);
                    assertTrue(allowed.contains("output:2") && !lastLine(allowed).endsWith("drop"),
                            "r" + r + " admits " + from + ":\n" + allowed);
                    String other = trace(br, "10.100." + ((r + 1) % 10) + ".7", 1000 + r);
                    assertTrue(lastLine(other).endsWith("drop"), "r" + r + " admits only its own group:\n" + other);
                }
                // warm: delete, then the same document again on the same node
                assertEquals(204, call(node, "DELETE", "tenants/perf", null).statusCode());
                await("the tenant's flows removed", () -> flowCount(br) == 2);
            }
        }
    }

    /** A flow Open vSwitch refuses: goto_table to an earlier table (OFPBIC_BAD_TABLE_ID). */
    private static DsnFlow refusable(int tenantKey) {
        return new DsnFlow(new DsnFlow.Key(Table.byNumber(21), 1234, DsnMatch.builder().inPort(4).build()),
                List.of(DsnAction.gotoTable(Table.CLASSIFY)), ((long) tenantKey << 32) | (8L << 26) | 0x1234L, List.of("t/rule/bad"));
    }

    private static DsnFlow good(int tenantKey, int port) {
        return new DsnFlow(new DsnFlow.Key(Table.CLASSIFY, 100, DsnMatch.builder().inPort(port).build()),
                List.of(DsnAction.gotoTable(Table.PORT_SECURITY)), ((long) tenantKey << 32) | (3L << 26) | 0x5678L, List.of("t/endpoint/e" + port));
    }

    private static CompletableFuture<FlowRuleOperations> apply(DspNode node, FlowRuleOperations.Builder b) {
        CompletableFuture<FlowRuleOperations> failed = new CompletableFuture<>();
        node.flowRules().apply(b.build(new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations ops) {
                failed.complete(null);
            }

            @Override
            public void onError(FlowRuleOperations ops) {
                failed.complete(ops);
            }
        }));
        return failed;
    }

    @Test
    void aRefusedBatchChangesNothingIsNamedAndStaysFailedUntilRepaired() throws Exception {
        int key = 0x77;
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).auditMillis(500).build())) {
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
            await("the DSN to connect", () -> node.openflow().isConnected(DSN.toString()));
            await("the discovery punts", () -> flowCount(br) == 2);
            FlowRuleOperations.Builder b = FlowRuleOperations.builder();
            for (int p = 1; p <= 3; p++) {
                b.add(FlowRuleTranslator.toFlowRule(DSN, good(key, p)));
            }
            b.add(FlowRuleTranslator.toFlowRule(DSN, refusable(key)));
            FlowRuleOperations failed = apply(node, b).get(30, TimeUnit.SECONDS);
            assertTrue(failed != null, "the batch must fail");
            assertEquals(1, failed.stages().stream().mapToInt(java.util.Set::size).sum(), "only the refused flow is blamed");
            assertEquals(1234, failed.stages().get(0).iterator().next().rule().priority());
            assertEquals(2, flowCount(br), "a refused bundle leaves nothing of the batch on the switch");
            String why = node.southbound().refusal(DSN, key);
            assertTrue(why != null && why.contains("refused") && why.contains("priority=1234"), "the switch's error: " + why);
            assertNull(node.southbound().refusal(DSN, key + 1), "another tenant's flows are not blamed");
            // the audit retries what is desired: the refusable flow is still refused, so it stays known
            Thread.sleep(1500);
            assertTrue(node.southbound().refusal(DSN, key) != null, "still not held as desired");
            // withdraw the bad flow: the audit installs the good ones and confirms the switch holds all
            node.flowRules().removeFlowRules(FlowRuleTranslator.toFlowRule(DSN, refusable(key)));
            await("the audit to confirm the repaired switch", () -> node.southbound().refusal(DSN, key) == null);
            assertEquals(2 + 3, flowCount(br), "the repaired switch holds the good flows");
        }
    }
}
