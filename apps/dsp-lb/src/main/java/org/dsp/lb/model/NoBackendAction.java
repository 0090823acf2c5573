package org.dsp.lb.model;

import org.dsp.model.WireNamed;

/** What a client's new connection to a virtual service meets when no backend is healthy. */
public enum NoBackendAction implements WireNamed {
    /** Refused at once: TCP RST for TCP, ICMP port unreachable for UDP. */
    REJECT("reject"),
    /** Dropped silently (the client times out). */
    DROP("drop");

    private final String wire;

    NoBackendAction(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }
}
