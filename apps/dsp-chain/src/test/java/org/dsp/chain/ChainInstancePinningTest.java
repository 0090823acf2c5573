package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * A connection of a chain with one function step is pinned to the instance it took, by conntrack at
 * both ends (docs/chaining.md, "Pinned to an instance"), walked by the flow simulator over
 * examples/chain.json with the IDS as the chain's only function: an instance that comes back (or is
 * placed nearer) takes new connections only, and a connection whose instance goes down moves once,
 * both ways, and stays where it moved.
 */
class ChainInstancePinningTest {
    static final DeviceId D1 = ChainOracleProperties.D1;
    static final DeviceId D2 = ChainOracleProperties.D2;

    /**
     * red with the IDS as inspect-db's only function: red-ids-1 (port 13 of DSN 1) and red-ids-2
     * (port 13 of DSN 2), one of them moved to port 15 of the other's DSN when {@code moved} names it.
     */
    static TenantDocument idsOnly(String moved) throws Exception {
        ObjectNode json = ChainPinningTest.red();
        ArrayNode steps = (ArrayNode) json.get("chains").get(0).get("steps");
        steps.remove(2); // the firewall
        for (com.fasterxml.jackson.databind.JsonNode e : json.get("endpoints")) {
            if (e.get("name").asText().equals(moved)) {
                ((ObjectNode) e.get("attachment")).put("dsn", (moved.equals("red-ids-1") ? D2 : D1).toString()).put("port", 15);
            }
        }
        return TenantDocumentCodec.decode(json);
    }

