package org.dsp.node;

import static org.dsp.node.openflow.Ovs.sh;
import static org.dsp.node.openflow.Ovs.flowCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The node end to end on real userspace Open vSwitch: two DSN bridges connect over OpenFlow, a
 * tenant document is PUT through REST, the node reports it INSTALLED, the bridges hold exactly
 * the compiled flows; a restart keeps the tenant; DELETE removes its flows.
 */
class NodeIT {
    static final ObjectMapper M = new ObjectMapper();
    final String tag = Long.toString(ProcessHandle.current().pid() % 100000);
    final String br1 = "dspn1" + tag;
    final String br2 = "dspn2" + tag;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    @BeforeEach
    void bridges() throws Exception {
        for (int i = 1; i <= 2; i++) {
            String br = i == 1 ? br1 : br2;
            List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "add-br", br, "--", "set", "bridge", br,
                    "datapath_type=netdev", "fail-mode=secure", "protocols=OpenFlow13",
                    "other-config:datapath-id=000000000000000" + i));
            for (int p : new int[] {1, 2}) {
                cmd.addAll(List.of("--", "add-port", br, br + "p" + p, "--", "set", "interface", br + "p" + p,
                        "type=internal", "ofport_request=" + p));
            }
            sh(cmd.toArray(new String[0]));
        }
        sh("ovs-vsctl", "--timeout=10", "add-port", br1, br1 + "up", "--", "set", "interface", br1 + "up", "type=patch",
                "options:peer=" + br2 + "up", "ofport_request=10", "--", "add-port", br2, br2 + "up", "--", "set",
                "interface", br2 + "up", "type=patch", "options:peer=" + br1 + "up", "ofport_request=10");
    }

    @AfterEach
    void cleanup() throws Exception {
        sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", br1, "--", "--if-exists", "del-br", br2);
    }

    private DspNode start() throws Exception {
        return DspNode.start(data.toFile(), new InetSocketAddress("127.0.0.1", 0), "127.0.0.1", 0,
                Map.of(DeviceId.deviceId("of:0000000000000001"), PortNumber.portNumber(10),
                        DeviceId.deviceId("of:0000000000000002"), PortNumber.portNumber(10)));
    }

    private HttpResponse<String> call(DspNode node, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.restUri().resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits, bounded, until {@code check} holds. */
    private static void await(String what, java.util.concurrent.Callable<Boolean> check) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!check.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    private void connect(DspNode node) throws Exception {
        for (String br : List.of(br1, br2)) {
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
        }
        await("both DSNs to connect", () -> M.readTree(call(node, "GET", "ready", null).body()).get("switches").size() == 2);
    }

    @Test
    void applyRealizeRestartAndDelete() throws Exception {
        String doc = Files.readString(Path.of("../../examples/three-tier.json"));
        int[] counts = new int[2];
        try (DspNode node = start()) {
            connect(node);
            HttpResponse<String> put = call(node, "PUT", "tenants/acme", doc);
            assertEquals(200, put.statusCode(), put.body());
            await("acme INSTALLED", () -> "INSTALLED".equals(M.readTree(call(node, "GET", "tenants/acme/status", null).body())
                    .path("state").asText()));
            JsonNode dsns = M.readTree(call(node, "GET", "dsns", null).body()).get("dsns");
            for (JsonNode d : dsns) {
                int i = d.get("dsn").asText().endsWith("1") ? 0 : 1;
                counts[i] = d.get("flows").asInt();
            }
            assertEquals(counts[0], flowCount(br1));
            assertEquals(counts[1], flowCount(br2));
            String trace = sh("ovs-appctl", "ofproto/trace", br2, "in_port=1,tcp,dl_src=02:00:00:00:03:01,dl_dst=02:00:00:00:04:01,"
                    + "nw_src=10.0.0.31,nw_dst=10.0.0.41,tp_src=40000,tp_dst=5432", "--ct-next", "trk,new");
            assertTrue(trace.contains("output:2"), trace);
        }
        assertEquals(counts[0], flowCount(br1), "a stopped node leaves the flows in place");
        Thread.sleep(1500); // let the flows age, so a re-add (which resets durations) would show
        try (DspNode node = start()) {
            connect(node);
            await("acme INSTALLED after restart", () -> "INSTALLED".equals(
                    M.readTree(call(node, "GET", "tenants/acme/status", null).body()).path("state").asText()));
            await("both DSNs reconciled", () -> node.reconciled().size() == 2);
            assertEquals(Map.of(DeviceId.deviceId("of:0000000000000001"), 0, DeviceId.deviceId("of:0000000000000002"), 0),
                    node.reconciled(), "a restart with unchanged intents sends zero FLOW_MODs");
            assertEquals(counts[0], flowCount(br1));
            assertEquals(counts[1], flowCount(br2));
            String dump = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br1);
            double youngest = java.util.Arrays.stream(dump.split("\n")).filter(l -> l.contains("duration="))
                    .mapToDouble(l -> Double.parseDouble(l.replaceAll(".*duration=([0-9.]+)s.*", "$1"))).min().orElse(0);
            assertTrue(youngest >= 1.0, "flow durations were reset by the restart: youngest " + youngest + " s");
            assertEquals(204, call(node, "DELETE", "tenants/acme", null).statusCode());
            await("flows removed", () -> flowCount(br1) == 0 && flowCount(br2) == 0);
        }
    }
}
