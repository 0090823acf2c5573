package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.dsp.model.Direction;
import org.dsp.model.RuleAction;
import org.junit.jupiter.api.Test;

/** A sample's observation point names the rule, its action and direction, and fits IPFIX's 32 bits. */
class SamplePointTest {
    @Test
    void roundTrips() {
        for (RuleAction a : RuleAction.values()) {
            for (Direction d : Direction.values()) {
                long p = SamplePoint.of(0x3ffffff, a, d);
                assertEquals(0x3ffffff, SamplePoint.ruleKey(p));
                assertEquals(a, SamplePoint.action(p));
                assertEquals(d, SamplePoint.direction(p));
                assertEquals(0, p >>> 32, "an unsigned 32-bit observation point id");
                assertEquals(false, SamplePoint.isReply(p));
                long r = SamplePoint.reply(0x3ffffff, a, d);
                assertEquals(true, SamplePoint.isReply(r));
                assertEquals(0x3ffffff, SamplePoint.ruleKey(r));
                assertEquals(a, SamplePoint.action(r));
                assertEquals(d, SamplePoint.direction(r));
                assertEquals(0, r >>> 32);
            }
        }
        assertEquals(0x23ed8c6 | (1 << 26), SamplePoint.of(0x23ed8c6, RuleAction.ALLOW, Direction.EGRESS));
        assertNull(SamplePoint.action(0x23ed8c6), "a point without an action (written before DSP encoded them)");
        // the codes are part of the wire format (docs/observability.md), fixed whatever the enum's order
        assertEquals(2L << 26, SamplePoint.of(0, RuleAction.DENY, Direction.EGRESS));
        assertEquals(3L << 26 | 1 << 29, SamplePoint.of(0, RuleAction.REJECT, Direction.INGRESS));
        assertEquals(4L << 26, SamplePoint.of(0, RuleAction.PASS, Direction.EGRESS));
    }
}
