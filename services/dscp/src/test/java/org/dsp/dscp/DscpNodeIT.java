package org.dsp.dscp;

import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.dsp.node.embedded.DspNode;
import org.dsp.node.NodeOptions;
import org.dsp.node.openflow.Ovs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The DSCP service realized by the embedded node on a real Open vSwitch bridge: its stage's
 * flows are installed, {@code ofproto/trace} shows what web-1 sends leaving with DSCP 46 (the
 * datapath sets the IP TOS) and what client-1 sends leaving unmarked, and the node's audits find
 * the bridge holding exactly its program (the set_field reads back as written).
 */
class DscpNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    final String br = "dspq" + (ProcessHandle.current().pid() % 100000);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    @BeforeEach
    void bridge() throws Exception {
        Ovs.bridge(br, "0000000000000001", 1, 2, 10);
    }

    @AfterEach
    void cleanup() throws Exception {
        Ovs.deleteBridge(br);
    }

    private static String datapathActions(String trace) {
        String[] lines = trace.trim().split("\n");
        return lines[lines.length - 1];
    }

    @Test
    void markedPacketsLeaveWithTheirDscp() throws Exception {
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).auditMillis(500)
                .uplinks(Map.of(D1, PortNumber.portNumber(10))).build())) {
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
            Ovs.await("the DSN to connect", 30_000, () -> node.openflow().isConnected(D1.toString()));
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(node.restUri().resolve("tenants/acme")).header("Authorization", node.adminAuthorization())
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(DscpCompileTest.marked(46, "web").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            Ovs.await("acme INSTALLED on of:...01", 30_000, () -> "INSTALLED".equals(M.readTree(http.send(HttpRequest.newBuilder(
                    node.restUri().resolve("tenants/acme/status")).header("Authorization", node.adminAuthorization()).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .path("dsns").path(D1.toString()).path("state").asText()));
            JsonNode services = M.readTree(http.send(HttpRequest.newBuilder(node.restUri().resolve("services")).header("Authorization", node.adminAuthorization()).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("services");
            assertTrue(services.toString().contains("\"service\":\"dscp\""), "the node runs the drop-in service: " + services);
            JsonNode schema = M.readTree(http.send(HttpRequest.newBuilder(node.restUri().resolve("schema")).header("Authorization", node.adminAuthorization()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(63, schema.path("properties").path("dscp").path("items").path("properties").path("dscp")
                    .path("maximum").asInt(), "the node's schema carries the section: " + schema.path("properties"));
            String dump = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=32");
            assertTrue(dump.contains("in_port=2") && dump.contains("set_field:46->ip_dscp"), dump);
            String web = sh("ovs-appctl", "ofproto/trace", br, "in_port=2,tcp,dl_src=02:00:00:00:02:01,dl_dst=02:00:00:00:99:99,"
                    + "nw_src=10.0.0.21,nw_dst=10.0.0.31,tp_src=40000,tp_dst=8080", "--ct-next", "trk,new");
            assertTrue(web.contains("set_field:46->ip_dscp"), web);
            assertTrue(datapathActions(web).contains("tos=0xb8"), "DSCP 46 is TOS 0xb8: " + datapathActions(web));
            String client = sh("ovs-appctl", "ofproto/trace", br, "in_port=1,tcp,dl_src=02:00:00:00:01:01,dl_dst=02:00:00:00:02:01,"
                    + "nw_src=10.0.0.11,nw_dst=10.0.0.21,tp_src=40000,tp_dst=80", "--ct-next", "trk,new");
            assertFalse(client.contains("ip_dscp") || datapathActions(client).contains("tos="), client);
            Thread.sleep(1500); // three audits
            assertEquals(0, (int) node.repaired().getOrDefault(D1, 0), "the audits find the program as written");
        }
    }
}
