package org.dsp.node.embedded;

import org.dsp.node.NodeOptions;
import org.dsp.node.openflow.Ovs;
import static org.dsp.node.openflow.Ovs.flowCount;
import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.Cookies;
import org.dsp.ir.Owner;
import org.dsp.model.TenantDocument;
import org.dsp.node.openflow.ScriptedSwitch;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlab.packet.TCP;
import org.onosproject.net.DeviceId;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Switches cannot be impersonated (without TLS): a second connection claiming a connected DSN's
 * datapath id gets no program and is closed while the real switch keeps getting its changes; a
 * packet-in that no punt flow of the node's sent - from an unknown switch or from a real one - makes
 * the node send nothing anywhere. Both are recorded as security events.
 */
class SwitchIdentityIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId DSN = DeviceId.deviceId("of:0000000000000001");
    static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    final String br = "dspi" + (ProcessHandle.current().pid() % 100000);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path data;

    @BeforeEach
    void bridge() throws Exception {
        Ovs.bridge(br, "0000000000000001", 1, 2, 3, 4);
    }

    @AfterEach
    void cleanup() throws Exception {
        Ovs.deleteBridge(br);
    }

    private HttpResponse<String> call(DspNode node, String method, String path, String body) throws Exception {
        return Rest.call(node, method, path, body, 30);
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> check) throws Exception {
        Ovs.await(what, 30000, check);
    }

    private void installed(DspNode node, long version) throws Exception {
        await("perf INSTALLED at version " + version, () -> {
            JsonNode s = M.readTree(call(node, "GET", "tenants/perf/status", null).body());
            return "INSTALLED".equals(s.path("state").asText()) && s.path("version").asLong() == version;
        });
    }

    private List<String> securityKinds(DspNode node) throws Exception {
        List<String> kinds = new ArrayList<>();
        for (JsonNode e : M.readTree(call(node, "GET", "ready/security", null).body()).get("events")) {
            kinds.add(e.get("kind").asText());
        }
        return kinds;
    }

    private DspNode startAndConnect(TenantDocument doc) throws Exception {
        DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).auditMillis(0).build());
        sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
        await("the DSN to connect", () -> node.openflow().isConnected(DSN.toString()));
        HttpResponse<String> put = call(node, "PUT", "tenants/perf", TenantDocumentCodec.encodeText(doc));
        assertEquals(200, put.statusCode(), put.body());
        installed(node, M.readTree(put.body()).get("version").asLong());
        return node;
    }

    @Test
    void anImpostorWithAConnectedDatapathIdGetsNothingAndTheRealSwitchKeepsItsProgram() throws Exception {
        TenantDocument doc = ScaleDocs.ovnBench(10, 2, DSN);
        try (DspNode node = startAndConnect(doc)) {
            java.net.SocketAddress real = node.openflow().switchOf(DSN.toString()).remoteAddress();
            try (ScriptedSwitch impostor = new ScriptedSwitch(node.openflowPort(), 1)) {
                assertTrue(impostor.awaitClosed(10_000), "the impostor must be disconnected");
                List<Integer> got = impostor.received();
                assertFalse(got.contains(ScriptedSwitch.FLOW_MOD) || got.contains(ScriptedSwitch.EXPERIMENTER)
                        || got.contains(ScriptedSwitch.PACKET_OUT), "the impostor got program messages: " + got);
                assertEquals(0, impostor.flowReads(), "the impostor's flows are never read (no reconciliation for it)");
            }
            assertEquals(real, node.openflow().switchOf(DSN.toString()).remoteAddress(), "the real switch still holds its id");
            assertTrue(securityKinds(node).contains("switch-identity-conflict"), "recorded: " + securityKinds(node));
            await("the conflict in the audit log", () -> node.tenants().audit().newest(10, e -> e.kind().equals(
                    "security.switch-identity-conflict") && e.actor().equals("node") && e.summary().contains("claiming of:0000000000000001")
                    && e.result().equals("refused")).size() == 1);
            // the real switch keeps getting the tenant's changes
            TenantDocument fewer = org.dsp.firewall.Firewall.removeRule(doc.toBuilder(), "r0").build();
            HttpResponse<String> put = call(node, "PUT", "tenants/perf", TenantDocumentCodec.encodeText(fewer));
            installed(node, M.readTree(put.body()).get("version").asLong());
            assertEquals(node.tenants().dsnFlowCounts().get(DSN) + 2, flowCount(br), "the real bridge holds the changed program");
        }
    }

    /** A connected switch cannot change its datapath id by sending another FEATURES_REPLY: it is closed, and the id it named is not taken. */
    @Test
    void aSwitchCannotChangeItsDatapathIdOnceConnected() throws Exception {
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).auditMillis(0).build());
             ScriptedSwitch sw = new ScriptedSwitch(node.openflowPort(), 0x77)) {
            await("0x77 connected", () -> node.openflow().isConnected("of:0000000000000077"));
            sw.send(F.buildFeaturesReply().setXid(99).setDatapathId(org.projectfloodlight.openflow.types.DatapathId.of(0x78))
                    .setNBuffers(0).setNTables((short) 254).build());
            assertTrue(sw.awaitClosed(10_000), "closed");
            await("0x77 gone", () -> !node.openflow().isConnected("of:0000000000000077"));
            assertFalse(node.openflow().isConnected("of:0000000000000078"), "the new id is not taken");
            assertTrue(securityKinds(node).contains("switch-identity-conflict"), securityKinds(node).toString());
        }
    }

    @Test
    void aSilentHolderOfADatapathIdIsReplacedByTheNewConnection() throws Exception {
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).auditMillis(0).build());
             ScriptedSwitch dead = new ScriptedSwitch(node.openflowPort(), 0x66)) {
            await("the first connection of 0x66", () -> node.openflow().isConnected("of:0000000000000066"));
            dead.silence(); // as a switch that restarted without closing its old connection
            try (ScriptedSwitch restarted = new ScriptedSwitch(node.openflowPort(), 0x66)) {
                assertTrue(dead.awaitClosed(10_000), "the silent holder is closed");
                await("the new connection to hold 0x66", () -> node.openflow().isConnected("of:0000000000000066")
                        && !restarted.awaitClosed(0));
                await("the new connection reconciled (its flows read)", () -> restarted.flowReads() > 0);
                assertTrue(securityKinds(node).contains("switch-identity-takeover"), "recorded: " + securityKinds(node));
            }
        }
    }

    /** A TCP SYN from client (port 1: 02:00:00:00:00:10, 10.0.0.10) to web1 (10.0.0.11). */
    private static byte[] syn() {
        return org.dsp.testing.Frames.tcpSyn("02:00:00:00:00:10", "02:00:00:00:00:11", "10.0.0.10", "10.0.0.11", 40000, 23);
    }

    /** Frames sent out of a port, delivered or dropped (an internal port that is down counts them as tx drops). */
    private static long txPackets(String br, int port) throws Exception {
        String out = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-ports", br, String.valueOf(port));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("tx pkts=(\\d+), bytes=\\d+, drop=(\\d+)").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) : -1;
    }

    @Test
    void forgedPacketInsMakeTheNodeSendNothing() throws Exception {
        try (DspNode node = startAndConnect(ScaleDocs.ovnBench(10, 2, DSN))) {
            long before = txPackets(br, 1);
            long ruleCookie = Cookies.of(Owner.of("perf", 1, Owner.Kind.RULE, "r0", 7));
            try (ScriptedSwitch stranger = new ScriptedSwitch(node.openflowPort(), 0x55)) {
                await("the stranger to be connected", () -> node.openflow().isConnected("of:0000000000000055"));
                byte[] frame = syn();
                stranger.send(F.buildPacketIn().setXid(99).setBufferId(OFBufferId.NO_BUFFER).setTotalLen(frame.length)
                        .setReason(OFPacketInReason.ACTION).setTableId(TableId.of(21)).setCookie(U64.of(ruleCookie))
                        .setMatch(F.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3)).build()).setData(frame).build());
                await("the forged packet-in reported", () -> securityKinds(node).contains("forged-packet-in"));
                Thread.sleep(500);
                assertFalse(stranger.received().contains(ScriptedSwitch.PACKET_OUT), "no answer to the stranger");
            }
            assertEquals(before, txPackets(br, 1), "nothing sent into the workload's port on the real switch");
            // the real switch, sending a packet-in that no punt flow of the node's made (cookie of a packet-out)
            String hex = org.onlab.util.HexString.toHexString(syn()).replace(":", "");
            sh("ovs-ofctl", "-O", "OpenFlow13", "packet-out", br, "in_port=1 packet=" + hex + " actions=controller");
            Thread.sleep(500);
            assertEquals(before, txPackets(br, 1), "no reject answer for a packet-in of no DSP punt flow");
        }
    }
}
