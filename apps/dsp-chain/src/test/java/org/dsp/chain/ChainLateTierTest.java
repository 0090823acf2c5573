package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * A firewall step after a service function (docs/chaining.md, "A step per firewall tier"), walked
 * by the flow simulator across both DSNs of examples/chain.json: red's chain made
 * {@code [firewall(platform), ids, firewall(tenant, baseline), fw]}, and a tenant-tier rule that
 * denies web to db on tcp/5432. Such a connection attempt reaches the IDS - on the sender's DSN,
 * through the tunnel to another's, or with both ends and the IDS on one DSN - and goes no
 * further: neither the routed firewall after it nor db-1 gets it. What the platform tier (decided
 * first) denies reaches nothing; what policy allows passes the whole chain, also with the same
 * addresses and ports as an attempt the late tier refused before.
 */
class ChainLateTierTest {
    static final DeviceId D1 = ChainOracleProperties.D1;
    static final DeviceId D2 = ChainOracleProperties.D2;

    /** Red, its chain deciding the tenant and baseline tiers after the IDS; with {@code deny}, a tenant-tier rule refusing web to db tcp/5432. */
    static ObjectNode red(boolean late, String denyTier) throws Exception {
        ObjectNode json = ChainPinningTest.red();
        ArrayNode steps = ((ObjectNode) json.get("chains").get(0)).putArray("steps");
        if (late) {
            steps.addObject().put("service", "firewall").putArray("tiers").add("platform");
        } else {
            steps.addObject().put("service", "firewall");
        }
        steps.add(ChainPinningTest.red().get("chains").get(0).get("steps").get(1));
        if (late) {
            ObjectNode fw = steps.addObject().put("service", "firewall");
            fw.putArray("tiers").add("tenant").add("baseline");
        }
        steps.add(ChainPinningTest.red().get("chains").get(0).get("steps").get(2));
        if (denyTier != null) {
            ObjectNode firewall = (ObjectNode) json.get("firewall");
            ArrayNode tier = firewall.has(denyTier) ? (ArrayNode) firewall.get(denyTier) : firewall.putArray(denyTier);
            ObjectNode rule = tier.insertObject(0).put("name", "no-db").put("direction", "egress").put("appliedTo", "web")
                    .put("protocol", "tcp").put("action", "deny");
            rule.putArray("peers").addObject().put("group", "db");
            rule.putArray("ports").add(5432);
        }
        return json;
    }

    /** Adds a function instance {@code name} (one address, a role label) at port {@code port} of DSN 1. */
    static void instanceOnDsn1(ObjectNode json, String name, String mac, String address, String role, int port) {
        ((ArrayNode) json.get("endpoints")).addObject().put("name", name).put("kind", "vm").put("mac", mac)
                .<ObjectNode>set("addresses", json.arrayNode().add(address))
                .<ObjectNode>set("labels", json.objectNode().put("role", role))
                .set("attachment", json.objectNode().put("dsn", "of:0000000000000001").put("port", port));
    }

    /** A copy of {@code json} ({@link #red} with a deny rule) without that rule: what policy allows passes. */
    static ObjectNode withoutTheDeny(ObjectNode json) {
        ObjectNode open = json.deepCopy();
        ((ArrayNode) open.get("firewall").get("tenant")).remove(0);
        return open;
    }

    /**
     * Asserts that web-1's and web-2's refused attempts to db-1 (from {@code sport}) pass their own
     * DSN's IDS instance, then {@code after}, in order, and reach nothing else.
     */
    static void refusedThrough(Map<DeviceId, DsnProgram> programs, TenantDocument doc, int sport, String... after) throws Exception {
        for (String from : List.of("red-web-1", "red-web-2")) {
            ChainOracleProperties.Walk w = ChainOracleProperties.walk(programs, ChainPinningTest.conntrack(), doc, ep(from), ep("red-db-1"),
                    sport, 5432);
            assertFalse(w.delivered, w.toString());
            List<String> expected = new java.util.ArrayList<>(List.of(from.equals("red-web-1") ? "red-ids-1" : "red-ids-2"));
            expected.addAll(List.of(after));
            assertEquals(expected, w.visited, w.toString());
        }
    }

    static Map<DeviceId, DsnProgram> compile(ObjectNode json, Set<String> down) {
        return ChainOracleProperties.compile(TenantDocumentCodec.decode(json), down);
    }

    static Endpoint ep(String name) throws Exception {
        return TenantDocumentCodec.decode(ChainPinningTest.red()).endpoints().get(name);
    }

