package org.dsp.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowSimulator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.ir.LogicalProgram;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The overlay compiled with the platform's compilers: two tenants with the same address plan on
 * the same DSNs, walked through the compiled programs with the flow simulator (tunnel, routing,
 * isolation between the tenants). OverlayTunnelIT sends real packets through real bridges.
 */
class OverlayCompileTest {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final long TUN = 9;
    static final long UPLINK = 10;
    static final Ip4Address U1 = Ip4Address.valueOf("192.168.100.1");
    static final Ip4Address U2 = Ip4Address.valueOf("192.168.100.2");
    static final long FROM_D1 = U1.toInt() & 0xffffffffL;
    static final long FROM_D2 = U2.toInt() & 0xffffffffL;
    static final Inventory INVENTORY = Inventory.of(
            Map.of(D1, PortNumber.portNumber(UPLINK), D2, PortNumber.portNumber(UPLINK)),
            Map.of(D1, TunnelEndpoint.of(PortNumber.portNumber(TUN), U1), D2, TunnelEndpoint.of(PortNumber.portNumber(TUN), U2)));

    static ObjectNode red() throws Exception {
        return (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/overlay.json")));
    }

    /** The same addresses for tenant blue on the same DSNs, with other MACs and ports (MACs stay unique on a DSN), default-allow. */
    static ObjectNode blue() throws Exception {
        return (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/overlay-blue.json")));
    }

    static Map<DeviceId, DsnProgram> compile(ObjectNode... docs) throws Exception {
        return compile(INVENTORY, docs);
    }

    /** Compiles the documents (keys as the controller would give them) for {@code inventory}. */
    static Map<DeviceId, DsnProgram> compile(Inventory inventory, ObjectNode... docs) throws Exception {
        List<TenantDocument> ds = new java.util.ArrayList<>();
        for (ObjectNode d : docs) {
            ds.add(TenantDocumentCodec.decode(d));
        }
        Map<String, Integer> keys = Keys.tenantKeys(ds.stream().map(TenantDocument::tenantId).collect(Collectors.toSet()));
        List<LogicalProgram> ps = ds.stream().map(d -> LogicalCompiler.compile(d, keys.get(d.tenantId()))).collect(Collectors.toList());
        return DsnCompiler.compile(ps, inventory);
    }

    static List<String> table(DsnProgram p, int table) {
        return p.flows().values().stream().map(DsnFlow::render).filter(r -> r.startsWith("table=" + table + ","))
                .map(r -> r.replaceAll("cookie=0x[0-9a-f]+,", "")).sorted().collect(Collectors.toList());
    }

    static SimPacket tcp(String srcMac, String dstMac, String src, String dst, int port) {
        return new SimPacket(MacAddress.valueOf(srcMac), MacAddress.valueOf(dstMac), IpAddress.valueOf(src), IpAddress.valueOf(dst),
                SimPacket.TCP, 40000, port);
    }

    @Test
    void theServiceIsFoundAndItsStageIsTheLastAfterPolicy() {
        assertNotNull(Services.discovered().app(OverlayApp.NAME), "found on the class path: " + Services.discovered());
        assertTrue(Services.discovered().plan().contains(OverlayApp.STAGE));
    }

    @Test
    void theSectionRoundTripsAndItsMembersAreScoped() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(red());
        assertEquals(doc, TenantDocumentCodec.decode(TenantDocumentCodec.encode(doc)));
        assertEquals(java.util.Set.of("red-web-1", "red-web-2", "red-db-1"), new OverlayApp().scopedEndpoints(doc));
        LogicalProgram p = LogicalCompiler.compile(doc);
        assertTrue(p.print().contains("network(id="), p.print());
    }

    @Test
    void aMemberOnAnotherDsnIsReachedThroughTheTunnelWithItsNetworksId() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(red());
        int key = Keys.tenantKey("red");
        // web-1 (DSN 1, port 11) to web-2 (DSN 2, port 11), same network: no routing, straight into the tunnel
        SimPacket p = tcp("02:00:00:0a:01:0b", "02:00:00:0a:01:0c", "10.10.1.11", "10.10.1.12", 8080);
        FlowSimulator.Result out = new FlowSimulator(ps.get(D1), new Conntrack()).process(p, 11);
        assertEquals(List.of(TUN), out.outputs(), out.trace().toString());
        assertEquals(OverlayCompiler.networkId(key, 1), out.tunnelId());
        assertEquals(U2.toInt() & 0xffffffffL, out.tunnelDst());
        FlowSimulator.Result in = new FlowSimulator(ps.get(D2), new Conntrack()).process(p.tunnelled(out.tunnelId(), FROM_D1), TUN);
        assertEquals(List.of(11L), in.outputs(), in.trace().toString());
    }

