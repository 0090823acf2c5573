package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.dsp.spi.ZoneAllocator;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Chains compiled with the platform's compilers and the OVS driver (examples/chain.json: web to db
 * on tcp/5432 through an IDS, transparent, with an instance on each server, then a routed
 * firewall appliance on server 2): where each hop is steered, how a packet comes back from an
 * instance and goes on, replies in reverse, the failure policies, and re-placement when a DSN
 * leaves (incremental equals fresh). ChainIT sends real packets.
 */
class ChainCompileTest {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId D3 = DeviceId.deviceId("of:0000000000000003");
    static final Map<DeviceId, PortNumber> UPLINKS = Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10),
            D3, PortNumber.portNumber(10));
    static final String FW_MAC = "02:00:00:0a:02:29";

    static Inventory tunnels(DeviceId... dsns) {
        Map<DeviceId, TunnelEndpoint> t = new java.util.HashMap<>();
        for (DeviceId d : dsns) {
            t.put(d, TunnelEndpoint.of(PortNumber.portNumber(9), Ip4Address.valueOf("192.168.100." + d.toString().charAt(d.toString().length() - 1))));
        }
        return Inventory.of(UPLINKS, t);
    }

    static ObjectNode red() throws Exception {
        return (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/chain.json")));
    }

    static Map<DeviceId, DsnProgram> compile(Inventory inv, ObjectNode doc) throws Exception {
        TenantDocument d = TenantDocumentCodec.decode(doc);
        return DsnCompiler.compile(List.of(LogicalCompiler.compile(d, Keys.tenantKey("red"))), inv);
    }

    /** A table's flows as ovs-ofctl prints them; the steering table's (38) as where they send a packet ({@link #inlined}). */
    static List<String> table(DsnProgram p, int table) {
        List<String> raw = raw(p, table);
        return table != 38 && table != 0 ? raw : raw.stream().map(f -> inlined(p, f)).sorted().collect(Collectors.toList());
    }

    static List<String> raw(DsnProgram p, int table) {
        return p == null ? List.of() : p.flows().values().stream().map(DsnFlow::render).filter(r -> r.startsWith("table=" + table + ","))
                .map(r -> r.replaceAll("cookie=0x[0-9a-f]+,", "")).sorted().collect(Collectors.toList());
    }

    /**
     * A steering flow as where it sends a packet: its measurement (checked by
     * {@link #aSteeredPacketIsMeasuredAgainstItsDestinationsNetworkMtu}) and its match on a chained
     * connection's label and policy's stateful bit (checked by {@link #onlyConnectionsTheChainSawStartAreSteered}) left out,
     * and a one-slot dispatch (hop N, slot 0, in table 39) replaced by the dispatch flow's actions (a
     * pinned hop's: slot 0's when not committed); classify flows too, where what comes back from an
     * instance is looked up in its step's zone before its next hop's dispatch.
     */
    static String inlined(DsnProgram p, String f) {
        String g = f.replaceFirst("actions=ct\\(commit,zone=\\d+,exec\\(load:0x1->NXM_NX_CT_MARK\\[0\\]\\)\\),", "actions=") // one DSN: seen
                .replaceFirst("actions=check_pkt_larger\\(\\d+\\)->NXM_NX_REG[5-7]\\[\\d+\\],", "actions=");
        if (g.matches(".*,ct_label=0x10*/0x10*,.*")) { // a marked connection's (tracked, so not allowed stateless)
            g = g.replaceFirst(",ct_label=0x10*/0x10*,", ",").replaceFirst(",reg1=0x0/0x4,", ",");
        }
        // a one-slot dispatch from the steering (38), or back from an instance looked up in its step's zone first (classify, 0)
        boolean classify = f.startsWith("table=0,");
        String before = classify ? "," : "actions="; // classify: after the tenant's load
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(before + "load:0x([0-9a-f]+)->"
                + java.util.regex.Pattern.quote(org.dsp.driver.ovs.TablePlan.standard().fields().of(ChainApp.HOP).nxmSlice())
                + (classify ? ",ct\\(table=39,zone=\\d+\\)$" : ",goto_table:39$")).matcher(g);
        if (!m.find()) {
            return g;
        }
        String d = raw(p, 39).stream().filter(x -> x.startsWith("table=39,priority=200,")
                && x.matches(".*,reg5=0x" + m.group(1) + "/0x[0-9a-f]+,.*") && !x.contains("ct_label=")) // slot 0, not a pinned one
                .findFirst()
                // a hop whose instance is pinned: where slot 0's packets go that are not committed (the same instance)
                .or(() -> raw(p, 39).stream().filter(x -> x.startsWith("table=39,priority=198,") && x.contains(",reg5=0x" + m.group(1) + "/0xfffff,"))
                        .findFirst())
                .orElseThrow(() -> new AssertionError("no dispatch flow for hop " + m.group(1) + ": " + raw(p, 39)));
        return g.substring(0, m.start() + before.length()) + d.substring(d.indexOf("actions=") + "actions=".length())
                .replaceFirst("^ct\\(commit,zone=\\d+,exec\\(load:0x1->NXM_NX_CT_MARK\\[0\\]\\)\\),", "");
    }

    static boolean has(DsnProgram p, int table, String... parts) {
        return table(p, table).stream().anyMatch(f -> java.util.Arrays.stream(parts).allMatch(f::contains));
    }

    static String steering(int index) {
        return "0x" + Long.toHexString(((long) ZoneAllocator.DERIVED.zone("red", ChainApp.NAME) << 8) | index);
    }

    /** The delivery id of a packet of red's that instance {@code instance} passed (its connection pinned to it). */
    static String delivery(String instance) {
        int index = SteeringIndexes.assign(java.util.List.of("red-ids-1", "red-ids-2", "red-fw-1")).get(instance);
        return "0x" + Long.toHexString(((long) ZoneAllocator.DERIVED.zone("red", ChainApp.DELIVERY) << 8) | index);
    }

    /**
     * The steering id of instance {@code instance} of red, whose chains' instances are red-ids-1,
     * red-ids-2 and red-fw-1 (an index per instance, whatever chains name it).
     */
    static String steering(String instance) {
        return steering(SteeringIndexes.assign(java.util.List.of("red-ids-1", "red-ids-2", "red-fw-1")).get(instance));
    }

    static String tenant() {
        return "reg2=0x" + Integer.toHexString(Keys.tenantKey("red")) + "/0xffff";
    }

    @Test
    void theServiceIsFoundAndItsFlowIsTheTenantsChains() throws Exception {
        Services s = Services.discovered();
        assertNotNull(s.app(ChainApp.NAME), s.toString());
        String logical = LogicalCompiler.compile(TenantDocumentCodec.decode(red())).print();
        assertTrue(logical.contains("chains(key=" + ZoneAllocator.DERIVED.zone("red", ChainApp.NAME)), logical);
        assertTrue(logical.contains("inspect-db:[red-web-1, red-web-2]->[red-db-1]/6[5432]"), logical);
    }

    @Test
    void eachHopIsSteeredNearTheSenderAndRepliesTakeTheHopsInReverse() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(tunnels(D1, D2), red());
        DsnProgram d1 = ps.get(D1);
        DsnProgram d2 = ps.get(D2);
        // web-1 (D1, port 11) to db-1: after policy, to the IDS instance on its own DSN (port 13), unchanged (transparent)
        assertTrue(has(d1, 38, "priority=200,tcp,in_port=11," + tenant(), "nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=output:13"),
                table(d1, 38).toString());
        // back from the IDS: committed in the IDS step's zone (which so sees both directions of the connection there), on to the
        // routed firewall on D2 - its MAC, the tunnel with its steering index (3)
        assertTrue(has(d1, 0, "priority=200,tcp,in_port=13,nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=ct(commit,zone="
                + ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-1") + "),load:0x"
                + Integer.toHexString(Keys.tenantKey("red")) + "->NXM_NX_REG2[0..15],set_field:" + FW_MAC + "->eth_dst,set_field:"
                + steering("red-fw-1") + "->tun_id,set_field:192.168.100.2->tun_dst,output:9"), table(d1, 0).toString());
        assertTrue(table(d1, 0).stream().noneMatch(f -> f.contains("priority=200") && f.contains("reg2=")),
                "classify finds the tenant by the port: it never matches it");
        // D2: the firewall's steering id, only from the tenant's other DSN, goes out of its port
        assertTrue(has(d2, 0, "priority=200,in_port=9,tun_id=" + steering("red-fw-1") + ",tun_src=192.168.100.1,actions=output:14"), table(d2, 0).toString());
        // back from the firewall: committed in its step's zone; db-1 is here - a packet from the network, on to the destination
        // lookup (ingress decided here)
        assertTrue(has(d2, 0, "priority=200,tcp,in_port=14,nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=ct(commit,zone="
                + ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-2") + "),load:0x"
                + Integer.toHexString(Keys.tenantKey("red")) + "->NXM_NX_REG2[0..15],load:0x1->NXM_NX_REG1[0],load:0x1->NXM_NX_REG5[", "],goto_table:2"),
                table(d2, 0).toString());
        // the reply: from db-1 (port 12) to the last hop first (the firewall, here), then the IDS that saw the request (D1's)
        assertTrue(has(d2, 38, "in_port=12,", "nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=set_field:" + FW_MAC
                + "->eth_dst,output:14"), table(d2, 38).toString());
        assertTrue(has(d2, 0, "in_port=14,nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=", "set_field:" + steering("red-ids-1")
                + "->tun_id,set_field:192.168.100.1->tun_dst,output:9"), table(d2, 0).toString());
        // back from D1's IDS: web-1 is here
        assertTrue(has(d1, 0, "in_port=13,nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=", "load:0x1->NXM_NX_REG1[0],load:0x1->NXM_NX_REG5[",
                "],goto_table:2"), table(d1, 0).toString());
        // each step's zone sees both directions where its instance's packets come back: the IDS's (step 1) on D1 commits the reply
        // too, the firewall's (step 2) on D2 looks the reply up before the IDS's pinned dispatch
        int step1 = ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-1");
        int step2 = ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-2");
        assertTrue(raw(d1, 0).stream().anyMatch(f -> f.contains("in_port=13,nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=ct(commit,zone="
                + step1 + "),")), raw(d1, 0).toString());
        assertTrue(raw(d2, 0).stream().anyMatch(f -> f.contains("in_port=14,nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=")
                && f.endsWith(",ct(table=39,zone=" + step2 + ")")), raw(d2, 0).toString());
        assertTrue(raw(d2, 39).stream().anyMatch(f -> f.startsWith("table=39,priority=199,") && f.contains("actions=ct(commit,zone=" + step2
                + ",exec(load:") && f.contains("->NXM_NX_CT_LABEL[73..80]))")), "the reply's choice of IDS pinned in the firewall step's zone");
        // web-2 (D2) uses D2's IDS, no tunnel before the firewall
        assertTrue(has(d2, 38, "in_port=11,", "nw_src=10.10.1.12,nw_dst=10.10.2.21,tp_dst=5432,actions=output:13"), table(d2, 38).toString());
        // web-2 and db-1 share D2: policy decided both ends in the first pass, so back from the firewall the packet goes to
        // db-1's port (no second pass: a connection db-vip translated is known to conntrack by the VIP, not by db-1) - once
        // looked up in the chain's own zone, and only with the mark the steering gave its connection there
        String zone = "zone=" + ZoneAllocator.DERIVED.zone("red", ChainApp.NAME);
        assertTrue(has(d2, 0, "priority=200,tcp,in_port=14,ct_state=-trk,nw_src=10.10.1.12,nw_dst=10.10.2.21,tp_dst=5432,actions=ct(table=0,"
                + zone + ")"), table(d2, 0).toString());
        assertTrue(has(d2, 0, "priority=201,tcp,in_port=14,ct_state=+trk,ct_mark=0x1/0x1,nw_src=10.10.1.12,nw_dst=10.10.2.21,tp_dst=5432,"
                + "actions=ct(commit,zone=" + ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-2") + "),set_field:" + ChainOracleProperties.ROUTER.toString().toLowerCase() + "->eth_src,set_field:02:00:00:0a:02:15->eth_dst,"
                + "output:12"), table(d2, 0).toString());
        assertTrue(has(d2, 0, "priority=200,tcp,in_port=14,ct_state=+trk,nw_src=10.10.1.12,nw_dst=10.10.2.21,tp_dst=5432,actions=drop"),
                table(d2, 0).toString());
        // the steering commits it there: the IDS's instance is pinned, so in the dispatch flows, after the label was read
        assertTrue(raw(d2, 39).stream().anyMatch(f -> f.startsWith("table=39,priority=198,ip,") && f.contains("actions=ct(commit," + zone
                + ",exec(load:0x1->NXM_NX_CT_MARK[0])),output:13")), "the steering commits it there: " + raw(d2, 39));
        // and its replies are looked up without undoing a translation, so the functions see them from db-1 as they saw the
        // request to db-1; one the chain does not take (an unmarked connection) is translated back where it would be steered
        assertTrue(has(d2, 3, "priority=200,tcp,in_port=12," + tenant() + ",nw_src=10.10.2.21,nw_dst=10.10.1.12,tp_src=5432,"
                + "actions=ct(table=4,zone=NXM_NX_REG2[0..15])"), table(d2, 3).toString());
        assertTrue(has(d2, 38, "in_port=12,", "ct_state=+trk+rpl,nw_src=10.10.2.21,nw_dst=10.10.1.12,tp_src=5432,ct_label=0x00000000000000000/",
                "actions=ct(table=39,zone=NXM_NX_REG2[0..15],nat)"), table(d2, 38).toString());
        // web-1's pair crosses DSNs: its packets are judged again at db-1's DSN, its replies looked up as any
        assertTrue(table(d2, 3).stream().noneMatch(f -> f.contains("nw_dst=10.10.1.11")), table(d2, 3).toString());
        // other traffic is not chained: no steering for another port, nor for the IDS's own traffic
        assertTrue(table(d1, 38).stream().noneMatch(f -> f.contains("tp_dst=22")));
        assertTrue(table(d1, 38).stream().noneMatch(f -> f.contains("in_port=13,")));
    }

    @Test
    void withNoInstanceNearEitherSideAConnectionIsHashedSymmetricallyOverAllLiveOnes() throws Exception {
        ObjectNode doc = red();
        // both IDS instances on D1; web-2 and db-1 on D2: the IDS hop for that pair hashes over both
        ((ObjectNode) doc.get("endpoints").get(4).get("attachment")).put("dsn", D1.toString()).put("port", 14);
        Map<DeviceId, DsnProgram> ps = compile(tunnels(D1, D2), doc);
        DsnProgram d2 = ps.get(D2);
        assertTrue(has(d2, 38, "in_port=11,", "nw_src=10.10.1.12,nw_dst=10.10.2.21,tp_dst=5432,actions=load:0x",
                "multipath(symmetric_l3l4+udp,0,modulo_n,2,0,NXM_NX_REG5", "goto_table:39"), table(d2, 38).toString());
        // the dispatch table: slot 0 and slot 1, each through the tunnel to its instance on D1 (the connection pinned to the one it
        // takes: a flow per slot that commits, per IP family, and one per slot for what is not committed)
        String seen = "actions=ct(commit,zone=" + ZoneAllocator.DERIVED.zone("red", ChainApp.NAME) + ",";
        assertEquals(2, table(d2, 39).stream().filter(f -> f.contains("priority=198,") && f.contains("output:9") && f.contains(seen))
                .map(f -> f.replaceAll("^.*,reg5=(0x[0-9a-f]+/0x[0-9a-f]+),.*$", "$1")).distinct().count(), table(d2, 39).toString());
        // and the reply's, back from the firewall, pinned in the firewall step's zone: the same two slots
        assertEquals(2, table(d2, 39).stream().filter(f -> f.contains("priority=198,") && f.contains("output:9") && !f.contains("ct("))
                .map(f -> f.replaceAll("^.*,reg5=(0x[0-9a-f]+/0x[0-9a-f]+),.*$", "$1")).distinct().count(), table(d2, 39).toString());
        assertEquals(2, raw(d2, 39).stream().filter(f -> f.startsWith("table=39,priority=199,ip,") && f.contains("actions=ct(commit,zone="
                + ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-2") + ",exec(load:")).count(), raw(d2, 39).toString());
        assertTrue(has(d2, 39, "set_field:" + steering("red-ids-1") + "->tun_id") && has(d2, 39, "set_field:" + steering("red-ids-2") + "->tun_id"));
        // the reply, steered from the firewall back to the IDS, hashes over the same two in the same order
        assertTrue(has(d2, 0, "in_port=14,nw_src=10.10.2.21,nw_dst=10.10.1.12,tp_src=5432,actions=", "multipath(symmetric_l3l4+udp,0,modulo_n,2,0,"),
                table(d2, 0).toString());
    }

    /** DSN {@code d}'s encrypted endpoint: tunnel port 7 (dsp-tun-sec) at 10.254.0.N, WireGuard on port 8. */
    static org.dsp.driver.ovs.SecureEndpoint secure(DeviceId d) {
        String n = d.toString().substring(d.toString().length() - 1);
        return org.dsp.driver.ovs.SecureEndpoint.of(TunnelEndpoint.of(PortNumber.portNumber(7), Ip4Address.valueOf("10.254.0." + n)),
                PortNumber.portNumber(8), Ip4Address.valueOf("192.168.100.10" + n));
    }

    @Test
    void anEncryptedTenantsChainsCrossOnlyThroughTheEncryptedTunnels() throws Exception {
        ObjectNode doc = red().put("encryption", "required");
        Map<DeviceId, DsnProgram> ps = compile(tunnels(D1, D2).withSecure(Map.of(D1, secure(D1), D2, secure(D2))), doc);
        DsnProgram d1 = ps.get(D1);
        DsnProgram d2 = ps.get(D2);
        // back from D1's IDS: on to the firewall on D2 through the encrypted tunnel port (7), to D2's secure address
        assertTrue(has(d1, 0, "priority=200,tcp,in_port=13,nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=", "set_field:"
                + steering("red-fw-1") + "->tun_id,set_field:10.254.0.2->tun_dst,output:7"), table(d1, 0).toString());
        // D2 takes the firewall's steering id, and the chain's deliveries, only from D1's secure address on that port
        assertTrue(has(d2, 0, "priority=200,in_port=7,tun_id=" + steering("red-fw-1") + ",tun_src=10.254.0.1,actions=output:14"), table(d2, 0).toString());
        assertTrue(has(d2, 0, "priority=200,in_port=7,tun_id=" + steering(0) + ",tun_src=10.254.0.1,actions="), table(d2, 0).toString());
        String key = steering(0).substring(0, steering(0).length() - 2); // the tenant's steering ids: key << 8 | index
        for (DsnProgram p : List.of(d1, d2)) {
            for (String f : raw(p, 0)) {
                assertTrue(!f.contains("in_port=9,tun_id=" + key), "nothing of the chains is taken from the plain tunnel: " + f);
            }
            for (int t : new int[] {0, 38, 39}) {
                for (String f : raw(p, t)) {
                    assertTrue(!(f.contains("->tun_id") && f.contains("output:9")), "nothing of the tenant leaves by the plain tunnel: " + f);
                }
            }
        }
        // measured against what an encrypted network carries: 1390 (+14)
        assertTrue(raw(d1, 38).stream().anyMatch(f -> f.contains("in_port=11,") && f.contains("check_pkt_larger(1404)")), raw(d1, 38).toString());
        // without D2's encrypted endpoint (its agent not ready): the firewall there is no live instance - its step fails closed,
        // so web-1's class drops at D1 - and nothing goes to D2 in clear
        Map<DeviceId, DsnProgram> one = compile(tunnels(D1, D2).withSecure(Map.of(D1, secure(D1))), red().put("encryption", "required"));
        assertTrue(has(one.get(D1), 38, "in_port=11,", "nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=drop"),
                table(one.get(D1), 38).toString());
        assertTrue(raw(one.get(D1), 0).stream().noneMatch(f -> f.contains("output:9") || f.contains("output:7")), raw(one.get(D1), 0).toString());
    }

    /** examples/chain.json (a tenant in clear) with its chain's steps {@code steps} (JSON) and an encryption step. */
    static ObjectNode encryptedClass(String steps) throws Exception {
        ObjectNode doc = red();
        doc.set("chains", M.readTree("[{\"name\":\"sealed-db\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"group\":\"db\"}],"
                + "\"protocol\":\"tcp\",\"ports\":[5432],\"steps\":[{\"service\":\"firewall\"}" + steps + ",{\"service\":\"encryption\"}]}]"));
        return doc;
    }

    @Test
    void anEncryptedClassOfATenantInClearCrossesOnlyThroughTheEncryptedTunnelsAndTheRestInClear() throws Exception {
        Inventory both = tunnels(D1, D2).withSecure(Map.of(D1, secure(D1), D2, secure(D2)));
        // no service function: the class is steered straight to the receiver's DSN, through the encrypted tunnel (port 7)
        // with the delivery id, measured against what that carries (1390 + 14); replies the same way back
        Map<DeviceId, DsnProgram> ps = compile(both, encryptedClass(""));
        DsnProgram d1 = ps.get(D1);
        DsnProgram d2 = ps.get(D2);
        // addressed to db-1 and measured, then the dispatch table sends it through the tunnel: one dispatch id per DSN it goes
        // to, not one per peer
        assertTrue(has(d1, 38, "in_port=11,", "nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=",
                "set_field:02:00:00:0a:02:15->eth_dst,check_pkt_larger(1404)", "goto_table:39"), table(d1, 38).toString());
        assertTrue(has(d1, 39, "actions=set_field:" + steering(0) + "->tun_id,set_field:10.254.0.2->tun_dst,output:7"), table(d1, 39).toString());
        // too large: to the controller with the overlay's punt kind for encrypted tunnels (its answer names 1390, not 1450)
        assertTrue(raw(d1, 39).stream().anyMatch(f -> f.contains("actions=controller(userdata=") // the cookie: tenant, kind, owner
                && (Long.parseUnsignedLong(f.replaceAll("^.*userdata=([0-9a-f.]+)\\).*$", "$1").replace(".", ""), 16) >>> 26 & 0x3f)
                == org.dsp.overlay.model.OverlayStages.PUNT_ENCRYPTED.code()), raw(d1, 39).toString());
        assertTrue(has(d2, 38, "in_port=12,", "nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=",
                "set_field:02:00:00:0a:01:0b->eth_dst,check_pkt_larger(1404)", "goto_table:39"), table(d2, 38).toString());
        assertTrue(has(d2, 39, "actions=set_field:" + steering(0) + "->tun_id,set_field:10.254.0.1->tun_dst,output:7"), table(d2, 39).toString());
        // the deliveries are taken in only from the other DSN's secure address, on the encrypted port
        assertTrue(has(d2, 0, "priority=200,in_port=7,tun_id=" + steering(0) + ",tun_src=10.254.0.1,actions="), table(d2, 0).toString());
        assertTrue(has(d1, 0, "priority=200,in_port=7,tun_id=" + steering(0) + ",tun_src=10.254.0.2,actions="), table(d1, 0).toString());
        String key = steering(0).substring(0, steering(0).length() - 2);
        for (DsnProgram p : List.of(d1, d2)) {
            assertTrue(raw(p, 0).stream().noneMatch(f -> f.contains("in_port=9,tun_id=" + key)), "nothing of the class from the plain tunnel");
        }
        // the tenant's other traffic stays in clear: its networks' tunnels are the plain port's (9)
        assertTrue(raw(d1, 0).stream().anyMatch(f -> f.contains("in_port=9,") && f.contains("tun_src=192.168.100.2")), raw(d1, 0).toString());
        assertTrue(java.util.stream.IntStream.of(38, 39, 40).anyMatch(t -> raw(d1, t).stream().anyMatch(f -> f.contains("output:9"))),
                "web-1's other traffic to D2 leaves by the plain tunnel");
        // both ends on one DSN (web-2 and db-1 on D2): never crosses the underlay, nothing steered
        assertTrue(raw(d2, 38).stream().noneMatch(f -> f.contains("nw_src=10.10.1.12,nw_dst=10.10.2.21")), raw(d2, 38).toString());
        // with the chain's functions too: every tunnel of the chain is the encrypted one (the firewall on D2 by its steering id)
        Map<DeviceId, DsnProgram> fs = compile(both, encryptedClass("," + red().get("chains").get(0).get("steps").get(1) + ","
                + red().get("chains").get(0).get("steps").get(2)));
        assertTrue(has(fs.get(D1), 0, "priority=200,tcp,in_port=13,nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=", "set_field:"
                + steering("red-fw-1") + "->tun_id,set_field:10.254.0.2->tun_dst,output:7"), table(fs.get(D1), 0).toString());
        assertTrue(has(fs.get(D2), 0, "priority=200,in_port=7,tun_id=" + steering("red-fw-1") + ",tun_src=10.254.0.1,actions=output:14"),
                table(fs.get(D2), 0).toString());
        // every function bypassed (the IDS, fail-open, down; the firewall's step made fail-open and down too): still encrypted
        ObjectNode bypassed = encryptedClass(",{\"function\":\"ids\",\"instances\":[\"red-ids-1\"],\"failure\":\"bypass\"}");
        ((ObjectNode) bypassed.get("endpoints").get(3).get("attachment")).put("dsn", D3.toString()); // red-ids-1 where no tunnel is
        Map<DeviceId, DsnProgram> bp = compile(both, bypassed);
        assertTrue(has(bp.get(D1), 38, "in_port=11,", "nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=", "goto_table:39"));
        assertTrue(has(bp.get(D1), 39, "actions=set_field:" + steering(0) + "->tun_id,set_field:10.254.0.2->tun_dst,output:7"));
        // without D2's encrypted endpoint: the class drops at D1 - never in clear - and the rest still goes in clear
        Map<DeviceId, DsnProgram> one = compile(tunnels(D1, D2).withSecure(Map.of(D1, secure(D1))), encryptedClass(""));
        assertTrue(has(one.get(D1), 38, "in_port=11,", "nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=drop"),
                table(one.get(D1), 38).toString());
        assertTrue(has(one.get(D2), 38, "in_port=12,", "nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=drop"),
                table(one.get(D2), 38).toString());
        // incremental equals fresh as D2's encrypted endpoint comes and goes
        TenantDocument d = TenantDocumentCodec.decode(encryptedClass(""));
        int k = Keys.tenantKey("red");
        DsnCompiler dc = new DsnCompiler(both);
        dc.apply(new LogicalCompiler(k, Services.discovered()).update(d));
        for (Inventory next : List.of(tunnels(D1, D2).withSecure(Map.of(D1, secure(D1))), tunnels(D1, D2), both)) {
            dc.setInventory(next);
            Map<DeviceId, DsnProgram> fresh = DsnCompiler.compile(List.of(LogicalCompiler.compile(d, k)), next);
            for (DeviceId dsn : List.of(D1, D2)) {
                assertEquals(fresh.get(dsn).flows(), dc.program(dsn).flows(), dsn + " with encrypted endpoints " + next.secure().keySet());
            }
        }
    }

    @Test
    void aHopWithNoLiveInstanceIsBypassedOrDropsByItsFailurePolicy() throws Exception {
        ObjectNode doc = red();
        // the IDS instances on D3, which has no tunnel endpoint: the IDS fails open, the firewall comes first
        ((ObjectNode) doc.get("endpoints").get(3).get("attachment")).put("dsn", D3.toString());
        ((ObjectNode) doc.get("endpoints").get(4).get("attachment")).put("dsn", D3.toString()).put("port", 14);
        Map<DeviceId, DsnProgram> ps = compile(tunnels(D1, D2), doc);
        assertTrue(has(ps.get(D1), 38, "in_port=11,", "nw_dst=10.10.2.21,tp_dst=5432,actions=set_field:" + FW_MAC + "->eth_dst,set_field:"
                + steering("red-fw-1") + "->tun_id"), table(ps.get(D1), 38).toString());
        // the firewall (fail-closed) on D3 too: the class drops at the sender's DSN, other traffic does not
        ((ObjectNode) doc.get("endpoints").get(5).get("attachment")).put("dsn", D3.toString()).put("port", 15);
        ps = compile(tunnels(D1, D2), doc);
        assertTrue(has(ps.get(D1), 38, "in_port=11,", "nw_dst=10.10.2.21,tp_dst=5432,actions=drop"), table(ps.get(D1), 38).toString());
        assertTrue(has(ps.get(D2), 38, "in_port=12,", "nw_dst=10.10.1.11,tp_src=5432,actions=drop"), table(ps.get(D2), 38).toString());
    }

    @Test
    void whenAnInstancesDsnLeavesItsConnectionsArePlacedAgainAndIncrementalEqualsFresh() throws Exception {
        TenantDocument d = TenantDocumentCodec.decode(red());
        int key = Keys.tenantKey("red");
        LogicalCompiler lc = new LogicalCompiler(key, Services.discovered());
        DsnCompiler dc = new DsnCompiler(tunnels(D1, D2, D3));
        dc.apply(lc.update(d));
        for (Inventory next : List.of(tunnels(D2), tunnels(D1, D2), tunnels(D1), tunnels(D1, D2, D3))) {
            dc.setInventory(next);
            Map<DeviceId, DsnProgram> fresh = DsnCompiler.compile(List.of(LogicalCompiler.compile(d, key)), next);
            for (DeviceId dsn : List.of(D1, D2, D3)) {
                assertEquals(fresh.containsKey(dsn) ? fresh.get(dsn).flows() : Map.of(),
                        dc.program(dsn) == null ? Map.of() : dc.program(dsn).flows(), dsn + " with tunnels " + next.tunnels().keySet());
            }
        }
        // D1 gone: web-2's connections still take D2's IDS; the firewall on D2 stays
        dc.setInventory(tunnels(D2));
        assertTrue(has(dc.program(D2), 38, "in_port=11,", "nw_src=10.10.1.12,", "actions=output:13"));
    }

    @Test
    void offTheEndsDsnsTheInstanceFewestFabricHopsAwayIsChosenAndPlacedAgainWhenALinkGoes() throws Exception {
        DeviceId d4 = DeviceId.deviceId("of:0000000000000004");
        DeviceId leaf1 = DeviceId.deviceId("of:00000000000000a1");
        DeviceId leaf2 = DeviceId.deviceId("of:00000000000000a2");
        DeviceId leaf3 = DeviceId.deviceId("of:00000000000000a3");
        DeviceId spine = DeviceId.deviceId("of:00000000000000b1");
        Map<DeviceId, PortNumber> uplinks = new java.util.HashMap<>(UPLINKS);
        uplinks.put(d4, PortNumber.portNumber(10));
        Inventory flat = Inventory.of(uplinks, tunnels(D1, D2, D3, d4).tunnels());
        // D1 and D3 under leaf 1, D2 under leaf 2, D4 under leaf 3, the leaves under one spine
        Map<DeviceId, List<DeviceId>> links = Map.of(leaf1, List.of(D1, D3, spine), leaf2, List.of(D2, spine), leaf3, List.of(d4, spine));
        Inventory fabric = flat.withFabric(links);
        assertEquals(6, org.dsp.ir.ServicePlacement.detour(D1, D3, D2, fabric::hops));
        assertEquals(8, org.dsp.ir.ServicePlacement.detour(D1, d4, D2, fabric::hops));
        ObjectNode doc = red();
        ((ObjectNode) doc.get("endpoints").get(3).get("attachment")).put("dsn", D3.toString());
        ((ObjectNode) doc.get("endpoints").get(4).get("attachment")).put("dsn", d4.toString());
        TenantDocument d = TenantDocumentCodec.decode(doc);
        int key = Keys.tenantKey("red");
        String toIds1 = "set_field:" + steering("red-ids-1") + "->tun_id,set_field:192.168.100.3->tun_dst,output:9";
        String toIds2 = "set_field:" + steering("red-ids-2") + "->tun_id,set_field:192.168.100.4->tun_dst,output:9";
        // no topology known: web-1 (D1) to db-1 (D2) hashed over both IDS instances
        Map<DeviceId, DsnProgram> ps = compile(flat, doc);
        assertTrue(has(ps.get(D1), 38, "in_port=11,", "nw_dst=10.10.2.21,tp_dst=5432,", "multipath(symmetric_l3l4+udp,0,modulo_n,2,0,"),
                table(ps.get(D1), 38).toString());
        // the fabric known: the IDS on D3 (6 links: D1-leaf1-D3-leaf1-spine-leaf2-D2) rather than D4's (8), both ways
        LogicalCompiler lc = new LogicalCompiler(key, Services.discovered());
        DsnCompiler dc = new DsnCompiler(flat);
        dc.apply(lc.update(d));
        dc.setInventory(fabric);
        assertTrue(has(dc.program(D1), 38, "in_port=11,", "nw_dst=10.10.2.21,tp_dst=5432,actions=", toIds1), table(dc.program(D1), 38).toString());
        assertTrue(has(dc.program(D2), 0, "in_port=14,nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=", toIds1),
                "the reply, from the firewall, back through the same IDS: " + table(dc.program(D2), 0));
        // D3's link to its leaf goes: D3 is no nearer than unknown; D4's IDS (8 links) takes the connections, both ways
        Inventory cut = flat.withFabric(Map.of(leaf1, List.of(D1, spine), leaf2, List.of(D2, spine), leaf3, List.of(d4, spine)));
        dc.setInventory(cut);
        assertTrue(has(dc.program(D1), 38, "in_port=11,", "nw_dst=10.10.2.21,tp_dst=5432,actions=", toIds2), table(dc.program(D1), 38).toString());
        assertTrue(has(dc.program(D2), 0, "in_port=14,nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=", toIds2),
                table(dc.program(D2), 0).toString());
        for (Inventory next : List.of(cut, fabric, flat)) {
            dc.setInventory(next);
            Map<DeviceId, DsnProgram> fresh = DsnCompiler.compile(List.of(LogicalCompiler.compile(d, key)), next);
            for (DeviceId dsn : List.of(D1, D2, D3, d4)) {
                assertEquals(fresh.containsKey(dsn) ? fresh.get(dsn).flows() : Map.of(),
                        dc.program(dsn) == null ? Map.of() : dc.program(dsn).flows(), dsn + " with fabric " + next.fabric());
            }
        }
    }

    @Test
    void aSteeredPacketIsMeasuredAgainstItsDestinationsNetworkMtu() throws Exception {
        ObjectNode doc = red();
        // the back network (db-1's) at 1400, the routed firewall (a member of it) left out: the IDS, in front (1450), carries both
        ((ObjectNode) doc.get("networks").get(1)).put("mtu", 1400);
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("chains").get(0).get("steps")).remove(2);
        Map<DeviceId, DsnProgram> ps = compile(tunnels(D1, D2), doc);
        // web-1's packets for db-1 measured against back's MTU where they are steered (to the IDS on the same DSN too:
        // its port has its network's MTU), db-1's replies against front's
        assertTrue(raw(ps.get(D1), 38).stream().anyMatch(f -> f.contains("in_port=11,") && f.contains("nw_dst=10.10.2.21,tp_dst=5432,actions="
                + "check_pkt_larger(1414)->NXM_NX_REG")), raw(ps.get(D1), 38).toString());
        assertTrue(raw(ps.get(D2), 38).stream().anyMatch(f -> f.contains("in_port=12,") && f.contains("nw_dst=10.10.1.11,tp_src=5432,")
                && f.contains("actions=check_pkt_larger(1464)->NXM_NX_REG")), raw(ps.get(D2), 38).toString());
        for (DeviceId d : List.of(D1, D2)) {
            // (but the one that translates back a reply the chain does not take, on the DSN of both ends)
            List<DsnFlow> steering = ps.get(d).flows().values().stream().filter(f -> f.render().startsWith("table=38,priority=200,")
                    && !f.render().endsWith(",nat)")).collect(Collectors.toList());
            assertTrue(!steering.isEmpty() && steering.stream().allMatch(f -> f.render().replaceFirst("actions=ct\\(commit,zone=\\d+,exec\\([^)]*\\)\\),",
                    "actions=").contains("actions=check_pkt_larger(")),
                    "every steering flow measures first: " + steering);
            // one too large goes to the controller with the overlay's punt kind (it answers the sender), never to an instance
            List<DsnFlow> punts = ps.get(d).flows().values().stream().filter(f -> f.render().startsWith("table=39,priority=201,"))
                    .collect(Collectors.toList());
            assertTrue(!punts.isEmpty(), raw(ps.get(d), 39).toString());
            int tooBig = Integer.parseInt(org.dsp.driver.ovs.TablePlan.standard().fields().of(org.dsp.overlay.model.OverlayStages.TOO_BIG)
                    .nxmSlice().replaceAll(".*\\[(\\d+)\\]", "$1"));
            org.dsp.driver.ovs.RegField big = org.dsp.driver.ovs.TablePlan.standard().fields().of(org.dsp.overlay.model.OverlayStages.TOO_BIG);
            org.dsp.driver.ovs.RegField hops = org.dsp.driver.ovs.TablePlan.standard().fields().of(ChainApp.HOP);
            for (DsnFlow f : punts) {
                // each register the flow matches: its value and mask (the too-large bit and the hop, in one register or two)
                Map<String, long[]> regs = new java.util.HashMap<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(",(reg[5-7])=0x([0-9a-f]+)/0x([0-9a-f]+)").matcher(f.render());
                while (m.find()) {
                    regs.put(m.group(1), new long[] {Long.parseLong(m.group(2), 16), Long.parseLong(m.group(3), 16)});
                }
                assertTrue(f.render().contains(",actions=controller("), f.render());
                String bigReg = big.container().name().toLowerCase();
                String hopReg = hops.container().name().toLowerCase();
                long[] b = regs.get(bigReg);
                long[] h = regs.get(hopReg);
                long bit = 1L << tooBig;
                assertTrue(b != null && h != null, "the too-large bit and the hop: " + f.render());
                assertEquals(bigReg.equals(hopReg) ? bit | hops.mask() : bit, b[1], "the too-large bit: " + f.render());
                assertTrue((b[0] & bit) != 0 && (h[0] & hops.mask()) != 0, "too large, for one hop: " + f.render());
                assertEquals(org.dsp.overlay.model.OverlayStages.PUNT.code(), org.dsp.driver.ovs.Cookies.punted(f.cookie()), f.render());
            }
        }
        // back from an instance the packet is not measured again (it keeps its size): classify sends it on directly
        assertTrue(raw(ps.get(D1), 0).stream().filter(f -> f.contains("in_port=13,")).noneMatch(f -> f.contains("check_pkt_larger")));
        // an instance in a network with a smaller MTU than its class's would lose the class's largest packets: refused
        ObjectNode small = red();
        ((ObjectNode) small.get("networks").get(1)).put("mtu", 1400);
        org.dsp.codec.InvalidDocumentException e = assertThrows(org.dsp.codec.InvalidDocumentException.class, () -> TenantDocumentCodec.decode(small));
        assertTrue(e.getMessage().contains("$.chains[0].steps[2].instances[0]") && e.getMessage().contains("MTU 1400"), e.getMessage());
        // ... but a document stored before the check is still read (its tenant is not lost on a restart)
        assertEquals(1400, ((org.dsp.overlay.model.Networks) org.dsp.codec.TenantDocumentCodec.with(Services.discovered()).readStored(small)
                .section("networks", org.dsp.overlay.model.Networks.class)).list().get(1).mtu());
    }

    @Test
    void onlyConnectionsTheChainSawStartAreSteered() throws Exception {
        ObjectNode doc = red();
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("chains").get(0).get("steps")).remove(2); // the IDS only
        Map<DeviceId, DsnProgram> ps = compile(tunnels(D1, D2), doc);
        String pin = "actions=ct(commit,table=38,zone=NXM_NX_REG2[0..15],exec(load:0x1->NXM_NX_CT_LABEL[64]))";
        String cls = "nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432";
        List<String> d1 = raw(ps.get(D1), 38).stream().filter(f -> f.contains("tcp,in_port=11,") && f.contains(cls)).collect(Collectors.toList());
        // web-1's DSN: a connection's first packet (committed by policy just before, without recirculation: untracked here)
        // marks the connection and is looked up again; then only marked connections, and stateless packets, are steered
        assertEquals(1, d1.stream().filter(f -> f.startsWith("table=38,priority=201,") && f.contains("reg1=0x0/0x4,")
                && f.contains("ct_state=-trk,") && f.endsWith(pin)).count(), d1.toString());
        assertTrue(d1.stream().filter(f -> f.contains("actions=ct(")).allMatch(f -> f.contains("reg1=0x0/0x4,")),
                "nothing a stateless rule allowed is committed (its reply would pass without policy): " + d1);
        assertTrue(d1.stream().anyMatch(f -> f.startsWith("table=38,priority=200,") && f.contains("reg1=0x0/0x4,") && f.contains("ct_state=+trk-rpl,")
                && f.contains("ct_label=0x10000000000000000/0x10000000000000000,") && f.contains("actions=check_pkt_larger(")), d1.toString());
        assertTrue(d1.stream().anyMatch(f -> f.startsWith("table=38,priority=200,") && f.contains("reg1=0x4/0x4,") && !f.contains("ct_state")
                && f.contains("actions=check_pkt_larger(")), "stateless packets (tracked as new, never committed): steered as they come " + d1);
        assertTrue(d1.stream().filter(f -> f.startsWith("table=38,priority=200,")).allMatch(f -> f.contains("ct_label=0x1") || f.contains("reg1=0x4/0x4,")),
                "no unmarked connection's tracked packet is steered: " + d1);
        // back from the IDS on web-1's DSN, on to db-1's through the tunnel with the delivery id that names the IDS (the chain's only
        // function: its connections are pinned to their instance, and the receiver's DSN follows the sender's choice)
        assertTrue(has(ps.get(D1), 0, "in_port=13," + cls, "set_field:" + delivery("red-ids-1") + "->tun_id,set_field:192.168.100.2->tun_dst,output:9"),
                table(ps.get(D1), 0).toString());
        // db-1's DSN: that id, only from the IDS's DSN, is a delivered packet that came from it (its index in a per-packet field) ...
        int ids1 = SteeringIndexes.assign(java.util.List.of("red-ids-1", "red-ids-2", "red-fw-1")).get("red-ids-1");
        assertTrue(table(ps.get(D2), 0).stream().anyMatch(f -> f.contains("in_port=9,tun_id=" + delivery("red-ids-1") + ",tun_src=192.168.100.1,actions=")
                && f.contains(",load:0x1->NXM_NX_REG1[0],load:0x1->NXM_NX_REG5[") && f.contains("load:0x" + Integer.toHexString(ids1) + "->NXM_NX_REG")
                && f.endsWith(",goto_table:2")), table(ps.get(D2), 0).toString());
        // ... and a tracked packet of a marked connection from it whose label names anything else pins the replies to it (one flow
        // per bit of the label that differs from its index, and per IP family)
        List<String> follow = raw(ps.get(D2), 38).stream().filter(f -> f.startsWith("table=38,priority=202,") && f.contains("ct_state=+trk-rpl-inv,")
                && f.endsWith("exec(load:0x" + Integer.toHexString(ids1) + "->NXM_NX_CT_LABEL[73..80]))")).collect(Collectors.toList());
        assertEquals(16, follow.size(), raw(ps.get(D2), 38).toString());
        for (int bit = 0; bit < 8; bit++) {
            long b = 1L << (73 + bit - 64);
            String label = "ct_label=0x" + Long.toHexString(((~(long) ids1 << 9) & b) | 1) + "0000000000000000/0x" + Long.toHexString(b | 1)
                    + "0000000000000000,";
            assertEquals(2, follow.stream().filter(f -> f.contains(label)).count(), label + " in " + follow);
        }
        // db-1's DSN: the delivery id, only from the tenant's other DSN, is a packet the chain delivered; its connection is marked
        // there at its first packet, and only marked connections' replies are steered back
        assertTrue(table(ps.get(D2), 0).stream().anyMatch(f -> f.contains("in_port=9,tun_id=" + steering(0) + ",tun_src=192.168.100.1,actions=load:0x"
                + Integer.toHexString(Keys.tenantKey("red")) + "->NXM_NX_REG2[0..15],load:0x1->NXM_NX_REG1[0],load:0x1->NXM_NX_REG5[")
                && f.endsWith("],goto_table:2")), table(ps.get(D2), 0).toString());
        List<String> d2 = raw(ps.get(D2), 38).stream().filter(f -> f.contains(cls) || f.contains("nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432"))
                .collect(Collectors.toList());
        assertEquals(1, d2.stream().filter(f -> f.startsWith("table=38,priority=201,") && f.contains(cls) && f.endsWith(pin)
                && f.contains("reg1=0x0/0x4,") && f.contains("ct_state=-trk,") && f.contains("reg5=0x") && !f.contains("in_port")).count(),
                "the first packet the chain delivers (any port): " + d2);
        assertTrue(d2.stream().anyMatch(f -> f.startsWith("table=38,priority=200,") && f.contains("in_port=12,") && f.contains("ct_state=+trk+rpl,")
                && f.contains("ct_label=0x10000000000000000/0x10000000000000000,")), d2.toString());
        assertTrue(d2.stream().filter(f -> f.contains("in_port=12,")).allMatch(f -> f.contains("ct_label=0x1")), d2.toString());
    }

    /** red with a second chain in front of its own: db -> web on udp/53 through a counter, both IDS instances. */
    static ObjectNode withAuditInFront() throws Exception {
        ObjectNode two = red();
        ((com.fasterxml.jackson.databind.node.ArrayNode) two.get("chains")).insert(0, M.readTree("{\"name\":\"audit\","
                + "\"from\":[{\"group\":\"db\"}],\"to\":[{\"group\":\"web\"}],\"protocol\":\"udp\",\"ports\":[53],"
                + "\"steps\":[{\"function\":\"count\",\"mode\":\"transparent\",\"instances\":[\"red-ids-2\",\"red-ids-1\"]}]}"));
        return two;
    }

    @Test
    void aChainAddedInFrontLeavesTheOtherInstancesSteeringIdsAndTheirFlowsAsTheyWere() throws Exception {
        Map<DeviceId, DsnProgram> a = compile(tunnels(D1, D2), red());
        Map<DeviceId, DsnProgram> b = compile(tunnels(D1, D2), withAuditInFront());
        // the firewall's flow at its DSN (what the tunnel brings with its steering id goes out of its port) is the same flow
        String fw = "priority=200,in_port=9,tun_id=" + steering("red-fw-1") + ",tun_src=192.168.100.1,actions=output:14";
        assertTrue(has(a.get(D2), 0, fw) && has(b.get(D2), 0, fw), table(b.get(D2), 0).toString());
        // and so is every flow of the first chain's instances: the second chain only adds its own (with indexes by position,
        // the audit chain's two instances took 1 and 2 and every steering id of inspect-db moved by two)
        for (DeviceId d : List.of(D1, D2)) {
            List<String> before = table(a.get(d), 0);
            List<String> after = table(b.get(d), 0);
            assertTrue(after.containsAll(before), d + " lost " + before.stream().filter(f -> !after.contains(f)).collect(java.util.stream.Collectors.toList()));
        }
    }

    @Test
    void aChainAddedInFrontLeavesTheOtherHopsDispatchIdsAndFlowsAsTheyWere() throws Exception {
        Map<DeviceId, DsnProgram> a = compile(tunnels(D1, D2), red());
        Map<DeviceId, DsnProgram> b = compile(tunnels(D1, D2), withAuditInFront());
        // the dispatch table (39) and the steering flows that name its ids (38), as written: the audit chain's placements
        // (translated first) only add theirs; with ids numbered in translation order they took 1, 2, ... and every id of
        // inspect-db's placements moved
        for (DeviceId d : List.of(D1, D2)) {
            for (int t : new int[] {38, 39}) {
                List<String> before = raw(a.get(d), t);
                List<String> after = raw(b.get(d), t);
                assertTrue(!before.isEmpty(), d + " table " + t + " has flows");
                assertTrue(after.containsAll(before), d + " table " + t + " lost "
                        + before.stream().filter(f -> !after.contains(f)).collect(java.util.stream.Collectors.toList()));
            }
        }
    }

    @Test
    void threeHundredChainsAddedInFrontLeaveTheOtherHopsDispatchIdsAsTheyWere() throws Exception {
        // 300 classes (db to web on udp/6000-6299), each its own counting function over both IDSes: 300 more hop placements
        // per DSN, translated before inspect-db's, and no new steering index (an index per instance: with one per chain and
        // instance, 600 more keys were refused, over 255; 80 moved inspect-db's indexes, and so its placements). A dispatch
        // id is 16 bits, so ids from the placements' names rarely collide and none of inspect-db's moves (with 8 bits, 255
        // ids, a DSN could not hold 300 placements)
        ObjectNode many = red();
        com.fasterxml.jackson.databind.node.ArrayNode chains = (com.fasterxml.jackson.databind.node.ArrayNode) many.get("chains");
        for (int i = 0; i < 300; i++) {
            chains.insert(0, M.readTree("{\"name\":\"count-" + i + "\",\"from\":[{\"group\":\"db\"}],\"to\":[{\"group\":\"web\"}],"
                    + "\"protocol\":\"udp\",\"ports\":[" + (6000 + i) + "],\"steps\":[{\"function\":\"count-" + i + "\",\"mode\":\"transparent\","
                    + "\"instances\":[\"red-ids-" + (1 + i % 2) + "\",\"red-ids-" + (2 - i % 2) + "\"]}]}"));
        }
        Map<DeviceId, DsnProgram> a = compile(tunnels(D1, D2), red());
        Map<DeviceId, DsnProgram> b = compile(tunnels(D1, D2), many);
        for (DeviceId d : List.of(D1, D2)) {
            assertTrue(raw(b.get(d), 39).size() > raw(a.get(d), 39).size() + 300, d + ": the new chains are dispatched there too");
            // the dispatch flows as written; the steering flows name the same ids (their scope may turn into conjunctions
            // with so many more classes: compared by the ids they load)
            List<String> before = raw(a.get(d), 39);
            List<String> after = raw(b.get(d), 39);
            assertTrue(after.containsAll(before), d + " table 39 has " + after.stream().filter(f -> f.contains("output:13") || f.contains("cc11")).collect(java.util.stream.Collectors.toList()) + " lost "
                    + before.stream().filter(f -> !after.contains(f)).collect(java.util.stream.Collectors.toList()));
            assertEquals(loadedIds(a.get(d), "5432"), loadedIds(b.get(d), "5432"), d.toString());
        }
    }

    /** The dispatch ids the steering flows (table 38) that mention {@code port} load. */
    static java.util.Set<String> loadedIds(DsnProgram p, String port) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        String slice = java.util.regex.Pattern.quote(org.dsp.driver.ovs.TablePlan.standard().fields().of(ChainApp.HOP).nxmSlice());
        for (String f : raw(p, 38)) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("load:0x([0-9a-f]+)->" + slice).matcher(f);
            if (f.contains("=" + port + ",") && m.find()) {
                ids.add(m.group(1));
            }
        }
        assertTrue(!ids.isEmpty(), "steering flows of port " + port + ": " + raw(p, 38));
        return ids;
    }

    @Test
    void aChainOfBuiltInStepsAddsNoFlowAndNoHop() throws Exception {
        ObjectNode doc = red();
        Map<DeviceId, DsnProgram> with = compile(tunnels(D1, D2), doc);
        doc.set("chains", M.readTree("[{\"name\":\"fw-only\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"group\":\"db\"}],"
                + "\"steps\":[{\"service\":\"firewall\"}]}]"));
        Map<DeviceId, DsnProgram> builtIn = compile(tunnels(D1, D2), doc);
        doc.remove("chains");
        Map<DeviceId, DsnProgram> none = compile(tunnels(D1, D2), doc);
        for (DeviceId d : List.of(D1, D2)) {
            assertEquals(none.get(d).flows(), builtIn.get(d).flows(), "a chain of built-in steps is the pass the DSN makes anyway: " + d);
            assertTrue(with.get(d).flows().size() > none.get(d).flows().size());
            // the service-function chain changes nothing but its own flows (priorities 198-202 in classify, steer and dispatch)
            for (Map.Entry<DsnFlow.Key, DsnFlow> e : none.get(d).flows().entrySet()) {
                assertEquals(e.getValue().render(), with.get(d).flows().get(e.getKey()).render());
            }
            with.get(d).flows().values().stream().filter(f -> !none.get(d).flows().containsKey(f.key())).forEach(f ->
                    assertTrue(f.render().matches("table=\\d+,priority=(198|199|200|201|202),.*"), f.render()));
        }
    }

    @Test
    void everyInstanceAnswersItsHealthProbesToTheControllerAndADownOneGetsNoConnection() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(tunnels(D1, D2), red());
        assertTrue(has(ps.get(D1), 0, "priority=201,udp,in_port=13,nw_src=192.0.2.1,tp_dst=3784,actions=controller"), table(ps.get(D1), 0).toString());
        assertTrue(has(ps.get(D2), 0, "priority=201,udp,in_port=14,nw_src=192.0.2.1,tp_dst=3784,actions=controller"), table(ps.get(D2), 0).toString());
        // red-ids-1 failed its health checks: web-1's connections go to the IDS on the receiver's DSN (D2)
        TenantDocument d = TenantDocumentCodec.decode(red());
        int key = Keys.tenantKey("red");
        org.dsp.chain.model.Chains chains = d.section(ChainCodec.KEY, org.dsp.chain.model.Chains.class);
        org.dsp.overlay.model.Networks nets = d.section("networks", org.dsp.overlay.model.Networks.class);
        org.dsp.spi.TenantContext ctx = new org.dsp.spi.TenantContext(d, key, new org.dsp.compiler.GroupResolver(d), true);
        org.dsp.ir.ServicePaths down = ChainCompiler.paths(ctx, chains, nets, java.util.Set.of("red-ids-1"), Map.of());
        assertEquals(java.util.Set.of("red-ids-1"), down.paths().get(0).hops().get(0).down());
        org.dsp.ir.LogicalProgram p = LogicalCompiler.compile(d, key);
        java.util.List<org.dsp.ir.LogicalFlow> flows = new java.util.ArrayList<>();
        for (org.dsp.ir.LogicalFlow f : p.flows().values()) {
            boolean chain = org.dsp.ir.ServicePaths.of(f) != null;
            flows.add(chain ? org.dsp.ir.LogicalFlow.actions(f.stage(), f.priority(), f.owner(), f.side(), f.local(), null, null,
                    List.of(down)) : f);
        }
        Map<DeviceId, DsnProgram> placed = DsnCompiler.compile(List.of(new org.dsp.ir.LogicalProgram(p.tenant(), p.tenantKey(), flows)),
                tunnels(D1, D2));
        assertTrue(has(placed.get(D1), 38, "in_port=11,", "nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=set_field:" + steering("red-ids-2")
                + "->tun_id,set_field:192.168.100.2->tun_dst,output:9"), table(placed.get(D1), 38).toString());
    }

    @Test
    void aClassToALoadBalancerIsSteeredAtItsBackendsTargetPortsAsTheGroupsIs() throws Exception {
        ObjectNode doc = red();
        Map<DeviceId, DsnProgram> byGroup = compile(tunnels(D1, D2), doc);
        ((ObjectNode) doc.get("loadBalancers").get(0).get("ports").get(0)).put("targetPort", 6432);
        ObjectNode chain = (ObjectNode) doc.get("chains").get(0);
        chain.putArray("to").addObject().put("loadBalancer", "db-vip");
        ((com.fasterxml.jackson.databind.node.ArrayNode) chain.get("steps")).insert(0, M.createObjectNode().put("service", "loadBalancer"));
        String logical = LogicalCompiler.compile(TenantDocumentCodec.decode(doc)).print();
        assertTrue(logical.contains("inspect-db:[red-web-1, red-web-2]->[red-db-1]/6[6432]"), "the VIP port's target: " + logical);
        Map<DeviceId, DsnProgram> byLb = compile(tunnels(D1, D2), doc);
        assertTrue(has(byLb.get(D1), 38, "in_port=11,", "nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=6432,actions=output:13"),
                table(byLb.get(D1), 38).toString());
        assertTrue(has(byGroup.get(D1), 38, "nw_dst=10.10.2.21,tp_dst=5432,actions=output:13"));
    }

    @Test
    void steeringFollowsTheConnectionsDirectionOverIpv4AndIpv6() throws Exception {
        Map<DeviceId, DsnProgram> ps = compile(tunnels(D1, D2), red());
        // web-1 opens: its own packets (not replies) are steered; db-1's replies (+rpl) are steered back
        assertTrue(has(ps.get(D1), 38, "tcp,in_port=11,", "ct_state=+trk-rpl,nw_src=10.10.1.11,nw_dst=10.10.2.21,tp_dst=5432,actions=output:13"),
                table(ps.get(D1), 38).toString());
        assertTrue(has(ps.get(D2), 38, "tcp,in_port=12,", "ct_state=+trk+rpl,nw_src=10.10.2.21,nw_dst=10.10.1.11,tp_src=5432,actions=set_field:"),
                table(ps.get(D2), 38).toString());
        // IPv6 alike: web-1's IPv6 connection to db-1 goes to the same IDS, its replies to the firewall
        assertTrue(has(ps.get(D1), 38, "tcp6,in_port=11,", "ipv6_src=fd00:10:1::11,ipv6_dst=fd00:10:2::21,tp_dst=5432,actions=output:13"),
                table(ps.get(D1), 38).toString());
        assertTrue(has(ps.get(D2), 38, "tcp6,in_port=12,", "ipv6_src=fd00:10:2::21,ipv6_dst=fd00:10:1::11,tp_src=5432,actions=set_field:"
                + FW_MAC + "->eth_dst,output:14"), table(ps.get(D2), 38).toString());
        assertTrue(has(ps.get(D1), 0, "tcp6,in_port=13,ipv6_src=fd00:10:1::11,ipv6_dst=fd00:10:2::21,tp_dst=5432,actions="),
                "back from the IDS over IPv6: " + table(ps.get(D1), 0));
    }

    @Test
    void clearingATenantStopsItsHealthProbes() throws Exception {
        TenantDocument d = TenantDocumentCodec.decode(red());
        Services services = Services.discovered();
        ChainApp app = (ChainApp) services.app(ChainApp.NAME);
        LogicalCompiler lc = new LogicalCompiler(Keys.tenantKey("red"), services);
        lc.update(d);
        assertEquals(3, ((List<?>) app.state("red").get("instances")).size(), app.state("red").toString());
        lc.clear(); // the tenant deleted (or a refused first document undone)
        assertEquals(Map.of(), app.state("red"), "no instance of a tenant that is gone is probed");
    }

    @Test
    void theOnosSouthboundRefusesChains() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(red());
        org.dsp.driver.ovs.UnrealizableException e = assertThrows(org.dsp.driver.ovs.UnrealizableException.class,
                () -> DsnCompiler.compile(List.of(LogicalCompiler.compile(doc)), tunnels(D1, D2), org.dsp.driver.ovs.DsnTarget.ONOS_OPENFLOW));
        assertTrue(e.getMessage().contains("service chains"), e.getMessage());
    }
}
