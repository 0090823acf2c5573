package org.dsp.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.Inventory;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/** The load balancer compiled with the platform's compilers: its stages and the flows of a VIP. */
class LbCompileTest {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final int KEY = org.dsp.compiler.Keys.tenantKey("shop");

    private static String hex(int v) {
        return "0x" + Integer.toHexString(v);
    }

    static ObjectNode example() throws Exception {
        return (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/load-balancer.json")));
    }

    static DsnProgram program(ObjectNode doc) throws Exception {
        TenantDocument d = TenantDocumentCodec.decode(doc);
        return DsnCompiler.compile(List.of(LogicalCompiler.compile(d)), Inventory.of(Map.of(D1, PortNumber.portNumber(10)))).get(D1);
    }

    static List<String> table(DsnProgram p, int table) {
        return p.flows().values().stream().map(DsnFlow::render).filter(r -> r.startsWith("table=" + table + ","))
                .map(r -> r.replaceAll("cookie=0x[0-9a-f]+,", "")).sorted().collect(Collectors.toList());
    }

    @Test
    void theServiceIsFoundAndItsStagesPrecedePolicy() {
        assertTrue(Services.discovered().app(LbApp.NAME) != null, "found on the class path: " + Services.discovered());
        assertTrue(Services.discovered().plan().contains(LbApp.VIP) && Services.discovered().plan().contains(LbApp.BACKEND));
    }

    @Test
    void aVipHashesNewConnectionsIntoSlotsAndEachSlotTranslatesToItsBackend() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(example());
        assertEquals(TenantDocumentCodec.decode(TenantDocumentCodec.encode(doc)), doc, "the section round-trips");
        DsnProgram p = program(example());
        List<String> vip = table(p, 5);
        // clients (client-1, guest-1) x the VIP x tcp/80, conjunctive; web-3 has weight 2: 4 slots
        assertTrue(vip.contains("table=5,priority=2000,reg2=" + hex(KEY) + "/0xffff,conj_id=" + conj(vip)
                + ",actions=multipath(symmetric_l3l4+udp,0,modulo_n,4,0,NXM_NX_REG2[16..30]),load:0x1->NXM_NX_REG2[31],goto_table:6"), String.join("\n", vip));
        assertTrue(vip.stream().anyMatch(r -> r.contains("in_port=1,") && r.contains("conjunction(")), String.join("\n", vip));
        assertTrue(vip.stream().anyMatch(r -> r.contains("in_port=5,") && r.contains("conjunction(")), String.join("\n", vip));
        assertTrue(vip.stream().anyMatch(r -> r.contains("in_port=2,")) && vip.stream().anyMatch(r -> r.contains("in_port=4,")),
                "the backends are clients of their VIP too (hairpin): " + vip);
        // each backend's flows carry a cookie of their own (the switch counts per backend), under the VIP's tenant and kind
        java.util.Map<String, java.util.Set<Long>> cookies = new java.util.TreeMap<>();
        for (DsnFlow f : p.flows().values()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("nat\\(dst=(10\\.0\\.0\\.2\\d):8080").matcher(f.render());
            if (f.table().number() == 6 && m.find()) {
                cookies.computeIfAbsent(m.group(1), k -> new java.util.TreeSet<>()).add(f.cookie());
            }
        }
        assertEquals(3, cookies.size(), "slots of three backends: " + cookies);
        assertEquals(6, cookies.values().stream().flatMap(java.util.Set::stream).distinct().count(),
                "one cookie per backend of each VIP and port (tcp/80 and udp/7): " + cookies);
        // hairpin for web-1 (port 2): its own connection translated back to itself is marked, given the VIP as source
        // after policy (in zone 0) and sent back out of its port; its replies to the VIP are untranslated in zone 0 first
        String k = hex(KEY);
        assertTrue(table(p, 6).contains("table=6,priority=2001,tcp,reg1=0x0/0x1,reg2=" + k + "/0xffff,ct_state=+trk-rpl+dnat,"
                + "nw_src=10.0.0.21,nw_dst=10.0.0.21,tp_dst=8080,actions=set_field:02:00:00:00:02:01->eth_dst,load:0x2->NXM_NX_REG0[],"
                + "load:0x1->NXM_NX_REG1[4],goto_table:10"), String.join("\n", table(p, 6)));
        assertTrue(table(p, 33).contains("table=33,priority=100,ip,reg1=0x10/0x10,reg2=" + k + "/0xffff,nw_src=10.0.0.21,"
                + "actions=set_field:0a:00:0a:00:00:64->eth_src,ct(commit,zone=0,nat(src=10.0.0.100)),IN_PORT"), String.join("\n", table(p, 33)));
        assertTrue(table(p, 33).contains("table=33,priority=101,reg1=0x20/0x20,reg2=" + k + "/0xffff,actions=IN_PORT"));
        assertTrue(table(p, 1).contains("table=1,priority=103,tcp,in_port=2,reg2=" + k + "/0xffff,ct_state=-trk,dl_src=02:00:00:00:02:01,"
                + "nw_src=10.0.0.21,nw_dst=10.0.0.100,tp_src=8080,actions=ct(table=1,zone=0,nat)"), String.join("\n", table(p, 1)));
        assertTrue(table(p, 1).contains("table=1,priority=103,ip,in_port=2,reg2=" + k + "/0xffff,ct_state=+trk+rpl,dl_src=02:00:00:00:02:01,"
                + "nw_src=10.0.0.21,nw_dst=10.0.0.21,actions=set_field:02:00:00:00:02:01->eth_dst,load:0x1->NXM_NX_REG1[5],goto_table:2"));
        List<String> backends = table(p, 6).stream().filter(r -> r.contains(",tcp,") && r.contains("nw_dst=10.0.0.100"))
                .collect(Collectors.toList());
        assertEquals(java.util.stream.Stream.of(
                backend(0, "02:00:00:00:02:01", "10.0.0.21"), backend(1, "02:00:00:00:02:02", "10.0.0.22"),
                backend(2, "02:00:00:00:02:03", "10.0.0.23"), backend(3, "02:00:00:00:02:03", "10.0.0.23")).sorted().collect(Collectors.toList()),
                backends);
        // established packets of translated connections: the backend's MAC and (local here) port, then egress policy
        for (int i = 1; i <= 3; i++) {
            assertTrue(table(p, 6).contains("table=6,priority=2000,tcp,reg1=0x0/0x1,reg2=" + hex(KEY) + "/0xffff,ct_state=+trk-rpl+dnat,"
                    + "nw_dst=10.0.0.2" + i + ",tp_dst=8080,actions=set_field:02:00:00:00:02:0" + i + "->eth_dst,load:0x" + (i + 1)
                    + "->NXM_NX_REG0[],goto_table:10"), "web-" + i + ": " + table(p, 6));
        }
        assertTrue(table(p, 1).contains("table=1,priority=101,arp,reg2=" + hex(KEY) + "/0xffff,arp_op=0x1,arp_tpa=10.0.0.100,actions="
                + "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:0a:00:0a:00:00:64->eth_src,set_field:2->arp_op,"
                + "move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],set_field:0a:00:0a:00:00:64->arp_sha,"
                + "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],set_field:10.0.0.100->arp_spa,IN_PORT"), "the VIP answers ARP: " + table(p, 1));
        assertTrue(table(p, 3).stream().allMatch(r -> r.contains("priority=0,") || r.contains(",nat)")),
                "the conntrack table applies each connection's translation: " + table(p, 3));
    }

