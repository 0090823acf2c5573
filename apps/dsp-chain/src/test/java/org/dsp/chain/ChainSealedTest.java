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
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.Inventory;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * An encrypted class of a tenant in clear (examples/chain.json's class web -> db tcp/5432 with an
 * encryption step; web-1 on DSN 1, db-1 on DSN 2) never crosses the underlay in clear, whatever
 * conntrack knows of its packets: the replies of a connection a stateless rule allowed (judged as new
 * connections, never marked by the chain) and both ways of a connection opened before the chain take
 * the encrypted tunnel too (port 7), with no function or through the functions in reverse; where the
 * class cannot cross encrypted, none of it crosses.
 */
class ChainSealedTest {
    static final long SECURE = ChainOracleProperties.SECURE_PORT;

    /** examples/chain.json with an encryption step after the firewall; only the built-in steps unless {@code functions}. */
    static ObjectNode encrypted(boolean functions) throws Exception {
        ObjectNode json = ChainPinningTest.red();
        ArrayNode steps = (ArrayNode) json.get("chains").get(0).get("steps");
        if (!functions) {
            steps.remove(2);
            steps.remove(1);
        }
        steps.insert(1, ChainPinningTest.M.createObjectNode().put("service", "encryption"));
        return json;
    }

    /**
     * {@code json} with db's ingress from web stateless, and db's egress to web ({@code stateful} or
     * not) and web's ingress from db allowed statelessly: the reply's way back as a new connection.
     */
    static ObjectNode stateless(ObjectNode json, boolean stateful) {
        ArrayNode rules = (ArrayNode) json.get("firewall").get("tenant");
        rules.forEach(r -> {
            if (r.get("name").asText().equals("db-from-web")) {
                ((ObjectNode) r).put("stateful", false);
            }
        });
        ObjectNode back = rules.addObject().put("name", "web-from-db").put("direction", "ingress").put("appliedTo", "web")
                .put("action", "allow").put("stateful", false);
        back.putArray("peers").addObject().put("group", "db");
        ObjectNode out = rules.addObject().put("name", "db-to-web").put("direction", "egress").put("appliedTo", "db")
                .put("action", "allow").put("stateful", stateful);
        out.putArray("peers").addObject().put("group", "web");
        return json;
    }

    @Test
    void theRepliesOfAStatelessAllowCrossEncryptedWithNoFunctionAndThroughTheFunctions() throws Exception {
        for (int v = 0; v < 4; v++) {
            boolean functions = v % 2 == 1;
            boolean stateful = v / 2 == 1; // db-1's egress commits the reply (untracked in the steering table) or not (new)
            TenantDocument doc = TenantDocumentCodec.decode(stateless(encrypted(functions), stateful));
            Endpoint web1 = doc.endpoints().get("red-web-1");
            Endpoint db1 = doc.endpoints().get("red-db-1");
            Map<DeviceId, DsnProgram> programs = ChainOracleProperties.compile(doc, Set.of(), ChainOracleProperties.inventory(true));
            Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
            for (int i = 0; i < 2; i++) {
                ChainOracleProperties.Walk fwd = ChainOracleProperties.walk(programs, cts, doc, web1, db1, 40101, 5432);
                assertTrue(fwd.delivered, fwd.toString());
                assertEquals(functions ? List.of("red-ids-1", "red-fw-1") : List.of(), fwd.visited, fwd.toString());
                assertTrue(!fwd.crossings.isEmpty() && fwd.crossings.stream().allMatch(x -> x == SECURE), "encrypted: " + fwd.crossings + "\n" + fwd);
                ChainOracleProperties.Walk back = ChainOracleProperties.walk(programs, cts, doc, db1, web1, 5432, 40101);
                assertTrue(back.delivered, "the reply, a new connection db-1 -> web-1 that web-from-db allows: " + back);
                assertTrue(!back.crossings.isEmpty() && back.crossings.stream().allMatch(x -> x == SECURE),
                        "the stateless reply never in clear (functions " + functions + ", db-to-web stateful " + stateful + "): " + back.crossings + "\n" + back);
                assertEquals(functions ? List.of("red-fw-1", "red-ids-1") : List.of(), back.visited, back.toString());
            }
        }
    }

