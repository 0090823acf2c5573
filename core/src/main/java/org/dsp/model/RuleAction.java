package org.dsp.model;

/** What a matching rule does with a new connection. */
public enum RuleAction implements WireNamed {
    /** The connection is allowed in this direction. */
    ALLOW("allow"),
    /** The connection is dropped silently. */
    DENY("deny"),
    /** The connection is refused: TCP RST or ICMP unreachable where the DSN can send one, a drop otherwise. */
    REJECT("reject"),
    /** Evaluation skips the rest of this tier and continues in the next tier. */
    PASS("pass");

    private final String wire;

    RuleAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Parses a JSON name; returns null when the name is not one of {@link #names()}. */
    public static RuleAction parse(String text) {
        return Kinds.parse(RuleAction.class, text);
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(RuleAction.class);
    }
}