    @Test
    void whatALateTierDeniesPassesTheFunctionBeforeItAndNothingAfter() throws Exception {
        ObjectNode json = red(true, "tenant");
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> programs = compile(json, Set.of());
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        for (int i = 0; i < 2; i++) { // a retransmission: doomed again
            ChainOracleProperties.Walk w = ChainOracleProperties.walk(programs, cts, doc, ep("red-web-1"), ep("red-db-1"), 40101, 5432);
            assertFalse(w.delivered, w.toString());
            assertEquals(List.of("red-ids-1"), w.visited, "the IDS sees the attempt, the firewall after the late tier does not: " + w);
        }
        // nothing of it was committed in the tenant's zone at the sender's DSN: its refusal leaves no connection there
        assertEquals(0, cts.get(D1).size(org.dsp.compiler.Keys.tenantKey("red")), "a doomed packet is never committed as a connection");
    }

    @Test
    void throughTheTunnelToAnotherDsnsInstanceAndOnOneDsnTheSame() throws Exception {
        ObjectNode json = red(true, "tenant");
        TenantDocument doc = TenantDocumentCodec.decode(json);
        // ids-1 down: web-1's attempt goes to ids-2 on DSN 2, with its doom id
        Map<DeviceId, DsnProgram> programs = compile(json, Set.of("red-ids-1"));
        ChainOracleProperties.Walk w = ChainOracleProperties.walk(programs, ChainPinningTest.conntrack(), doc, ep("red-web-1"),
                ep("red-db-1"), 40102, 5432);
        assertFalse(w.delivered, w.toString());
        assertEquals(List.of("red-ids-2"), w.visited, w.toString());
        assertTrue(w.crossings.size() == 1, "one tunnel, to the IDS's DSN: " + w);
        // web-2, db-1, ids-2 and the firewall all on DSN 2
        ChainOracleProperties.Walk one = ChainOracleProperties.walk(compile(json, Set.of()), ChainPinningTest.conntrack(), doc,
                ep("red-web-2"), ep("red-db-1"), 40103, 5432);
        assertFalse(one.delivered, one.toString());
        assertEquals(List.of("red-ids-2"), one.visited, one.toString());
    }

    @Test
    void anEarlyTierDeniesBeforeEveryFunctionAndAllowedTrafficPassesTheWholeChain() throws Exception {
        // the platform tier, decided first: the IDS sees nothing of what it denies
        ObjectNode early = red(true, "platform");
        ChainOracleProperties.Walk w = ChainOracleProperties.walk(compile(early, Set.of()), ChainPinningTest.conntrack(),
                TenantDocumentCodec.decode(early), ep("red-web-1"), ep("red-db-1"), 40104, 5432);
        assertFalse(w.delivered, w.toString());
        assertEquals(List.of(), w.visited, w.toString());
        // the whole firewall first (as before tiers could be split): the same
        ObjectNode whole = red(false, "tenant");
        w = ChainOracleProperties.walk(compile(whole, Set.of()), ChainPinningTest.conntrack(), TenantDocumentCodec.decode(whole),
                ep("red-web-1"), ep("red-db-1"), 40105, 5432);
        assertFalse(w.delivered, w.toString());
        assertEquals(List.of(), w.visited, w.toString());
        // no deny: both ways through the IDS and the firewall, on two DSNs and on one
        ObjectNode allowed = red(true, null);
        TenantDocument doc = TenantDocumentCodec.decode(allowed);
        Map<DeviceId, DsnProgram> programs = compile(allowed, Set.of());
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        for (String from : List.of("red-web-1", "red-web-2")) {
            ChainOracleProperties.Walk there = ChainOracleProperties.walk(programs, cts, doc, ep(from), ep("red-db-1"), 40106, 5432);
            assertTrue(there.delivered, there.toString());
            assertEquals(2, there.visited.size(), there.toString());
            ChainOracleProperties.Walk back = ChainOracleProperties.walk(programs, cts, doc, ep("red-db-1"), ep(from), 5432, 40106);
            assertTrue(back.delivered, back.toString());
            assertEquals(List.of(there.visited.get(1), there.visited.get(0)), back.visited, back.toString());
        }
    }