    @Test
    void aConnectionOpenedBeforeTheEncryptionStepCrossesEncryptedBothWaysOnceItApplies() throws Exception {
        for (boolean functions : new boolean[] {false, true}) {
            ObjectNode json = encrypted(functions);
            TenantDocument doc = TenantDocumentCodec.decode(json);
            TenantDocument plain = TenantDocumentCodec.decode(json.without("chains"));
            Endpoint web1 = doc.endpoints().get("red-web-1");
            Endpoint db1 = doc.endpoints().get("red-db-1");
            Inventory inv = ChainOracleProperties.inventory(true);
            Map<DeviceId, DsnProgram> before = DsnCompiler.compile(List.of(LogicalCompiler.compile(plain, Keys.tenantKey("red"))), inv);
            Map<DeviceId, DsnProgram> after = ChainOracleProperties.compile(doc, Set.of(), inv);
            Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
            ChainOracleProperties.Walk open = ChainOracleProperties.walk(before, cts, plain, web1, db1, 40102, 5432);
            assertEquals(List.of(ChainOracleProperties.TUNNEL_PORT), open.crossings, "in clear before the chain: " + open);
            assertTrue(ChainOracleProperties.walk(before, cts, plain, db1, web1, 5432, 40102).delivered);
            ChainOracleProperties.Walk next = ChainOracleProperties.walk(after, cts, doc, web1, db1, 40102, 5432);
            assertTrue(next.delivered, next.toString());
            assertTrue(next.crossings.stream().allMatch(x -> x == SECURE), "encrypted from the chain on: " + next.crossings + "\n" + next);
            ChainOracleProperties.Walk reply = ChainOracleProperties.walk(after, cts, doc, db1, web1, 5432, 40102);
            assertTrue(reply.delivered, reply.toString());
            assertTrue(!reply.crossings.isEmpty() && reply.crossings.stream().allMatch(x -> x == SECURE),
                    "its reply too (functions " + functions + "): " + reply.crossings + "\n" + reply);
        }
    }

