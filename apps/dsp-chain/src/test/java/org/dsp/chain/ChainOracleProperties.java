package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.GroupResolver;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowSimulator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.LogicalProgram;
import org.dsp.ir.ServicePaths;
import org.dsp.ir.VipMac;
import org.dsp.model.Endpoint;
import org.dsp.model.Protocol;
import org.dsp.model.TenantDocument;
import org.dsp.semantics.Connection;
import org.dsp.semantics.PolicyOracle;
import org.dsp.spi.TenantContext;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The reference semantics of a chain, checked against the compiled programs walked by the
 * simulator across both DSNs, over random chains on examples/chain.json's tenant (random classes,
 * services, steps in random order, instances, failure policies and instances that failed their
 * health checks): a connection of the class is delivered exactly when the policy allows it (the
 * built-in firewall decides, as without the chain) and no fail-closed step is left without a live
 * instance; what the sender's DSN denies reaches no function (a receiver on another DSN decides its
 * ingress after the functions); on its way it passes one live instance of each step that has one, in the chain's order
 * - one on the sender's DSN when the step has one there, else one on the receiver's DSN when it
 * has one there - and the reply passes the same instances in reverse and reaches the sender. A
 * chain of built-in steps only, and a connection of no chain's class, go exactly as without chains.
 * A third of the classes are encrypted (an encryption step, the tenant in clear): every tunnel they
 * take, both ways, is the encrypted one (and the tenant's other traffic's the plain one); when D2 has
 * no encrypted endpoint such a class does not pass between the DSNs, and no instance across is used.
 * A third of the other runs (no VIP) make allow rules stateless (and may let db open connections to web): a
 * reply is delivered where its connection was committed or policy allows it as a new connection,
 * and passes the instances back only where the receiver's DSN committed the connection (an
 * encrypted class between two DSNs: always, never in clear).
 * A third of the chains take a class to a load balancer (db-vip, whose backend shares a DSN with one
 * client and not with the other); connections to db-1 on tcp/5432, of that class or of a class to
 * db-1 itself, go to the VIP in half the runs - translated at the sender's DSN, their replies from
 * the VIP again - and to db-1 directly in the others.
 */
class ChainOracleProperties {
    static final ObjectMapper M = new ObjectMapper();
    static final MacAddress ROUTER = org.dsp.overlay.model.Networks.ROUTER_MAC;
    static final long TUNNEL_PORT = 9;
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final Map<DeviceId, Ip4Address> UNDERLAY = Map.of(D1, Ip4Address.valueOf("192.168.100.1"), D2, Ip4Address.valueOf("192.168.100.2"));
    static final List<String> SIDES = List.of("red-web-1", "red-web-2", "red-db-1");
    static final int[] PORTS = {5432, 80, 22};
    /** The address of examples/chain.json's load balancer db-vip (tcp/5432 onto the db group: red-db-1). */
    static final IpAddress VIP = IpAddress.valueOf("10.10.1.200");

