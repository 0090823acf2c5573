package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.dsp.chain.ChainExternalTest.Trip;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.ir.VipMac;
import org.dsp.model.Endpoint;
import org.dsp.model.Protocol;
import org.dsp.model.TenantDocument;
import org.dsp.semantics.Connection;
import org.dsp.semantics.PolicyOracle;
import org.onlab.packet.IpAddress;
import org.onosproject.net.DeviceId;

/**
 * The reference semantics of classes to and from the external network (docs/chaining.md), checked
 * against the compiled programs walked by the flow simulator over three DSNs with NAT's gateway on
 * a random one, over random chains on examples/chain.json's tenant (plus a second IDS beside
 * red-ids-2): random members, ports, steps (the firewall, the IDS with one to three instances, the
 * routed firewall, NAT left out or named), failure policies, instances down and stateless rules.
 * <ul>
 * <li>Out: a member's connection of the class leaves the gateway's external port, translated to its
 * network's pool, exactly when its egress allows it and no fail-closed step is left without a live
 * instance; what its egress denies reaches no function; it passes one live instance of each step
 * that has one, in order (one on the member's DSN when the step has one there); the reply comes back
 * to the member from the outside address through the same instances in reverse when the egress
 * committed the connection, and without them when a stateless rule let it out (judged as new, as
 * without the chain). The member's other traffic and a non-member's take no instance and go as
 * without the chain.</li>
 * <li>In: a connection from the network to web-1's floating IP reaches web-1 exactly when its
 * ingress allows it and no fail-closed step is left without a live instance, through one live
 * instance of each step in order (one on web-1's DSN when the step has one there: the class is marked
 * and steered there, after its ingress), and web-1's reply leaves from the floating IP through the same
 * instances in reverse when the ingress committed it.</li>
 * </ul>
 */
class ChainExternalOracleProperties {
    static final List<DeviceId> GATEWAYS = List.of(ChainExternalTest.D1, ChainExternalTest.D2, ChainExternalTest.D3);
    static final List<String> MEMBERS = List.of("red-web-1", "red-web-2", "red-db-1");
    static final List<String> INSTANCES = List.of("red-ids-1", "red-ids-2", "red-ids-4", "red-fw-1");
    static final IpAddress OUTSIDE = ChainExternalTest.OUTSIDE;

    /** red with a second IDS on DSN 2, NAT for both its networks (front to .100, back to .101) and web-1's floating IP. */
    static ObjectNode tenant() throws Exception {
        ObjectNode json = ChainExternalTest.withIds4(ChainPinningTest.red());
        json.set("nat", ChainPinningTest.M.readTree("{\"snat\":[{\"name\":\"front-out\",\"network\":\"front\",\"pool\":{\"addresses\":"
                + "\"203.0.113.100\",\"ports\":\"20000-29999\"}},{\"name\":\"back-out\",\"network\":\"back\",\"pool\":{\"addresses\":"
                + "\"203.0.113.101\",\"ports\":\"30000-39999\"}}]}"));
        return json;
    }

    /** Random function steps (and the firewall, and NAT where {@code nat} is "first" or "last") into {@code steps}. */
    static void steps(Random rnd, ArrayNode steps, String nat) {
        if (nat.equals("first") && rnd.nextBoolean()) {
            steps.addObject().put("service", "nat");
        }
        if (rnd.nextBoolean()) {
            steps.addObject().put("service", "firewall");
        }
        List<String> functions = new ArrayList<>(List.of("ids", "fw"));
        Collections.shuffle(functions, rnd);
        for (String f : functions.subList(0, rnd.nextInt(3))) {
            ObjectNode s = steps.addObject().put("function", f).put("failure", rnd.nextBoolean() ? "bypass" : "drop");
            ArrayNode instances = s.putArray("instances");
            if (f.equals("ids")) {
                s.put("mode", "transparent");
                List<String> ids = new ArrayList<>(List.of("red-ids-1", "red-ids-2", "red-ids-4"));
                Collections.shuffle(ids, rnd);
                ids.subList(0, 1 + rnd.nextInt(3)).forEach(instances::add);
            } else {
                s.put("mode", "routed");
                instances.add("red-fw-1");
            }
        }
        if (nat.equals("last") && rnd.nextBoolean()) {
            steps.addObject().put("service", "nat");
        }
        if (steps.isEmpty()) {
            steps.addObject().put("service", "firewall");
        }
    }

