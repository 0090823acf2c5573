package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dsp.chain.ChainOracleProperties.Walk;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * A chain at the size of its limit (docs/chaining.md): red's inspect-db class (web to db on
 * tcp/5432 through the IDS and the routed firewall) with 99 web and 98 db workloads over both
 * DSNs - 9,702 (from, to, port) combinations of the 10,000 a class may have. The class's steering,
 * the flows that take its packets back from an instance and the receivers' checks of what the chain
 * delivers are conjunctions of its senders and receivers (docs/chaining.md, "Flows"), so a DSN holds
 * about a flow per sender and two per receiver for each, not one per pair; every one of 40 pairs
 * drawn at random, walked by the flow simulator, passes one IDS and the firewall in order and is
 * delivered, its reply back through the same two in reverse; and a delivery the chain never steered,
 * forged through the tunnel, does not reach its receiver.
 */
class ChainScaleTest {
    static final int WEB = 97;
    static final int DB = 97;

    /** examples/chain.json's red with {@code web} more web and {@code db} more db workloads, alternating over DSN 1 and 2. */
    static ObjectNode large(int web, int db) throws Exception {
        return org.dsp.testing.ScaleDocs.largeChainClass(ChainCompileTest.red(), web, db);
    }

    /** The flows of table 0 that match an instance's port and a class's addresses: what the class costs there, back from it. */
    static long backFlows(DsnProgram p) {
        return p.flows().values().stream().map(DsnFlow::render).filter(r -> r.startsWith("table=0,") && (r.contains("in_port=13,")
                || r.contains("in_port=14,")) && (r.contains("nw_src=") || r.contains("nw_dst=") || r.contains("conj_id="))).count();
    }

