package org.dsp.model;

/** Operator of a label selector's set expression (Kubernetes matchExpressions). */
public enum SelectorOperator implements WireNamed {
    /** The label's value is one of the values. */
    IN("In"),
    /** The label is absent or its value is none of the values. */
    NOT_IN("NotIn"),
    /** The label is present. */
    EXISTS("Exists"),
    /** The label is absent. */
    DOES_NOT_EXIST("DoesNotExist");

    private final String wire;

    SelectorOperator(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Parses a JSON name; returns null when the name is not one of {@link #names()}. */
    public static SelectorOperator parse(String text) {
        return Kinds.parse(SelectorOperator.class, text);
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(SelectorOperator.class);
    }
}