    private static String conj(List<String> flows) {
        for (String r : flows) {
            int i = r.indexOf("conj_id=");
            if (i >= 0) {
                return r.substring(i + 8, r.indexOf(',', i));
            }
        }
        return "?";
    }

    private static String backend(int slot, String mac, String ip) {
        return "table=6,priority=2000,tcp,reg2=" + hex(1 << 31 | slot << 16 | KEY) + ",nw_dst=10.0.0.100,tp_dst=80,"
                + "actions=set_field:" + mac + "->eth_dst,load:0x0->NXM_NX_REG2[16..30],load:0x0->NXM_NX_REG2[31],load:0x1->NXM_NX_REG1[3],"
                + "ct(commit,table=2,zone=NXM_NX_REG2[0..15],nat(dst=" + ip + ":8080))";
    }

    @Test
    void withNoBackendNewConnectionsAreRejectedOrDropped() throws Exception {
        ObjectNode doc = example();
        // backends a selector nobody matches
        ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).remove(List.of("group", "weights"));
        ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).putObject("selector").putObject("matchLabels").put("tier", "none");
        List<String> vip = table(program(doc), 5);
        assertTrue(vip.stream().anyMatch(r -> r.contains("actions=controller(userdata=") && r.endsWith("goto_table:31")),
                "reject: to the controller, then deny: " + vip);
        ((ObjectNode) doc.get("loadBalancers").get(0)).put("whenNoBackend", "drop");
        List<String> dropped = table(program(doc), 5);
        assertTrue(dropped.stream().anyMatch(r -> r.contains("conj_id=") && r.endsWith("actions=goto_table:31")), "drop: " + dropped);
        assertEquals(List.of("table=6,priority=10,reg1=0x0/0x1,reg2=" + hex(KEY) + "/0xffff,ct_state=+trk-rpl+dnat,actions=goto_table:31"),
                table(program(doc), 6).stream().filter(r -> !r.contains("priority=0,")).collect(Collectors.toList()),
                "no backend flows: only the cut of translated connections whose backend is gone");
    }

    /** The affinity number the driver gives a backend: from its endpoint's name, stable across backend-set changes. */
    private static long affinityId(String endpoint) {
        return (endpoint.hashCode() & 0xffffffffL) % ((1L << 26) - 1) + 1;
    }

    @Test
    void sourceIpAffinityLearnsEachClientsBackendAndSendsItsNewConnectionsThere() throws Exception {
        ObjectNode doc = example();
        ((ObjectNode) doc.get("loadBalancers").get(0)).putObject("selection").put("mode", "sourceIp").put("timeoutSeconds", 30);
        DsnProgram p = program(doc);
        List<String> vip = table(p, 5);
        assertTrue(vip.contains("table=5,priority=2000,reg2=" + hex(KEY) + "/0xffff,conj_id=" + conj(vip)
                + ",actions=multipath(symmetric_l3l4+udp,0,modulo_n,4,0,NXM_NX_REG2[16..30]),load:0x1->NXM_NX_REG2[31],"
                + "resubmit(,50),goto_table:6"), "the learned table is consulted before the backends: " + String.join("\n", vip));
        String translate = "set_field:02:00:00:00:02:01->eth_dst,load:0x0->NXM_NX_REG2[16..30],load:0x0->NXM_NX_REG2[31],"
                + "load:0x1->NXM_NX_REG1[3],ct(commit,table=2,zone=NXM_NX_REG2[0..15],nat(dst=10.0.0.21:8080))";
        long id = affinityId("web-1");
        List<String> backends = table(p, 6);
        assertTrue(backends.contains("table=6,priority=2001,tcp,reg1=0x" + Long.toHexString(id << 6) + "/0xffffffc0,reg2="
                + hex(1 << 31 | KEY) + "/0x8000ffff,nw_dst=10.0.0.100,tp_dst=80,actions=load:0x0->NXM_NX_REG1[6..31]," + translate),
                "a client whose affinity names web-1 goes straight to it: " + String.join("\n", backends));
        assertTrue(backends.contains("table=6,priority=2000,tcp,reg2=" + hex(1 << 31 | KEY) + ",nw_dst=10.0.0.100,tp_dst=80,actions="
                + "learn(table=50,idle_timeout=30,priority=100,NXM_NX_REG2[0..15],eth_type=0x800,nw_proto=0x6,NXM_OF_IP_SRC[],NXM_OF_IP_DST[],NXM_OF_TCP_DST[],load:0x"
                + Long.toHexString(id) + "->NXM_NX_REG1[6..31]),load:0x0->NXM_NX_REG1[6..31]," + translate),
                "web-1's slot learns the client's affinity to it: " + String.join("\n", backends));
        assertEquals(4, backends.stream().filter(r -> r.contains(",tcp,") && r.contains("learn(")).count(),
                "every slot learns (web-3 holds two)");
        for (DsnFlow f : p.flows().values()) {
            f.actions().stream().filter(a -> a instanceof org.dsp.driver.ovs.LearnAction).forEach(a -> assertEquals(f.cookie(),
                    ((org.dsp.driver.ovs.LearnAction) a).cookie(), "a learned flow has the cookie of its load balancer: " + f.render()));
        }

        // the flows at work: client-1's connections from 40 source ports all reach the backend its first one got
        org.dsp.driver.ovs.Conntrack ct = new org.dsp.driver.ovs.Conntrack();
        org.dsp.driver.ovs.FlowSimulator sim = new org.dsp.driver.ovs.FlowSimulator(p, ct);
        java.util.Set<String> reached = new java.util.TreeSet<>();
        for (int sport = 40000; sport < 40040; sport++) {
            org.dsp.driver.ovs.SimPacket syn = new org.dsp.driver.ovs.SimPacket(org.onlab.packet.MacAddress.valueOf("02:00:00:00:01:01"),
                    org.dsp.ir.VipMac.of(org.onlab.packet.Ip4Address.valueOf("10.0.0.100")), org.onlab.packet.IpAddress.valueOf("10.0.0.11"),
                    org.onlab.packet.IpAddress.valueOf("10.0.0.100"), org.dsp.driver.ovs.SimPacket.TCP, sport, 80);
            org.dsp.driver.ovs.FlowSimulator.Result r = sim.process(syn, 1);
            assertEquals(1, r.outputs().size(), "delivered: " + r);
            reached.add(r.packet().ipDst().toString());
        }
        assertEquals(1, reached.size(), "one backend for every connection of the client: " + reached);
        // without affinity the same 40 connections spread over the backends
        java.util.Set<String> spread = new java.util.TreeSet<>();
        org.dsp.driver.ovs.FlowSimulator plain = new org.dsp.driver.ovs.FlowSimulator(program(example()), new org.dsp.driver.ovs.Conntrack());
        for (int sport = 40000; sport < 40040; sport++) {
            org.dsp.driver.ovs.SimPacket syn = new org.dsp.driver.ovs.SimPacket(org.onlab.packet.MacAddress.valueOf("02:00:00:00:01:01"),
                    org.dsp.ir.VipMac.of(org.onlab.packet.Ip4Address.valueOf("10.0.0.100")), org.onlab.packet.IpAddress.valueOf("10.0.0.11"),
                    org.onlab.packet.IpAddress.valueOf("10.0.0.100"), org.dsp.driver.ovs.SimPacket.TCP, sport, 80);
            spread.add(plain.process(syn, 1).packet().ipDst().toString());
        }
        assertTrue(spread.size() > 1, "five-tuple selection spreads one client's connections: " + spread);
    }


    /**
     * Flows per VIP and port on a DSN with c clients and n backends of weights summing to S (after
     * dividing by their common divisor), the backends local and clients too: c + 4 in the VIP stage (a client
     * clause per local client, the VIP clause, the service clause for IPv4 and for IPv6, the conjunction flow),
     * S + 2n + 1 in the backend stage (a translation per slot, an established-packet flow and a hairpin flow per
     * backend, and the tenant's one flow that cuts connections whose backend is gone) and n + 1 in the hairpin
     * stage (a source translation per backend, the tenant's one flow for hairpin replies). Printed for
     * docs/benchmarks.md.
     */
    @Test
    void flowsPerVipGrowWithSlotsPlusBackends() throws Exception {
        StringBuilder table = new StringBuilder("backends | weights | slots | VIP stage | backend stage | hairpin stage | total\n");
        for (int n : new int[] {1, 2, 4, 8, 16, 32, 64}) {
            for (boolean weighted : new boolean[] {false, true}) {
                ObjectNode doc = example();
                com.fasterxml.jackson.databind.node.ArrayNode eps = doc.withArray("endpoints");
                for (int i = 4; i <= n; i++) {
                    ObjectNode e = ((ObjectNode) eps.get(2)).deepCopy().put("name", "web-" + i).put("mac",
                            String.format("02:00:00:00:03:%02x", i));
                    e.putArray("addresses").add("10.0.1." + i);
                    ((ObjectNode) e.get("attachment")).put("port", 100 + i);
                    eps.add(e);
                }
                for (int i = n + 1; i <= 3; i++) {
                    ((ObjectNode) eps.get(1 + i)).putObject("labels").put("tier", "spare");
                }
                ObjectNode lb = (ObjectNode) doc.get("loadBalancers").get(0);
                lb.withArray("ports").remove(1);
                ObjectNode w = ((ObjectNode) lb.get("backends")).putObject("weights");
                int slots = n;
                if (weighted) {
                    w.put("web-1", 3); // 3, 1, 1, ...: no common divisor
                    slots = n == 1 ? 1 : n + 2; // one backend: 3/gcd(3) = 1 slot
                }
                DsnProgram p = program(doc);
                long vip = table(p, 5).stream().filter(r -> !r.contains("priority=0,")).count();
                long backend = table(p, 6).stream().filter(r -> !r.contains("priority=0,")).count();
                long hairpin = table(p, 33).stream().filter(r -> !r.contains("priority=0,")).count();
                int clients = 5 + Math.max(0, n - 3); // every endpoint of the example, the backends included
                assertEquals(clients + 4, vip, n + " backends: VIP stage " + table(p, 5));
                assertEquals(slots + 2 * n + 1, backend, n + " backends: backend stage");
                assertEquals(n + 1, hairpin, n + " backends: hairpin stage");
                table.append(n).append(" | ").append(weighted ? "3,1,1,.." : "all 1").append(" | ").append(slots).append(" | ")
                        .append(vip).append(" | ").append(backend).append(" | ").append(hairpin).append(" | ")
                        .append(vip + backend + hairpin).append('\n');
            }
        }
        System.out.println("flows per VIP and port (the backends and 2 other clients on the DSN):\n" + table);
    }

    /**
     * OVN's reference tenant (bench-ovn's 10-scenario.sh: 4 workloads on one switch, web to db
     * tcp/5432, anyone to web tcp/80 and ICMP, every other ingress dropped, VIP 10.0.0.100:80 over
     * web1 and web2) compiled by DSP for its one DSN: the flow count printed for
     * docs/benchmarks.md, next to OVN's 479 on br-int for the same work.
     */
    @Test
    void ovnsReferenceTenantTakesAFractionOfOvnsFlows() throws Exception {
        ObjectNode doc = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/ovn-reference.json")));
        DsnProgram p = program(doc);
        java.util.Map<Integer, Long> perTable = new java.util.TreeMap<>();
        p.flows().values().forEach(f -> perTable.merge(f.table().number(), 1L, Long::sum));
        System.out.println("OVN's reference tenant compiled by DSP: " + p.size() + " flows (+2 discovery punts on the bridge); per table "
                + perTable);
        assertTrue(p.size() < 479 / 2, "fewer than half of OVN's 479 flows: " + p.size());
        assertTrue(table(p, 5).stream().anyMatch(r -> r.contains("multipath(symmetric_l3l4+udp,0,modulo_n,2,")), "the VIP balances over 2");
    }

    /**
     * A select depends on where its backends are: moving a backend to another port (or removing
     * one) changes the DSN's program incrementally exactly as a compile from scratch does.
     */
    @Test
    void movingABackendRetranslatesItsVipIncrementally() throws Exception {
        TenantDocument a = TenantDocumentCodec.decode(example());
        ObjectNode moved = example();
        ((ObjectNode) moved.withArray("endpoints").get(3).get("attachment")).put("port", 7); // web-2: port 3 -> 7
        TenantDocument b = TenantDocumentCodec.decode(moved);
        int key = org.dsp.compiler.Keys.tenantKey("shop");
        Inventory inv = Inventory.of(Map.of(D1, PortNumber.portNumber(10)));
        LogicalCompiler lc = new LogicalCompiler(key);
        DsnCompiler dc = new DsnCompiler(inv);
        dc.apply(lc.update(a));
        dc.apply(lc.update(b));
        DsnProgram full = DsnCompiler.compile(List.of(LogicalCompiler.compile(b, key)), inv).get(D1);
        assertEquals(full.flows(), dc.program(D1).flows(), "incremental equals full after a backend moved");
        assertTrue(table(full, 6).stream().anyMatch(r -> r.contains("nw_dst=10.0.0.22") && r.contains("load:0x7->NXM_NX_REG0[]")),
                "web-2's established packets go to its new port: " + table(full, 6));
    }

    /**
     * A health check adds, at each backend's DSN, the flow that punts the backend's answers to its
     * VIP (port security, above the workload's own flows), with a cookie of the probe kind.
     */
    @Test
    void aHealthCheckPuntsEachBackendsAnswersToItsVip() throws Exception {
        ObjectNode doc = example();
        ((ObjectNode) doc.get("loadBalancers").get(0)).putObject("healthCheck").put("type", "tcp");
        DsnProgram p = program(doc);
        List<String> punts = p.flows().values().stream().map(DsnFlow::render).filter(r -> r.startsWith("table=1,priority=102,"))
                .sorted().collect(Collectors.toList());
        assertEquals(3, punts.size(), String.join("\n", punts));
        for (int i = 1; i <= 3; i++) {
            int port = i + 1;
            assertTrue(punts.stream().anyMatch(r -> r.contains("tcp,in_port=" + port + ",reg2=" + hex(KEY) + "/0xffff,nw_src=10.0.0.2")
                    && r.contains("nw_dst=10.0.0.100") && r.contains("actions=controller(userdata=")), "web-" + (port - 1) + ": " + punts);
        }
        long cookie = Long.decode(punts.get(0).replaceAll(".*cookie=(0x[0-9a-f]+),.*", "$1"));
        assertEquals(LbApp.PUNT.code(), (int) (cookie >>> 26) & 0x3f, "the probe kind: its packets go to the service");
        assertTrue(!org.dsp.driver.ovs.Cookies.rejects(cookie), "never taken for a reject");
        assertTrue(!org.dsp.driver.ovs.Cookies.rejects(-1L), "nor is a packet-out's cookie (all ones)");
    }

    /** Weights that would need more than 256 slots are scaled down: 100, 99 and 97 share 256 slots at most. */
    @Test
    void heavyWeightsAreScaledToAtMost256Slots() throws Exception {
        ObjectNode doc = example();
        ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).putObject("weights").put("web-1", 100).put("web-2", 99)
                .put("web-3", 97);
        DsnProgram p = program(doc);
        String select = table(p, 5).stream().filter(r -> r.contains("multipath(")).findFirst().orElseThrow();
        int links = Integer.parseInt(select.replaceAll(".*modulo_n,(\\d+),.*", "$1"));
        assertTrue(links <= 256 && links >= 250, "slots: " + select);
        long slotFlows = table(p, 6).stream().filter(r -> r.contains(",tcp,") && r.contains("nw_dst=10.0.0.100")).count();
        assertEquals(links, slotFlows, "one flow per slot");
    }

    /** An IPv6 VIP's neighbour solicitations go to the service (punt kind) at each client's DSN. */
    @Test
    void anIpv6VipsSolicitationsArePunted() throws Exception {
        ObjectNode doc = example();
        ((ObjectNode) doc.get("loadBalancers").get(0)).withArray("vips").add("fd00::100");
        DsnProgram p = program(doc);
        List<String> nd = table(p, 1).stream().filter(r -> r.contains("nd_target=fd00::100")).collect(Collectors.toList());
        assertEquals(1, nd.size(), String.join("\n", table(p, 1)));
        assertTrue(nd.get(0).startsWith("table=1,priority=102,icmp6,reg2=" + hex(KEY) + "/0xffff,icmp_type=135,nd_target=fd00::100,"
                + "actions=controller(userdata="), nd.get(0));
        assertEquals(org.dsp.ir.VipMac.of(org.onlab.packet.IpAddress.valueOf("fd00::100")).toString(), "0A:00:00:00:01:00");
    }
}
