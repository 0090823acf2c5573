package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * Connections pinned to the chain they started with, walked by the flow simulator across both DSNs
 * of examples/chain.json (web-1 on DSN 1 to db-1 on DSN 2 through DSN 1's IDS and DSN 2's routed
 * firewall): one opened before the chain goes its usual way both ways, a new one passes the chain
 * both ways; a stateless allow is steered and never committed, so its reply is judged by policy. The
 * same for a class to a load balancer whose client and backend share a DSN (its conntrack entry there
 * is the translated one).
 */
class ChainPinningTest {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = ChainOracleProperties.D1;
    static final DeviceId D2 = ChainOracleProperties.D2;

    static ObjectNode red() throws Exception {
        return (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/chain.json")));
    }

    static Map<DeviceId, Conntrack> conntrack() {
        return new HashMap<>(Map.of(D1, new Conntrack(), D2, new Conntrack()));
    }

    @Test
    void aConnectionOpenedBeforeTheChainGoesItsUsualWayANewOnePassesTheChain() throws Exception {
        ObjectNode json = red();
        TenantDocument doc = TenantDocumentCodec.decode(json);
        TenantDocument plain = TenantDocumentCodec.decode(json.without("chains"));
        Endpoint web1 = doc.endpoints().get("red-web-1");
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, DsnProgram> before = DsnCompiler.compile(List.of(LogicalCompiler.compile(plain, Keys.tenantKey("red"))),
                ChainOracleProperties.inventory());
        Map<DeviceId, DsnProgram> after = ChainOracleProperties.compile(doc, Set.of());
        Map<DeviceId, Conntrack> cts = conntrack(); // the switches' conntrack outlives the program change
        ChainOracleProperties.Walk open = ChainOracleProperties.walk(before, cts, plain, web1, db1, 40001, 5432);
        assertTrue(open.delivered && open.visited.isEmpty(), open.toString());
        assertTrue(ChainOracleProperties.walk(before, cts, plain, db1, web1, 5432, 40001).delivered);
        // the chain applies: the open connection's packets, both ways, go as before
        ChainOracleProperties.Walk next = ChainOracleProperties.walk(after, cts, doc, web1, db1, 40001, 5432);
        assertTrue(next.delivered && next.visited.isEmpty(), "no instance sees a connection from its middle: " + next);
        ChainOracleProperties.Walk reply = ChainOracleProperties.walk(after, cts, doc, db1, web1, 5432, 40001);
        assertTrue(reply.delivered && reply.visited.isEmpty(), reply.toString());
        // a new connection passes the IDS, then the firewall; its reply the firewall, then the IDS; and so do its next packets
        for (int i = 0; i < 2; i++) {
            ChainOracleProperties.Walk fresh = ChainOracleProperties.walk(after, cts, doc, web1, db1, 40002, 5432);
            assertTrue(fresh.delivered, fresh.toString());
            assertEquals(List.of("red-ids-1", "red-fw-1"), fresh.visited, fresh.toString());
            ChainOracleProperties.Walk back = ChainOracleProperties.walk(after, cts, doc, db1, web1, 5432, 40002);
            assertTrue(back.delivered, back.toString());
            assertEquals(List.of("red-fw-1", "red-ids-1"), back.visited, back.toString());
        }
    }

    @Test
    void aConnectionOnOneDsnOpenedBeforeTheChainGoesItsUsualWayBothWays() throws Exception {
        ObjectNode json = red();
        TenantDocument doc = TenantDocumentCodec.decode(json);
        TenantDocument plain = TenantDocumentCodec.decode(json.without("chains"));
        Endpoint web2 = doc.endpoints().get("red-web-2"); // on DSN 2 with db-1: its replies are looked up untranslated there
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, DsnProgram> before = DsnCompiler.compile(List.of(LogicalCompiler.compile(plain, Keys.tenantKey("red"))),
                ChainOracleProperties.inventory());
        Map<DeviceId, DsnProgram> after = ChainOracleProperties.compile(doc, Set.of());
        Map<DeviceId, Conntrack> cts = conntrack();
        assertTrue(ChainOracleProperties.walk(before, cts, plain, web2, db1, 40021, 5432).delivered);
        assertTrue(ChainOracleProperties.walk(before, cts, plain, db1, web2, 5432, 40021).delivered);
        ChainOracleProperties.Walk next = ChainOracleProperties.walk(after, cts, doc, web2, db1, 40021, 5432);
        assertTrue(next.delivered && next.visited.isEmpty(), next.toString());
        // its reply: not marked, so not steered - and not looked up again and again (a translation-undoing lookup
        // that changes nothing must not come back to the flow that asked for it)
        ChainOracleProperties.Walk reply = ChainOracleProperties.walk(after, cts, doc, db1, web2, 5432, 40021);
        assertTrue(reply.delivered && reply.visited.isEmpty(), reply.toString());
    }

    @Test
    void aVipConnectionOnTheBackendsDsnOpenedBeforeItsChainKeepsItsTranslationAndANewOnePassesTheChain() throws Exception {
        ObjectNode json = red();
        ((ObjectNode) json.get("chains").get(0)).putArray("to").addObject().put("loadBalancer", "db-vip");
        TenantDocument doc = TenantDocumentCodec.decode(json);
        TenantDocument plain = TenantDocumentCodec.decode(json.without("chains"));
        Endpoint web2 = doc.endpoints().get("red-web-2"); // on DSN 2, as db-vip's backend db-1 and the instances ids-2 and fw-1
        Endpoint db1 = doc.endpoints().get("red-db-1");
        org.onlab.packet.IpAddress vip = ChainOracleProperties.VIP;
        org.onlab.packet.MacAddress vipMac = org.dsp.ir.VipMac.of(vip);
        Map<DeviceId, DsnProgram> before = DsnCompiler.compile(List.of(LogicalCompiler.compile(plain, Keys.tenantKey("red"))),
                ChainOracleProperties.inventory());
        Map<DeviceId, DsnProgram> after = ChainOracleProperties.compile(doc, Set.of());
        Map<DeviceId, Conntrack> cts = conntrack();
        assertTrue(ChainOracleProperties.walk(before, cts, plain, web2, db1, vip, vipMac, 40011, 5432).delivered);
        // the chain applies: the open connection's reply is not steered, and still comes from the VIP
        ChainOracleProperties.Walk reply = ChainOracleProperties.walk(after, cts, doc, db1, web2, 5432, 40011);
        assertTrue(reply.delivered && reply.visited.isEmpty(), reply.toString());
        assertEquals(vip, reply.last.ipSrc(), "translated back: " + reply);
        // a new connection: through both instances on DSN 2, once translated (one connection in DSN 2's conntrack), back from the VIP
        long zone = Keys.tenantKey("red"); // the tenant's conntrack zone (the chain's own zone holds its record of what it steered)
        int known = cts.get(D2).size(zone);
        ChainOracleProperties.Walk fresh = ChainOracleProperties.walk(after, cts, doc, web2, db1, vip, vipMac, 40012, 5432);
        assertTrue(fresh.delivered, fresh.toString());
        assertEquals(List.of("red-ids-2", "red-fw-1"), fresh.visited, fresh.toString());
        assertEquals(known + 1, cts.get(D2).size(zone), "the packet back from the last instance is no new connection: " + fresh);
        ChainOracleProperties.Walk back = ChainOracleProperties.walk(after, cts, doc, db1, web2, 5432, 40012);
        assertTrue(back.delivered, back.toString());
        assertEquals(List.of("red-fw-1", "red-ids-2"), back.visited, back.toString());
        assertEquals(vip, back.last.ipSrc(), back.toString());
    }

    @Test
    void onOneDsnAnInstanceCannotInjectPacketsOfItsClassOnlyPassOnThoseOfConnectionsTheChainSteered() throws Exception {
        ObjectNode json = red();
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Endpoint web2 = doc.endpoints().get("red-web-2"); // web-2, db-1, ids-2 and the firewall (the last hop, port 14) on DSN 2
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Endpoint fw1 = doc.endpoints().get("red-fw-1");
        Map<DeviceId, DsnProgram> programs = ChainOracleProperties.compile(doc, Set.of());
        Map<DeviceId, Conntrack> cts = conntrack();
        // the firewall sends web-2 -> db-1 tcp/5432 of a connection web-2 never opened: it does not reach db-1
        org.dsp.driver.ovs.SimPacket forged = new org.dsp.driver.ovs.SimPacket(fw1.mac(), ChainOracleProperties.ROUTER,
                ChainOracleProperties.v4(web2), ChainOracleProperties.v4(db1), org.dsp.driver.ovs.SimPacket.TCP, 40031, 5432);
        org.dsp.driver.ovs.FlowSimulator.Result r = new org.dsp.driver.ovs.FlowSimulator(programs.get(D2), cts.get(D2)).process(forged, 14);
        assertFalse(r.outputs().contains(db1.attachment().port().toLong()), "injected: " + r.outputs() + "\n" + r);
        // once web-2 opened that connection through the chain, the firewall passes its packets on to db-1
        assertEquals(List.of("red-ids-2", "red-fw-1"), ChainOracleProperties.walk(programs, cts, doc, web2, db1, 40031, 5432).visited);
        r = new org.dsp.driver.ovs.FlowSimulator(programs.get(D2), cts.get(D2)).process(forged, 14);
        assertEquals(List.of(db1.attachment().port().toLong()), r.outputs(), r.toString());
    }

    @Test
    void aStatelessAllowIsSteeredButNeverCommittedSoItsReplyIsJudgedByPolicy() throws Exception {
        ObjectNode json = red();
        // web's egress and db's ingress from web on tcp/5432 stateless; nothing allows db to open connections to web
        json.get("firewall").get("tenant").forEach(r -> {
            if (List.of("web-out", "db-from-web").contains(r.get("name").asText())) {
                ((ObjectNode) r).put("stateful", false);
            }
        });
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Endpoint web1 = doc.endpoints().get("red-web-1");
        Endpoint db1 = doc.endpoints().get("red-db-1");
        Map<DeviceId, DsnProgram> programs = ChainOracleProperties.compile(doc, Set.of());
        Map<DeviceId, Conntrack> cts = conntrack();
        ChainOracleProperties.Walk fwd = ChainOracleProperties.walk(programs, cts, doc, web1, db1, 40003, 5432);
        assertTrue(fwd.delivered, fwd.toString());
        assertEquals(List.of("red-ids-1", "red-fw-1"), fwd.visited, "steered as it comes: " + fwd);
        // (in the tenant's zone, policy's: the chain's steps' own zones, where it pins their instances, decide nothing)
        int zone = org.dsp.compiler.Keys.tenantKey("red");
        assertEquals(0, cts.get(D1).size(zone), "nothing committed at web-1's DSN (the chain marks only what policy committed)");
        assertEquals(0, cts.get(D2).size(zone), "nor at db-1's");
        // (where its instances' packets come back, each step's zone holds it: the steps' choices, pinned there, decide no policy)
        assertEquals(1, cts.get(D1).size(org.dsp.spi.ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-1")), "the IDS step's zone, on D1");
        assertEquals(1, cts.get(D2).size(org.dsp.spi.ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-2")), "the firewall step's, on D2");
        ChainOracleProperties.Walk back = ChainOracleProperties.walk(programs, cts, doc, db1, web1, 5432, 40003);
        assertFalse(back.delivered, "nothing committed the connection: the reply is a new connection db-1 -> web-1, which no rule allows "
                + back);
    }
}
