package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.ExternalPort;
import org.dsp.driver.ovs.FlowSimulator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.dsp.spi.ZoneAllocator;

/**
 * A class to the external network (docs/chaining.md), walked by the flow simulator across the
 * member's DSN, the instances' and NAT's gateway: red's web-1 (DSN 1) to 198.51.100.0/24 on
 * tcp/443 through an IDS (on web-1's DSN, or on DSN 2) or the routed firewall (DSN 2), then NAT -
 * red's network front translated to the pool 203.0.113.100 at the gateway (DSN 3, or web-1's own
 * DSN 1). The connection passes the instance before it leaves translated by the external port, its
 * reply comes back through the same instance to web-1; another port to the same addresses goes out
 * without the chain; a fail-closed step with no live instance drops the class before NAT; an
 * instance cannot send out what web-1 never opened.
 */
class ChainExternalTest {
    static final DeviceId D1 = ChainOracleProperties.D1;
    static final DeviceId D2 = ChainOracleProperties.D2;
    static final DeviceId D3 = DeviceId.deviceId("of:0000000000000003");
    static final long TUNNEL = ChainOracleProperties.TUNNEL_PORT;
    static final long EXT = 20;
    static final MacAddress NEXT_HOP = MacAddress.valueOf("02:00:00:cb:00:0a");
    static final Map<DeviceId, Ip4Address> UNDERLAY = Map.of(D1, Ip4Address.valueOf("192.168.100.1"), D2, Ip4Address.valueOf("192.168.100.2"),
            D3, Ip4Address.valueOf("192.168.100.3"));
    static final IpAddress OUTSIDE = IpAddress.valueOf("198.51.100.7");
    static final IpAddress POOL = IpAddress.valueOf("203.0.113.100");

