package org.dsp.microseg.model;

import org.dsp.model.Kinds;
import org.dsp.model.WireNamed;
/** Default posture of a tenant or segment for traffic no rule decides. */
public enum Posture implements WireNamed {
    /** Workloads that no rule isolates accept and open any connection. */
    DEFAULT_ALLOW("default-allow"),
    /** Every workload is isolated in both directions: only what rules allow passes. */
    DEFAULT_DENY("default-deny");

    private final String wire;

    Posture(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Parses a JSON name; returns null when the name is not one of {@link #names()}. */
    public static Posture parse(String text) {
        return Kinds.parse(Posture.class, text);
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(Posture.class);
    }
}
