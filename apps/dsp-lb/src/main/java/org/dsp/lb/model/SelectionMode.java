package org.dsp.lb.model;

import org.dsp.model.Kinds;
import org.dsp.model.WireNamed;

/** How the client's DSN picks a backend for a new connection. */
public enum SelectionMode implements WireNamed {
    /** A hash of the connection's 5-tuple: connections spread over the backends by weight. */
    FIVE_TUPLE("fiveTuple"),
    /** Source-IP affinity: a client keeps the backend it was given until it is idle for the timeout. */
    SOURCE_IP("sourceIp");

    private final String wire;

    SelectionMode(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(SelectionMode.class);
    }
}
