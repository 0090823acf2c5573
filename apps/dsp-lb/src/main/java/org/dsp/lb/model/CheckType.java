package org.dsp.lb.model;

import org.dsp.model.WireNamed;

/** The kind of a backend health check. */
public enum CheckType implements WireNamed {
    /** A TCP connection to the backend's port completes. */
    TCP("tcp"),
    /** An HTTP GET of a path answers with the expected status. */
    HTTP("http");

    private final String wire;

    CheckType(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }
}
