package org.dsp.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowSimulator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.SecureEndpoint;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * A tenant with {@code "encryption": "required"} (docs/encryption.md): between DSNs its packets
 * leave only through the encrypted tunnel port towards the other DSN's secure address, and are
 * taken in only from the encrypted port with the other DSN's secure address as source; between
 * a DSN with an encrypted endpoint and one without, nothing passes (never in clear); a tenant
 * without it keeps the plain tunnel; the WireGuard endpoint's own traffic passes between its port
 * and the uplink.
 */
class EncryptionCompileTest {
    static final DeviceId D1 = OverlayCompileTest.D1;
    static final DeviceId D2 = OverlayCompileTest.D2;
    static final long SEC_TUN = 8;
    static final long WG_PORT = 7;
    static final Ip4Address S1 = Ip4Address.valueOf("10.254.0.1");
    static final Ip4Address S2 = Ip4Address.valueOf("10.254.0.2");

    static SecureEndpoint secure(Ip4Address address, String wireguard) {
        return SecureEndpoint.of(TunnelEndpoint.of(PortNumber.portNumber(SEC_TUN), address), PortNumber.portNumber(WG_PORT),
                Ip4Address.valueOf(wireguard));
    }

    /** Both DSNs with their encrypted endpoints. */
    static final Inventory BOTH = OverlayCompileTest.INVENTORY.withSecure(Map.of(D1, secure(S1, "192.168.100.101"), D2,
            secure(S2, "192.168.100.102")));

    static Map<DeviceId, DsnProgram> compile(Inventory inventory, ObjectNode... docs) throws Exception {
        return OverlayCompileTest.compile(inventory, docs);
    }

    static ObjectNode encryptedRed() throws Exception {
        ObjectNode red = OverlayCompileTest.red();
        red.put("encryption", "required");
        return red;
    }

    static SimPacket web1ToWeb2() {
        return OverlayCompileTest.tcp("02:00:00:0a:01:0b", "02:00:00:0a:01:0c", "10.10.1.11", "10.10.1.12", 8080);
    }

