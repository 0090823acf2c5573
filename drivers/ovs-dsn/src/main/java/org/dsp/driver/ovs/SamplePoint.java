package org.dsp.driver.ovs;

import org.dsp.model.Direction;
import org.dsp.model.RuleAction;

/**
 * The observation point id a logged rule's IPFIX {@code sample} carries (its observation domain is
 * the tenant key): bits 25-0 the rule's key (as in its cookie), 28-26 its action (1 allow, 2 deny,
 * 3 reject, 4 pass; 0 unknown), bit 29 set for an ingress rule, bit 30 set when the packet is a
 * reply of a connection the rule let in (sampled in ct_state by the rule's key in the connection's
 * label). A flow record thus says which rule decided, how, in which direction and for which side of
 * the connection without a look-up in the program it came from (docs/observability.md).
 */
public final class SamplePoint {
    private static final int KEY_MASK = 0x3ffffff;
    private static final int ACTION_SHIFT = 26;
    private static final int INGRESS_BIT = 1 << 29;
    private static final int REPLY_BIT = 1 << 30;

    private SamplePoint() {
    }

    /** Returns the point of rule {@code key} deciding {@code action} in direction {@code d}. */
    public static long of(long key, RuleAction action, Direction d) {
        return (key & KEY_MASK) | ((long) code(action) << ACTION_SHIFT) | (d == Direction.INGRESS ? INGRESS_BIT : 0);
    }

    /** The action's stable code in a point (never its position in the enum: reordering it must not rename logged actions). */
    static int code(RuleAction action) {
        switch (action) {
            case ALLOW:
                return 1;
            case DENY:
                return 2;
            case REJECT:
                return 3;
            case PASS:
                return 4;
            default:
                throw new IllegalArgumentException("no sample code for " + action);
        }
    }

    /** Returns the point of a reply of a connection rule {@code key} let in with {@code action} in direction {@code d}. */
    public static long reply(long key, RuleAction action, Direction d) {
        return of(key, action, d) | REPLY_BIT;
    }

    /** Returns whether a point marks a reply packet. */
    public static boolean isReply(long point) {
        return (point & REPLY_BIT) != 0;
    }

    /** Returns the rule key of a point. */
    public static int ruleKey(long point) {
        return (int) point & KEY_MASK;
    }

    /** Returns the action of a point, or null when it names none. */
    public static RuleAction action(long point) {
        int code = (int) (point >>> ACTION_SHIFT) & 0x7;
        for (RuleAction a : RuleAction.values()) {
            if (code(a) == code) {
                return a;
            }
        }
        return null;
    }

    /** Returns the direction of a point. */
    public static Direction direction(long point) {
        return (point & INGRESS_BIT) != 0 ? Direction.INGRESS : Direction.EGRESS;
    }
}