    static Inventory inventory() {
        Map<DeviceId, TunnelEndpoint> t = new HashMap<>();
        UNDERLAY.forEach((d, a) -> t.put(d, TunnelEndpoint.of(PortNumber.portNumber(TUNNEL_PORT), a)));
        return Inventory.of(Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10)), t);
    }

    /** The encrypted tunnel port (dsp-tun-sec) and each DSN's secure address behind it (docs/encryption.md). */
    static final long SECURE_PORT = 7;
    static final Map<DeviceId, Ip4Address> SECURE = Map.of(D1, Ip4Address.valueOf("10.254.0.1"), D2, Ip4Address.valueOf("10.254.0.2"));

    /** {@link #inventory()} with the encrypted endpoints of D1 and, when {@code d2}, of D2. */
    static Inventory inventory(boolean d2) {
        Map<DeviceId, org.dsp.driver.ovs.SecureEndpoint> s = new HashMap<>();
        SECURE.forEach((d, a) -> {
            if (d.equals(D1) || d2) {
                s.put(d, org.dsp.driver.ovs.SecureEndpoint.of(TunnelEndpoint.of(PortNumber.portNumber(SECURE_PORT), a), PortNumber.portNumber(8),
                        UNDERLAY.get(d)));
            }
        });
        return inventory().withSecure(s);
    }

    @Property(tries = 300, shrinking = ShrinkingMode.OFF)
    void aChainedConnectionPassesOneLiveInstanceOfEachStepInOrderBothWaysAndIsDeliveredIffPolicyAllows(@ForAll long seed)
            throws Exception {
        check(seed, false);
    }

    /**
     * The same with the firewall's tiers always split where the chain allows it (a class between
     * endpoints with a function: the platform tier first, the others after a random one of the
     * functions) and, in most runs, a deny rule of the class's port in the tenant tier: what it denies
     * at the sender's DSN passes one live instance of each function before the late tiers, in order,
     * and nothing after them.
     */
    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void whatALateTierDeniesPassesTheLiveFunctionsBeforeItOnly(@ForAll long seed) throws Exception {
        check(seed, true);
    }

    private void check(long seed, boolean lateAlways) throws Exception {
        Random rnd = new Random(seed);
        ObjectNode json = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/chain.json")));
        List<String> sides = new ArrayList<>(SIDES);
        Collections.shuffle(sides, rnd);
        // a third of the chains take a class to the load balancer db-vip (its backend red-db-1, on D2 as red-web-2):
        // connected to the VIP, or (the same packets after translation) to the backend's target port directly
        boolean lb = !lateAlways && rnd.nextInt(3) == 0;
        boolean vipWalk = rnd.nextBoolean(); // db-1 on tcp/5432 connected through db-vip (a class to db-1 takes it translated too)
        List<String> from;
        List<String> to;
        int port;
        ObjectNode chain = M.createObjectNode().put("name", "c").put("protocol", "tcp");
        if (lb) {
            sides.remove("red-db-1");
            from = sides.subList(0, 1 + rnd.nextInt(sides.size()));
            to = List.of("red-db-1");
            port = 5432;
            chain.withArray("to").addObject().put("loadBalancer", "db-vip");
        } else {
            int cut = 1 + rnd.nextInt(sides.size() - 1);
            from = sides.subList(0, cut);
            to = sides.subList(cut, sides.size());
            port = PORTS[rnd.nextInt(PORTS.length)];
            to.forEach(e -> chain.withArray("to").addObject().put("endpoint", e));
        }
        from.forEach(e -> chain.withArray("from").addObject().put("endpoint", e));
        chain.putArray("ports").add(port);
        ArrayNode steps = chain.putArray("steps");
        if (lb && rnd.nextBoolean()) {
            steps.addObject().put("service", "loadBalancer");
        }
        if (rnd.nextBoolean()) {
            steps.addObject().put("service", "firewall");
        }
        List<String> functions = new ArrayList<>(List.of("ids", "fw"));
        Collections.shuffle(functions, rnd);
        functions = functions.subList(0, lateAlways ? 1 + rnd.nextInt(2) : rnd.nextInt(3));
        for (String f : functions) {
            ObjectNode s = steps.addObject().put("function", f).put("failure", rnd.nextBoolean() ? "bypass" : "drop");
            ArrayNode instances = s.putArray("instances");
            if (f.equals("ids")) {
                s.put("mode", "transparent");
                List<String> ids = new ArrayList<>(List.of("red-ids-1", "red-ids-2"));
                Collections.shuffle(ids, rnd);
                ids.subList(0, 1 + rnd.nextInt(2)).forEach(instances::add);
            } else {
                s.put("mode", "routed");
                instances.add("red-fw-1");
            }
        }
        // a third of the classes are encrypted (in a tenant in clear): their every tunnel the encrypted one; in a quarter of
        // those D2 has no encrypted endpoint, so they cannot cross between the DSNs (and no instance across is reachable)
        boolean encrypted = rnd.nextInt(3) == 0;
        boolean d2Secure = !encrypted || rnd.nextInt(4) != 0;
        if (encrypted) {
            int after = steps.size() > 0 && steps.get(0).path("service").asText().equals("loadBalancer") ? 1 : 0; // that one comes first
            steps.insert(after + rnd.nextInt(steps.size() + 1 - after), M.createObjectNode().put("service", "encryption"));
        }
        if (steps.isEmpty()) {
            steps.addObject().put("service", "firewall");
        }
        // half the chains between endpoints with a firewall step and a function split the firewall: the platform tier first,
        // the tenant and baseline tiers after one of the functions (late: docs/chaining.md, "A step per firewall tier");
        // and half of all runs add a deny rule of the class's port, in the tenant tier (late where split) or the platform's
        int firewallAt = -1;
        int firstFunction = -1;
        for (int i = 0; i < steps.size(); i++) {
            firewallAt = steps.get(i).path("service").asText().equals("firewall") ? i : firewallAt;
            firstFunction = firstFunction < 0 && steps.get(i).has("function") ? i : firstFunction;
        }
        boolean late = !lb && firstFunction >= 0 && (firewallAt < 0 || firewallAt < firstFunction) && (lateAlways || rnd.nextBoolean());
        if (late && firewallAt < 0) { // the platform tier first
            steps.insert(0, M.createObjectNode().put("service", "firewall"));
            firewallAt = 0;
            firstFunction++;
        }
        int lateAt = -1; // where the late step goes: right after a random one of the functions
        if (late) {
            ((ObjectNode) steps.get(firewallAt)).putArray("tiers").add("platform");
            ObjectNode after = M.createObjectNode().put("service", "firewall");
            after.putArray("tiers").add("tenant").add("baseline");
            List<Integer> functionAt = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).has("function")) {
                    functionAt.add(i);
                }
            }
            lateAt = functionAt.get(rnd.nextInt(functionAt.size())) + 1;
            steps.insert(lateAt, after);
        }
        String denyTier = rnd.nextInt(3) == 0 ? null : rnd.nextInt(lateAlways ? 8 : 4) == 0 ? "platform" : "tenant";
        Statistics.label("late").collect(late ? "tiers split, the tenant's late" : "one firewall step, or none", String.valueOf(denyTier));
        if (denyTier != null) {
            ObjectNode fw = (ObjectNode) json.get("firewall");
            ArrayNode tier = fw.has(denyTier) ? (ArrayNode) fw.get(denyTier) : fw.putArray(denyTier);
            boolean egress = rnd.nextBoolean();
            // mostly the class's own side's group (the sender's for an egress rule, the receiver's for an ingress one)
            String side = (egress ? from : to).get(0);
            String applied = rnd.nextInt(4) == 0 ? (side.contains("web") ? "db" : "web") : side.contains("web") ? "web" : "db";
            ObjectNode r = tier.insertObject(0).put("name", "deny-" + port).put("direction", egress ? "egress" : "ingress")
                    .put("appliedTo", applied).put("protocol", "tcp").put("action", "deny");
            r.putArray("ports").add(port);
        }
        json.putArray("chains").add(chain);
        // a third of the runs (no load balancer, no VIP) make allow rules stateless and may let db-1 open connections to
        // web: a stateless allow is never committed, so its reply is judged as a new connection
        boolean stateless = !lb && !vipWalk && rnd.nextInt(3) == 0;
        if (stateless) {
            ArrayNode rules = (ArrayNode) json.get("firewall").get("tenant");
            rules.forEach(r -> ((ObjectNode) r).put("stateful", rnd.nextBoolean()));
            if (rnd.nextBoolean()) {
                ObjectNode r = rules.addObject().put("name", "web-from-db").put("direction", "ingress").put("appliedTo", "web")
                        .put("action", "allow").put("stateful", false);
                r.putArray("peers").addObject().put("group", "db");
            }
            if (rnd.nextBoolean()) {
                rules.addObject().put("name", "db-out").put("direction", "egress").put("appliedTo", "db").put("action", "allow")
                        .put("stateful", rnd.nextBoolean());
            }
        }
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Set<String> down = new TreeSet<>();
        for (String x : List.of("red-ids-1", "red-ids-2", "red-fw-1")) {
            if (rnd.nextInt(4) == 0) {
                down.add(x);
            }
        }
        Inventory inv = inventory(d2Secure);
        Map<DeviceId, DsnProgram> programs = compile(doc, down, inv);
        TenantDocument plain = TenantDocumentCodec.decode(json.without("chains"));
        Map<DeviceId, DsnProgram> without = DsnCompiler.compile(List.of(LogicalCompiler.compile(plain, Keys.tenantKey("red"))), inv);
        java.util.function.Predicate<DeviceId> sealedOk = d -> !encrypted || d.equals(D1) || d2Secure; // the class's tunnels reach d
        PolicyOracle oracle = new PolicyOracle(doc);
        int sport = 40000;
        for (String an : from) {
            for (String bn : to) {
                Endpoint a = doc.endpoints().get(an);
                Endpoint b = doc.endpoints().get(bn);
                boolean allowed = oracle.allows(Connection.of(v4(a), v4(b), Protocol.TCP, port));
                boolean viaVip = vipWalk && bn.equals("red-db-1") && port == 5432;
                // the reference: the live instances of each function step, in order; a fail-closed step with none blocks.
                // An instance is reachable on the pair's one DSN, or where the class's tunnels reach it and both ends; an
                // encrypted class between two DSNs passes only when both have an encrypted endpoint
                DeviceId da = a.attachment().dsn();
                DeviceId db = b.attachment().dsn();
                boolean sealedOff = !da.equals(db) && !(sealedOk.test(da) && sealedOk.test(db));
                List<List<String>> hops = new ArrayList<>();
                int beforeLate = 0; // of the live hops, those before the late tiers
                boolean blocked = sealedOff;
                for (int si = 0; si < steps.size(); si++) {
                    com.fasterxml.jackson.databind.JsonNode s = steps.get(si);
                    if (!s.has("function")) {
                        continue;
                    }
                    List<String> live = new ArrayList<>();
                    s.get("instances").forEach(x -> {
                        DeviceId dx = doc.endpoints().get(x.asText()).attachment().dsn();
                        boolean reachable = dx.equals(da) && dx.equals(db) || sealedOk.test(dx) && sealedOk.test(da) && sealedOk.test(db);
                        if (!down.contains(x.asText()) && reachable) {
                            live.add(x.asText());
                        }
                    });
                    if (live.isEmpty()) {
                        blocked |= s.get("failure").asText().equals("drop");
                        continue;
                    }
                    hops.add(live);
                    beforeLate += si < lateAt ? 1 : 0;
                }
                Map<DeviceId, Conntrack> cts = new HashMap<>(Map.of(D1, new Conntrack(), D2, new Conntrack()));
                Walk fwd = viaVip ? walk(programs, cts, doc, a, b, VIP, VipMac.of(VIP), ++sport, port) : walk(programs, cts, doc, a, b, ++sport, port);
                boolean expected = allowed && !blocked;
                assertEquals(expected, fwd.delivered, () -> "seed " + seed + ": " + an + " -> " + bn + " tcp/" + port + " allowed " + allowed
                        + " blocked " + down + "\n" + chain + "\n" + json.get("firewall") + "\n" + fwd);
                Statistics.label("class").collect(lb ? "to the load balancer" : "to endpoints", viaVip ? "through the VIP" : "direct",
                        a.attachment().dsn().equals(b.attachment().dsn()) ? "one DSN" : "two DSNs",
                        encrypted ? (d2Secure ? "encrypted" : "encrypted, D2 without endpoint") : "in clear");
                Statistics.label("forward").collect(expected ? (hops.isEmpty() ? "delivered, no hop" : "delivered through " + hops.size())
                        : !allowed ? "denied by policy" : sealedOff ? "blocked: no encrypted endpoint" : "blocked by a fail-closed step");
                // every tunnel the class takes is the encrypted one when it is encrypted, the plain one otherwise
                long classTunnel = encrypted ? SECURE_PORT : TUNNEL_PORT;
                assertTrue(fwd.crossings.stream().allMatch(x -> x == classTunnel), () -> "seed " + seed + ": the class's tunnels " + fwd.crossings
                        + " (encrypted " + encrypted + ")\n" + chain + "\n" + fwd);
                if (!expected) {
                    // what the sender's egress denies reaches no function; the receiver's ingress is decided at the receiver's
                    // DSN, after the functions when it is another DSN than the sender's (distributed enforcement). What a late tier's
                    // deny rule denies at the sender's DSN reaches one live instance of the first function, and nothing after it
                    org.dsp.semantics.DirectionDecision eg = oracle.egress(Connection.of(v4(a), v4(b), Protocol.TCP, port));
                    org.dsp.semantics.DirectionDecision in = oracle.ingress(Connection.of(v4(a), v4(b), Protocol.TCP, port));
                    boolean decidedFirst = !eg.allowed() || a.attachment().dsn().equals(b.attachment().dsn());
                    org.dsp.semantics.DirectionDecision decider = !eg.allowed() ? eg : in;
                    boolean doomed = !allowed && decidedFirst && late && "tenant".equals(denyTier) && ("deny-" + port).equals(decider.rule())
                            && !blocked && beforeLate > 0;
                    Statistics.label("denied").collect(allowed ? "blocked" : doomed ? "late: through the " + beforeLate + " live function(s) before it"
                            : decidedFirst ? "at the sender" : "at the receiver, after the functions");
                    if (doomed) {
                        assertEquals(beforeLate, fwd.visited.size(), "seed " + seed + ": denied late, it passes the live functions before the "
                                + "late tiers only\n" + chain + "\n" + fwd);
                        for (int i = 0; i < beforeLate; i++) {
                            assertTrue(hops.get(i).contains(fwd.visited.get(i)), "seed " + seed + ": a live instance of each, in order\n" + fwd);
                        }
                    } else {
                        assertTrue(fwd.visited.isEmpty() || allowed || !decidedFirst,
                                "seed " + seed + ": a packet denied at the sender's DSN reaches no function\n" + chain + "\n" + fwd);
                    }
                    continue;
                }
                assertEquals(hops.size(), fwd.visited.size(), () -> "seed " + seed + ": one instance per live step\n" + chain + "\n" + fwd);
                for (int i = 0; i < hops.size(); i++) {
                    String x = fwd.visited.get(i);
                    assertTrue(hops.get(i).contains(x), "seed " + seed + ": step " + i + " passes one of its live instances " + hops.get(i)
                            + ", not " + x + "\n" + fwd);
                    List<String> near = on(hops.get(i), doc, a.attachment().dsn());
                    if (near.isEmpty()) {
                        near = on(hops.get(i), doc, b.attachment().dsn());
                    }
                    assertTrue(near.isEmpty() || near.contains(x), "seed " + seed + ": an instance near the sender, else the receiver: "
                            + near + ", not " + x + "\n" + fwd);
                }
                // the reply passes where the connection was committed, else where policy allows it as a new connection;
                // it is steered back where the receiver's DSN committed it - an encrypted class between two DSNs always
                Connection c = Connection.of(v4(a), v4(b), Protocol.TCP, port);
                Connection r = Connection.of(v4(b), v4(a), Protocol.TCP, sport);
                boolean eg = oracle.egress(c).stateful();
                boolean in = oracle.ingress(c).stateful();
                boolean replies = da.equals(db) ? eg && in || oracle.allows(r)
                        : (in || oracle.egress(r).allowed()) && (eg || oracle.ingress(r).allowed());
                boolean steeredBack = da.equals(db) ? eg && in : in || encrypted;
                Statistics.label("reply").collect(!replies ? "denied" : steeredBack ? "steered back" : "judged as new, not steered");
                Walk back = walk(programs, cts, doc, b, a, port, sport);
                assertEquals(replies, back.delivered, () -> "seed " + seed + ": the reply reaches " + an + " (stateless " + stateless + ")\n"
                        + json.get("firewall") + "\n" + chain + "\n" + fwd + "\n" + back);
                assertTrue(back.crossings.stream().allMatch(x -> x == classTunnel), () -> "seed " + seed + ": the reply's tunnels "
                        + back.crossings + " (encrypted " + encrypted + ")\n" + back);
                if (!replies) {
                    continue;
                }
                assertEquals(viaVip ? VIP : v4(b), back.last.ipSrc(), () -> "seed " + seed + ": the reply comes from where the connection went\n"
                        + chain + "\n" + fwd + "\n" + back);
                List<String> reversed = new ArrayList<>(fwd.visited);
                Collections.reverse(reversed);
                assertEquals(steeredBack ? reversed : List.of(), back.visited, () -> "seed " + seed + ": the reply passes the same instances in "
                        + "reverse (where steered back)\n" + back);
                assertEquals(!da.equals(db) || !fwd.visited.isEmpty() && !on(fwd.visited, doc, da).equals(fwd.visited), !fwd.crossings.isEmpty(),
                        () -> "seed " + seed + ": a connection crosses the underlay exactly when its ends or instances are on two DSNs\n" + fwd);
                if (functions.isEmpty() && !encrypted) {
                    assertEquals(without.get(a.attachment().dsn()).flows(), programs.get(a.attachment().dsn()).flows(),
                            "seed " + seed + ": a chain of built-in steps is the DSN pass without it");
                }
            }
        }
        // a connection of no chain's class: exactly as without chains (the other port)
        int other = port == 5432 ? 80 : 5432;
        Endpoint a = doc.endpoints().get(from.get(0));
        Endpoint b = doc.endpoints().get(to.get(0));
        Walk w1 = walk(programs, new HashMap<>(Map.of(D1, new Conntrack(), D2, new Conntrack())), doc, a, b, 50000, other);
        Walk w0 = walk(without, new HashMap<>(Map.of(D1, new Conntrack(), D2, new Conntrack())), plain, a, b, 50000, other);
        assertEquals(w0.delivered, w1.delivered, "seed " + seed + ": no class of the chain\n" + w1 + "\n" + w0);
        assertTrue(w1.visited.isEmpty(), "seed " + seed + ": no function\n" + w1);
        assertTrue(w1.crossings.stream().allMatch(x -> x == TUNNEL_PORT), "seed " + seed + ": in clear, as the tenant's traffic\n" + w1);
    }

    /**
     * The flows whose actions differ between two compiles of one tenant, over its DSNs; asserts that
     * each DSN holds the same matches in both (a change that only rewrites actions, in place).
     */
    static List<org.dsp.driver.ovs.DsnFlow> rewritten(Map<DeviceId, DsnProgram> before, Map<DeviceId, DsnProgram> after) {
        List<org.dsp.driver.ovs.DsnFlow> out = new ArrayList<>();
        before.forEach((d, p) -> {
            Map<org.dsp.driver.ovs.DsnFlow.Key, org.dsp.driver.ovs.DsnFlow> a = p.flows();
            Map<org.dsp.driver.ovs.DsnFlow.Key, org.dsp.driver.ovs.DsnFlow> b = after.get(d).flows();
            assertEquals(a.keySet(), b.keySet(), "the same flows (matches) on " + d + ": only actions change");
            a.forEach((k, f) -> {
                if (!f.equals(b.get(k))) {
                    out.add(f);
                }
            });
        });
        return out;
    }

    /** Compiles the tenant with the instances in {@code down} failed (as the health checks would have them). */
    static Map<DeviceId, DsnProgram> compile(TenantDocument doc, Set<String> down) {
        return compile(doc, down, inventory());
    }

    /** As {@link #compile(TenantDocument, Set)}, for the DSNs of {@code inv}. */
    static Map<DeviceId, DsnProgram> compile(TenantDocument doc, Set<String> down, Inventory inv) {
        return compile(doc, down, Map.of(), inv);
    }

    /** As {@link #compile(TenantDocument, Set)}, the instances' load levels {@code load} as measured (docs/chaining.md, "Ties by load"). */
    static Map<DeviceId, DsnProgram> compile(TenantDocument doc, Set<String> down, Map<String, Integer> load) {
        return compile(doc, down, load, inventory());
    }

    private static Map<DeviceId, DsnProgram> compile(TenantDocument doc, Set<String> down, Map<String, Integer> load, Inventory inv) {
        int key = Keys.tenantKey("red");
        LogicalProgram p = LogicalCompiler.compile(doc, key);
        TenantContext ctx = new TenantContext(doc, key, new GroupResolver(doc), true);
        ServicePaths sp = ChainCompiler.paths(ctx, doc.section(ChainCodec.KEY, org.dsp.chain.model.Chains.class),
                doc.section("networks", org.dsp.overlay.model.Networks.class), down, load);
        List<LogicalFlow> flows = new ArrayList<>();
        for (LogicalFlow f : p.flows().values()) {
            boolean chain = ServicePaths.of(f) != null;
            flows.add(chain ? LogicalFlow.actions(f.stage(), f.priority(), f.owner(), f.side(), f.local(), null, null, List.of(sp)) : f);
        }
        return DsnCompiler.compile(List.of(new LogicalProgram(p.tenant(), p.tenantKey(), flows)), inv);
    }

    /** Where a packet went: the instances it passed, in order, and whether its destination got it. */
    static final class Walk {
        final List<String> visited = new ArrayList<>();
        final List<String> trace = new ArrayList<>();
        /** The tunnel port of each underlay crossing, in order (the plain one, or the encrypted one). */
        final List<Long> crossings = new ArrayList<>();
        boolean delivered;
        /** The packet as it last left a switch. */
        SimPacket last;

        @Override
        public String toString() {
            return "visited " + visited + (delivered ? ", delivered" : ", not delivered") + "\n  " + String.join("\n  ", trace);
        }
    }

    /**
     * Sends a TCP packet from {@code a} to {@code b} and follows it: out of an instance's port the
     * instance passes it back (a transparent one unchanged, a routed one from its MAC to its
     * gateway), through the tunnel to the DSN it names, until it reaches b's port or goes nowhere.
     */
    static Walk walk(Map<DeviceId, DsnProgram> programs, Map<DeviceId, Conntrack> cts, TenantDocument doc, Endpoint a, Endpoint b,
                     int sport, int dport) {
        boolean sameNet = v4(a).toString().substring(0, 8).equals(v4(b).toString().substring(0, 8));
        return walk(programs, cts, doc, a, b, v4(b), sameNet ? b.mac() : ROUTER, sport, dport);
    }

    /** As {@link #walk(Map, Map, TenantDocument, Endpoint, Endpoint, int, int)}, sent to {@code dst} at {@code dstMac} (a VIP). */
    static Walk walk(Map<DeviceId, DsnProgram> programs, Map<DeviceId, Conntrack> cts, TenantDocument doc, Endpoint a, Endpoint b,
                     IpAddress dst, MacAddress dstMac, int sport, int dport) {
        Walk w = new Walk();
        Map<String, Endpoint> byPort = new HashMap<>();
        doc.endpoints().values().forEach(e -> byPort.put(e.attachment().dsn() + "/" + e.attachment().port().toLong(), e));
        SimPacket p = new SimPacket(a.mac(), dstMac, v4(a), dst, SimPacket.TCP, sport, dport);
        DeviceId at = a.attachment().dsn();
        long in = a.attachment().port().toLong();
        for (int i = 0; i < 12; i++) {
            FlowSimulator.Result r = new FlowSimulator(programs.get(at), cts.get(at)).process(p, in);
            w.trace.add(at + " in " + in + ": " + r.outputs() + (r.tunnelId() >= 0 ? " tun " + Long.toHexString(r.tunnelId()) : ""));
            if (r.outputs().size() != 1) {
                return w;
            }
            long out = r.outputs().get(0);
            SimPacket o = r.packet();
            w.last = o;
            if (out == TUNNEL_PORT || out == SECURE_PORT) {
                Map<DeviceId, Ip4Address> addresses = out == TUNNEL_PORT ? UNDERLAY : SECURE;
                DeviceId next = addresses.entrySet().stream().filter(e -> (e.getValue().toInt() & 0xffffffffL) == r.tunnelDst())
                        .map(Map.Entry::getKey).findFirst().orElse(null);
                if (next == null) {
                    return w;
                }
                w.crossings.add(out);
                p = o.tunnelled(r.tunnelId(), addresses.get(at).toInt() & 0xffffffffL);
                in = out;
                at = next;
                continue;
            }
            Endpoint e = byPort.get(at + "/" + out);
            if (e == null) {
                return w;
            }
            if (e.name().equals(b.name())) {
                w.delivered = true;
                return w;
            }
            if (!e.name().startsWith("red-ids") && !e.name().startsWith("red-fw") && !e.name().startsWith("red-dpi")) { // functions' instances
                return w; // delivered to a workload it was not for
            }
            w.visited.add(e.name());
            boolean routed = e.name().startsWith("red-fw");
            p = routed ? new SimPacket(e.mac(), ROUTER, o.ipSrc(), o.ipDst(), o.ipProto(), o.tpSrc(), o.tpDst())
                    : new SimPacket(e.mac(), o.ethDst(), o.ipSrc(), o.ipDst(), o.ipProto(), o.tpSrc(), o.tpDst());
            in = out;
        }
        return w;
    }

    static List<String> on(List<String> instances, TenantDocument doc, DeviceId dsn) {
        List<String> out = new ArrayList<>();
        instances.forEach(x -> {
            if (doc.endpoints().get(x).attachment().dsn().equals(dsn)) {
                out.add(x);
            }
        });
        return out;
    }

    static IpAddress v4(Endpoint e) {
        return e.addresses().stream().filter(IpAddress::isIp4).findFirst().orElseThrow();
    }
}