    @Test
    void anEncryptedTenantTravelsOnlyThroughTheSecureEndpoints() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(BOTH, encryptedRed(), OverlayCompileTest.blue());
        FlowSimulator.Result out = out(ps);
        assertEquals(List.of(SEC_TUN), out.outputs(), out.trace().toString());
        assertEquals(S2.toInt() & 0xffffffffL, out.tunnelDst(), "to the other DSN's secure address");
        // taken in from the secure port, from the other DSN's secure address; the same packet on the plain port reaches nobody
        SimPacket arriving = web1ToWeb2().tunnelled(out.tunnelId(), S1.toInt() & 0xffffffffL);
        FlowSimulator.Result in = new FlowSimulator(ps.get(D2), new Conntrack()).process(arriving, SEC_TUN);
        assertEquals(List.of(11L), in.outputs(), in.trace().toString());
        SimPacket inClear = web1ToWeb2().tunnelled(out.tunnelId(), OverlayCompileTest.FROM_D1);
        FlowSimulator.Result refused = new FlowSimulator(ps.get(D2), new Conntrack()).process(inClear, OverlayCompileTest.TUN);
        assertEquals(List.of(), refused.outputs(), "an encrypted tenant's packet in clear is not believed: " + refused.trace());
        // blue (no encryption) keeps the plain tunnel
        SimPacket blue = OverlayCompileTest.tcp("02:00:00:0b:01:0b", "02:00:00:0b:01:0c", "10.10.1.11", "10.10.1.12", 8080);
        FlowSimulator.Result bo = new FlowSimulator(ps.get(D1), new Conntrack()).process(blue, 21);
        assertEquals(List.of(OverlayCompileTest.TUN), bo.outputs(), bo.trace().toString());
        // the WireGuard endpoint's own traffic between its port and the uplink
        String classify = String.join("\n", OverlayCompileTest.table(ps.get(D1), 0));
        assertTrue(classify.contains("priority=100,udp,in_port=7,nw_src=192.168.100.101,tp_src=51820,actions=output:10"), classify);
        assertTrue(classify.contains("priority=100,arp,in_port=7,arp_spa=192.168.100.101,actions=output:10"), classify);
        assertTrue(!classify.contains("priority=100,in_port=7,actions"), "nothing else it sends reaches the uplink: " + classify);
        assertTrue(classify.contains("priority=101,ip,in_port=10,nw_dst=192.168.100.101,actions=output:7"), classify);
        assertTrue(classify.contains("priority=101,arp,in_port=10,arp_tpa=192.168.100.101,actions=output:7"), classify);
    }

    @Test
    void theTraceDrawsAnEncryptedTenantThroughTheEncryptedTunnel() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(BOTH, encryptedRed(), OverlayCompileTest.blue());
        List<org.dsp.driver.ovs.Tracer.Hop> red = new org.dsp.driver.ovs.Tracer(ps, BOTH, Map.of()).walk(D1, 11, web1ToWeb2());
        assertEquals(2, red.size(), red.toString());
        assertEquals("into the encrypted tunnel (WireGuard) to " + D2 + " (10.254.0.2), network " + out(ps).tunnelId(),
                red.get(0).next());
        assertEquals(SEC_TUN, red.get(1).inPort());
        assertEquals("delivered to port 11", red.get(1).next());
        SimPacket bluePacket = OverlayCompileTest.tcp("02:00:00:0b:01:0b", "02:00:00:0b:01:0c", "10.10.1.11", "10.10.1.12", 8080);
        List<org.dsp.driver.ovs.Tracer.Hop> blue = new org.dsp.driver.ovs.Tracer(ps, BOTH, Map.of()).walk(D1, 21, bluePacket);
        assertTrue(blue.get(0).next().startsWith("into the tunnel to " + D2 + " (192.168.100.2)"), blue.get(0).next());
        assertEquals("delivered to port 21", blue.get(1).next());
    }

    private static FlowSimulator.Result out(Map<DeviceId, DsnProgram> ps) {
        return new FlowSimulator(ps.get(D1), new Conntrack()).process(web1ToWeb2(), 11);
    }

    @Test
    void withoutTheOtherDsnsSecureEndpointNothingPassesAndNothingInClear() throws Exception {
        Inventory one = OverlayCompileTest.INVENTORY.withSecure(Map.of(D1, secure(S1, "192.168.100.101")));
        Map<DeviceId, DsnProgram> ps = compile(one, encryptedRed());
        FlowSimulator.Result out = out(ps);
        assertEquals(List.of(), out.outputs(), "dropped, not sent in clear: " + out.trace());
        assertTrue(ps.get(D1).flows().values().stream().map(f -> f.render()).noneMatch(r -> r.contains("->tun_dst")),
                "no tunnel flow at all");
        // the keys come back (the inventory changes): the tunnel flows come back, incrementally as from scratch
        DsnCompiler dc = new DsnCompiler(one);
        TenantDocument red = TenantDocumentCodec.decode(encryptedRed());
        dc.apply(new LogicalCompiler(Keys.tenantKey("red"), org.dsp.spi.Services.discovered()).update(red));
        dc.setInventory(BOTH);
        Map<DeviceId, DsnProgram> fresh = compile(BOTH, encryptedRed());
        for (DeviceId d : List.of(D1, D2)) {
            assertEquals(fresh.get(d).flows(), dc.program(d).flows(), "incremental = fresh on " + d);
        }
        FlowSimulator.Result now = new FlowSimulator(dc.program(D1), new Conntrack()).process(web1ToWeb2(), 11);
        assertEquals(List.of(SEC_TUN), now.outputs(), now.trace().toString());
    }

    @Test
    void encryptionIsAWord() throws Exception {
        ObjectNode wrong = encryptedRed();
        wrong.put("encryption", 1);
        assertProblem(wrong, "$.encryption", "\"required\" or \"off\"");
        // with NAT (its tunnels to the gateway use the plain endpoints) it is refused: EncryptionSectionsTest (cli, every app there)
    }

    @Test
    void encryptionIsARequiredOrOffModeOfATenantWithNetworks() throws Exception {
        ObjectNode bad = OverlayCompileTest.red();
        bad.put("encryption", "yes");
        assertProblem(bad, "$.encryption", "not an encryption mode");
        ObjectNode flat = (ObjectNode) OverlayCompileTest.M.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of("../../examples/three-tier.json")));
        flat.put("encryption", "required");
        assertProblem(flat, "$.encryption", "has no networks");
        ObjectNode off = OverlayCompileTest.red();
        off.put("encryption", "off");
        TenantDocument d = TenantDocumentCodec.decode(off);
        assertTrue(!LogicalCompiler.compile(d).print().contains("encrypted"), "off: as without the section");
        String encrypted = LogicalCompiler.compile(TenantDocumentCodec.decode(encryptedRed())).print();
        assertTrue(encrypted.contains(",encrypted)"), encrypted);
        // WireGuard's 60 bytes come on top of VXLAN's: the networks' 1450 is carried as 1390
        assertTrue(encrypted.contains("mtu=1390") && !encrypted.contains("mtu=1450"), encrypted);
        assertTrue(LogicalCompiler.compile(d).print().contains("mtu=1450"), "in clear: as declared");
        TenantDocument req = TenantDocumentCodec.decode(encryptedRed());
        assertEquals(req, TenantDocumentCodec.decode(TenantDocumentCodec.encode(req)), "round trip");
    }

    private static void assertProblem(ObjectNode doc, String path, String reason) {
        org.dsp.codec.InvalidDocumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.dsp.codec.InvalidDocumentException.class, () -> TenantDocumentCodec.decode(doc));
        assertTrue(e.errors().stream().anyMatch(v -> v.path().equals(path) && v.reason().contains(reason)), e.errors().toString());
    }
}
