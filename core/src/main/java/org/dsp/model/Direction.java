package org.dsp.model;

/** Direction in which a firewall rule is evaluated. */
public enum Direction implements WireNamed {
    /** Evaluated at the DSN of the workload receiving the connection, whose peer is the source. */
    INGRESS("ingress"),
    /** Evaluated at the DSN of the workload opening the connection, whose peer is the destination. */
    EGRESS("egress");

    private final String wire;

    Direction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Parses a JSON name; returns null when the name is not one of {@link #names()}. */
    public static Direction parse(String text) {
        return Kinds.parse(Direction.class, text);
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(Direction.class);
    }
}
