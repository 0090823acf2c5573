package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Encryption between DSNs (docs/encryption.md) on two servers with their own Open vSwitch, each
 * running tools/dsp-encrypt-agent (WireGuard by wireguard-go): the node gives each server a key
 * pair and its peers over OVSDB; tenant red requires encryption, blue does not. Checked with
 * packets: a marker red's workloads send never shows on the underlay, blue's does, and both are
 * delivered; a key rotation during a running TCP transfer loses nothing; a DSN whose keys are
 * withdrawn exchanges none of red's traffic (blue's goes on), and red's comes back when it is
 * admitted again.
 */
class EncryptionNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    final String p = "den" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));

    @TempDir
    Path data;

    private static JsonNode keys(DspNode node) throws Exception {
        return M.readTree(Rest.call(node, "GET", "encryption", null, 10).body());
    }

    /** DSN {@code d}'s entry of {@code GET /encryption} (a missing node when it has no keys). */
    private static JsonNode dsn(DspNode node, DeviceId d) throws Exception {
        for (JsonNode k : keys(node).path("dsns")) {
            if (k.path("dsn").asText().equals(d.toString())) {
                return k;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String state(DspNode node, DeviceId d) throws Exception {
        return dsn(node, d).path("state").asText();
    }

    /** The WireGuard peers (public keys) of interface {@code wg}. */
    private static String peers(String wg) throws Exception {
        return OverlayTestbed.run(10, true, List.of("wg", "show", wg, "peers"));
    }

    @Test
    void redTravelsEncryptedBlueInClearKeysRotateAndAreWithdrawn() throws Exception {
        NodeOptions o = NodeOptions.builder().dataDir(data.toFile()).openflow(new InetSocketAddress("0.0.0.0", 0))
                .ovsdb(new InetSocketAddress("0.0.0.0", 0)).auditMillis(1000)
                .uplinks(Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10))).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            tb.up("managed-encrypt", String.valueOf(node.openflowPort()), String.valueOf(node.ovsdbPort()));
            await("both DSNs connected", 30_000, () -> node.openflow().isConnected(D1.toString()) && node.openflow().isConnected(D2.toString()));
            await("both DSNs' keys in place", 45_000, () -> state(node, D1).equals("READY") && state(node, D2).equals("READY"));
            JsonNode k = keys(node);
            assertEquals("10.254.0.0/16", k.path("pool").asText());
            assertFalse(k.toString().contains("privateKey") || k.toString().contains(tb.vsctl(1, "get", "open_vswitch", ".",
                    "external_ids:dsp-encrypt-key").trim().replace("\"", "")), "no private key over REST");
            ObjectNode red = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/overlay.json")));
            red.put("encryption", "required");
            String blue = Files.readString(Path.of("../../examples/overlay-blue.json"));
            assertEquals(200, Rest.call(node, "PUT", "tenants/red", red.toString(), 30).statusCode());
            assertEquals(200, Rest.call(node, "PUT", "tenants/blue", blue, 30).statusCode());
            for (String t : List.of("red", "blue")) {
                await(t + " INSTALLED", 30_000, () -> M.readTree(Rest.call(node, "GET", "tenants/" + t + "/status", null, 10).body())
                        .path("state").asText().equals("INSTALLED"));
            }
            String toD2 = dsn(node, D2).path("secureAddress").asText() + "->tun_dst";
            await("red's encrypted tunnel flows", 30_000, () -> tb.dumpFlows(1).contains(toD2));
            tb.serve("r-web2", 8080, "red-web-2");
            tb.serve("b-web2", 8080, "blue-web-2");
            // the underlay neighbours are learned first (a first packet may be dropped while Open vSwitch resolves one)
            tb.ns("r-web1", 15, "ping", "-c", "3", "-i", "0.3", "-W", "2", "10.10.1.12");
            tb.ns("b-web1", 15, "ping", "-c", "3", "-i", "0.3", "-W", "2", "10.10.1.12");

            Path dump = data.resolve("underlay.txt");
            Process capture = tb.capture(1, p + "-u1", 8, dump);
            assertEquals("red-web-2 200000", tb.connect("r-web1", "10.10.1.12", 8080, 200_000, "DSP-MARKER-RED-", 1));
            assertEquals("blue-web-2 200000", tb.connect("b-web1", "10.10.1.12", 8080, 200_000, "DSP-MARKER-BLUE-", 1));
            capture.waitFor();
            String seen = Files.readString(dump);
            assertTrue(seen.contains("DSP-MARKER-BLUE-"), "blue crosses the underlay in clear (" + seen.length() + " bytes captured)");
            assertFalse(seen.contains("DSP-MARKER-RED-"), "red never crosses the underlay in clear");
            assertTrue(seen.contains(".51820 > ") || seen.contains(".51820:"), "red crossed it as WireGuard (UDP 51820)");

            // a rotation of DSN 1's keys while a transfer runs: every byte arrives
            String before = dsn(node, D1).path("publicKey").asText();
            CompletableFuture<String> transfer = CompletableFuture.supplyAsync(() -> {
                try {
                    return tb.connect("r-web1", "10.10.1.12", 8080, 6_000_000, "rotation-", 6);
                } catch (Exception e) {
                    return e.toString();
                }
            });
            Thread.sleep(2000);
            assertEquals(200, Rest.call(node, "POST", "encryption/" + D1 + "/rotate", "", 10).statusCode());
            String newKey = dsn(node, D1).path("publicKey").asText();
            // server 1's WireGuard runs the new key while the transfer still runs (it lasts 6 s)
            await("server 1's WireGuard on its new key", 3_000, () -> tb.vsctl(1, "get", "open_vswitch", ".",
                    "external_ids:dsp-encrypt-status").trim().replace("\"", "").equals("ready " + newKey));
            // server 2's agent applies the same change on its own (the node sends both servers' transactions together):
            // it may land a moment after server 1 reports ready, but before the transfer ends
            await("server 2's WireGuard knows DSN 1's new key", 3_000, () -> peers(p + "wg2").contains(newKey));
            assertFalse(transfer.isDone(), "the rotation happened during the transfer, and both ends had the new key before it ended");
            assertEquals("red-web-2 6000000", transfer.get(), "the transfer survived the rotation");
            assertNotEquals(before, newKey, "a new public key");
            assertEquals("red-web-2 1000", tb.connect("r-web1", "10.10.1.12", 8080, 1000), "new connections after it");

            // withdrawn: DSN 2 exchanges none of red's traffic (never in clear either); blue's goes on
            assertEquals(204, Rest.call(node, "DELETE", "encryption/" + D2, null, 10).statusCode());
            await("DSN 2 withdrawn", 30_000, () -> state(node, D2).equals("WITHDRAWN")
                    && !tb.dumpFlows(1).contains(toD2));
            String refused = tb.connect("r-web1", "10.10.1.12", 8080, 1000);
            assertFalse(refused.startsWith("red-web-2"), "red cannot reach DSN 2: " + refused);
            assertEquals("blue-web-2 1000", tb.connect("b-web1", "10.10.1.12", 8080, 1000));
            await("DSN 1's WireGuard dropped DSN 2 as a peer", 5_000,
                    () -> peers(p + "wg1").isBlank());
            assertTrue(peers(p + "wg2").isBlank(), "and DSN 2's has none");
            // admitted again with new keys: red comes back
            assertEquals(204, Rest.call(node, "PUT", "encryption/" + D2, "", 10).statusCode());
            await("DSN 2 back", 30_000, () -> state(node, D2).equals("READY") && tb.dumpFlows(1).contains(toD2));
            tb.ns("r-web1", 15, "ping", "-c", "2", "-i", "0.3", "-W", "2", "10.10.1.12");
            assertEquals("red-web-2 1000", tb.connect("r-web1", "10.10.1.12", 8080, 1000));
        }
    }
}