    @Test
    void anAttemptTheLateTierRefusedNeverDoomsALaterAllowedConnectionOfTheSameAddresses() throws Exception {
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack(); // the switches' conntrack outlives the program change
        ObjectNode denied = red(true, "tenant");
        for (String from : List.of("red-web-1", "red-web-2")) {
            ChainOracleProperties.Walk w = ChainOracleProperties.walk(compile(denied, Set.of()), cts, TenantDocumentCodec.decode(denied),
                    ep(from), ep("red-db-1"), 40107, 5432);
            assertFalse(w.delivered, w.toString());
        }
        // the rule goes: the same addresses and ports, now allowed, pass the chain and arrive
        ObjectNode allowed = red(true, null);
        for (String from : List.of("red-web-1", "red-web-2")) {
            ChainOracleProperties.Walk w = ChainOracleProperties.walk(compile(allowed, Set.of()), cts, TenantDocumentCodec.decode(allowed),
                    ep(from), ep("red-db-1"), 40107, 5432);
            assertTrue(w.delivered, w.toString());
            assertEquals(2, w.visited.size(), w.toString());
        }
    }

    @Test
    void whatALateTierDeniesOutsideEveryChainsClassDropsAtTheSender() throws Exception {
        ObjectNode json = red(true, "tenant");
        ObjectNode rule = ((ArrayNode) json.get("firewall").get("tenant")).insertObject(0).put("name", "no-web-8080").put("direction", "egress")
                .put("appliedTo", "web").put("protocol", "tcp").put("action", "deny");
        rule.putArray("peers").addObject().put("group", "web");
        rule.putArray("ports").add(8080);
        TenantDocument doc = TenantDocumentCodec.decode(json);
        // web-1 to web-2 on 8080: no chain's class, denied by the late tier - dropped (web-2's ingress would let it in)
        ChainOracleProperties.Walk w = ChainOracleProperties.walk(compile(json, Set.of()), ChainPinningTest.conntrack(), doc,
                ep("red-web-1"), ep("red-web-2"), 40109, 8080);
        assertFalse(w.delivered, w.toString());
        assertEquals(List.of(), w.visited, w.toString());
        assertTrue(ChainOracleProperties.walk(compile(red(true, "tenant"), Set.of()), ChainPinningTest.conntrack(), doc, ep("red-web-1"),
                ep("red-web-2"), 40109, 8080).delivered, "without the rule it arrives");
    }

    @Test
    void aChainDecidingEveryTierFirstThroughTheSameIdsSeesNothingItsFirewallDenies() throws Exception {
        // inspect-db decides the tenant tier late; a second chain, web to db on tcp/5433, through the same IDS, decides it first
        ObjectNode json = red(true, "tenant");
        ObjectNode second = ((ArrayNode) json.get("chains")).addObject().put("name", "inspect-5433").put("protocol", "tcp");
        second.putArray("from").addObject().put("group", "web");
        second.putArray("to").addObject().put("group", "db");
        second.putArray("ports").add(5433);
        ArrayNode steps = second.putArray("steps");
        steps.addObject().put("service", "firewall");
        steps.add(ChainPinningTest.red().get("chains").get(0).get("steps").get(1));
        ArrayNode rules = (ArrayNode) json.get("firewall").get("tenant");
        ((ArrayNode) rules.get(0).get("ports")).add(5433); // the tenant tier's deny covers both classes' ports
        ObjectNode allow = rules.addObject().put("name", "db-5433").put("direction", "ingress").put("appliedTo", "db").put("protocol", "tcp")
                .put("action", "allow");
        allow.putArray("peers").addObject().put("group", "web");
        allow.putArray("ports").add(5433);
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> programs = compile(json, Set.of());
        ChainOracleProperties.Walk late = ChainOracleProperties.walk(programs, ChainPinningTest.conntrack(), doc, ep("red-web-1"), ep("red-db-1"),
                40111, 5432);
        assertEquals(List.of("red-ids-1"), late.visited, late.toString());
        assertFalse(late.delivered, late.toString());
        ChainOracleProperties.Walk early = ChainOracleProperties.walk(programs, ChainPinningTest.conntrack(), doc, ep("red-web-1"),
                ep("red-db-1"), 40112, 5433);
        assertEquals(List.of(), early.visited, "the second chain decides the tenant tier first: its IDS sees nothing denied " + early);
        assertFalse(early.delivered, early.toString());
        // the deny rule gone: the second chain's connections pass the shared IDS both ways (its packets back are not looked up as doomed)
        ((ArrayNode) json.get("firewall").get("tenant")).remove(0);
        TenantDocument allowed = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> open = compile(json, Set.of());
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        for (String from : List.of("red-web-1", "red-web-2")) {
            ChainOracleProperties.Walk w = ChainOracleProperties.walk(open, cts, allowed, ep(from), ep("red-db-1"), 40113, 5433);
            assertTrue(w.delivered && w.visited.size() == 1, w.toString());
            ChainOracleProperties.Walk back = ChainOracleProperties.walk(open, cts, allowed, ep("red-db-1"), ep(from), 5433, 40113);
            assertTrue(back.delivered && back.visited.equals(w.visited), back.toString());
        }
    }