    @Test
    void aClassAtItsLimitIsConjunctiveBackFromItsInstancesAndEveryPairDrawnPassesItsHopsBothWays() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(large(WEB, DB));
        Map<DeviceId, DsnProgram> ps = ChainOracleProperties.compile(doc, Set.of()); // verified: no overlap, declared fields only
        List<String> web = new ArrayList<>();
        List<String> db = new ArrayList<>();
        doc.endpoints().values().forEach(e -> {
            String tier = e.labels().get("tier");
            if ("web".equals(tier)) {
                web.add(e.name());
            } else if ("db".equals(tier)) {
                db.add(e.name());
            }
        });
        assertEquals(9702, web.size() * db.size(), "the class's combinations");
        // per pair, a flow per direction back from each instance it may pass would be about 2 x 9,702 at DSN 2 (the firewall
        // and an IDS there); as conjunctions, about a flow per sender and two per receiver and direction, per instance
        for (DeviceId d : ps.keySet()) {
            long back = backFlows(ps.get(d));
            assertTrue(back < 2_500, d + " holds " + back + " flows back from its instances");
            // and the whole program (the tenant's own flows, about 1,800 of them, included): a flow per pair at the steering
            // and at the receivers' checks too would be over 40,000 (46,149 and 62,482 before conjunctions)
            assertTrue(ps.get(d).flows().size() < 6_000, d + " holds " + ps.get(d).flows().size() + " flows");
        }
        // what the tunnel brings to a receiver's DSN with the delivery id, for a pair of DSN 1 whose last hop (the firewall)
        // is on DSN 2, is delivered only for a connection the chain steered: forged, it is not (the checks are conjunctions
        // above the delivery's own flow, which would take it on as a packet from the network)
        List<String> web1 = web.stream().filter(x -> doc.endpoints().get(x).attachment().dsn().equals(ChainOracleProperties.D1))
                .collect(java.util.stream.Collectors.toList());
        List<String> db1 = db.stream().filter(x -> doc.endpoints().get(x).attachment().dsn().equals(ChainOracleProperties.D1))
                .collect(java.util.stream.Collectors.toList());
        Random forge = new Random(7);
        for (int n = 0; n < 10; n++) {
            Endpoint a = doc.endpoints().get(web1.get(forge.nextInt(web1.size())));
            Endpoint b = doc.endpoints().get(db1.get(forge.nextInt(db1.size())));
            org.dsp.driver.ovs.SimPacket p = new org.dsp.driver.ovs.SimPacket(ChainOracleProperties.ROUTER, b.mac(), ChainOracleProperties.v4(a),
                    ChainOracleProperties.v4(b), org.dsp.driver.ovs.SimPacket.TCP, 45000 + n, 5432).tunnelled(
                    Long.decode(ChainCompileTest.steering(0)), ChainOracleProperties.UNDERLAY.get(ChainOracleProperties.D2).toInt() & 0xffffffffL);
            org.dsp.driver.ovs.FlowSimulator.Result r = new org.dsp.driver.ovs.FlowSimulator(ps.get(ChainOracleProperties.D1), new Conntrack())
                    .process(p, ChainOracleProperties.TUNNEL_PORT);
            assertTrue(!r.outputs().contains(b.attachment().port().toLong()), a.name() + " -> " + b.name() + ": a forged delivery reaches "
                    + "the receiver\n" + String.join("\n", r.trace()));
        }
        Random rnd = new Random(21);
        for (int n = 0; n < 40; n++) {
            Endpoint a = doc.endpoints().get(web.get(rnd.nextInt(web.size())));
            Endpoint b = doc.endpoints().get(db.get(rnd.nextInt(db.size())));
            Map<DeviceId, Conntrack> cts = new HashMap<>(Map.of(ChainOracleProperties.D1, new Conntrack(), ChainOracleProperties.D2,
                    new Conntrack()));
            Walk fwd = ChainOracleProperties.walk(ps, cts, doc, a, b, 40000 + n, 5432);
            String what = a.name() + " (" + a.attachment().dsn() + ") -> " + b.name() + " (" + b.attachment().dsn() + ")";
            assertTrue(fwd.delivered, what + ": delivered\n" + fwd);
            assertEquals(2, fwd.visited.size(), what + ": an IDS, then the firewall\n" + fwd);
            assertTrue(fwd.visited.get(0).startsWith("red-ids-") && fwd.visited.get(1).equals("red-fw-1"), what + "\n" + fwd);
            String near = a.attachment().dsn().equals(ChainOracleProperties.D1) ? "red-ids-1" : "red-ids-2";
            assertEquals(near, fwd.visited.get(0), what + ": the IDS on the sender's DSN\n" + fwd);
            Walk back = ChainOracleProperties.walk(ps, cts, doc, b, a, 5432, 40000 + n);
            List<String> reversed = new ArrayList<>(fwd.visited);
            Collections.reverse(reversed);
            assertTrue(back.delivered, what + ": the reply delivered\n" + back);
            assertEquals(reversed, back.visited, what + ": the reply through the same instances in reverse\n" + back);
        }
    }

    /**
     * Re-weighing at the class's limit: both IDSes moved to DSN 1 (one tier for every pair: the
     * sender's DSN's, the receiver's or both off the ends), ids-1 busy at level 5 then 3 (ids-2 idle):
     * one slot changes hands, and only dispatch flows change - a handful, in place - whatever the 9,702
     * pairs (the dispatch id names the tier and the slot count, not the owners).
     */
    @Test
    void reweighingATierAtTheClassesLimitChangesAHandfulOfDispatchFlowsOnly() throws Exception {
        ObjectNode json = large(WEB, DB);
        for (com.fasterxml.jackson.databind.JsonNode e : json.get("endpoints")) {
            if (e.get("name").asText().equals("red-ids-2")) {
                ((ObjectNode) e.get("attachment")).put("dsn", ChainOracleProperties.D1.toString()).put("port", 15);
            }
        }
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Map<DeviceId, DsnProgram> five = ChainOracleProperties.compile(doc, Set.of(), Map.of("red-ids-1", 5));
        Map<DeviceId, DsnProgram> three = ChainOracleProperties.compile(doc, Set.of(), Map.of("red-ids-1", 3));
        List<DsnFlow> rewritten = ChainOracleProperties.rewritten(five, three);
        rewritten.forEach(f -> assertEquals("overlay_out", f.table().label(), "only dispatch flows change: " + f.render()));
        int changed = rewritten.size();
        int flows = five.values().stream().mapToInt(p -> p.flows().size()).sum();
        System.out.println("ChainScaleTest: re-weighing at 9,702 pairs changed " + changed + " of " + flows + " flows");
        assertTrue(changed > 0 && changed <= 32, changed + " flows changed (a few placements, 3-4 flows each)");
    }
}
