package org.dsp.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.ExternalPort;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.ir.LogicalProgram;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.dsp.spi.ZoneAllocator;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * NAT compiled with the platform's compilers and the OVS driver: where each translation is
 * placed (the member's own gateway for a floating IP, else the tenant's gateway: the one holding
 * most of its NAT members), what moves when a gateway leaves (incremental equals fresh), and what
 * the ONOS southbound refuses. NatIT sends real packets through real bridges.
 */
class NatCompileTest {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId D3 = DeviceId.deviceId("of:0000000000000003");
    static final MacAddress NEXT_HOP = MacAddress.valueOf("02:aa:00:00:00:01");
    static final Map<DeviceId, PortNumber> UPLINKS = Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10),
            D3, PortNumber.portNumber(10));
    static final Map<DeviceId, TunnelEndpoint> TUNNELS = Map.of(
            D1, TunnelEndpoint.of(PortNumber.portNumber(9), Ip4Address.valueOf("192.168.100.1")),
            D2, TunnelEndpoint.of(PortNumber.portNumber(9), Ip4Address.valueOf("192.168.100.2")),
            D3, TunnelEndpoint.of(PortNumber.portNumber(9), Ip4Address.valueOf("192.168.100.3")));

    static Inventory gateways(DeviceId... gws) {
        Map<DeviceId, ExternalPort> ext = new java.util.HashMap<>();
        for (DeviceId g : gws) {
            ext.put(g, ExternalPort.of(PortNumber.portNumber(20), NEXT_HOP));
        }
        return Inventory.of(UPLINKS, TUNNELS, ext);
    }

    static ObjectNode red() throws Exception {
        return (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/nat.json")));
    }

    static Map<DeviceId, DsnProgram> compile(Inventory inv, ObjectNode... docs) throws Exception {
        List<TenantDocument> ds = new java.util.ArrayList<>();
        for (ObjectNode d : docs) {
            ds.add(TenantDocumentCodec.decode(d));
        }
        Map<String, Integer> keys = Keys.tenantKeys(ds.stream().map(TenantDocument::tenantId).collect(Collectors.toSet()));
        List<LogicalProgram> ps = ds.stream().map(d -> LogicalCompiler.compile(d, keys.get(d.tenantId()))).collect(Collectors.toList());
        return DsnCompiler.compile(ps, inv);
    }

    static List<String> table(DsnProgram p, int table) {
        return p == null ? List.of() : p.flows().values().stream().map(DsnFlow::render).filter(r -> r.startsWith("table=" + table + ","))
                .map(r -> r.replaceAll("cookie=0x[0-9a-f]+,", "")).sorted().collect(Collectors.toList());
    }

    static boolean has(DsnProgram p, int table, String text) {
        return table(p, table).stream().anyMatch(f -> f.contains(text));
    }

    @Test
    void theServiceIsFoundWithItsStagesAfterPolicy() throws Exception {
        Services s = Services.discovered();
        assertNotNull(s.app(NatApp.NAME), s.toString());
        assertTrue(s.plan().contains(NatApp.ROUTE) && s.plan().contains(NatApp.DELIVER));
        TenantDocument doc = TenantDocumentCodec.decode(red());
        assertEquals(doc, TenantDocumentCodec.decode(TenantDocumentCodec.encode(doc)));
        String logical = LogicalCompiler.compile(doc).print();
        assertTrue(logical.contains("external(zone=" + ZoneAllocator.DERIVED.zone("red", "nat")), logical);
    }

    @Test
    void withOneGatewayEverythingIsTranslatedThereAndTheOtherDsnTunnelsToIt() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(gateways(D1), red());
        int zone = ZoneAllocator.DERIVED.zone("red", "nat");
        DsnProgram g = ps.get(D1);
        // the pools, the floating IP and the port forward's address are answered and sent from at D1's external port
        for (String a : List.of("203.0.113.100", "203.0.113.101", "203.0.113.50", "203.0.113.51")) {
            assertTrue(has(g, 0, "arp,in_port=20,arp_op=0x1,arp_tpa=" + a + ","), a + " " + table(g, 0));
            assertTrue(has(g, 0, "ip,in_port=20,nw_dst=" + a + ",actions=") && has(g, 0, "ct(table=36,zone=" + zone + ",nat)"),
                    a + " " + table(g, 0));
            assertTrue(has(g, 35, "nw_src=" + a + ",actions=set_field:" + org.dsp.ir.VipMac.of(Ip4Address.valueOf(a)).toString().toLowerCase()
                    + "->eth_src,set_field:" + NEXT_HOP.toString().toLowerCase() + "->eth_dst,output:20"), a + " " + table(g, 35));
        }
        assertTrue(has(g, 35, "nw_src=10.10.1.12,actions=load:0x3->NXM_NX_REG5[0..1],ct(commit,table=35,zone=" + zone
                + ",nat(src=203.0.113.100:20000-29999))"), table(g, 35).toString());
        assertTrue(has(g, 35, "nw_src=10.10.1.11,actions=load:0x3->NXM_NX_REG5[0..1],ct(commit,table=35,zone=" + zone
                + ",nat(src=203.0.113.50))"));
        assertTrue(has(g, 36, "tcp,") && has(g, 36, "nw_dst=203.0.113.51,tp_dst=2222,actions=load:0x3->NXM_NX_REG5[0..1],"
                + "ct(commit,table=36,zone=" + zone + ",nat(dst=10.10.2.21:22))"), table(g, 36).toString());
        // D2's members: after policy, what no route took is marked and tunnelled to D1 with the tenant's external tunnel id
        DsnProgram m = ps.get(D2);
        long xid = org.dsp.overlay.model.Networks.tunnelId(Keys.tenantKey("red"), 0);
        assertTrue(has(m, 34, "ip,in_port=11,reg0=0x0,") && has(m, 34, "dl_dst=0e:d5:00:00:00:01,actions=load:0x1->NXM_NX_REG5[0..1],dec_ttl,"),
                table(m, 34).toString());
        assertTrue(table(m, 2).stream().noneMatch(f -> f.contains("REG5")), "the destination lookup is NAT's no more");
        assertTrue(has(m, 34, "in_port=12,") && has(m, 34, "set_field:0x" + Long.toHexString(xid) + "->tun_id,set_field:192.168.100.1->tun_dst,output:9"),
                table(m, 34).toString());
        assertFalse(has(m, 35, "output:20") || has(m, 0, "in_port=20"), "D2 is no gateway");
        // the tenant's own subnets never leave: an unused address there goes on to the overlay's stage (which drops it)
        assertTrue(has(m, 34, "dl_dst=0e:d5:00:00:00:01,nw_dst=10.10.2.0/24,actions=goto_table:35"), table(m, 34).toString());
    }

    @Test
    void aFloatingIpIsTranslatedAtItsMembersOwnGatewayAndTheRestAtTheGatewayHoldingMostMembers() throws Exception {
        // red's NAT members: web-1 on D1 (floating IP), web-2 and db-1 on D2: with both gateways, D2 is the tenant's
        Map<DeviceId, DsnProgram> ps = compile(gateways(D1, D2), red());
        assertTrue(has(ps.get(D1), 0, "arp_tpa=203.0.113.50,"), "web-1's floating IP at its own DSN");
        assertFalse(has(ps.get(D1), 0, "arp_tpa=203.0.113.100,"), "not the pool");
        for (String a : List.of("203.0.113.100", "203.0.113.101", "203.0.113.51")) {
            assertTrue(has(ps.get(D2), 0, "arp_tpa=" + a + ","), a + " at D2");
            assertFalse(has(ps.get(D1), 0, "arp_tpa=" + a + ","), a + " not at D1");
        }
        assertFalse(has(ps.get(D2), 0, "arp_tpa=203.0.113.50,"));
        // web-1 leaves from its own DSN: straight into the translation zone, no tunnel
        assertTrue(has(ps.get(D1), 34, "in_port=11,") && has(ps.get(D1), 34, "dec_ttl,ct(table=35,zone="), table(ps.get(D1), 34).toString());
    }

    @Test
    void whenAGatewayLeavesItsTranslationsMoveAndIncrementalEqualsFresh() throws Exception {
        TenantDocument d = TenantDocumentCodec.decode(red());
        int key = Keys.tenantKey("red");
        LogicalCompiler lc = new LogicalCompiler(key, Services.discovered());
        DsnCompiler dc = new DsnCompiler(gateways(D3));
        dc.apply(lc.update(d));
        assertTrue(has(dc.program(D3), 0, "arp_tpa=203.0.113.100,"), "D3, a gateway without workloads, serves red");
        for (Inventory next : List.of(gateways(D1, D3), gateways(D1), gateways(), gateways(D3))) {
            dc.setInventory(next);
            Map<DeviceId, DsnProgram> fresh = DsnCompiler.compile(List.of(LogicalCompiler.compile(d, key)), next);
            for (DeviceId dsn : List.of(D1, D2, D3)) {
                assertEquals(fresh.containsKey(dsn) ? fresh.get(dsn).flows() : Map.of(),
                        dc.program(dsn) == null ? Map.of() : dc.program(dsn).flows(), dsn + " with gateways " + next.externals().keySet());
            }
        }
        // a gateway that gets its first program in the same change as its tunnel (its pipeline counted once)
        Map<DeviceId, TunnelEndpoint> noD3 = new java.util.HashMap<>(TUNNELS);
        noD3.remove(D3);
        DsnCompiler dc3 = new DsnCompiler(Inventory.of(UPLINKS, noD3, Map.of(D1, ExternalPort.of(PortNumber.portNumber(20), NEXT_HOP))));
        dc3.apply(new LogicalCompiler(key, Services.discovered()).update(d));
        for (Inventory next : List.of(gateways(D3), gateways(D1))) {
            dc3.setInventory(next);
            Map<DeviceId, DsnProgram> fresh = DsnCompiler.compile(List.of(LogicalCompiler.compile(d, key)), next);
            for (DeviceId dsn : List.of(D1, D2, D3)) {
                assertEquals(fresh.containsKey(dsn) ? fresh.get(dsn).flows() : Map.of(),
                        dc3.program(dsn) == null ? Map.of() : dc3.program(dsn).flows(), dsn + " with gateways " + next.externals().keySet());
            }
        }
        // the gateway that takes over announces what it now answers for, on its external port
        Map<DeviceId, org.dsp.driver.ovs.FlowDelta> moved = dc.setInventory(gateways(D2));
        List<String> announced = org.dsp.driver.ovs.Announcements.of(moved.get(D2)).stream().map(Object::toString).sorted()
                .collect(Collectors.toList());
        assertEquals(List.of("203.0.113.100 at 0A:00:CB:00:71:64 on port 20", "203.0.113.101 at 0A:00:CB:00:71:65 on port 20",
                "203.0.113.50 at 0A:00:CB:00:71:32 on port 20", "203.0.113.51 at 0A:00:CB:00:71:33 on port 20"),
                announced.stream().map(String::toUpperCase).map(x -> x.replace(" AT ", " at ").replace(" ON PORT ", " on port "))
                        .collect(Collectors.toList()));
        Map<DeviceId, DsnProgram> none = compile(gateways(), red());
        assertTrue(none.values().stream().noneMatch(p -> has(p, 34, "") && table(p, 34).stream().anyMatch(f -> !f.contains("priority=0,"))),
                "no gateway: no external route");
    }

    @Test
    void theOnosSouthboundRefusesNat() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(red());
        org.dsp.driver.ovs.UnrealizableException e = assertThrows(org.dsp.driver.ovs.UnrealizableException.class,
                () -> DsnCompiler.compile(List.of(LogicalCompiler.compile(doc)), gateways(D1), org.dsp.driver.ovs.DsnTarget.ONOS_OPENFLOW));
        assertTrue(e.getMessage().contains("NAT"), e.getMessage());
    }

    @Test
    void twoTenantsWithOneAddressPlanGetTheirOwnZonesAndAddresses() throws Exception {
        ObjectNode blue = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/nat-blue.json")));
        Map<DeviceId, DsnProgram> ps = compile(gateways(D1), red(), blue);
        int redZone = ZoneAllocator.DERIVED.zone("red", "nat");
        int blueZone = ZoneAllocator.DERIVED.zone("blue", "nat");
        assertTrue(redZone != blueZone);
        assertTrue(has(ps.get(D1), 35, "zone=" + blueZone + ",nat(src=203.0.113.110-203.0.113.111:1024-65535)"), table(ps.get(D1), 35).toString());
        assertTrue(has(ps.get(D1), 35, "zone=" + redZone + ",nat(src=203.0.113.100:20000-29999)"));
        // the same private source 10.10.1.12 is translated per tenant: each flow matches its tenant's key
        long both = table(ps.get(D1), 35).stream().filter(f -> f.contains("nw_src=10.10.1.12,")).count();
        assertEquals(2, both);
    }

    @Test
    void aPublishedLoadBalancerIsASelectGroupAtTheGatewayOverTheBackendsTheLoadBalancerHasNow() throws Exception {
        ObjectNode red = red();
        red.set("loadBalancers", M.readTree("[{\"name\": \"app-vip\", \"vips\": [\"10.10.1.200\"], \"ports\": [{\"port\": 80,"
                + " \"targetPort\": 8080}], \"backends\": {\"endpoints\": [\"red-web-2\", \"red-db-1\"], \"weights\": {\"red-db-1\": 3}}}]"));
        red.with("nat").withArray("floatingIps").add(M.readTree("{\"name\": \"app-public\", \"loadBalancer\": \"app-vip\","
                + " \"address\": \"203.0.113.60\"}"));
        int zone = ZoneAllocator.DERIVED.zone("red", "nat");
        DsnProgram g = compile(gateways(D1), red).get(D1);
        assertTrue(has(g, 0, "arp_tpa=203.0.113.60,"), "the published address is answered");
        assertTrue(has(g, 36, "tcp,") && has(g, 36, "nw_dst=203.0.113.60,tp_dst=80,actions=group:"), table(g, 36).toString());
        String group = g.flows().values().stream().filter(org.dsp.driver.ovs.DsnGroups::isGroup)
                .map(f -> org.dsp.driver.ovs.DsnGroups.of(f).render()).filter(r -> r.contains("zone=" + zone + ","))
                .findFirst().orElse("none");
        String tried = "load:0x3->NXM_NX_REG5[0..1],"; // marked tried: a translation that fails is not tried again
        assertTrue(group.contains("bucket=actions=" + tried + "ct(commit,table=36,zone=" + zone + ",nat(dst=10.10.1.12:8080))"), group);
        assertTrue(group.contains("bucket=weight:3,actions=" + tried + "ct(commit,table=36,zone=" + zone + ",nat(dst=10.10.2.21:8080))"),
                group);
        // the backends' replies go back to the gateway: they are delivered and routed like NAT members
        assertTrue(has(g, 37, "nw_dst=10.10.2.21,"), table(g, 37).toString());
        // with no backend (a selector nobody matches), no flow takes the connections
        ((ObjectNode) red.withArray("loadBalancers").get(0)).set("backends", M.readTree("{\"selector\": {\"matchLabels\": {\"tier\": \"none\"}}}"));
        DsnProgram none = compile(gateways(D1), red).get(D1);
        assertFalse(has(none, 36, "nw_dst=203.0.113.60,tp_dst=80,"), table(none, 36).toString());
    }
}