    @Test
    void afterTwoFunctionsWhatTheLateTierDeniesPassesBothAndDropsAfterTheSecond() throws Exception {
        // red's chain with the tenant and baseline tiers after both the IDS and the routed firewall
        ObjectNode json = red(true, "tenant");
        ArrayNode steps = (ArrayNode) json.get("chains").get(0).get("steps");
        steps.insert(3, steps.remove(2));
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> programs = compile(json, Set.of());
        // web-1 (DSN 1): its IDS on DSN 1, then the firewall on DSN 2 through the doom tunnel; web-2: all on DSN 2
        refusedThrough(programs, doc, 40120, "red-fw-1");
        // the firewall down (it fails closed): nothing passes; the IDS down (bypass): the firewall alone
        ChainOracleProperties.Walk closed = ChainOracleProperties.walk(compile(json, Set.of("red-fw-1")), ChainPinningTest.conntrack(), doc,
                ep("red-web-1"), ep("red-db-1"), 40121, 5432);
        assertEquals(List.of(), closed.visited, closed.toString());
        ChainOracleProperties.Walk bypassed = ChainOracleProperties.walk(compile(json, Set.of("red-ids-1", "red-ids-2")),
                ChainPinningTest.conntrack(), doc, ep("red-web-1"), ep("red-db-1"), 40122, 5432);
        assertFalse(bypassed.delivered, bypassed.toString());
        assertEquals(List.of("red-fw-1"), bypassed.visited, bypassed.toString());
        // allowed: both functions, both ways - also with the same addresses and ports as an attempt refused before (the
        // record at each function's instance is reset, the second's too)
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        assertFalse(ChainOracleProperties.walk(programs, cts, doc, ep("red-web-1"), ep("red-db-1"), 40123, 5432).delivered);
        ObjectNode open = red(true, null);
        ArrayNode s2 = (ArrayNode) open.get("chains").get(0).get("steps");
        s2.insert(3, s2.remove(2));
        TenantDocument allowed = TenantDocumentCodec.decode(open);
        Map<DeviceId, DsnProgram> ps = compile(open, Set.of());
        ChainOracleProperties.Walk there = ChainOracleProperties.walk(ps, cts, allowed, ep("red-web-1"), ep("red-db-1"), 40123, 5432);
        assertTrue(there.delivered && there.visited.equals(List.of("red-ids-1", "red-fw-1")), there.toString());
        ChainOracleProperties.Walk back = ChainOracleProperties.walk(ps, cts, allowed, ep("red-db-1"), ep("red-web-1"), 5432, 40123);
        assertTrue(back.delivered && back.visited.equals(List.of("red-fw-1", "red-ids-1")), back.toString());
    }

    @Test
    void withTheFunctionBeforeTheLateTierBypassedWhatItDeniesDrops() throws Exception {
        ObjectNode json = red(true, "tenant"); // the IDS fails open
        ChainOracleProperties.Walk w = ChainOracleProperties.walk(compile(json, Set.of("red-ids-1", "red-ids-2")),
                ChainPinningTest.conntrack(), TenantDocumentCodec.decode(json), ep("red-web-1"), ep("red-db-1"), 40108, 5432);
        assertFalse(w.delivered, w.toString());
        assertEquals(List.of(), w.visited, "no function before the late tier: nothing passes one: " + w);
        // an encrypted class (its steering takes its packets whatever their conntrack state): the same (found by
        // ChainOracleProperties: the doomed packet went on through the firewall and the encrypted tunnel to db-1)
        ((ArrayNode) json.get("chains").get(0).get("steps")).insertObject(1).put("service", "encryption");
        TenantDocument sealed = TenantDocumentCodec.decode(json);
        w = ChainOracleProperties.walk(ChainOracleProperties.compile(sealed, Set.of("red-ids-1", "red-ids-2"), ChainOracleProperties.inventory(true)),
                ChainPinningTest.conntrack(), sealed, ep("red-web-1"), ep("red-db-1"), 40110, 5432);
        assertFalse(w.delivered, w.toString());
        assertEquals(List.of(), w.visited, w.toString());
    }

