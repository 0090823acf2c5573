package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.model.Endpoint;
import org.dsp.model.Protocol;
import org.dsp.model.TenantDocument;
import org.dsp.semantics.Connection;
import org.dsp.semantics.DirectionDecision;
import org.dsp.semantics.PolicyOracle;
import org.dsp.testing.RandomDocs;
import org.onlab.packet.IpAddress;

/**
 * The compiled DSN programs, walked by the simulator, agree with the document's reference
 * semantics: first packets, replies of allowed connections, new reverse connections, and
 * established connections after a policy change (re-evaluate vs persist).
 */
class CompilerOracleProperties {

    private static List<Connection> connections(TenantDocument d, Random rnd, int count) {
        List<IpAddress> v4 = new ArrayList<>();
        List<IpAddress> v6 = new ArrayList<>();
        for (Endpoint e : d.endpoints().values()) {
            for (IpAddress a : e.addresses()) {
                (a.isIp4() ? v4 : v6).add(a);
            }
        }
        List<Connection> out = new ArrayList<>();
        Protocol[] protos = {Protocol.TCP, Protocol.UDP, Protocol.ICMP, Protocol.SCTP};
        for (int i = 0; i < count; i++) {
            List<IpAddress> fam = !v6.isEmpty() && rnd.nextInt(3) == 0 ? v6 : v4;
            IpAddress ext = fam == v6 ? RandomDocs.EXTERNAL6 : RandomDocs.EXTERNAL4;
            IpAddress src = rnd.nextInt(5) == 0 ? ext : fam.get(rnd.nextInt(fam.size()));
            IpAddress dst = src.equals(ext) || rnd.nextInt(5) > 0 ? fam.get(rnd.nextInt(fam.size())) : ext;
            if (src.equals(dst)) {
                continue;
            }
            out.add(Connection.of(src, dst, protos[rnd.nextInt(protos.length)], RandomDocs.PORTS[rnd.nextInt(RandomDocs.PORTS.length)]));
        }
        return out;
    }

    private static boolean sameDsn(PolicyOracle o, Connection c) {
        Endpoint s = o.endpointAt(c.src());
        Endpoint d = o.endpointAt(c.dst());
        return s != null && d != null && s.attachment().dsn().equals(d.attachment().dsn());
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
    void firstPacketsRepliesAndReverseConnectionsAgree(@ForAll long seed) {
        agree(seed, DsnTarget.OVS_NICIRA);
    }

    /** The same for the ONOS target: no conjunctive match (cross products), controller without userdata. */
    @Property(tries = 500, shrinking = ShrinkingMode.OFF)
    void theOnosTargetAgreesToo(@ForAll long seed) {
        agree(seed, DsnTarget.ONOS_OPENFLOW);
    }

    private static void agree(long seed, DsnTarget target) {
        Random rnd = new Random(seed);
        TenantDocument doc = RandomDocs.generate(rnd);
        assertEquals(List.of(), TenantDocumentCodec.validate(doc), "generator made an invalid document");
        PolicyOracle oracle = new PolicyOracle(doc);
        SimNetwork net = new SimNetwork(doc, target);
        if (target == DsnTarget.ONOS_OPENFLOW) {
            net.programs().values().forEach(p -> p.flows().values().forEach(f -> {
                if (f.match().get(Field.CONJ_ID) != null || f.actions().stream().anyMatch(a -> a instanceof DsnAction.Conjunction
                        || a instanceof DsnAction.Controller || a instanceof DsnAction.Sample)) {
                    throw new AssertionError("the ONOS target got a flow ONOS cannot encode: " + f.render());
                }
            }));
        }
        int port = 40000;
        for (Connection c : connections(doc, rnd, 12)) {
            port++;
            boolean expected = oracle.allows(c);
            boolean got = net.send(c, port);
            Statistics.label("first packets").collect(expected ? "allowed" : "blocked");
            assertEquals(expected, got, () -> "seed " + seed + " first packet of " + c + "\n" + doc + "\negress "
                    + oracle.egress(c) + ", ingress " + oracle.ingress(c) + "\n" + net.log);
            if (!expected) {
                continue;
            }
            DirectionDecision e = oracle.egress(c);
            DirectionDecision i = oracle.ingress(c);
            Connection back = c.reverse(port);
            boolean replyExpected;
            if (sameDsn(oracle, c)) {
                replyExpected = (e.stateful() && i.stateful()) || oracle.allows(back);
            } else {
                boolean atDst = oracle.endpointAt(c.dst()) == null || i.stateful() || oracle.egress(back).allowed();
                boolean atSrc = oracle.endpointAt(c.src()) == null || e.stateful() || oracle.ingress(back).allowed();
                replyExpected = atDst && atSrc;
            }
            final int p = port;
            Statistics.label("replies").collect(replyExpected ? "pass" : "blocked");
            assertEquals(replyExpected, net.reply(c, p), () -> "seed " + seed + " reply of " + c + "\n" + net.log);
            Connection reverse = c.reverse(RandomDocs.PORTS[rnd.nextInt(RandomDocs.PORTS.length)]);
            boolean revExpected = oracle.allows(reverse);
            assertEquals(revExpected, net.send(reverse, 50000 + port),
                    () -> "seed " + seed + " new reverse connection " + reverse + "\n" + net.log);
        }
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
    void establishedConnectionsFollowReevaluateOrPersist(@ForAll long seed) {
        Random rnd = new Random(seed);
        TenantDocument doc = RandomDocs.generate(rnd);
        PolicyOracle before = new PolicyOracle(doc);
        SimNetwork net = new SimNetwork(doc);
        List<Connection> open = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        int port = 40000;
        for (Connection c : connections(doc, rnd, 8)) {
            port++;
            // committed wherever it is evaluated; a stateless side would take the reply for a new connection of its own
            boolean committed = (before.endpointAt(c.src()) == null || before.egress(c).stateful())
                    && (before.endpointAt(c.dst()) == null || before.ingress(c).stateful());
            if (c.protocol() != Protocol.ICMP && committed && before.allows(c) && net.send(c, port)) {
                assertTrue(net.reply(c, port), "the reply of an allowed, committed connection"); // established as a switch sees it
                open.add(c);
                ports.add(port);
            }
        }
        TenantDocument next = RandomDocs.mutate(doc, rnd);
        net.update(next);
        PolicyOracle after = new PolicyOracle(next);
        for (int k = 0; k < open.size(); k++) {
            Connection c = open.get(k);
            DirectionDecision e = before.egress(c);
            DirectionDecision i = before.ingress(c);
            boolean expected;
            if (sameDsn(before, c)) {
                boolean committed = e.stateful() && i.stateful();
                expected = (committed && e.persist() && i.persist()) || after.allows(c);
            } else {
                boolean srcSide = before.endpointAt(c.src()) == null || (e.stateful() && e.persist())
                        || after.egress(c).allowed();
                boolean dstSide = before.endpointAt(c.dst()) == null || (i.stateful() && i.persist())
                        || after.ingress(c).allowed();
                expected = srcSide && dstSide;
            }
            int p = ports.get(k);
            Statistics.label("after change").collect(expected ? "survives" : "cut");
            assertEquals(expected, net.send(c, p), () -> "seed " + seed + " established " + c + " after change to\n"
                    + next + "\n" + net.log);
        }
    }
}
