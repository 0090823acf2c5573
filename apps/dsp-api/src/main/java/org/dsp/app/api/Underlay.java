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
    /** The name of a DSN's encrypted tunnel port (docs/encryption.md). */
    public static final String SECURE_TUNNEL_PORT = "dsp-tun-sec";
    /** The name of a DSN bridge's port towards the server's WireGuard endpoint. */
    public static final String WIREGUARD_PORT_NAME = "dsp-wg-up";
    /**
     * The device annotation holding a DSN's secure address: the local address of its encrypted
     * tunnel port, reachable only through the server's WireGuard interface. With the three below,
     * it is set once the server's encryption agent reports the DSN's current keys in place; a DSN
     * without them exchanges no traffic of a tenant that requires encryption.
     */
    public static final String SECURE_ADDRESS = "dsp.secureUnderlay";
    /** The device annotation holding a DSN's encrypted tunnel port number. */
    public static final String SECURE_PORT = "dsp.secureTunnelPort";
    /** The device annotation holding the number of the DSN bridge's port towards the WireGuard endpoint. */
    public static final String WIREGUARD_PORT = "dsp.wireguardPort";
    /** The device annotation holding the WireGuard endpoint's underlay address. */
    public static final String WIREGUARD_ADDRESS = "dsp.wireguardAddress";

    private Underlay() {
    }
}