    @Test
    void anInstanceThatComesBackNearerTakesNewConnectionsOnly() throws Exception {
        TenantDocument doc = idsOnly("");
        Endpoint web1 = doc.endpoints().get("red-web-1"); // DSN 1, with ids-1; db-1 and ids-2 on DSN 2
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        // ids-1, the sender's DSN's own, is down: the connection takes ids-2, both ways
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-1"));
        assertEquals(List.of("red-ids-2"), pass(down, cts, doc, web1, db1, 40101));
        // ids-1 is back, and nearer: the open connection stays with ids-2, both ways; a new one takes ids-1
        Map<DeviceId, DsnProgram> back = ChainOracleProperties.compile(doc, Set.of());
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of("red-ids-2"), pass(back, cts, doc, web1, db1, 40101));
        }
        assertEquals(List.of("red-ids-1"), pass(back, cts, doc, web1, db1, 40102));
        // its instance goes down: it moves to the one left, both ways, and stays there when ids-2 is back
        Map<DeviceId, DsnProgram> ids2Down = ChainOracleProperties.compile(doc, Set.of("red-ids-2"));
        assertEquals(List.of("red-ids-1"), pass(ids2Down, cts, doc, web1, db1, 40101));
        assertEquals(List.of("red-ids-1"), pass(back, cts, doc, web1, db1, 40101));
    }

    @Test
    void anInstanceThatComesBackToItsSlotTakesNoneOfTheConnectionsOpenedWithoutIt() throws Exception {
        // both IDSes on DSN 1, web-1's: one tier, a connection hashed over two slots
        TenantDocument doc = idsOnly("red-ids-2");
        comesBackToItsSlot(doc, doc.endpoints().get("red-web-1"), doc.endpoints().get("red-db-1"));
    }

    /**
     * Ties by load: both IDSes on DSN 1, web-1's (one tier). 32 connections opened while they are
     * equally loaded spread over both; ids-1 becomes busy (level 5, ids-2 idle): the open connections
     * keep their instance, both ways, and new ones go mostly to ids-2 (7 of 8 slots; hashed evenly,
     * about half would take ids-1).
     */
    @Test
    void tiesShareNewConnectionsByLoadAndOpenOnesKeepTheirInstance() throws Exception {
        TenantDocument doc = idsOnly("red-ids-2");
        Endpoint web1 = doc.endpoints().get("red-web-1");
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        Map<DeviceId, DsnProgram> even = ChainOracleProperties.compile(doc, Set.of());
        Map<Integer, List<String>> open = new java.util.TreeMap<>();
        for (int port = 40400; port < 40432; port++) {
            open.put(port, pass(even, cts, doc, web1, db1, port));
        }
        long before = open.values().stream().filter(List.of("red-ids-1")::equals).count();
        assertTrue(before >= 8 && before <= 24, "equal loads: both take connections (ids-1 took " + before + " of 32)");
        Map<DeviceId, DsnProgram> weighed = ChainOracleProperties.compile(doc, Set.of(), Map.of("red-ids-1", 5));
        open.forEach((port, took) -> assertEquals(took, pass(weighed, cts, doc, web1, db1, port), "open connection from port " + port));
        int toIdle = 0;
        for (int port = 40500; port < 40564; port++) {
            toIdle += pass(weighed, cts, doc, web1, db1, port).equals(List.of("red-ids-2")) ? 1 : 0;
        }
        assertTrue(toIdle >= 48, "new connections go mostly to the idle IDS: " + toIdle + " of 64");
    }

    /**
     * A change of weights among unequal loads (ids-1 at level 5, then 3; ids-2 idle: 1 of 8 slots,
     * then 2 of 8) rewrites only the dispatch flows of the slot that changes hands, in place (10
     * flows: 3-4 in each of the hop's three placements) - no steering flow, whatever the number of pairs (the dispatch id names the tier and the number of
     * slots, not their owners).
     */
    @Test
    void reweighingRewritesOnlyTheDispatchFlowsOfTheSlotsThatChangeHands() throws Exception {
        TenantDocument doc = idsOnly("red-ids-2");
        Map<DeviceId, DsnProgram> five = ChainOracleProperties.compile(doc, Set.of(), Map.of("red-ids-1", 5));
        Map<DeviceId, DsnProgram> three = ChainOracleProperties.compile(doc, Set.of(), Map.of("red-ids-1", 3));
        List<org.dsp.driver.ovs.DsnFlow> rewritten = ChainOracleProperties.rewritten(five, three);
        int changed = rewritten.size();
        assertEquals(Set.of("overlay_out"), rewritten.stream().map(f -> f.table().label()).collect(java.util.stream.Collectors.toSet()),
                "only the dispatch table changes");
        // the hop's placements: web-1's (DSN 1), db-1's replies and web-2's (DSN 2); the one slot that changes hands, 3-4 flows each
        assertTrue(changed > 0 && changed <= 12, "the one slot that changes hands in each placement: " + changed);
    }

    @Test
    void onOneDsnToo() throws Exception {
        // web-2, db-1 and both IDSes on DSN 2: the connection's one conntrack entry there pins both directions, and the chain's
        // own zone (what the last instance may pass back) is committed after the label was read
        TenantDocument doc = idsOnly("red-ids-1");
        comesBackToItsSlot(doc, doc.endpoints().get("red-web-2"), doc.endpoints().get("red-db-1"));
    }

    @Test
    void theReceiverFollowsTheSendersChoiceWhenTheSlotsChangeBeforeTheFirstReply() throws Exception {
        TenantDocument doc = idsOnly("");
        Endpoint web1 = doc.endpoints().get("red-web-1"); // DSN 1, with ids-1; db-1 and ids-2 on DSN 2
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        // the connection's first packet while ids-1 is down: the sender chooses ids-2
        ChainOracleProperties.Walk first = ChainOracleProperties.walk(ChainOracleProperties.compile(doc, Set.of("red-ids-1")), cts, doc, web1,
                db1, 40401, 5432);
        assertTrue(first.delivered, first.toString());
        assertEquals(List.of("red-ids-2"), first.visited);
        // ids-1 is back (and nearer the sender) before the receiver's first reply: the reply takes ids-2 all the same - the
        // receiver's DSN learnt the sender's choice from the delivered packet; choosing by itself it would hash onto ids-1
        Map<DeviceId, DsnProgram> back = ChainOracleProperties.compile(doc, Set.of());
        ChainOracleProperties.Walk reply = ChainOracleProperties.walk(back, cts, doc, db1, web1, 5432, 40401);
        assertTrue(reply.delivered, reply.toString());
        assertEquals(List.of("red-ids-2"), reply.visited);
        assertEquals(List.of("red-ids-2"), pass(back, cts, doc, web1, db1, 40401));
    }

    @Test
    void theReceiverMovesWithTheSenderAfterAnOutage() throws Exception {
        TenantDocument doc = idsOnly("");
        Endpoint web1 = doc.endpoints().get("red-web-1");
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        Map<DeviceId, DsnProgram> back = ChainOracleProperties.compile(doc, Set.of());
        assertEquals(List.of("red-ids-1"), pass(back, cts, doc, web1, db1, 40501));
        // ids-1 goes down; the sender's next packet moves the connection to ids-2, and the receiver's DSN moves with it
        ChainOracleProperties.Walk moved = ChainOracleProperties.walk(ChainOracleProperties.compile(doc, Set.of("red-ids-1")), cts, doc, web1,
                db1, 40501, 5432);
        assertEquals(List.of("red-ids-2"), moved.visited);
        // ids-1 comes back before the receiver answers: its reply stays with ids-2 (still pinned to ids-1 there, it would return to it)
        ChainOracleProperties.Walk reply = ChainOracleProperties.walk(back, cts, doc, db1, web1, 5432, 40501);
        assertTrue(reply.delivered, reply.toString());
        assertEquals(List.of("red-ids-2"), reply.visited);
    }

    @Test
    void onOneDsnTheReplyFollowsTheFirstPacketsChoice() throws Exception {
        // web-2, db-1 and both IDSes on DSN 2, one tier: 16 connections start while ids-1 is down, all on ids-2; ids-1 takes its
        // slot back before the replies, which take ids-2 all the same (hashed by themselves, about half would take ids-1)
        TenantDocument doc = idsOnly("red-ids-1");
        Endpoint web2 = doc.endpoints().get("red-web-2");
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-1"));
        Map<DeviceId, DsnProgram> back = ChainOracleProperties.compile(doc, Set.of());
        for (int port = 40600; port < 40616; port++) {
            assertEquals(List.of("red-ids-2"), ChainOracleProperties.walk(down, cts, doc, web2, db1, port, 5432).visited);
        }
        for (int port = 40600; port < 40616; port++) {
            ChainOracleProperties.Walk reply = ChainOracleProperties.walk(back, cts, doc, db1, web2, 5432, port);
            assertTrue(reply.delivered, reply.toString());
            assertEquals(List.of("red-ids-2"), reply.visited, "the reply to port " + port);
        }
    }

    /**
     * red with two function steps, the routed firewall first (red-fw-1, DSN 2), then the IDS (red-ids-1 on DSN 1, red-ids-2 on
     * DSN 2): the IDS is chosen after the firewall, on the firewall's DSN - where none of the connection's ends is.
     */
    static TenantDocument fwThenIds() throws Exception {
        ObjectNode json = ChainPinningTest.red();
        ArrayNode steps = (ArrayNode) json.get("chains").get(0).get("steps");
        com.fasterxml.jackson.databind.JsonNode ids = steps.remove(1);
        steps.add(ids);
        return TenantDocumentCodec.decode(json);
    }

    @Test
    void inAChainOfSeveralStepsAnInstanceChosenWhereNoEndIsIsPinnedThereToo() throws Exception {
        TenantDocument doc = fwThenIds();
        Endpoint web1 = doc.endpoints().get("red-web-1");
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        // ids-1 down: the connection goes through the firewall, then ids-2 (chosen on DSN 2, after the firewall), both ways
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-1"));
        assertEquals(List.of("red-fw-1", "red-ids-2"), both(down, cts, doc, web1, db1, 40701));
        // ids-1 is back and placed first (on the sender's DSN): the open connection stays with ids-2 both ways - pinned in the
        // firewall step's zone on DSN 2 (forward) and at db-1's DSN (replies); hashed, it would move to ids-1
        Map<DeviceId, DsnProgram> back = ChainOracleProperties.compile(doc, Set.of());
        for (int i = 0; i < 2; i++) {
            assertEquals(List.of("red-fw-1", "red-ids-2"), both(back, cts, doc, web1, db1, 40701));
        }
        assertEquals(List.of("red-fw-1", "red-ids-1"), both(back, cts, doc, web1, db1, 40702), "a new connection takes ids-1");
        // ids-2 goes down: its connection moves to ids-1 both ways, and stays there when ids-2 comes back
        Map<DeviceId, DsnProgram> ids2Down = ChainOracleProperties.compile(doc, Set.of("red-ids-2"));
        assertEquals(List.of("red-fw-1", "red-ids-1"), both(ids2Down, cts, doc, web1, db1, 40701));
        assertEquals(List.of("red-fw-1", "red-ids-1"), both(back, cts, doc, web1, db1, 40701));
    }

    /** One packet of a connection through a chain of several steps and its reply: the instances the packet passed, the reply's the same in reverse. */
    private static List<String> both(Map<DeviceId, DsnProgram> programs, Map<DeviceId, Conntrack> cts, TenantDocument doc, Endpoint a, Endpoint b,
                                     int port) {
        ChainOracleProperties.Walk there = ChainOracleProperties.walk(programs, cts, doc, a, b, port, 5432);
        assertTrue(there.delivered, there.toString());
        ChainOracleProperties.Walk reply = ChainOracleProperties.walk(programs, cts, doc, b, a, 5432, port);
        assertTrue(reply.delivered, reply.toString());
        List<String> reversed = new java.util.ArrayList<>(reply.visited);
        java.util.Collections.reverse(reversed);
        assertEquals(there.visited, reversed, "the reply passes the packet's instances in reverse: " + there + " / " + reply);
        return there.visited;
    }

    private static void comesBackToItsSlot(TenantDocument doc, Endpoint web1, Endpoint db1) throws Exception {
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        Map<DeviceId, DsnProgram> down = ChainOracleProperties.compile(doc, Set.of("red-ids-1"));
        for (int port = 40200; port < 40216; port++) {
            assertEquals(List.of("red-ids-2"), pass(down, cts, doc, web1, db1, port));
        }
        // ids-1 takes its slot back: hashed, about half of these 16 connections would move to it; pinned, none does
        Map<DeviceId, DsnProgram> back = ChainOracleProperties.compile(doc, Set.of());
        for (int port = 40200; port < 40216; port++) {
            assertEquals(List.of("red-ids-2"), pass(back, cts, doc, web1, db1, port), "connection from port " + port);
        }
        // new connections spread over both again
        java.util.Set<List<String>> fresh = new java.util.HashSet<>();
        for (int port = 40300; port < 40316; port++) {
            fresh.add(pass(back, cts, doc, web1, db1, port));
        }
        assertEquals(Set.of(List.of("red-ids-1"), List.of("red-ids-2")), fresh);
    }

    /** One packet of the connection from {@code a}'s port {@code port} to {@code b}'s 5432 and its reply: the instances both passed (the same). */
    static List<String> pass(Map<DeviceId, DsnProgram> programs, Map<DeviceId, Conntrack> cts, TenantDocument doc, Endpoint a, Endpoint b,
                             int port) {
        ChainOracleProperties.Walk there = ChainOracleProperties.walk(programs, cts, doc, a, b, port, 5432);
        assertTrue(there.delivered, there.toString());
        ChainOracleProperties.Walk reply = ChainOracleProperties.walk(programs, cts, doc, b, a, 5432, port);
        assertTrue(reply.delivered, reply.toString());
        assertEquals(there.visited, reply.visited, "the reply passes the instance the packet passed: " + there + " / " + reply);
        return there.visited;
    }
}
