package org.dsp.app.api;

/**
 * How a runtime tells the DSP core a DSN's end of the overlay (docs/overlay.md): the device
 * annotation {@link #ADDRESS} is its underlay IPv4 address, and its flow-based tunnel port is the
 * one the annotation {@link #PORT} numbers or, without it, its port named {@link #TUNNEL_PORT}. The
 * standalone node sets both annotations from the server's OVSDB (and keeps them for a DSN that is
 * disconnected, so a restarted node compiles its tunnels before it reconnects); a DSN without
 * them carries no overlay traffic.
 */
public final class Underlay {
    /** The name of a DSN's tunnel port. */
    public static final String TUNNEL_PORT = "dsp-tun";
    /** The device annotation holding a DSN's underlay IPv4 address. */
    public static final String ADDRESS = "dsp.underlay";
    /** The device annotation holding a DSN's tunnel port number. */
    public static final String PORT = "dsp.tunnelPort";

    private Underlay() {
    }
}