    @Test
    void withoutAnEncryptedEndpointAtTheReceiversDsnNoPacketOfTheClassCrossesEitherWay() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(stateless(encrypted(false), false));
        Endpoint web1 = doc.endpoints().get("red-web-1");
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, DsnProgram> programs = ChainOracleProperties.compile(doc, Set.of(), ChainOracleProperties.inventory(false));
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        ChainOracleProperties.Walk fwd = ChainOracleProperties.walk(programs, cts, doc, web1, db1, 40103, 5432);
        assertFalse(fwd.delivered, fwd.toString());
        assertEquals(List.of(), fwd.crossings, fwd.toString());
        // what db-1 sends of the class's reverse (a new connection to web-1 that web-from-db would allow) does not cross in clear either
        ChainOracleProperties.Walk back = ChainOracleProperties.walk(programs, cts, doc, db1, web1, 5432, 40103);
        assertFalse(back.delivered, back.toString());
        assertEquals(List.of(), back.crossings, back.toString());
    }

    @Test
    void aDsnWithHundredsOfRemotePeersInAnEncryptedClassWithNoFunctionCompilesAndReachesEach() throws Exception {
        ObjectNode json = encrypted(false);
        ((ArrayNode) json.get("networks")).addObject().put("name", "many").putArray("subnets").addObject()
                .put("cidr", "10.20.0.0/16").put("gateway", "10.20.0.1");
        ArrayNode endpoints = (ArrayNode) json.get("endpoints");
        int n = 300; // each a remote peer of web-1's DSN: over the 255 dispatch ids of a DSN when each took one
        for (int i = 0; i < n; i++) {
            ObjectNode e = endpoints.addObject().put("name", "red-db-x" + i).put("kind", "vm")
                    .put("mac", String.format("02:00:00:14:%02x:%02x", i >> 8, i & 0xff));
            e.putArray("addresses").add("10.20." + (1 + i / 200) + "." + (10 + i % 200));
            e.putObject("labels").put("tier", "db");
            e.putObject("attachment").put("dsn", ChainOracleProperties.D2.toString()).put("port", 100 + i);
        }
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Endpoint web1 = doc.endpoints().get("red-web-1");
        Map<DeviceId, DsnProgram> programs = ChainOracleProperties.compile(doc, Set.of(), ChainOracleProperties.inventory(true));
        // one dispatch id per DSN and delivery id the class goes to (with its punt of what is too large), not one per peer
        assertEquals(2, ChainCompileTest.table(programs.get(ChainOracleProperties.D1), 39).stream().filter(f -> f.contains("priority=20")).count(),
                "the chain's dispatch flows at D1");
        Map<DeviceId, Conntrack> cts = ChainPinningTest.conntrack();
        for (String name : List.of("red-db-x0", "red-db-x299", "red-db-1")) {
            Endpoint b = doc.endpoints().get(name);
            ChainOracleProperties.Walk fwd = ChainOracleProperties.walk(programs, cts, doc, web1, b, 40104, 5432);
            assertTrue(fwd.delivered, name + ": " + fwd);
            assertEquals(List.of(SECURE), fwd.crossings, name + ": " + fwd);
            ChainOracleProperties.Walk back = ChainOracleProperties.walk(programs, cts, doc, b, web1, 5432, 40104);
            assertTrue(back.delivered, name + ": " + back);
            assertEquals(List.of(SECURE), back.crossings, name + ": " + back);
        }
    }

    @Test
    void icmpBetweenThePairOfAnEncryptedClassCrossesEncryptedTooErrorsQuotingTheClassAmongIt() throws Exception {
        for (boolean functions : new boolean[] {false, true}) {
            TenantDocument doc = TenantDocumentCodec.decode(encrypted(functions));
            Endpoint web1 = doc.endpoints().get("red-web-1");
            Endpoint db1 = doc.endpoints().get("red-db-1");
            Map<DeviceId, DsnProgram> programs = ChainOracleProperties.compile(doc, Set.of(), ChainOracleProperties.inventory(true));
            // web-1 -> db-1 ICMP (db-ping-from-web allows it): straight to D2 through the encrypted tunnel, not through the functions
            org.dsp.driver.ovs.SimPacket ping = new org.dsp.driver.ovs.SimPacket(web1.mac(), ChainOracleProperties.ROUTER,
                    ChainOracleProperties.v4(web1), ChainOracleProperties.v4(db1), org.dsp.driver.ovs.SimPacket.ICMP, 0, 0);
            org.dsp.driver.ovs.FlowSimulator.Result r = new org.dsp.driver.ovs.FlowSimulator(programs.get(ChainOracleProperties.D1),
                    new Conntrack()).process(ping, web1.attachment().port().toLong());
            assertEquals(List.of(SECURE), r.outputs(), "functions " + functions + ": " + r.trace());
            // and db-1's ICMP to web-1 (an error db-1's stack sends about the class, say) the same way back
            org.dsp.driver.ovs.SimPacket error = new org.dsp.driver.ovs.SimPacket(db1.mac(), ChainOracleProperties.ROUTER,
                    ChainOracleProperties.v4(db1), ChainOracleProperties.v4(web1), org.dsp.driver.ovs.SimPacket.ICMP, 0, 0);
            Map<DeviceId, DsnProgram> open = ChainOracleProperties.compile(TenantDocumentCodec.decode(stateless(encrypted(functions), true)),
                    Set.of(), ChainOracleProperties.inventory(true)); // db-to-web lets db-1 send to web-1
            r = new org.dsp.driver.ovs.FlowSimulator(open.get(ChainOracleProperties.D2), new Conntrack()).process(error,
                    db1.attachment().port().toLong());
            assertEquals(List.of(SECURE), r.outputs(), "functions " + functions + ": " + r.trace());
        }
    }
}