    static Inventory inventory(DeviceId gateway) {
        Map<DeviceId, TunnelEndpoint> t = new HashMap<>();
        UNDERLAY.forEach((d, a) -> t.put(d, TunnelEndpoint.of(PortNumber.portNumber(TUNNEL), a)));
        return Inventory.of(Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10), D3, PortNumber.portNumber(10)), t,
                Map.of(gateway, ExternalPort.of(PortNumber.portNumber(EXT), NEXT_HOP)));
    }

    /** red (examples/chain.json) with NAT for its network front, and one chain: web-1 to 198.51.100.0/24 tcp/443 through {@code step}, then NAT. */
    static ObjectNode red(String step) throws Exception {
        ObjectNode doc = ChainPinningTest.red();
        doc.set("nat", ChainPinningTest.M.readTree("{\"snat\":[{\"name\":\"front-out\",\"network\":\"front\",\"pool\":{\"addresses\":"
                + "\"203.0.113.100\",\"ports\":\"20000-29999\"}}]}"));
        doc.set("chains", ChainPinningTest.M.readTree("[{\"name\":\"out\",\"from\":[{\"endpoint\":\"red-web-1\"}],\"to\":[{\"cidr\":"
                + "\"198.51.100.0/24\"}],\"protocol\":\"tcp\",\"ports\":[443],\"steps\":[{\"service\":\"firewall\"}," + step
                + ",{\"service\":\"nat\"}]}]"));
        return doc;
    }

    static final String IDS_1 = "{\"function\":\"ids\",\"instances\":[\"red-ids-1\"]}";
    static final String IDS_2 = "{\"function\":\"ids\",\"instances\":[\"red-ids-2\"]}";
    static final String FW = "{\"function\":\"fw\",\"mode\":\"routed\",\"instances\":[\"red-fw-1\"]}";

    /** Where a packet went: instances passed, tunnel ids taken, and how it ended. */
    static final class Trip {
        final List<String> visited = new ArrayList<>();
        final List<Long> tunnelIds = new ArrayList<>();
        final List<String> trace = new ArrayList<>();
        /** The packet as it left by the external port, or null. */
        SimPacket out;
        boolean delivered;
        SimPacket last;

        @Override
        public String toString() {
            return "visited " + visited + (out != null ? ", out " + out.ipSrc() + ":" + out.tpSrc() : "") + (delivered ? ", delivered" : "")
                    + "\n  " + String.join("\n  ", trace);
        }
    }

    /** Follows packet {@code p} in at {@code at} port {@code in}: through instances (passed back) and tunnels, to an endpoint or out. */
    static Trip go(Map<DeviceId, DsnProgram> programs, Map<DeviceId, Conntrack> cts, TenantDocument doc, DeviceId gateway, SimPacket p,
                   DeviceId at, long in, String to) {
        Trip w = new Trip();
        Map<String, Endpoint> byPort = new HashMap<>();
        doc.endpoints().values().forEach(e -> byPort.put(e.attachment().dsn() + "/" + e.attachment().port().toLong(), e));
        for (int i = 0; i < 12; i++) {
            FlowSimulator.Result r = new FlowSimulator(programs.get(at), cts.get(at)).process(p, in);
            w.trace.add(at + " in " + in + ": " + r.outputs() + (r.tunnelId() >= 0 ? " tun " + Long.toHexString(r.tunnelId()) : ""));
            if (r.outputs().size() != 1) {
                w.trace.addAll(r.trace());
                return w;
            }
            long port = r.outputs().get(0);
            SimPacket o = r.packet();
            w.last = o;
            if (port == TUNNEL) {
                DeviceId next = UNDERLAY.entrySet().stream().filter(e -> (e.getValue().toInt() & 0xffffffffL) == r.tunnelDst())
                        .map(Map.Entry::getKey).findFirst().orElseThrow();
                w.tunnelIds.add(r.tunnelId());
                p = o.tunnelled(r.tunnelId(), UNDERLAY.get(at).toInt() & 0xffffffffL);
                in = TUNNEL;
                at = next;
                continue;
            }
            if (at.equals(gateway) && port == EXT) {
                w.out = o;
                return w;
            }
            Endpoint e = byPort.get(at + "/" + port);
            if (e == null) {
                return w;
            }
            if (e.name().equals(to)) {
                w.delivered = true;
                return w;
            }
            if (!e.name().startsWith("red-ids") && !e.name().startsWith("red-fw")) {
                return w;
            }
            w.visited.add(e.name());
            boolean routed = e.name().startsWith("red-fw");
            p = routed ? new SimPacket(e.mac(), ChainOracleProperties.ROUTER, o.ipSrc(), o.ipDst(), o.ipProto(), o.tpSrc(), o.tpDst())
                    : new SimPacket(e.mac(), o.ethDst(), o.ipSrc(), o.ipDst(), o.ipProto(), o.tpSrc(), o.tpDst());
            in = port;
        }
        return w;
    }

    static Trip out(Map<DeviceId, DsnProgram> ps, Map<DeviceId, Conntrack> cts, TenantDocument doc, DeviceId gateway, int sport, int dport) {
        Endpoint web1 = doc.endpoints().get("red-web-1");
        SimPacket p = new SimPacket(web1.mac(), ChainOracleProperties.ROUTER, ChainOracleProperties.v4(web1), OUTSIDE, SimPacket.TCP, sport,
                dport);
        return go(ps, cts, doc, gateway, p, web1.attachment().dsn(), web1.attachment().port().toLong(), "-");
    }

    /** The reply to a packet that left as {@code out}: from the outside, in by the gateway's external port. */
    static Trip back(Map<DeviceId, DsnProgram> ps, Map<DeviceId, Conntrack> cts, TenantDocument doc, DeviceId gateway, SimPacket out) {
        SimPacket p = new SimPacket(NEXT_HOP, org.dsp.ir.VipMac.of(out.ipSrc()), out.ipDst(), out.ipSrc(), SimPacket.TCP, out.tpDst(),
                out.tpSrc());
        return go(ps, cts, doc, gateway, p, gateway, EXT, "red-web-1");
    }

    static Map<DeviceId, Conntrack> conntrack() {
        return new HashMap<>(Map.of(D1, new Conntrack(), D2, new Conntrack(), D3, new Conntrack()));
    }

    @Test
    void theClassPassesItsInstanceThenLeavesTranslatedAndItsReplyComesBackThroughIt() throws Exception {
        for (DeviceId gateway : List.of(D3, D1)) {
            for (String step : List.of(IDS_1, IDS_2, FW)) {
                TenantDocument doc = TenantDocumentCodec.decode(red(step));
                Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(gateway));
                Map<DeviceId, Conntrack> cts = conntrack();
                String instance = step.equals(IDS_1) ? "red-ids-1" : step.equals(IDS_2) ? "red-ids-2" : "red-fw-1";
                String what = "gateway " + gateway + ", " + instance;
                for (int sport : new int[] {40001, 40002}) {
                    Trip w = out(ps, cts, doc, gateway, sport, 443);
                    assertEquals(List.of(instance), w.visited, what + ": " + w);
                    assertTrue(w.out != null, what + ": leaves by the external port: " + w);
                    assertEquals(POOL, w.out.ipSrc(), what + ": translated to the pool: " + w);
                    assertTrue(w.out.tpSrc() >= 20000 && w.out.tpSrc() <= 29999, what + ": " + w);
                    assertEquals(NEXT_HOP, w.out.ethDst(), what + ": " + w);
                    Trip r = back(ps, cts, doc, gateway, w.out);
                    assertTrue(r.delivered, what + ": the reply reaches web-1: " + r);
                    assertEquals(List.of(instance), r.visited, what + ": the reply passes the same instance: " + r);
                    assertEquals(OUTSIDE, r.last.ipSrc(), what + ": from the outside address, translated back: " + r);
                    assertEquals(sport, r.last.tpDst(), what + ": " + r);
                }
                // the same addresses on another port: no chain, NAT as before
                Trip other = out(ps, cts, doc, gateway, 40003, 80);
                assertEquals(List.of(), other.visited, what + ": " + other);
                assertTrue(other.out != null && other.out.ipSrc().equals(POOL), what + ": " + other);
            }
        }
    }

    @Test
    void withNoLiveInstanceOfAFailClosedStepTheClassDropsBeforeNat() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(red(IDS_2));
        Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of("red-ids-2"), inventory(D3));
        Map<DeviceId, Conntrack> cts = conntrack();
        Trip w = out(ps, cts, doc, D3, 40011, 443);
        assertTrue(w.out == null && w.visited.isEmpty(), "dropped: " + w);
        assertTrue(out(ps, cts, doc, D3, 40012, 80).out != null, "other traffic still leaves");
        // fail-open: bypassed, NAT as without the chain
        TenantDocument open = TenantDocumentCodec.decode(red(IDS_2.replace("}", ",\"failure\":\"bypass\"}")));
        Map<DeviceId, DsnProgram> po = ChainOracleProperties.compile(open, Set.of("red-ids-2"), inventory(D3));
        Trip b = out(po, conntrack(), open, D3, 40013, 443);
        assertTrue(b.out != null && b.visited.isEmpty(), "bypassed: " + b);
    }

    @Test
    void anInstanceLocalOrRemoteCannotSendOutWhatTheMemberNeverOpened() throws Exception {
        for (String step : List.of(IDS_1, IDS_2)) { // on web-1's DSN; on D2, its packets back through the tunnel
            TenantDocument doc = TenantDocumentCodec.decode(red(step));
            Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(D3));
            Map<DeviceId, Conntrack> cts = conntrack();
            Endpoint web1 = doc.endpoints().get("red-web-1");
            Endpoint ids = doc.endpoints().get(step.equals(IDS_1) ? "red-ids-1" : "red-ids-2");
            SimPacket forged = new SimPacket(ids.mac(), ChainOracleProperties.ROUTER, ChainOracleProperties.v4(web1), OUTSIDE, SimPacket.TCP,
                    40021, 443);
            DeviceId at = ids.attachment().dsn();
            Trip w = go(ps, cts, doc, D3, forged, at, ids.attachment().port().toLong(), "-");
            assertEquals(at.equals(D1) ? 0 : 1, w.tunnelIds.size(), "at most back to web-1's DSN: " + w);
            assertTrue(w.out == null, "not handed to NAT: " + w);
            // once web-1 opened it through the chain, the IDS passes its packets on
            assertTrue(out(ps, cts, doc, D3, 40021, 443).out != null);
            assertTrue(go(ps, cts, doc, D3, forged, at, ids.attachment().port().toLong(), "-").out != null, "once web-1 opened it");
        }
    }

    @Test
    void aFailClosedStepThatGoesDownDropsTheRepliesOfTheConnectionsItTookToo() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(red(IDS_2));
        Map<DeviceId, Conntrack> cts = conntrack(); // the switches' conntrack outlives the program change
        Map<DeviceId, DsnProgram> up = ChainOracleProperties.compile(doc, Set.of(), inventory(D3));
        Trip w = out(up, cts, doc, D3, 40031, 443);
        assertTrue(w.out != null && w.visited.equals(List.of("red-ids-2")), w.toString());
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-2"), inventory(D3));
        Trip r = back(down, cts, doc, D3, w.out);
        assertFalse(r.delivered, "the reply does not reach web-1 uninspected: " + r);
        assertTrue(back(up, cts, doc, D3, w.out).delivered, "with the IDS up it does (through it)");
    }

    @Test
    void theChainsZoneSeesBothDirectionsOfAConnection() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(red(IDS_2));
        Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(D3));
        String zone = "zone=" + ZoneAllocator.DERIVED.zone("red", ChainApp.NAME);
        // the reply, steered to its last hop at web-1's DSN, is committed in the chain's zone as the request was (a kernel
        // datapath's conntrack takes a connection seen one way only as invalid at its next request packet)
        assertTrue(ChainCompileTest.raw(ps.get(D1), 38).stream().anyMatch(f -> f.contains("nw_src=198.51.100.0/24")
                && f.contains("ct(commit," + zone)), ChainCompileTest.raw(ps.get(D1), 38).toString());
        assertTrue(ChainCompileTest.table(ps.get(D1), 34).stream().anyMatch(f -> f.contains("nw_dst=198.51.100.0/24")
                && f.contains("ct(commit," + zone)), ChainCompileTest.table(ps.get(D1), 34).toString());
        // (a tenant that requires encryption has no NAT yet - refused at $.encryption - so no class to the external network)
    }

    static final IpAddress FIP = IpAddress.valueOf("203.0.113.50");

    /** red with web-1's floating IP 203.0.113.50, tcp/8080 to web-1 allowed from 198.51.100.0/24, and that class chained through {@code step}. */
    static ObjectNode inbound(String step) throws Exception {
        ObjectNode doc = red(step);
        ((ObjectNode) doc.get("nat")).set("floatingIps", ChainPinningTest.M.readTree(
                "[{\"name\":\"web-1-public\",\"endpoint\":\"red-web-1\",\"address\":\"203.0.113.50\"}]"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("firewall").get("tenant")).add(ChainPinningTest.M.readTree(
                "{\"name\":\"web-from-outside\",\"direction\":\"ingress\",\"appliedTo\":\"web\",\"peers\":[{\"cidr\":"
                + "\"198.51.100.0/24\"}],\"protocol\":\"tcp\",\"ports\":[8080],\"action\":\"allow\"}"));
        doc.set("chains", ChainPinningTest.M.readTree("[{\"name\":\"in\",\"from\":[{\"cidr\":\"198.51.100.0/24\"}],\"to\":[{\"endpoint\":"
                + "\"red-web-1\"}],\"protocol\":\"tcp\",\"ports\":[8080],\"steps\":[{\"service\":\"nat\"},{\"service\":\"firewall\"},"
                + step + "]}]"));
        return doc;
    }

    @Test
    void aClassFromTheExternalNetworkPassesItsInstanceAfterNatAndItsReplyLeavesThroughItFromTheFloatingIp() throws Exception {
        for (DeviceId gateway : List.of(D3, D1)) {
            for (String step : List.of(IDS_1, IDS_2, FW)) {
                TenantDocument doc = TenantDocumentCodec.decode(inbound(step));
                Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(gateway));
                Map<DeviceId, Conntrack> cts = conntrack();
                Endpoint web1 = doc.endpoints().get("red-web-1");
                String instance = step.equals(IDS_1) ? "red-ids-1" : step.equals(IDS_2) ? "red-ids-2" : "red-fw-1";
                String what = "gateway " + gateway + ", " + instance;
                for (int sport : new int[] {40051, 40052}) {
                    SimPacket in = new SimPacket(NEXT_HOP, org.dsp.ir.VipMac.of(FIP), OUTSIDE, FIP, SimPacket.TCP, sport, 8080);
                    Trip w = go(ps, cts, doc, gateway, in, gateway, EXT, "red-web-1");
                    assertTrue(w.delivered, what + ": reaches web-1: " + w);
                    assertEquals(List.of(instance), w.visited, what + ": through the instance: " + w);
                    assertEquals(ChainOracleProperties.v4(web1), w.last.ipDst(), what + ": translated to web-1 at the gateway: " + w);
                    SimPacket reply = new SimPacket(web1.mac(), ChainOracleProperties.ROUTER, ChainOracleProperties.v4(web1), OUTSIDE,
                            SimPacket.TCP, 8080, sport);
                    Trip r = go(ps, cts, doc, gateway, reply, D1, web1.attachment().port().toLong(), "-");
                    assertEquals(List.of(instance), r.visited, what + ": the reply through the same instance: " + r);
                    assertTrue(r.out != null && r.out.ipSrc().equals(FIP) && r.out.tpSrc() == 8080, what + ": out from the floating IP: " + r);
                }
                // web-1's own connection out (no class of this chain) leaves from its floating IP without the instance
                Trip other = out(ps, cts, doc, gateway, 40053, 443);
                assertEquals(List.of(), other.visited, what + ": " + other);
                assertTrue(other.out != null && other.out.ipSrc().equals(FIP), what + ": " + other);
            }
        }
        // fail-closed with the instance down: nothing comes in
        TenantDocument doc = TenantDocumentCodec.decode(inbound(IDS_2));
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-2"), inventory(D3));
        SimPacket in = new SimPacket(NEXT_HOP, org.dsp.ir.VipMac.of(FIP), OUTSIDE, FIP, SimPacket.TCP, 40054, 8080);
        Trip w = go(down, conntrack(), doc, D3, in, D3, EXT, "red-web-1");
        assertFalse(w.delivered, "dropped: " + w);
    }

    @Test
    void aClassOutAndAClassInOfOneWorkloadAndOneNetworkWorkSideBySide() throws Exception {
        ObjectNode json = inbound(IDS_2);
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("chains")).add(red(IDS_1).get("chains").get(0));
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(D3)); // verified: no two flows overlap
        Map<DeviceId, Conntrack> cts = conntrack();
        Trip w = out(ps, cts, doc, D3, 40061, 443);
        assertEquals(List.of("red-ids-1"), w.visited, "out through its chain's IDS: " + w);
        assertTrue(w.out != null && back(ps, cts, doc, D3, w.out).visited.equals(List.of("red-ids-1")), w.toString());
        SimPacket in = new SimPacket(NEXT_HOP, org.dsp.ir.VipMac.of(FIP), OUTSIDE, FIP, SimPacket.TCP, 40062, 8080);
        Trip i2 = go(ps, cts, doc, D3, in, D3, EXT, "red-web-1");
        assertTrue(i2.delivered && i2.visited.equals(List.of("red-ids-2")), "in through the other's: " + i2);
    }

    @Test
    void aStatelessAllowsPacketsOfTheClassOutPassTheInstanceToo() throws Exception {
        ObjectNode json = red(IDS_2);
        json.get("firewall").get("tenant").forEach(r -> {
            if (r.get("name").asText().equals("web-out")) {
                ((ObjectNode) r).put("stateful", false); // web-1's egress: never committed at its DSN, so never marked
            }
        });
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(D3));
        Trip w = out(ps, conntrack(), doc, D3, 40071, 443);
        assertEquals(List.of("red-ids-2"), w.visited, "steered as it comes: " + w);
        assertTrue(w.out != null && w.out.ipSrc().equals(POOL), "then NAT: " + w);
    }
    /** {@code doc} with a second IDS on DSN 2 beside red-ids-2 (port 15): the two are one tier, off both ends of web-1's classes. */
    static ObjectNode withIds4(ObjectNode doc) throws Exception {
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("endpoints")).add(ChainPinningTest.M.readTree("{\"name\":\"red-ids-4\","
                + "\"kind\":\"vm\",\"mac\":\"02:00:00:0a:01:40\",\"addresses\":[\"10.10.1.34\"],\"labels\":{\"role\":\"ids\"},"
                + "\"attachment\":{\"dsn\":\"of:0000000000000002\",\"port\":15}}"));
        return doc;
    }

    static final String IDS_2_4 = "{\"function\":\"ids\",\"instances\":[\"red-ids-2\",\"red-ids-4\"]}";

    @Test
    void aConnectionToTheExternalNetworkKeepsItsInstanceWhenAnotherComesBackToItsSlot() throws Exception {
        // pinned at web-1's DSN (session 23; before, hashed: about half of these would move to ids-4 when it came back)
        TenantDocument doc = TenantDocumentCodec.decode(withIds4(red(IDS_2_4)));
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-4"), inventory(D3));
        Map<DeviceId, DsnProgram> both = ChainOracleProperties.compile(doc, Set.of(), inventory(D3));
        Map<DeviceId, Conntrack> cts = conntrack();
        Map<Integer, Trip> open = new HashMap<>();
        for (int sport = 41200; sport < 41216; sport++) {
            Trip w = out(down, cts, doc, D3, sport, 443);
            assertEquals(List.of("red-ids-2"), w.visited, sport + ": " + w);
            assertEquals(List.of("red-ids-2"), back(down, cts, doc, D3, w.out).visited, sport + ": the reply too");
            open.put(sport, w);
        }
        for (int sport = 41200; sport < 41216; sport++) {
            Trip w = out(both, cts, doc, D3, sport, 443);
            assertEquals(List.of("red-ids-2"), w.visited, sport + ": the open connection stays: " + w);
            assertEquals(List.of("red-ids-2"), back(both, cts, doc, D3, w.out).visited, sport + ": its replies too");
        }
        java.util.Set<String> fresh = new java.util.HashSet<>();
        for (int sport = 41300; sport < 41316; sport++) {
            fresh.add(out(both, cts, doc, D3, sport, 443).visited.get(0));
        }
        assertEquals(Set.of("red-ids-2", "red-ids-4"), fresh, "new connections spread over both again");
    }

    @Test
    void aConnectionFromTheExternalNetworkKeepsItsInstanceWhenAnotherComesBackToItsSlot() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(withIds4(inbound(IDS_2_4)));
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-4"), inventory(D3));
        Map<DeviceId, DsnProgram> both = ChainOracleProperties.compile(doc, Set.of(), inventory(D3));
        Map<DeviceId, Conntrack> cts = conntrack();
        Endpoint web1 = doc.endpoints().get("red-web-1");
        for (Map<DeviceId, DsnProgram> ps : List.of(down, both)) { // opened while ids-4 is down; then ids-4 is back
            for (int sport = 41400; sport < 41416; sport++) {
                SimPacket in = new SimPacket(NEXT_HOP, org.dsp.ir.VipMac.of(FIP), OUTSIDE, FIP, SimPacket.TCP, sport, 8080);
                Trip w = go(ps, cts, doc, D3, in, D3, EXT, "red-web-1");
                assertTrue(w.delivered, sport + ": reaches web-1: " + w);
                assertEquals(List.of("red-ids-2"), w.visited, sport + ": " + w);
                SimPacket reply = new SimPacket(web1.mac(), ChainOracleProperties.ROUTER, ChainOracleProperties.v4(web1), OUTSIDE,
                        SimPacket.TCP, 8080, sport);
                assertEquals(List.of("red-ids-2"), go(ps, cts, doc, D3, reply, D1, web1.attachment().port().toLong(), "-").visited,
                        sport + ": its reply too");
            }
        }
    }

    @Test
    void aHopWithTwoInstancesSpreadsTheClassToTheExternalNetworkAndEachReplyComesBackThroughItsConnectionsInstance() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(withIds4(red(IDS_2_4)));
        Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(D3));
        Map<DeviceId, Conntrack> cts = conntrack();
        Map<String, Integer> taken = new HashMap<>();
        for (int sport = 41000; sport < 41032; sport++) {
            Trip w = out(ps, cts, doc, D3, sport, 443);
            assertEquals(1, w.visited.size(), sport + ": one instance of the hop: " + w);
            assertTrue(w.out != null && w.out.ipSrc().equals(POOL), sport + ": then NAT: " + w);
            Trip r = back(ps, cts, doc, D3, w.out);
            assertTrue(r.delivered, sport + ": the reply reaches web-1: " + r);
            assertEquals(w.visited, r.visited, sport + ": the reply passes the instance its connection took: " + r);
            taken.merge(w.visited.get(0), 1, Integer::sum);
        }
        assertEquals(Set.of("red-ids-2", "red-ids-4"), taken.keySet(), "both instances take connections: " + taken);
        // one of them down: every connection through the other, replies too
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-4"), inventory(D3));
        Map<DeviceId, Conntrack> fresh = conntrack();
        for (int sport = 41100; sport < 41108; sport++) {
            Trip w = out(down, fresh, doc, D3, sport, 443);
            assertEquals(List.of("red-ids-2"), w.visited, sport + ": " + w);
            assertEquals(List.of("red-ids-2"), back(down, fresh, doc, D3, w.out).visited, sport + ": the reply too");
        }
    }

    @Test
    void aHopWithTwoInstancesSpreadsTheClassFromTheExternalNetworkAndEachReplyLeavesThroughItsConnectionsInstance() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(withIds4(inbound(IDS_2_4)));
        Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(D3));
        Map<DeviceId, Conntrack> cts = conntrack();
        Endpoint web1 = doc.endpoints().get("red-web-1");
        Map<String, Integer> taken = new HashMap<>();
        for (int sport = 41200; sport < 41232; sport++) {
            SimPacket in = new SimPacket(NEXT_HOP, org.dsp.ir.VipMac.of(FIP), OUTSIDE, FIP, SimPacket.TCP, sport, 8080);
            Trip w = go(ps, cts, doc, D3, in, D3, EXT, "red-web-1");
            assertTrue(w.delivered, sport + ": reaches web-1: " + w);
            assertEquals(1, w.visited.size(), sport + ": one instance of the hop: " + w);
            SimPacket reply = new SimPacket(web1.mac(), ChainOracleProperties.ROUTER, ChainOracleProperties.v4(web1), OUTSIDE,
                    SimPacket.TCP, 8080, sport);
            Trip r = go(ps, cts, doc, D3, reply, D1, web1.attachment().port().toLong(), "-");
            assertEquals(w.visited, r.visited, sport + ": the reply through the instance its connection took: " + r);
            assertTrue(r.out != null && r.out.ipSrc().equals(FIP), sport + ": out from the floating IP: " + r);
            taken.merge(w.visited.get(0), 1, Integer::sum);
        }
        assertEquals(Set.of("red-ids-2", "red-ids-4"), taken.keySet(), "both instances take connections: " + taken);
    }
    static final IpAddress PUBLISHED = IpAddress.valueOf("203.0.113.60");

    /** red with its load balancer db-vip (tcp/15432 onto red-db-1's 5432, DSN 2) published on 203.0.113.60, db open to 198.51.100.0/24 on it, and that class chained. */
    static ObjectNode publishedLb(String steps) throws Exception {
        ObjectNode doc = red(IDS_1);
        // the VIP port 15432 onto the backends' 5432: the class is the VIP's port, steered on the backends' (policy's) port
        ((ObjectNode) doc.get("loadBalancers").get(0).get("ports").get(0)).put("port", 15432);
        ((ObjectNode) doc.get("nat")).set("floatingIps", ChainPinningTest.M.readTree(
                "[{\"name\":\"db-public\",\"loadBalancer\":\"db-vip\",\"address\":\"203.0.113.60\"}]"));
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("firewall").get("tenant")).add(ChainPinningTest.M.readTree(
                "{\"name\":\"db-from-outside\",\"direction\":\"ingress\",\"appliedTo\":\"db\",\"peers\":[{\"cidr\":"
                + "\"198.51.100.0/24\"}],\"protocol\":\"tcp\",\"ports\":[5432],\"action\":\"allow\"}"));
        doc.set("chains", ChainPinningTest.M.readTree("[{\"name\":\"in-db\",\"from\":[{\"cidr\":\"198.51.100.0/24\"}],\"to\":[{"
                + "\"loadBalancer\":\"db-vip\"}],\"protocol\":\"tcp\",\"ports\":[15432],\"steps\":[" + steps + "]}]"));
        return doc;
    }

    @Test
    void aClassFromTheExternalNetworkToAPublishedLoadBalancerPassesItsInstanceAtTheChosenBackendAndItsReplyLeavesThroughIt()
            throws Exception {
        for (DeviceId gateway : List.of(D3, D1, D2)) {
            for (String step : List.of(IDS_1, IDS_2, FW)) {
                TenantDocument doc = TenantDocumentCodec.decode(publishedLb("{\"service\":\"nat\"},{\"service\":\"loadBalancer\"}," + step));
                Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of(), inventory(gateway));
                Map<DeviceId, Conntrack> cts = conntrack();
                Endpoint db1 = doc.endpoints().get("red-db-1");
                String instance = step.equals(IDS_1) ? "red-ids-1" : step.equals(IDS_2) ? "red-ids-2" : "red-fw-1";
                String what = "gateway " + gateway + ", " + instance;
                for (int sport : new int[] {40081, 40082}) {
                    SimPacket in = new SimPacket(NEXT_HOP, org.dsp.ir.VipMac.of(PUBLISHED), OUTSIDE, PUBLISHED, SimPacket.TCP, sport, 15432);
                    Trip w = go(ps, cts, doc, gateway, in, gateway, EXT, "red-db-1");
                    assertTrue(w.delivered, what + ": reaches the backend: " + w);
                    assertEquals(List.of(instance), w.visited, what + ": through the instance: " + w);
                    assertEquals(ChainOracleProperties.v4(db1), w.last.ipDst(), what + ": translated to the backend at the gateway: " + w);
                    SimPacket reply = new SimPacket(db1.mac(), ChainOracleProperties.ROUTER, ChainOracleProperties.v4(db1), OUTSIDE,
                            SimPacket.TCP, 5432, sport);
                    Trip r = go(ps, cts, doc, gateway, reply, db1.attachment().dsn(), db1.attachment().port().toLong(), "-");
                    assertEquals(List.of(instance), r.visited, what + ": the reply through the same instance: " + r);
                    assertTrue(r.out != null && r.out.ipSrc().equals(PUBLISHED) && r.out.tpSrc() == 15432,
                            what + ": out from the published address: " + r);
                }
            }
        }
        // fail-closed with the instance down: nothing comes in; bypassed: in without it
        TenantDocument doc = TenantDocumentCodec.decode(publishedLb(IDS_2));
        SimPacket in = new SimPacket(NEXT_HOP, org.dsp.ir.VipMac.of(PUBLISHED), OUTSIDE, PUBLISHED, SimPacket.TCP, 40083, 15432);
        Trip w = go(ChainOracleProperties.compile(doc, Set.of("red-ids-2"), inventory(D3)), conntrack(), doc, D3, in, D3, EXT, "red-db-1");
        assertFalse(w.delivered, "dropped: " + w);
        TenantDocument open = TenantDocumentCodec.decode(publishedLb(IDS_2.replace("}", ",\"failure\":\"bypass\"}")));
        Trip b = go(ChainOracleProperties.compile(open, Set.of("red-ids-2"), inventory(D3)), conntrack(), open, D3, in, D3, EXT, "red-db-1");
        assertTrue(b.delivered && b.visited.isEmpty(), "bypassed: " + b);
    }
}
