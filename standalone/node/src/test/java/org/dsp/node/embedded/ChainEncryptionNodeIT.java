package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * A tenant that requires encryption with a service chain (docs/chaining.md, docs/encryption.md):
 * the overlay's two managed servers with red's service functions and each server's encryption
 * agent (testbed.sh managed-chain-encrypt). examples/chain.json with {@code "encryption":
 * "required"}: web-1's connection to db-1 passes server 1's IDS and server 2's routed firewall -
 * steered from server 1 to server 2 with the firewall's steering id - and a marker it carries never
 * shows on the underlay, which carries it as WireGuard (UDP 51820).
 */
class ChainEncryptionNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    final String p = "dce" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));

    @TempDir
    Path data;

    private static String secureAddress(DspNode node, DeviceId d) throws Exception {
        for (JsonNode k : M.readTree(Rest.call(node, "GET", "encryption", null, 10).body()).path("dsns")) {
            if (k.path("dsn").asText().equals(d.toString()) && k.path("state").asText().equals("READY")) {
                return k.path("secureAddress").asText();
            }
        }
        return null;
    }

    /** What service function {@code w} counted for {@code key} (after its next write). */
    private long packets(String w, String key) throws Exception {
        Thread.sleep(500);
        return M.readTree(Files.readString(tb.functionCounts("r-" + w))).path(key).asLong(0);
    }

    private static boolean up(DspNode node, String instance) throws Exception {
        for (JsonNode i : M.readTree(Rest.call(node, "GET", "tenants/red/services", null, 10).body()).path("services").path("chain")
                .path("instances")) {
            if (i.path("instance").asText().equals(instance)) {
                return i.path("up").asBoolean();
            }
        }
        return false;
    }

    private DspNode start() throws Exception {
        NodeOptions o = NodeOptions.builder().dataDir(data.toFile()).openflow(new InetSocketAddress("0.0.0.0", 0))
                .ovsdb(new InetSocketAddress("0.0.0.0", 0)).auditMillis(1000)
                .uplinks(Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10))).build();
        return DspNode.start(o);
    }

    /** The testbed up for {@code node}, both DSNs connected with their encrypted endpoints, red's IDS and firewall counting. */
    private void up(DspNode node) throws Exception {
        tb.up("managed-chain-encrypt", String.valueOf(node.openflowPort()), String.valueOf(node.ovsdbPort()));
        await("both DSNs connected", 30_000, () -> node.openflow().isConnected(D1.toString()) && node.openflow().isConnected(D2.toString()));
        await("both DSNs' keys in place", 45_000, () -> secureAddress(node, D1) != null && secureAddress(node, D2) != null);
        tb.serveFunction("r-ids1", "transparent", 120);
        tb.serveFunction("r-fw1", "routed", 120);
    }

    private static void apply(DspNode node, ObjectNode red) throws Exception {
        assertEquals(200, Rest.call(node, "PUT", "tenants/red", red.toString(), 30).statusCode());
        await("red INSTALLED", 30_000, () -> M.readTree(Rest.call(node, "GET", "tenants/red/status", null, 10).body())
                .path("state").asText().equals("INSTALLED"));
    }

    @Test
    void anEncryptedTenantsChainedConnectionPassesItsFunctionsAndNeverCrossesInClear() throws Exception {
        try (DspNode node = start(); OverlayTestbed testbed = tb) {
            up(node);
            ObjectNode red = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/chain.json")));
            red.put("encryption", "required");
            apply(node, red);
            await("the IDS on server 1 and the firewall on server 2 up", 15_000, () -> up(node, "red-ids-1") && up(node, "red-fw-1"));
            // the chain's hop from server 1 to server 2 (the firewall's steering id) goes to DSN 2's secure address
            String toD2 = secureAddress(node, D2) + "->tun_dst";
            await("red's encrypted tunnel flows", 30_000, () -> tb.dumpFlows(1).contains(toD2));
            assertFalse(tb.dumpFlows(1).contains("->tun_dst,output:" + tb.vsctl(1, "get", "interface", "dsp-tun", "ofport").trim()),
                    "no flow of DSN 1 sends into the plain tunnel (red is its only tenant)");
            JsonNode ex = M.readTree(Rest.call(node, "GET", "tenants/red/services/chain/explain?from=red-web-1&to=red-db-1&service=tcp/5432",
                    null, 10).body());
            assertTrue(ex.path("encrypted").asBoolean(), "the node explains the chain's tunnels as encrypted: " + ex);
            tb.serve("r-db1", 5432, "db");
            tb.ns("r-web1", 15, "ping", "-c", "3", "-i", "0.3", "-W", "2", "10.10.2.21"); // the underlay neighbours learned first
            String fwd = "10.10.1.11>10.10.2.21";
            long ids = packets("ids1", fwd);
            long fw = packets("fw1", fwd);
            Path dump = data.resolve("underlay.txt");
            Process capture = tb.capture(1, p + "-u1", 8, dump);
            assertEquals("db 200000", tb.connect("r-web1", "10.10.2.21", 5432, 200_000, "DSP-MARKER-CHAIN-", 1));
            capture.waitFor();
            assertTrue(packets("ids1", fwd) > ids && packets("fw1", fwd) > fw, "the connection passed the IDS (server 1) and the firewall (server 2)");
            String seen = Files.readString(dump);
            assertFalse(seen.contains("DSP-MARKER-CHAIN-"), "the chained connection never crosses the underlay in clear");
            assertTrue(seen.contains(".51820 > ") || seen.contains(".51820:"), "it crossed as WireGuard (UDP 51820): " + seen.length() + " bytes");
            assertFalse(List.of(seen.split("\n")).stream().anyMatch(l -> l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ IP .*\\.4789: .*")),
                    "no VXLAN in clear on the underlay (red is the only tenant)");
        }
    }

    /**
     * A tenant in clear with one encrypted class (an encryption step): red's web -> db tcp/5432. With
     * no service function the class is steered straight to db-1's DSN through the encrypted tunnels;
     * with the IDS and the firewall, every tunnel of the chain is the encrypted one. Its marker never
     * shows on the underlay, which carries it as WireGuard, while a connection of no class of the
     * chain (web-1 to web-2, server 1 to server 2) crosses in clear (VXLAN, its marker readable).
     */
    @Test
    void aPlainTenantsEncryptedClassCrossesEncryptedAndItsOtherTrafficInClear() throws Exception {
        try (DspNode node = start(); OverlayTestbed testbed = tb) {
            up(node);
            ObjectNode red = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/chain.json")));
            JsonNode functions = red.get("chains").get(0).get("steps");
            ObjectNode chain = (ObjectNode) red.get("chains").get(0);
            chain.putArray("steps").add(M.createObjectNode().put("service", "firewall")).add(M.createObjectNode().put("service", "encryption"));
            apply(node, red);
            String toD2 = secureAddress(node, D2) + "->tun_dst";
            await("the class's encrypted steering", 30_000, () -> tb.dumpFlows(1).contains(toD2));
            JsonNode ex = M.readTree(Rest.call(node, "GET", "tenants/red/services/chain/explain?from=red-web-1&to=red-db-1&service=tcp/5432",
                    null, 10).body());
            assertTrue(ex.path("encrypted").asBoolean() && ex.path("path").toString().contains("encrypted tunnel to " + D2), ex.toString());
            tb.serve("r-db1", 5432, "db");
            tb.serve("r-web2", 8080, "web");
            tb.ns("r-web1", 15, "ping", "-c", "3", "-i", "0.3", "-W", "2", "10.10.2.21"); // the underlay neighbours learned first
            tb.ns("r-web1", 15, "ping", "-c", "2", "-i", "0.3", "-W", "2", "10.10.1.12");
            Path dump = data.resolve("underlay-direct.txt");
            Process capture = tb.capture(1, p + "-u1", 8, dump);
            assertEquals("db 200000", tb.connect("r-web1", "10.10.2.21", 5432, 200_000, "DSP-MARKER-SEALED-", 1));
            assertEquals("web 20000", tb.connect("r-web1", "10.10.1.12", 8080, 20_000, "DSP-MARKER-CLEAR-", 1));
            capture.waitFor();
            String seen = Files.readString(dump);
            assertFalse(seen.contains("DSP-MARKER-SEALED-"), "the encrypted class never crosses the underlay in clear");
            assertTrue(seen.contains(".51820 > ") || seen.contains(".51820:"), "it crossed as WireGuard (UDP 51820)");
            assertTrue(seen.contains("DSP-MARKER-CLEAR-"), "the tenant's other traffic crosses in clear (VXLAN), as before");
            // the chain's functions too: the connection passes the IDS (server 1) and the firewall (server 2), encrypted between
            chain.putArray("steps").add(functions.get(0)).add(functions.get(1)).add(functions.get(2))
                    .add(M.createObjectNode().put("service", "encryption"));
            apply(node, red);
            await("the IDS and the firewall up", 15_000, () -> up(node, "red-ids-1") && up(node, "red-fw-1"));
            String fwd = "10.10.1.11>10.10.2.21";
            long ids = packets("ids1", fwd);
            long fw = packets("fw1", fwd);
            Path dump2 = data.resolve("underlay-chain.txt");
            Process capture2 = tb.capture(1, p + "-u1", 8, dump2);
            assertEquals("db 200000", tb.connect("r-web1", "10.10.2.21", 5432, 200_000, "DSP-MARKER-SEALED-", 1));
            capture2.waitFor();
            assertTrue(packets("ids1", fwd) > ids && packets("fw1", fwd) > fw, "the connection passed the IDS (server 1) and the firewall (server 2)");
            String seen2 = Files.readString(dump2);
            assertFalse(seen2.contains("DSP-MARKER-SEALED-"), "the chained class never crosses the underlay in clear");
            assertTrue(seen2.contains(".51820 > ") || seen2.contains(".51820:"), "it crossed as WireGuard (UDP 51820)");
        }
    }
}