    /** The live instances of each function step, in order; null when a fail-closed step has none. */
    static List<List<String>> hops(JsonNode steps, Set<String> down) {
        List<List<String>> hops = new ArrayList<>();
        for (JsonNode s : steps) {
            if (!s.has("function")) {
                continue;
            }
            List<String> live = new ArrayList<>();
            s.get("instances").forEach(x -> {
                if (!down.contains(x.asText())) {
                    live.add(x.asText());
                }
            });
            if (live.isEmpty()) {
                if (s.get("failure").asText().equals("drop")) {
                    return null;
                }
                continue;
            }
            hops.add(live);
        }
        return hops;
    }

    static Set<String> down(Random rnd) {
        Set<String> down = new TreeSet<>();
        INSTANCES.forEach(x -> {
            if (rnd.nextInt(4) == 0) {
                down.add(x);
            }
        });
        return down;
    }

    static void passesHops(long seed, List<List<String>> hops, Trip w, TenantDocument doc, DeviceId near, String what) {
        assertEquals(hops.size(), w.visited.size(), () -> "seed " + seed + ": " + what + ": one instance per live step " + hops + "\n" + w);
        for (int i = 0; i < hops.size(); i++) {
            String x = w.visited.get(i);
            assertTrue(hops.get(i).contains(x), "seed " + seed + ": " + what + ": step " + i + " passes one of " + hops.get(i) + "\n" + w);
            List<String> local = ChainOracleProperties.on(hops.get(i), doc, near);
            assertTrue(local.isEmpty() || local.contains(x), "seed " + seed + ": " + what + ": an instance on " + near + " first: " + local
                    + ", not " + x + "\n" + w);
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void aClassToTheExternalNetworkLeavesTranslatedThroughOneLiveInstanceOfEachStepAndItsReplyComesBackThroughThem(@ForAll long seed)
            throws Exception {
        Random rnd = new Random(seed);
        ObjectNode json = tenant();
        List<String> members = new ArrayList<>(MEMBERS);
        Collections.shuffle(members, rnd);
        members = members.subList(0, 1 + rnd.nextInt(members.size()));
        int port = rnd.nextBoolean() ? 443 : 80;
        ObjectNode chain = json.putArray("chains").addObject().put("name", "out").put("protocol", "tcp");
        members.forEach(m -> chain.withArray("from").addObject().put("endpoint", m));
        chain.withArray("to").addObject().put("cidr", "198.51.100.0/24");
        chain.putArray("ports").add(port);
        steps(rnd, chain.putArray("steps"), "last");
        // web's egress allows everything (stateful, or in a third of the runs not); db may go out (stateful or not), or not
        ArrayNode rules = (ArrayNode) json.get("firewall").get("tenant");
        boolean stateless = rnd.nextInt(3) == 0;
        rules.forEach(r -> ((ObjectNode) r).put("stateful", !stateless));
        if (rnd.nextBoolean()) {
            rules.addObject().put("name", "db-out").put("direction", "egress").put("appliedTo", "db").put("action", "allow")
                    .put("stateful", rnd.nextBoolean());
        }
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Set<String> down = down(rnd);
        DeviceId gateway = GATEWAYS.get(rnd.nextInt(GATEWAYS.size()));
        Inventory inv = ChainExternalTest.inventory(gateway);
        Map<DeviceId, DsnProgram> programs = ChainOracleProperties.compile(doc, down, inv);
        TenantDocument plain = TenantDocumentCodec.decode(json.without("chains"));
        Map<DeviceId, DsnProgram> without = DsnCompiler.compile(List.of(LogicalCompiler.compile(plain, Keys.tenantKey("red"))), inv);
        PolicyOracle oracle = new PolicyOracle(doc);
        List<List<String>> hops = hops(chain.get("steps"), down);
        Map<DeviceId, Conntrack> cts = ChainExternalTest.conntrack();
        int sport = 41000;
        for (String m : MEMBERS) {
            Endpoint e = doc.endpoints().get(m);
            boolean member = members.contains(m);
            for (int p : new int[] {port, port == 443 ? 80 : 443}) {
                boolean inClass = member && p == port;
                Connection c = Connection.of(ChainOracleProperties.v4(e), OUTSIDE, Protocol.TCP, p);
                boolean allowed = oracle.egress(c).allowed();
                boolean expected = allowed && (!inClass || hops != null);
                Trip w = out(programs, cts, doc, gateway, e, ++sport, p);
                String what = m + " tcp/" + p + (inClass ? " (the class)" : " (no class)") + " gateway " + gateway + " down " + down + "\n"
                        + chain;
                assertEquals(expected, w.out != null, () -> "seed " + seed + ": " + what + ": leaves exactly when allowed and not blocked\n" + w);
                Statistics.label("out").collect(!inClass ? "no class" : expected ? "through " + hops.size() : allowed ? "blocked" : "denied");
                if (!inClass || !expected) {
                    assertTrue(w.visited.isEmpty(), "seed " + seed + ": " + what + ": no function\n" + w);
                }
                if (!inClass) {
                    Trip w0 = out(without, ChainExternalTest.conntrack(), plain, gateway, e, sport, p);
                    assertEquals(w0.out != null, w.out != null, "seed " + seed + ": " + what + ": as without the chain\n" + w + "\n" + w0);
                }
                if (!expected) {
                    continue;
                }
                if (inClass) {
                    passesHops(seed, hops, w, doc, e.attachment().dsn(), what);
                }
                IpAddress pool = IpAddress.valueOf(m.equals("red-db-1") ? "203.0.113.101" : "203.0.113.100");
                assertEquals(pool, w.out.ipSrc(), "seed " + seed + ": " + what + ": translated to its network's pool\n" + w);
                assertEquals(ChainExternalTest.NEXT_HOP, w.out.ethDst(), "seed " + seed + ": " + what);
                // the reply: committed by the egress, it comes back (through the instances, reversed); else judged as new ingress
                boolean committed = oracle.egress(c).stateful();
                Connection r = Connection.of(OUTSIDE, ChainOracleProperties.v4(e), Protocol.TCP, sport);
                boolean replies = committed || oracle.ingress(r).allowed();
                Trip back = back(programs, cts, doc, gateway, w.out, m);
                Statistics.label("reply").collect(!replies ? "denied" : committed ? "committed" : "judged as new");
                assertEquals(replies, back.delivered, () -> "seed " + seed + ": " + what + ": the reply reaches " + m + "\n" + w + "\n" + back);
                if (!replies) {
                    continue;
                }
                assertEquals(OUTSIDE, back.last.ipSrc(), "seed " + seed + ": " + what + ": from the outside address\n" + back);
                assertEquals(sport, back.last.tpDst(), "seed " + seed + ": " + what + ": to its own port\n" + back);
                List<String> reversed = new ArrayList<>(w.visited);
                Collections.reverse(reversed);
                assertEquals(committed ? reversed : List.of(), back.visited, () -> "seed " + seed + ": " + what
                        + ": the reply passes the instances in reverse where committed\n" + w + "\n" + back);
            }
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.OFF)
    void aClassFromTheExternalNetworkReachesItsWorkloadThroughOneLiveInstanceOfEachStepAndItsReplyLeavesThroughThem(@ForAll long seed)
            throws Exception {
        Random rnd = new Random(seed);
        ObjectNode json = tenant();
        ((ObjectNode) json.get("nat")).set("floatingIps", ChainPinningTest.M.readTree(
                "[{\"name\":\"web-1-public\",\"endpoint\":\"red-web-1\",\"address\":\"203.0.113.50\"}]"));
        ArrayNode rules = (ArrayNode) json.get("firewall").get("tenant");
        boolean stateful = rnd.nextInt(3) != 0;
        if (rnd.nextInt(4) != 0) { // else nothing lets the network in
            rules.add(ChainPinningTest.M.readTree("{\"name\":\"web-from-outside\",\"direction\":\"ingress\",\"appliedTo\":\"web\",\"peers\":"
                    + "[{\"cidr\":\"198.51.100.0/24\"}],\"protocol\":\"tcp\",\"ports\":[8080],\"action\":\"allow\",\"stateful\":" + stateful + "}"));
        }
        ObjectNode chain = json.putArray("chains").addObject().put("name", "in").put("protocol", "tcp");
        chain.withArray("from").addObject().put("cidr", "198.51.100.0/24");
        chain.withArray("to").addObject().put("endpoint", "red-web-1");
        chain.putArray("ports").add(8080);
        steps(rnd, chain.putArray("steps"), "first");
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Set<String> down = down(rnd);
        DeviceId gateway = GATEWAYS.get(rnd.nextInt(GATEWAYS.size()));
        Map<DeviceId, DsnProgram> programs = ChainOracleProperties.compile(doc, down, ChainExternalTest.inventory(gateway));
        PolicyOracle oracle = new PolicyOracle(doc);
        List<List<String>> hops = hops(chain.get("steps"), down);
        Map<DeviceId, Conntrack> cts = ChainExternalTest.conntrack();
        Endpoint web1 = doc.endpoints().get("red-web-1");
        String what = "gateway " + gateway + " down " + down + " stateful " + stateful + "\n" + chain;
        for (int sport = 42000; sport < 42004; sport++) {
            Connection c = Connection.of(OUTSIDE, ChainOracleProperties.v4(web1), Protocol.TCP, 8080);
            boolean allowed = oracle.ingress(c).allowed();
            boolean expected = allowed && hops != null;
            SimPacket in = new SimPacket(ChainExternalTest.NEXT_HOP, VipMac.of(ChainExternalTest.FIP), OUTSIDE, ChainExternalTest.FIP,
                    SimPacket.TCP, sport, 8080);
            Trip w = ChainExternalTest.go(programs, cts, doc, gateway, in, gateway, ChainExternalTest.EXT, "red-web-1");
            int s = sport;
            assertEquals(expected, w.delivered, () -> "seed " + seed + ": " + s + ": reaches web-1 exactly when allowed and not blocked: "
                    + what + "\n" + w);
            Statistics.label("in").collect(expected ? "through " + hops.size() : allowed ? "blocked" : "denied");
            if (!expected) {
                continue;
            }
            passesHops(seed, hops, w, doc, web1.attachment().dsn(), what); // placed as for a pair on the member's DSN, where it is marked
            assertEquals(ChainOracleProperties.v4(web1), w.last.ipDst(), "seed " + seed + ": translated to web-1\n" + w);
            // web-1's reply: committed by the ingress, it leaves through the instances reversed; else judged as new egress
            boolean committed = oracle.ingress(c).stateful();
            SimPacket reply = new SimPacket(web1.mac(), ChainOracleProperties.ROUTER, ChainOracleProperties.v4(web1), OUTSIDE, SimPacket.TCP,
                    8080, sport);
            Trip r = ChainExternalTest.go(programs, cts, doc, gateway, reply, web1.attachment().dsn(), web1.attachment().port().toLong(), "-");
            assertTrue(r.out != null, () -> "seed " + seed + ": the reply leaves (web's egress allows it): " + what + "\n" + w + "\n" + r);
            assertEquals(ChainExternalTest.FIP, r.out.ipSrc(), "seed " + seed + ": from the floating IP\n" + r);
            assertEquals(8080, r.out.tpSrc(), "seed " + seed + ": " + r);
            List<String> reversed = new ArrayList<>(w.visited);
            Collections.reverse(reversed);
            Statistics.label("reply").collect(committed ? "committed" : "judged as new");
            assertEquals(committed ? reversed : List.of(), r.visited, () -> "seed " + seed + ": the reply passes the instances in reverse"
                    + " where committed: " + what + "\n" + w + "\n" + r);
        }
    }

    static Trip out(Map<DeviceId, DsnProgram> ps, Map<DeviceId, Conntrack> cts, TenantDocument doc, DeviceId gateway, Endpoint e, int sport,
                    int dport) {
        SimPacket p = new SimPacket(e.mac(), ChainOracleProperties.ROUTER, ChainOracleProperties.v4(e), OUTSIDE, SimPacket.TCP, sport, dport);
        return ChainExternalTest.go(ps, cts, doc, gateway, p, e.attachment().dsn(), e.attachment().port().toLong(), "-");
    }

    static Trip back(Map<DeviceId, DsnProgram> ps, Map<DeviceId, Conntrack> cts, TenantDocument doc, DeviceId gateway, SimPacket out,
                     String to) {
        SimPacket p = new SimPacket(ChainExternalTest.NEXT_HOP, VipMac.of(out.ipSrc()), out.ipDst(), out.ipSrc(), SimPacket.TCP, out.tpDst(),
                out.tpSrc());
        return ChainExternalTest.go(ps, cts, doc, gateway, p, gateway, ChainExternalTest.EXT, to);
    }
}