    @Test
    void afterThreeFunctionsWhatTheLateTierDeniesPassesAllThreeInOrderAndDropsAfterTheThird() throws Exception {
        // red's chain [firewall(platform), ids, dpi, fw, firewall(tenant, baseline)]: dpi a transparent function with
        // one instance on DSN 1, so web-2's attempt goes to DSN 1 and back to DSN 2 doomed, through the doom tunnel twice
        ObjectNode json = red(true, "tenant");
        instanceOnDsn1(json, "red-dpi-1", "02:00:00:0a:01:33", "10.10.1.51", "dpi", 15);
        ArrayNode steps = (ArrayNode) json.get("chains").get(0).get("steps");
        ObjectNode dpi = steps.insertObject(2).put("function", "dpi").put("mode", "transparent").put("failure", "bypass");
        dpi.putArray("instances").add("red-dpi-1");
        steps.insert(4, steps.remove(3)); // the late tiers after the routed firewall too: after all three functions
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> programs = compile(json, Set.of());
        refusedThrough(programs, doc, 40130, "red-dpi-1", "red-fw-1");
        // allowed (no deny rule): all three, both ways
        ObjectNode open = withoutTheDeny(json);
        TenantDocument allowed = TenantDocumentCodec.decode(open);
        Map<DeviceId, DsnProgram> ps = compile(open, Set.of());
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        ChainOracleProperties.Walk there = ChainOracleProperties.walk(ps, cts, allowed, ep("red-web-2"), ep("red-db-1"), 40131, 5432);
        assertTrue(there.delivered && there.visited.equals(List.of("red-ids-2", "red-dpi-1", "red-fw-1")), there.toString());
        ChainOracleProperties.Walk back = ChainOracleProperties.walk(ps, cts, allowed, ep("red-db-1"), ep("red-web-2"), 5432, 40131);
        assertTrue(back.delivered && back.visited.equals(List.of("red-fw-1", "red-dpi-1", "red-ids-2")), back.toString());
    }

    @Test
    void withTwoInstancesOfTheFunctionOnOneDsnEachDeniedAttemptPassesOneOfThemAndAllowedOnesComeBackThroughTheirs() throws Exception {
        // a third IDS instance on DSN 1, beside ids-1: web-1's connections are hashed between the two
        ObjectNode json = red(true, "tenant");
        instanceOnDsn1(json, "red-ids-3", "02:00:00:0a:01:35", "10.10.1.53", "ids", 16);
        ((ArrayNode) json.get("chains").get(0).get("steps").get(1).get("instances")).add("red-ids-3");
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> programs = compile(json, Set.of());
        Set<String> seen = new java.util.TreeSet<>();
        for (int sport = 40140; sport < 40156; sport++) {
            ChainOracleProperties.Walk w = ChainOracleProperties.walk(programs, ChainPinningTest.conntrack(), doc, ep("red-web-1"),
                    ep("red-db-1"), sport, 5432);
            assertFalse(w.delivered, w.toString());
            assertEquals(1, w.visited.size(), "one IDS instance, nothing after the late tier: " + w);
            assertTrue(Set.of("red-ids-1", "red-ids-3").contains(w.visited.get(0)), "an instance on the sender's DSN: " + w);
            seen.add(w.visited.get(0));
        }
        assertEquals(Set.of("red-ids-1", "red-ids-3"), seen, "16 connections use both instances on DSN 1");
        // allowed: each connection's replies come back through the instance its own packets passed
        ObjectNode open = withoutTheDeny(json);
        TenantDocument allowed = TenantDocumentCodec.decode(open);
        Map<DeviceId, DsnProgram> ps = compile(open, Set.of());
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        for (int sport = 40160; sport < 40166; sport++) {
            ChainOracleProperties.Walk there = ChainOracleProperties.walk(ps, cts, allowed, ep("red-web-1"), ep("red-db-1"), sport, 5432);
            assertTrue(there.delivered && there.visited.size() == 2, there.toString());
            ChainOracleProperties.Walk back = ChainOracleProperties.walk(ps, cts, allowed, ep("red-db-1"), ep("red-web-1"), 5432, sport);
            assertTrue(back.delivered, back.toString());
            assertEquals(List.of(there.visited.get(1), there.visited.get(0)), back.visited, back.toString());
        }
    }
}
