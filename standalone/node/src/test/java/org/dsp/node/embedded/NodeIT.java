package org.dsp.node.embedded;

import org.dsp.node.NodeOptions;
import org.dsp.node.openflow.Ovs;
import static org.dsp.node.openflow.Ovs.sh;
import static org.dsp.node.openflow.Ovs.flowCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import org.dsp.driver.ovs.InfrastructureFlows;
import org.onosproject.net.ConnectPoint;
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

    static final DeviceId DSN1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId DSN2 = DeviceId.deviceId("of:0000000000000002");

    /** A node with no configured uplinks: it must discover the patch link between the bridges. */
    private DspNode start(Set<DeviceId> fabric) throws Exception {
        return DspNode.start(NodeOptions.builder().dataDir(data.toFile()).fabric(fabric).probeMillis(300).auditMillis(500).build());
    }

    private DspNode start() throws Exception {
        return start(Set.of());
    }

    private static boolean hasLink(DspNode node, DeviceId a, DeviceId b) {
        return node.links().getLink(new ConnectPoint(a, PortNumber.portNumber(10)), new ConnectPoint(b, PortNumber.portNumber(10))) != null;
    }

    private static int infrastructureFlows(String br) throws Exception {
        String cookie = String.format("cookie=0x%x,", InfrastructureFlows.cookie());
        return (int) java.util.Arrays.stream(sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br).split("\n"))
                .filter(l -> l.contains(cookie)).count();
    }

    private JsonNode rest(DspNode node, String path) throws Exception {
        return M.readTree(http.send(HttpRequest.newBuilder(node.restUri().resolve(path)).header("Authorization", node.adminAuthorization()).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> call(DspNode node, String method, String path, String body) throws Exception {
        return Rest.call(node, method, path, body, 10);
    }

    /** Waits, bounded, until {@code check} holds. */
    private static void await(String what, java.util.concurrent.Callable<Boolean> check) throws Exception {
        Ovs.await(what, 30_000, check);
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
            await("the patch link found in both directions by LLDP", () -> hasLink(node, DSN1, DSN2) && hasLink(node, DSN2, DSN1));
            JsonNode links = M.readTree(http.send(HttpRequest.newBuilder(node.restUri().resolve("/onos/v1/links")).header("Authorization", node.adminAuthorization()).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("links");
            assertEquals(2, links.size(), links.toString());
            assertEquals(2, infrastructureFlows(br1), "a DSN carries the LLDP and BDDP punts only");
            HttpResponse<String> put = call(node, "PUT", "tenants/acme", doc);
            assertEquals(200, put.statusCode(), put.body());
            await("acme INSTALLED", () -> "INSTALLED".equals(M.readTree(call(node, "GET", "tenants/acme/status", null).body())
                    .path("state").asText()));
            JsonNode dsns = M.readTree(call(node, "GET", "dsns", null).body()).get("dsns");
            for (JsonNode d : dsns) {
                int i = d.get("dsn").asText().endsWith("1") ? 0 : 1;
                counts[i] = d.get("flows").asInt();
            }
            assertEquals(counts[0] + 2, flowCount(br1), "the compiled flows plus the two discovery punts");
            assertEquals(counts[1] + 2, flowCount(br2));
            JsonNode hostList = rest(node, "/onos/v1/hosts").get("hosts");
            assertEquals(4, hostList.size(), "the example's four workloads are the node's hosts: " + hostList);
            assertEquals("of:0000000000000001", hostList.get(0).get("locations").get(0).get("elementId").asText());
            // the audit sees every flow on the switch; drift made behind the node's back is repaired
            await("every flow of DSN 1 ADDED", () -> {
                JsonNode fl = rest(node, "/onos/v1/flows/of:0000000000000001").get("flows");
                boolean all = fl.size() == counts[0];
                for (JsonNode f : fl) {
                    all &= "ADDED".equals(f.get("state").asText());
                }
                return all;
            });
            sh("ovs-ofctl", "-O", "OpenFlow13", "del-flows", br1, "table=0");
            sh("ovs-ofctl", "-O", "OpenFlow13", "add-flow", br1, "table=0,priority=7,actions=NORMAL");
            sh("ovs-ofctl", "-O", "OpenFlow13", "add-group", br1, "group_id=5,type=all,bucket=output:1");
            await("the audit to repair the drift", () -> flowCount(br1) == counts[0] + 2
                    && !sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br1).contains("priority=7"));
            assertTrue(node.repaired().getOrDefault(DSN1, 0) > 1, "repaired: " + node.repaired());
            await("the foreign group removed", () -> !sh("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", br1).contains("group_id=5"));
            assertEquals(1, node.removedGroups().get(DSN1));
            String trace = sh("ovs-appctl", "ofproto/trace", br2, "in_port=1,tcp,dl_src=02:00:00:00:03:01,dl_dst=02:00:00:00:04:01,"
                    + "nw_src=10.0.0.31,nw_dst=10.0.0.41,tp_src=40000,tp_dst=5432", "--ct-next", "trk,new");
            assertTrue(trace.contains("output:2"), trace);
        }
        assertEquals(counts[0] + 2, flowCount(br1), "a stopped node leaves the flows in place");
        Thread.sleep(1500); // let the flows age, so a re-add (which resets durations) would show
        try (DspNode node = start()) {
            connect(node);
            await("acme INSTALLED after restart", () -> "INSTALLED".equals(
                    M.readTree(call(node, "GET", "tenants/acme/status", null).body()).path("state").asText()));
            await("both DSNs reconciled", () -> node.reconciled().size() == 2);
            assertEquals(Map.of(DSN1, 0, DSN2, 0), node.reconciled(),
                    "a restart with unchanged intents (and the links it discovered before) sends zero FLOW_MODs");
            assertEquals(counts[0] + 2, flowCount(br1));
            assertEquals(counts[1] + 2, flowCount(br2));
            String dump = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br1);
            double youngest = java.util.Arrays.stream(dump.split("\n")).filter(l -> l.contains("duration="))
                    .mapToDouble(l -> Double.parseDouble(l.replaceAll(".*duration=([0-9.]+)s.*", "$1"))).min().orElse(0);
            assertTrue(youngest >= 1.0, "flow durations were reset by the restart: youngest " + youngest + " s");
            assertEquals(204, call(node, "DELETE", "tenants/acme", null).statusCode());
            await("flows removed", () -> flowCount(br1) == 2 && flowCount(br2) == 2);
            assertEquals(2, infrastructureFlows(br1), "deleting the tenant leaves only the discovery punts");
        }
    }

    @Test
    void bddpFindsTheUplinksThroughASwitchTheNodeDoesNotControl() throws Exception {
        // re-wire: bridge 1 port 10 -- an L2 switch without controller (NORMAL) -- bridge 2 port 10
        String mid = "dspnx" + tag;
        sh("ovs-vsctl", "--timeout=10", "del-port", br1, br1 + "up", "--", "del-port", br2, br2 + "up");
        sh("ovs-vsctl", "--timeout=10", "add-br", mid, "--", "set", "bridge", mid, "datapath_type=netdev", "fail-mode=standalone",
                "--", "add-port", br1, br1 + "up", "--", "set", "interface", br1 + "up", "type=patch",
                "options:peer=" + mid + "a", "ofport_request=10",
                "--", "add-port", mid, mid + "a", "--", "set", "interface", mid + "a", "type=patch", "options:peer=" + br1 + "up",
                "--", "add-port", mid, mid + "b", "--", "set", "interface", mid + "b", "type=patch", "options:peer=" + br2 + "up",
                "--", "add-port", br2, br2 + "up", "--", "set", "interface", br2 + "up", "type=patch",
                "options:peer=" + mid + "b", "ofport_request=10");
        try (DspNode node = start()) {
            connect(node);
            await("the INDIRECT links through the uncontrolled switch", () -> hasLink(node, DSN1, DSN2) && hasLink(node, DSN2, DSN1));
            org.onosproject.net.Link l = node.links().getLink(new ConnectPoint(DSN1, PortNumber.portNumber(10)),
                    new ConnectPoint(DSN2, PortNumber.portNumber(10)));
            assertEquals(org.onosproject.net.Link.Type.INDIRECT, l.type(), "LLDP does not cross a bridge; BDDP does");
            HttpResponse<String> put = call(node, "PUT", "tenants/acme", Files.readString(Path.of("../../examples/three-tier.json")));
            assertEquals(200, put.statusCode(), put.body());
            await("acme INSTALLED", () -> "INSTALLED".equals(M.readTree(call(node, "GET", "tenants/acme/status", null).body())
                    .path("state").asText()));
            String dump = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br1);
            assertTrue(dump.contains("actions=output:10"), "remote destinations leave through the discovered uplink: " + dump);
        } finally {
            sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", mid);
        }
    }

    @Test
    void packetServiceRequestsPuntsDeliversToProcessorsAndEmits() throws Exception {
        try (DspNode node = start()) {
            connect(node);
            await("the discovery punts", () -> infrastructureFlows(br1) == 2);
            java.util.List<org.onosproject.net.packet.PacketContext> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            node.packets().addProcessor(ctx -> {
                seen.add(ctx);
                ctx.treatmentBuilder().setOutput(PortNumber.portNumber(2));
                ctx.send();
            }, org.onosproject.net.packet.PacketProcessor.director(1));
            org.onosproject.net.flow.TrafficSelector sel = org.onosproject.net.flow.DefaultTrafficSelector.builder()
                    .matchEthType((short) 0x88b5).build();
            org.onosproject.core.ApplicationId app = new org.onosproject.core.DefaultApplicationId(99, "test");
            node.packets().requestPackets(sel, org.onosproject.net.packet.PacketPriority.REACTIVE, app);
            await("the punt flow on both bridges", () -> infrastructureFlows(br1) == 3 && infrastructureFlows(br2) == 3);
            assertTrue(sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br1).contains("dl_type=0x88b5 actions=CONTROLLER:65535"));
            long before = txPackets(br1, 2);
            // a frame of the experimental ethertype 0x88b5 enters port 1 of bridge 1
            String frame = "ffffffffffff" + "020000000099" + "88b5" + "00".repeat(46);
            sh("ovs-ofctl", "-O", "OpenFlow13", "packet-out", br1, "in_port=1 packet=" + frame + " actions=table");
            await("the processor to get the packet", () -> !seen.isEmpty());
            assertEquals("of:0000000000000001/1", seen.get(0).inPacket().receivedFrom().toString());
            assertEquals((short) 0x88b5, seen.get(0).inPacket().parsed().getEtherType());
            await("the processor's packet-out on port 2", () -> txPackets(br1, 2) > before);
            node.packets().cancelPackets(sel, org.onosproject.net.packet.PacketPriority.REACTIVE, app);
            await("the punt flow gone", () -> infrastructureFlows(br1) == 2);
            org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> node.packets().requestPackets(
                    org.onosproject.net.flow.DefaultTrafficSelector.builder().matchVlanId(org.onlab.packet.VlanId.vlanId((short) 5)).build(),
                    org.onosproject.net.packet.PacketPriority.REACTIVE, app), "a punt the node cannot express is refused");
        }
    }

    /** Frames sent out of a port, delivered or dropped (an internal port that is down counts them as tx drops). */
    private static long txPackets(String br, int port) throws Exception {
        String out = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-ports", br, String.valueOf(port));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("tx pkts=(\\d+), bytes=\\d+, drop=(\\d+)").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) : -1;
    }

    @Test
    void fabricSwitchGetsL2SwitchingAndPortLossRemovesItsLink() throws Exception {
        try (DspNode node = start(Set.of(DSN2))) {
            connect(node);
            await("the link to the fabric switch", () -> hasLink(node, DSN1, DSN2) && hasLink(node, DSN2, DSN1));
            await("fabric flows", () -> infrastructureFlows(br2) == 4);
            String fabric = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br2);
            assertTrue(fabric.contains("priority=0 actions=NORMAL"), fabric);
            assertTrue(fabric.contains("priority=64000,dl_type=0x88cc actions=CONTROLLER:65535"), fabric);
            assertTrue(fabric.contains("priority=63998,arp actions=CONTROLLER:65535,NORMAL"), fabric);
            assertEquals(4, flowCount(br2), "the fabric switch holds exactly its four infrastructure flows");
            assertTrue(fabric.contains("priority=64000,dl_type=0x8942 actions=CONTROLLER:65535"), fabric);
            // an ARP request entering the fabric switch's edge port 1 teaches the node a host there
            String arp = "ffffffffffff" + "020000000077" + "0806" + "0001080006040001" + "020000000077" + "0a090909"
                    + "000000000000" + "0a090901" + "00".repeat(18);
            sh("ovs-ofctl", "-O", "OpenFlow13", "packet-out", br2, "in_port=1 packet=" + arp + " actions=table");
            await("the host learned from ARP", () -> rest(node, "/onos/v1/hosts").get("hosts").size() == 1);
            JsonNode h = rest(node, "/onos/v1/hosts").get("hosts").get(0);
            assertEquals("02:00:00:00:00:77", h.get("mac").asText().toLowerCase());
            assertEquals("10.9.9.9", h.get("ipAddresses").get(0).asText());
            assertEquals("of:0000000000000002", h.get("locations").get(0).get("elementId").asText());
            assertEquals("1", h.get("locations").get(0).get("port").asText());
            assertEquals("arp", h.get("annotations").get("learned").asText());
            // the same ARP entering the infrastructure port (the patch link) teaches nothing
            sh("ovs-ofctl", "-O", "OpenFlow13", "packet-out", br2, "in_port=10 packet=" + arp.replace("020000000077", "020000000078")
                    + " actions=table");
            Thread.sleep(500);
            assertEquals(1, rest(node, "/onos/v1/hosts").get("hosts").size(), "no host is learned on a link's port");
            JsonNode devs = M.readTree(http.send(HttpRequest.newBuilder(node.restUri().resolve("/onos/v1/devices")).header("Authorization", node.adminAuthorization()).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("devices");
            assertEquals("dsn", devs.get(0).path("annotations").path("role").asText(), devs.toString());
            assertEquals("fabric", devs.get(1).path("annotations").path("role").asText(), devs.toString());
            // within 1 s, well before links go stale (3 x 300 ms + 1 s): only the port-status message can do it
            long t0 = System.currentTimeMillis();
            sh("ovs-vsctl", "--timeout=10", "del-port", br2, br2 + "up");
            while ((hasLink(node, DSN1, DSN2) || hasLink(node, DSN2, DSN1)) && System.currentTimeMillis() - t0 < 1000) {
                Thread.sleep(20);
            }
            assertTrue(!hasLink(node, DSN1, DSN2) && !hasLink(node, DSN2, DSN1),
                    "the links of a deleted port removed at once (port status)");
        }
    }
}
