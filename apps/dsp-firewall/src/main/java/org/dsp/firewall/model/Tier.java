package org.dsp.firewall.model;

import org.dsp.model.Kinds;
import org.dsp.model.WireNamed;
/** Firewall tiers, evaluated in this order. */
public enum Tier implements WireNamed {
    /** Operator rules evaluated before the tenant's own. */
    PLATFORM("platform"),
    /** The tenant's own rules (the Kubernetes NetworkPolicy equivalent). */
    TENANT("tenant"),
    /** Rules evaluated after the tenant tier, before the isolation default. */
    BASELINE("baseline");

    private final String wire;

    Tier(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Parses a JSON name; returns null when the name is not one of {@link #names()}. */
    public static Tier parse(String text) {
        return Kinds.parse(Tier.class, text);
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(Tier.class);
    }
}
