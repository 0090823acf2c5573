package org.dsp.firewall.model;

import org.dsp.model.Kinds;
import org.dsp.model.WireNamed;
/** What happens to established connections that a policy change no longer allows. */
public enum ConnectionPolicy implements WireNamed {
    /** Established connections are checked against the new policy and cut when it no longer allows them. */
    RE_EVALUATE("re-evaluate"),
    /** Connections allowed when they opened live on until they close. */
    PERSIST("persist");

    private final String wire;

    ConnectionPolicy(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Parses a JSON name; returns null when the name is not one of {@link #names()}. */
    public static ConnectionPolicy parse(String text) {
        return Kinds.parse(ConnectionPolicy.class, text);
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(ConnectionPolicy.class);
    }
}
