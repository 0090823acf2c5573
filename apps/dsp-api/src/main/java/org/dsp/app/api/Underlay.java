package org.dsp.app.api;

/**
 * How a runtime tells the DSP core a DSN's end of the overlay (docs/overlay.md): the DSN's port
 * named {@link #TUNNEL_PORT} is its flow-based tunnel port, and the device annotation
 * {@link #ADDRESS} is its underlay IPv4 address. The standalone node sets both from the server's
 * OVSDB; a DSN without them carries no overlay traffic.
 */
public final class Underlay {
    /** The name of a DSN's tunnel port. */
    public static final String TUNNEL_PORT = "dsp-tun";
    /** The device annotation holding a DSN's underlay IPv4 address. */
    public static final String ADDRESS = "dsp.underlay";

    private Underlay() {
    }
}