    @Test
    void aPacketToTheRouterIsRoutedAtTheSourceDsnIntoTheOtherNetwork() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(red());
        int key = Keys.tenantKey("red");
        SimPacket p = tcp("02:00:00:0a:01:0b", "0e:d5:00:00:00:01", "10.10.1.11", "10.10.2.21", 5432);
        FlowSimulator.Result out = new FlowSimulator(ps.get(D1), new Conntrack()).process(p, 11);
        assertEquals(List.of(TUN), out.outputs(), out.trace().toString());
        assertEquals(OverlayCompiler.networkId(key, 2), out.tunnelId(), "the destination's network");
        assertEquals(MacAddress.valueOf("02:00:00:0a:02:15"), out.packet().ethDst(), "rewritten to db-1's MAC");
        FlowSimulator.Result in = new FlowSimulator(ps.get(D2), new Conntrack()).process(out.packet().tunnelled(out.tunnelId(), FROM_D1), TUN);
        assertEquals(List.of(12L), in.outputs(), in.trace().toString());
        // db-1 admits only tcp/5432 and ICMP from web: tcp/22 routed the same way is dropped at its DSN
        SimPacket ssh = tcp("02:00:00:0a:01:0b", "0e:d5:00:00:00:01", "10.10.1.11", "10.10.2.21", 22);
        FlowSimulator.Result o2 = new FlowSimulator(ps.get(D1), new Conntrack()).process(ssh, 11);
        FlowSimulator.Result i2 = new FlowSimulator(ps.get(D2), new Conntrack()).process(o2.packet().tunnelled(o2.tunnelId(), FROM_D1), TUN);
        assertEquals(List.of(), i2.outputs(), i2.trace().toString());
    }

    @Test
    void twoTenantsWithTheSameAddressesNeverReachEachOther() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(red(), blue());
        Map<String, Integer> keys = Keys.tenantKeys(java.util.Set.of("red", "blue"));
        // blue's web-1 (port 21) to web-2's address: the tunnel carries blue's network id, DSN 2 delivers to blue's port 21
        SimPacket p = tcp("02:00:00:0b:01:0b", "02:00:00:0b:01:0c", "10.10.1.11", "10.10.1.12", 8080);
        FlowSimulator.Result out = new FlowSimulator(ps.get(D1), new Conntrack()).process(p, 21);
        assertEquals(OverlayCompiler.networkId(keys.get("blue"), 1), out.tunnelId());
        FlowSimulator.Result in = new FlowSimulator(ps.get(D2), new Conntrack()).process(p.tunnelled(out.tunnelId(), FROM_D1), TUN);
        assertEquals(List.of(21L), in.outputs(), in.trace().toString());
        // blue's packet addressed to red's web-2 MAC: nothing of red's answers in blue's pipeline, it drops at the source
        SimPacket cross = tcp("02:00:00:0b:01:0b", "02:00:00:0a:01:0c", "10.10.1.11", "10.10.1.12", 8080);
        assertEquals(List.of(), new FlowSimulator(ps.get(D1), new Conntrack()).process(cross, 21).outputs());
        // red's network id with blue's MAC at DSN 2: red's tenant has no such workload, it drops
        FlowSimulator.Result forged = new FlowSimulator(ps.get(D2), new Conntrack())
                .process(p.tunnelled(OverlayCompiler.networkId(keys.get("red"), 1), FROM_D1), TUN);
        assertEquals(List.of(), forged.outputs(), forged.trace().toString());
        // blue's own network id, but not from one of blue's DSNs (a host on the underlay): nothing
        FlowSimulator.Result stranger = new FlowSimulator(ps.get(D2), new Conntrack())
                .process(p.tunnelled(out.tunnelId(), Ip4Address.valueOf("192.168.100.77").toInt() & 0xffffffffL), TUN);
        assertEquals(List.of(), stranger.outputs(), stranger.trace().toString());
        // the same packet from the shared fabric (uplink) reaches no overlay workload
        assertEquals(List.of(), new FlowSimulator(ps.get(D2), new Conntrack()).process(p, UPLINK).outputs());
    }

    @Test
    void anOverlayTenantsTrafficNeverReachesTheSharedFabric() throws Exception {
        DsnProgram p1 = compile(red()).get(D1);
        // to an address of no member (no workload of red's anywhere): dropped in the overlay stage, not sent to the uplink
        SimPacket out = tcp("02:00:00:0a:01:0b", "02:00:00:00:99:99", "10.10.1.11", "10.10.1.99", 80);
        FlowSimulator.Result r = new FlowSimulator(p1, new Conntrack()).process(out, 11);
        assertEquals(List.of(), r.outputs(), r.trace().toString());
        // no delivery from the fabric to a scoped endpoint, no ARP handed to NORMAL for it
        List<String> dest = table(p1, 2);
        assertFalse(dest.stream().anyMatch(f -> f.contains("reg1=0x1/0x1,dl_dst=02:00:00:0a:01:0b")), String.join("\n", dest));
        assertFalse(table(p1, 1).stream().anyMatch(f -> f.contains("in_port=11") && f.contains("NORMAL")), String.join("\n", table(p1, 1)));
    }

    @Test
    void arpIsAnsweredAtTheDsnForTheGatewayAndTheNetworksMembersButNotForOnesOwnAddress() throws Exception {
        List<String> ps = table(compile(red()).get(D1), 1);
        int key = Keys.tenantKey("red");
        String tenant = "reg2=0x" + Integer.toHexString(key) + "/0xffff";
        assertTrue(ps.stream().anyMatch(f -> f.startsWith("table=1,priority=101,arp," + tenant + ",arp_op=0x1,arp_tpa=10.10.1.1,")
                && f.contains("set_field:0e:d5:00:00:00:01->eth_src") && f.endsWith("IN_PORT")), String.join("\n", ps));
        assertTrue(ps.stream().anyMatch(f -> f.contains("arp_tpa=10.10.1.12,") && f.contains("set_field:02:00:00:0a:01:0c->arp_sha")));
        assertTrue(ps.contains("table=1,priority=102,arp,in_port=11," + tenant + ",arp_op=0x1,arp_tpa=10.10.1.11,actions=drop"), String.join("\n", ps));
        assertFalse(ps.stream().anyMatch(f -> f.contains("arp_tpa=10.10.2.21")), "db-1 is in another network: no answer on DSN 1");
    }

    @Test
    void theOnosSouthboundRefusesNetworksItCannotCarry() throws Exception {
        TenantDocument d = TenantDocumentCodec.decode(red());
        org.dsp.driver.ovs.UnrealizableException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.dsp.driver.ovs.UnrealizableException.class, () -> DsnCompiler.compile(List.of(LogicalCompiler.compile(d)), INVENTORY,
                        org.dsp.driver.ovs.DsnTarget.ONOS_OPENFLOW));
        assertTrue(e.getMessage().contains("does not carry overlay tunnels"), e.getMessage());
    }

    @Test
    void incrementalChangesEqualAFreshCompile() throws Exception {
        // flat first, then the networks arrive (bindings become scoped), then db-1 moves to DSN 1, then the networks leave
        ObjectNode flat = red();
        flat.remove("networks");
        ObjectNode moved = red();
        ((ObjectNode) moved.withArray("endpoints").get(2).get("attachment")).put("dsn", D1.toString());
        int key = Keys.tenantKey("red");
        LogicalCompiler lc = new LogicalCompiler(key, Services.discovered());
        DsnCompiler dc = new DsnCompiler(INVENTORY);
        for (ObjectNode step : List.of(flat, red(), moved, flat)) {
            TenantDocument d = TenantDocumentCodec.decode(step);
            dc.apply(lc.update(d));
            Map<DeviceId, DsnProgram> fresh = DsnCompiler.compile(List.of(LogicalCompiler.compile(d, key)), INVENTORY);
            assertEquals(fresh.keySet(), dc.programs().keySet());
            for (DeviceId dsn : fresh.keySet()) {
                assertEquals(fresh.get(dsn).flows(), dc.program(dsn).flows(), "DSN " + dsn + " after " + step.get("endpoints"));
            }
        }
        // the tunnel endpoints change: the networks' flows follow
        Inventory moved2 = Inventory.of(INVENTORY.uplinks(), Map.of(D1, TunnelEndpoint.of(PortNumber.portNumber(TUN), U1),
                D2, TunnelEndpoint.of(PortNumber.portNumber(8), Ip4Address.valueOf("192.168.100.22"))));
        TenantDocument d = TenantDocumentCodec.decode(red());
        LogicalCompiler lc2 = new LogicalCompiler(key, Services.discovered());
        DsnCompiler dc2 = new DsnCompiler(INVENTORY);
        dc2.apply(lc2.update(d));
        dc2.setInventory(moved2);
        Map<DeviceId, DsnProgram> fresh = DsnCompiler.compile(List.of(LogicalCompiler.compile(d, key)), moved2);
        for (DeviceId dsn : fresh.keySet()) {
            assertEquals(fresh.get(dsn).flows(), dc2.program(dsn).flows(), "DSN " + dsn + " after the inventory changed");
        }
        assertTrue(table(dc2.program(D1), 39).stream().anyMatch(f -> f.contains("192.168.100.22->tun_dst")));
    }

    @Test
    void badNetworksAreRefusedAtTheirPaths() throws Exception {
        assertProblem(doc -> ((ObjectNode) doc.withArray("networks").get(1).withArray("subnets").get(0)).put("cidr", "10.10.1.128/25"),
                "$.networks[1].subnets[0].cidr", "overlaps");
        assertProblem(doc -> ((ObjectNode) doc.withArray("networks").get(0).withArray("subnets").get(0)).put("gateway", "10.10.9.1"),
                "$.networks[0].subnets[0].gateway", "outside");
        assertProblem(doc -> ((ObjectNode) doc.withArray("networks").get(0).withArray("subnets").get(0)).put("cidr", "10.10.1.5/24"),
                "$.networks[0].subnets[0].cidr", "host bits");
        assertProblem(doc -> ((ObjectNode) doc.withArray("networks").get(1)).put("id", 1), "$.networks[1].id", "already the id");
        assertProblem(doc -> ((ObjectNode) doc.withArray("networks").get(1)).put("mtu", 1000), "$.networks[1].mtu", "outside 1280");
        assertProblem(doc -> ((ObjectNode) doc.withArray("endpoints").get(0)).putArray("addresses").add("10.20.0.1"),
                "$.endpoints[0].addresses[0]", "no subnet");
        assertProblem(doc -> ((ObjectNode) doc.withArray("endpoints").get(0)).putArray("addresses").add("10.10.1.11").add("10.10.2.11"),
                "$.endpoints[0].addresses[1]", "one network");
        assertProblem(doc -> ((ObjectNode) doc.withArray("endpoints").get(0)).putArray("addresses").add("10.10.1.1"),
                "$.endpoints[0].addresses[0]", "gateway");
        assertProblem(doc -> ((ObjectNode) doc.withArray("endpoints").get(0)).put("mac", "0e:d5:00:00:00:01"),
                "$.endpoints[0].mac", "router");
        assertProblem(doc -> ((ObjectNode) doc.withArray("networks").get(0)).put("vni", 5), "$.networks[0].vni", "");
    }

    private static void assertProblem(java.util.function.Consumer<ObjectNode> change, String path, String reason) throws Exception {
        ObjectNode doc = red();
        change.accept(doc);
        org.dsp.codec.InvalidDocumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.dsp.codec.InvalidDocumentException.class, () -> TenantDocumentCodec.decode(doc));
        assertTrue(e.errors().stream().anyMatch(v -> v.path().equals(path) && v.reason().contains(reason)), e.errors().toString());
    }

    @Test
    void everyOverlayFlowSurvivesTheOnosFlowRuleForm() throws Exception {
        // the node hands flows to its FlowRuleService as ONOS FlowRules (tunnel fields as DSP extensions, TTL as ONOS's own)
        for (DsnProgram p : compile(red(), blue()).values()) {
            for (DsnFlow f : p.flows().values()) {
                if (org.dsp.driver.ovs.DsnGroups.isGroup(f)) {
                    continue;
                }
                DsnFlow back = org.dsp.driver.ovs.FlowRuleTranslator.fromFlowRule(
                        org.dsp.driver.ovs.FlowRuleTranslator.toFlowRule(p.dsn(), f, (short) 0));
                assertEquals(f.key(), back.key(), f.render());
                assertEquals(f.actions(), back.actions(), f.render());
            }
        }
    }

    @Test
    void membersNeighbourSolicitationsGoToTheControllerWhichAnswersWithinTheirTenant() throws Exception {
        List<String> ps = table(compile(red()).get(D1), 1);
        int key = Keys.tenantKey("red");
        String tenant = "reg2=0x" + Integer.toHexString(key) + "/0xffff";
        // the gateway's and the members' IPv6 addresses punted (owner kind 52), the member's own not
        assertTrue(ps.stream().anyMatch(f -> f.startsWith("table=1,priority=102,icmp6," + tenant + ",icmp_type=135,nd_target=fd00:10:1::1,")
                && f.contains("controller(")), String.join("\n", ps));
        assertTrue(ps.stream().anyMatch(f -> f.contains("nd_target=fd00:10:1::12,") && f.contains("controller(")));
        assertTrue(ps.contains("table=1,priority=103,icmp6,in_port=11," + tenant + ",icmp_type=135,nd_target=fd00:10:1::11,actions=drop"),
                String.join("\n", ps));
        // any other neighbour discovery of a member stops in port security: never to the fabric's resolution (uplink)
        for (int type : new int[] {135, 136}) {
            assertTrue(ps.contains("table=1,priority=101,icmp6,in_port=11," + tenant + ",icmp_type=" + type + ",actions=drop"),
                    String.join("\n", ps));
        }
        // the service answers for its tenant only: a solicitation from red's DSN for blue's address gets nothing
        Map<String, Integer> keys = Keys.tenantKeys(java.util.Set.of("red", "blue"));
        List<byte[]> sent = new java.util.ArrayList<>();
        OverlayApp app = redCompiledBy(keys.get("red"), sent);
        long redCookie = ((long) keys.get("red") << 32) | ((long) OverlayApp.PUNT.code() << 26);
        long blueCookie = ((long) keys.get("blue") << 32) | ((long) OverlayApp.PUNT.code() << 26);
        app.packetIn(D1, 11, redCookie, solicitation("fd00:10:1::1"));
        assertEquals(1, sent.size(), "the gateway is answered");
        org.onlab.packet.Ethernet na = org.onlab.packet.Ethernet.deserializer().deserialize(sent.get(0), 0, sent.get(0).length);
        assertEquals(MacAddress.valueOf("0e:d5:00:00:00:01"), na.getSourceMAC());
        org.onlab.packet.ndp.NeighborAdvertisement adv = (org.onlab.packet.ndp.NeighborAdvertisement) na.getPayload().getPayload().getPayload();
        assertEquals(IpAddress.valueOf("fd00:10:1::1"), IpAddress.valueOf(IpAddress.Version.INET6, adv.getTargetAddress()));
        assertEquals(255, ((org.onlab.packet.IPv6) na.getPayload()).getHopLimit() & 0xff);
        app.packetIn(D1, 11, redCookie, solicitation("fd00:10:2::21"));
        assertEquals(2, sent.size(), "a member is answered (any network of the tenant)");
        app.packetIn(D1, 21, blueCookie, solicitation("fd00:10:1::1"));
        assertEquals(2, sent.size(), "blue compiled nothing here: no answer from red's table");
        app.packetIn(D1, 11, redCookie, solicitation("fd00:10:1::99"));
        assertEquals(2, sent.size(), "an unknown address gets no answer");
    }

    /** The overlay app, bound to a host that records what it emits in {@code sent}, having compiled red with {@code key}. */
    private static OverlayApp redCompiledBy(int key, List<byte[]> sent) throws Exception {
        OverlayApp app = new OverlayApp();
        app.bind(new org.dsp.spi.ServiceHost() {
            @Override
            public void refresh(String tenantId) {
            }

            @Override
            public boolean emit(DeviceId dsn, long port, byte[] frame) {
                sent.add(frame);
                return true;
            }
        });
        TenantDocument r = TenantDocumentCodec.decode(red());
        org.dsp.spi.TenantContext ctx = new org.dsp.spi.TenantContext(r, key, new org.dsp.compiler.GroupResolver(r), false);
        app.compiler(ctx).update(ctx);
        return app;
    }

    private static byte[] solicitation(String target) {
        org.onlab.packet.ndp.NeighborSolicitation ns = new org.onlab.packet.ndp.NeighborSolicitation();
        ns.setTargetAddress(org.onlab.packet.Ip6Address.valueOf(target).toOctets());
        org.onlab.packet.ICMP6 icmp = new org.onlab.packet.ICMP6();
        icmp.setIcmpType(org.onlab.packet.ICMP6.NEIGHBOR_SOLICITATION);
        icmp.setPayload(ns);
        org.onlab.packet.IPv6 ip = new org.onlab.packet.IPv6();
        ip.setSourceAddress(org.onlab.packet.Ip6Address.valueOf("fd00:10:1::11").toOctets());
        ip.setDestinationAddress(org.onlab.packet.Ip6Address.valueOf("ff02::1:ff00:1").toOctets());
        ip.setNextHeader(org.onlab.packet.IPv6.PROTOCOL_ICMP6);
        ip.setHopLimit((byte) 255);
        ip.setPayload(icmp);
        org.onlab.packet.Ethernet eth = new org.onlab.packet.Ethernet();
        eth.setSourceMACAddress("02:00:00:0a:01:0b");
        eth.setDestinationMACAddress("33:33:ff:00:00:01");
        eth.setEtherType(org.onlab.packet.Ethernet.TYPE_IPV6);
        eth.setPayload(ip);
        return eth.serialize();
    }

    @Test
    void aLoadBalancedConnectionOnTheOverlayIsTranslatedAtTheClientsDsnAndTunnelledToTheBackend() throws Exception {
        ObjectNode doc = red();
        doc.putArray("loadBalancers").addObject().put("name", "db-vip").<ObjectNode>set("vips", M.createArrayNode().add("10.10.1.200"))
                .<ObjectNode>set("ports", M.createArrayNode().add(M.createObjectNode().put("port", 5432)))
                .putObject("backends").put("group", "db");
        Map<DeviceId, DsnProgram> ps = compile(doc, blue());
        int key = Keys.tenantKey("red");
        Map<String, Integer> keys = Keys.tenantKeys(java.util.Set.of("red", "blue"));
        SimPacket p = tcp("02:00:00:0a:01:0b", org.dsp.ir.VipMac.of(IpAddress.valueOf("10.10.1.200")).toString(), "10.10.1.11",
                "10.10.1.200", 5432);
        FlowSimulator.Result out = new FlowSimulator(ps.get(D1), new Conntrack()).process(p, 11);
        assertEquals(List.of(TUN), out.outputs(), out.trace().toString());
        assertEquals(OverlayCompiler.networkId(keys.get("red"), 2), out.tunnelId(), "db-1's network");
        assertEquals(IpAddress.valueOf("10.10.2.21"), out.packet().ipDst(), "translated to the backend at the client's DSN");
        assertEquals(MacAddress.valueOf("02:00:00:0a:02:15"), out.packet().ethDst());
        FlowSimulator.Result in = new FlowSimulator(ps.get(D2), new Conntrack()).process(out.packet().tunnelled(out.tunnelId(), FROM_D1), TUN);
        assertEquals(List.of(12L), in.outputs(), in.trace().toString());
    }

    @Test
    void packetsTooLargeForTheTunnelAreMeasuredAndTheSenderIsToldTheMtu() throws Exception {
        DsnProgram p1 = compile(red()).get(D1);
        int key = Keys.tenantKey("red");
        String tenant = "reg2=0x" + Integer.toHexString(key) + "/0xffff";
        List<String> measure = table(p1, 38);
        assertTrue(measure.stream().anyMatch(f -> f.contains("dl_dst=02:00:00:0a:01:0c") && f.contains("check_pkt_larger(1464)->NXM_NX_REG")
                && f.endsWith("goto_table:39")), String.join("\n", measure));
        assertTrue(table(p1, 39).stream().anyMatch(f -> f.startsWith("table=39,priority=101,reg0=0x0,") && f.contains(tenant)
                && f.contains("controller(")), String.join("\n", table(p1, 39)));
        List<byte[]> sent = new java.util.ArrayList<>();
        OverlayApp app = redCompiledBy(key, sent);
        long cookie = ((long) key << 32) | ((long) OverlayApp.PUNT.code() << 26);
        app.packetIn(D1, 11, cookie, big(true));
        assertEquals(1, sent.size(), "a DF packet is answered");
        org.onlab.packet.Ethernet e = org.onlab.packet.Ethernet.deserializer().deserialize(sent.get(0), 0, sent.get(0).length);
        assertEquals(MacAddress.valueOf("02:00:00:0a:01:0b"), e.getDestinationMAC());
        org.onlab.packet.IPv4 ip = (org.onlab.packet.IPv4) e.getPayload();
        assertEquals(IpAddress.valueOf("10.10.1.1"), IpAddress.valueOf(ip.getSourceAddress()), "from the sender's gateway");
        assertEquals(IpAddress.valueOf("10.10.1.11"), IpAddress.valueOf(ip.getDestinationAddress()));
        byte[] icmp = ip.getPayload().serialize();
        assertEquals(3, icmp[0]);
        assertEquals(4, icmp[1]);
        assertEquals(1450, ((icmp[6] & 0xff) << 8) | (icmp[7] & 0xff), "the destination network's MTU");
        app.packetIn(D1, 11, cookie, big(false));
        assertEquals(1, sent.size(), "without DF nothing is said");
    }

    /** A 1500-byte TCP packet of red-web-1 to red-db-1 (routed), with or without DF. */
    private static byte[] big(boolean df) {
        org.onlab.packet.TCP tcp = new org.onlab.packet.TCP();
        tcp.setSourcePort(40000).setDestinationPort(5432);
        tcp.setPayload(new org.onlab.packet.Data(new byte[1500 - 20 - 20]));
        org.onlab.packet.IPv4 ip = new org.onlab.packet.IPv4();
        ip.setSourceAddress("10.10.1.11").setDestinationAddress("10.10.2.21").setProtocol(org.onlab.packet.IPv4.PROTOCOL_TCP)
                .setTtl((byte) 63).setFlags(df ? (byte) 2 : 0);
        ip.setPayload(tcp);
        org.onlab.packet.Ethernet eth = new org.onlab.packet.Ethernet();
        eth.setSourceMACAddress("0e:d5:00:00:00:01").setDestinationMACAddress("02:00:00:0a:02:15")
                .setEtherType(org.onlab.packet.Ethernet.TYPE_IPV4).setPayload(ip);
        // the punted packet is as the measuring stage saw it: routed (MACs rewritten), still from red-web-1
        eth.setSourceMACAddress("02:00:00:0a:01:0b");
        return eth.serialize();
    }
}
