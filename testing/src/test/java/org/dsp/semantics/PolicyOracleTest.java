package org.dsp.semantics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsp.codec.TenantDocumentCodec;
import org.dsp.model.Protocol;
import org.dsp.model.RuleAction;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;

class PolicyOracleTest {
    private final TenantDocument doc = TenantDocumentCodec.decode(org.dsp.testing.Examples.threeTier());
    private final PolicyOracle o = new PolicyOracle(doc);

    private static Connection tcp(String src, String dst, int port) {
        return Connection.of(IpAddress.valueOf(src), IpAddress.valueOf(dst), Protocol.TCP, port);
    }

    @Test
    void threeTierChainIsOpenHopByHop() {
        assertTrue(o.allows(tcp("10.0.0.11", "10.0.0.21", 80)));   // client -> web:http
        assertTrue(o.allows(tcp("10.0.0.21", "10.0.0.31", 8080))); // web -> app
        assertTrue(o.allows(tcp("10.0.0.31", "10.0.0.41", 5432))); // app -> db
        assertFalse(o.allows(tcp("10.0.0.11", "10.0.0.41", 5432))); // client -> db skips tiers
        assertFalse(o.allows(tcp("10.0.0.21", "10.0.0.41", 5432))); // web -> db
    }

    @Test
    void bothDirectionsDecideAndTheDecidingRuleIsNamed() {
        Connection c = tcp("10.0.0.21", "10.0.0.11", 80); // web -> client: web may not open it
        assertEquals(RuleAction.DENY, o.egress(c).action());
        assertEquals(null, o.egress(c).rule());
        assertEquals("web-in", o.ingress(tcp("10.0.0.11", "10.0.0.21", 80)).rule());
    }

    @Test
    void platformRejectWinsOverLaterAllows() {
        DirectionDecision d = o.ingress(tcp("10.0.0.11", "10.0.0.21", 23));
        assertEquals(RuleAction.REJECT, d.action());
        assertEquals("no-telnet", d.rule());
    }

    @Test
    void cidrExceptionsAndBaselineTier() {
        Connection fromAdmin = Connection.of(IpAddress.valueOf("10.0.0.21"), IpAddress.valueOf("10.0.0.41"), Protocol.ICMP, 0);
        Connection fromExcepted = Connection.of(IpAddress.valueOf("10.0.0.11"), IpAddress.valueOf("10.0.0.41"), Protocol.ICMP, 0);
        assertTrue(o.allows(fromAdmin));       // 10.0.0.21 is in 10.0.0.0/24 minus 10.0.0.0/28
        assertFalse(o.allows(fromExcepted));   // 10.0.0.11 is in the exception
        assertEquals("ping-in", o.ingress(fromAdmin).rule());
    }

    @Test
    void externalAddressesAreNotEvaluated() {
        Connection in = tcp("192.0.2.1", "10.0.0.21", 80);
        assertEquals(DirectionDecision.NOT_EVALUATED, o.egress(in));
        assertFalse(o.allows(in)); // web-in admits clients only; web is isolated
    }
}
