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

    /** The program's groups, rendered (cookies left out). */
    static List<String> groups(DsnProgram p) {
        return p.flows().values().stream().filter(org.dsp.driver.ovs.DsnGroups::isGroup).map(DsnFlow::render)
                .map(r -> r.replaceAll(",?cookie=0x[0-9a-f]+,?", ",").replaceAll(",\\)", ")").replaceAll(",$", ""))
                .sorted().collect(Collectors.toList());
    }

    /** The id of the group the backend stage's flow for a VIP's port sends to. */
    static String groupOf(DsnProgram p, String proto, int port) {
        return table(p, 6).stream().filter(r -> r.contains("," + proto + ",") && r.contains("tp_dst=" + port + ",") && r.contains("group:"))
                .map(r -> r.replaceAll(".*group:(\\d+).*", "$1")).findFirst().orElseThrow();
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
    void aVipsNewConnectionsGoToItsSelectGroupWhoseBucketsTranslateToTheBackends() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(example());
        assertEquals(TenantDocumentCodec.decode(TenantDocumentCodec.encode(doc)), doc, "the section round-trips");
        DsnProgram p = program(example());
        List<String> vip = table(p, 5);
        // every endpoint x the VIP x tcp/80, conjunctive: a new connection is marked for the backend stage
        assertTrue(vip.contains("table=5,priority=2000,reg2=" + hex(KEY) + "/0xffff,conj_id=" + conj(vip)
                + ",actions=load:0x1->NXM_NX_REG2[31],goto_table:6"), String.join("\n", vip));
        assertTrue(vip.stream().anyMatch(r -> r.contains("in_port=1,") && r.contains("conjunction(")), String.join("\n", vip));
        assertTrue(vip.stream().anyMatch(r -> r.contains("in_port=5,") && r.contains("conjunction(")), String.join("\n", vip));
        assertTrue(vip.stream().anyMatch(r -> r.contains("in_port=2,")) && vip.stream().anyMatch(r -> r.contains("in_port=4,")),
                "the backends are clients of their VIP too (hairpin): " + vip);
        // each backend's flows carry a cookie of their own (the switch counts per backend), under the VIP's tenant and kind
        java.util.Map<String, java.util.Set<Long>> cookies = new java.util.TreeMap<>();
        for (DsnFlow f : p.flows().values()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\+dnat,nw_dst=(10\\.0\\.0\\.2\\d),tp_dst=8080").matcher(f.render());
            if (f.table().number() == 6 && m.find()) {
                cookies.computeIfAbsent(m.group(1), k -> new java.util.TreeSet<>()).add(f.cookie());
            }
        }
        assertEquals(3, cookies.size(), "established flows of three backends: " + cookies);
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
        // the backend stage sends it to the VIP's select group; its buckets translate to the backends (web-3 weight 2)
        String g = groupOf(p, "tcp", 80);
        assertEquals((long) KEY << 15, Long.parseLong(g) >>> 15 << 15, "the group id: the tenant key above the selection's 15 bits");
        assertTrue(table(p, 6).contains("table=6,priority=2000,tcp,reg2=" + hex(1 << 31 | KEY) + "/0x8000ffff,nw_dst=10.0.0.100,tp_dst=80,"
                + "actions=load:0x0->NXM_NX_REG2[31],group:" + g), String.join("\n", table(p, 6)));
        assertTrue(groups(p).contains("group_id=" + g + ",type=select," + bucket("", "02:00:00:00:02:01", "10.0.0.21") + ","
                + bucket("", "02:00:00:00:02:02", "10.0.0.22") + "," + bucket("weight:2,", "02:00:00:00:02:03", "10.0.0.23")),
                String.join("\n", groups(p)));
        assertEquals(2, groups(p).size(), "a group per VIP and port (tcp/80, udp/7): " + groups(p));
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

    private static String bucket(String weight, String mac, String ip) {
        return "bucket=" + weight + "actions=set_field:" + mac + "->eth_dst,load:0x1->NXM_NX_REG1[3],"
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
        // hashed in the VIP stage (every new connection its own cached flow, so the slot's learn runs for each), then
        // the learned table consulted; web-3 has weight 2: 4 slots
        assertTrue(vip.contains("table=5,priority=2000,reg2=" + hex(KEY) + "/0xffff,conj_id=" + conj(vip)
                + ",actions=multipath(symmetric_l3l4+udp,0,modulo_n,4,0,NXM_NX_REG2[16..30]),load:0x1->NXM_NX_REG2[31],"
                + "resubmit(,50),goto_table:6"), "the learned table is consulted before the backends: " + String.join("\n", vip));
        String translate = "load:0x0->NXM_NX_REG1[6..31],set_field:02:00:00:00:02:01->eth_dst,load:0x0->NXM_NX_REG2[16..30],"
                + "load:0x0->NXM_NX_REG2[31],load:0x1->NXM_NX_REG1[3],ct(commit,table=2,zone=NXM_NX_REG2[0..15],nat(dst=10.0.0.21:8080))";
        long id = affinityId("web-1");
        List<String> backends = table(p, 6);
        assertTrue(backends.contains("table=6,priority=2001,tcp,reg1=0x" + Long.toHexString(id << 6) + "/0xffffffc0,reg2="
                + hex(1 << 31 | KEY) + "/0x8000ffff,nw_dst=10.0.0.100,tp_dst=80,actions=" + translate),
                "a client whose affinity names web-1 goes straight to it: " + String.join("\n", backends));
        assertTrue(backends.contains("table=6,priority=2000,tcp,reg2=" + hex(1 << 31 | KEY) + ",nw_dst=10.0.0.100,tp_dst=80,actions="
                + "learn(table=50,idle_timeout=30,priority=100,NXM_NX_REG2[0..15],eth_type=0x800,nw_proto=6,NXM_OF_IP_SRC[],"
                + "nw_dst=10.0.0.100,tcp_dst=80,load:0x" + Long.toHexString(id) + "->NXM_NX_REG1[6..31])," + translate),
                "web-1's slot learns the client's affinity to it: " + String.join("\n", backends));
        assertEquals(4, backends.stream().filter(r -> r.contains(",tcp,") && r.contains("learn(")).count(), "every slot learns");
        assertTrue(groups(p).stream().noneMatch(r -> r.contains("nat(dst=10.0.0.21:8080)") && r.contains("tcp")) && groups(p).isEmpty(),
                "no group for a select with affinity: " + groups(p));
        // a learned flow carries the cookie of its backend's flows (the slot's own, and its "straight to it" flow's)
        java.util.Map<String, Long> hitCookie = new java.util.HashMap<>();
        for (DsnFlow f : p.flows().values()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("nat\\(dst=(10\\.0\\.0\\.2\\d):8080").matcher(f.render());
            if (f.priority() == 2001 && f.render().contains(",tcp,") && m.find()) {
                hitCookie.put(m.group(1), f.cookie());
            }
        }
        int learns = 0;
        for (DsnFlow f : p.flows().values()) {
            for (org.dsp.driver.ovs.DsnAction a : f.actions()) {
                if (a instanceof org.dsp.driver.ovs.LearnAction && f.render().contains(",tcp,")) {
                    String ip = f.render().replaceAll(".*nat\\(dst=([0-9.]+):8080.*", "$1");
                    assertEquals(hitCookie.get(ip), ((org.dsp.driver.ovs.LearnAction) a).cookie(), "the learned flow's cookie for " + ip);
                    assertEquals(f.cookie(), ((org.dsp.driver.ovs.LearnAction) a).cookie(), "the learning flow's own");
                    learns++;
                }
            }
        }
        assertEquals(4, learns, "four slots learn: " + hitCookie);

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

    @Test
    void loggedRulesSampleTranslatedRepliesWithoutChangingTheirPath() throws Exception {
        ObjectNode logged = example();
        for (com.fasterxml.jackson.databind.JsonNode r : logged.get("firewall").get("tenant")) {
            ((ObjectNode) r).put("log", true);
        }
        org.dsp.driver.ovs.FlowSimulator withLogs = new org.dsp.driver.ovs.FlowSimulator(program(logged), new org.dsp.driver.ovs.Conntrack());
        org.dsp.driver.ovs.FlowSimulator plain = new org.dsp.driver.ovs.FlowSimulator(program(example()), new org.dsp.driver.ovs.Conntrack());
        int repliesSampled = 0;
        for (int sport = 40000; sport < 40010; sport++) {
            org.dsp.driver.ovs.SimPacket syn = new org.dsp.driver.ovs.SimPacket(org.onlab.packet.MacAddress.valueOf("02:00:00:00:01:01"),
                    org.dsp.ir.VipMac.of(org.onlab.packet.Ip4Address.valueOf("10.0.0.100")), org.onlab.packet.IpAddress.valueOf("10.0.0.11"),
                    org.onlab.packet.IpAddress.valueOf("10.0.0.100"), org.dsp.driver.ovs.SimPacket.TCP, sport, 80);
            org.dsp.driver.ovs.FlowSimulator.Result a = withLogs.process(syn, 1);
            org.dsp.driver.ovs.FlowSimulator.Result b = plain.process(syn, 1);
            assertEquals(b.packet().toString(), a.packet().toString(), "the same backend");
            assertEquals(b.outputs(), a.outputs());
            assertEquals(2, a.samples().size(), "both rules' verdicts: " + a);
            // the backend answers: untranslated back to the VIP in ct, then delivered to the client
            org.dsp.driver.ovs.SimPacket answer = a.packet().reply();
            org.dsp.driver.ovs.FlowSimulator.Result ra = withLogs.process(answer, a.outputs().get(0));
            org.dsp.driver.ovs.FlowSimulator.Result rb = plain.process(answer, a.outputs().get(0));
            assertEquals(List.of(1L), ra.outputs(), "back to client-1: " + ra);
            assertEquals(rb.packet().toString(), ra.packet().toString(), "from the VIP, as without logs");
            assertEquals("10.0.0.100", ra.packet().ipSrc().toString());
            assertEquals(1, ra.samples().size(), ra.samples() + " " + ra.packet() + " " + ra.matched());
            assertTrue(org.dsp.driver.ovs.SamplePoint.isReply(ra.samples().get(0)));
            repliesSampled++;
        }
        assertEquals(10, repliesSampled);
    }

    /**
     * Flows per VIP and port on a DSN with c clients and n backends, the backends local and clients
     * too: c + 4 in the VIP stage (a client clause per local client, the VIP clause, the service
     * clause for IPv4 and for IPv6, the conjunction flow), 2n + 2 in the backend stage (the flow to
     * the group, an established-packet flow and a hairpin flow per backend, and the tenant's one
     * flow that cuts connections whose backend is gone), n + 1 in the hairpin stage (a source
     * translation per backend, the tenant's one flow for hairpin replies), and one select group
     * with a bucket per backend - whatever the weights, which are the buckets'. Printed for
     * docs/benchmarks.md.
     */
    @Test
    void flowsPerVipGrowWithBackendsNotWeights() throws Exception {
        StringBuilder table = new StringBuilder("backends | weights | VIP stage | backend stage | hairpin stage | flows | group buckets\n");
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
                if (weighted) {
                    w.put("web-1", 97); // 97, 1, 1, ...
                }
                DsnProgram p = program(doc);
                long vip = table(p, 5).stream().filter(r -> !r.contains("priority=0,")).count();
                long backend = table(p, 6).stream().filter(r -> !r.contains("priority=0,")).count();
                long hairpin = table(p, 33).stream().filter(r -> !r.contains("priority=0,")).count();
                List<String> groups = groups(p);
                int clients = 5 + Math.max(0, n - 3); // every endpoint of the example, the backends included
                assertEquals(clients + 4, vip, n + " backends: VIP stage " + table(p, 5));
                assertEquals(2 * n + 2, backend, n + " backends: backend stage");
                assertEquals(n + 1, hairpin, n + " backends: hairpin stage");
                assertEquals(1, groups.size(), "one group");
                assertEquals(n, groups.get(0).split("bucket=", -1).length - 1, "a bucket per backend: " + groups);
                assertEquals(weighted, groups.get(0).contains("bucket=weight:97,"), "the weight is the bucket's: " + groups);
                table.append(n).append(" | ").append(weighted ? "97,1,1,.." : "all 1").append(" | ")
                        .append(vip).append(" | ").append(backend).append(" | ").append(hairpin).append(" | ")
                        .append(vip + backend + hairpin).append(" | ").append(n).append('\n');
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
        int flows = p.size(); // the program's flows; its group apart
        System.out.println("OVN's reference tenant compiled by DSP: " + flows + " flows and " + groups(p).size()
                + " group (+2 discovery punts on the bridge); per table " + perTable);
        assertTrue(flows < 479 / 2, "fewer than half of OVN's 479 flows: " + flows);
        assertEquals(1, groups(p).size(), "one select group");
        assertEquals(2, groups(p).get(0).split("bucket=", -1).length - 1, "the VIP balances over 2: " + groups(p));
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

    /** Weights are the buckets' weights as given (100, 99, 97): one flow to the group whatever they are. */
    @Test
    void weightsAreTheGroupsBucketWeights() throws Exception {
        ObjectNode doc = example();
        ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).putObject("weights").put("web-1", 100).put("web-2", 99)
                .put("web-3", 97);
        DsnProgram p = program(doc);
        String g = groupOf(p, "tcp", 80);
        String group = groups(p).stream().filter(r -> r.startsWith("group_id=" + g + ",")).findFirst().orElseThrow();
        assertTrue(group.contains("bucket=weight:100,") && group.contains("bucket=weight:99,") && group.contains("bucket=weight:97,"), group);
        assertEquals(1, table(p, 6).stream().filter(r -> r.contains(",tcp,") && r.contains("nw_dst=10.0.0.100")).count(),
                "one flow to the group, whatever the weights");
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
