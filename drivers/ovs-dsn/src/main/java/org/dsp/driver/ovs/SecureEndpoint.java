package org.dsp.driver.ovs;

import java.util.Objects;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.PortNumber;

/**
 * A DSN's encrypted end of the overlay (docs/encryption.md): a second flow-based tunnel port whose
 * local address (the DSN's secure address) is reachable only through the server's WireGuard
 * interface, so what leaves through it towards another DSN's secure address crosses the underlay
 * encrypted, and what arrives on it came through WireGuard from a DSN holding current keys; and
 * the WireGuard endpoint itself - its port on the DSN bridge and its underlay address, whose
 * traffic the DSN passes between that port and the uplink.
 */
public final class SecureEndpoint {
    private final TunnelEndpoint tunnel;
    private final PortNumber wireguardPort;
    private final Ip4Address wireguardAddress;

    private SecureEndpoint(TunnelEndpoint tunnel, PortNumber wireguardPort, Ip4Address wireguardAddress) {
        this.tunnel = Objects.requireNonNull(tunnel);
        this.wireguardPort = Objects.requireNonNull(wireguardPort);
        this.wireguardAddress = Objects.requireNonNull(wireguardAddress);
    }

    /** The secure tunnel ({@code tunnel}: its port and the secure address) and the WireGuard endpoint's port and underlay address. */
    public static SecureEndpoint of(TunnelEndpoint tunnel, PortNumber wireguardPort, Ip4Address wireguardAddress) {
        return new SecureEndpoint(tunnel, wireguardPort, wireguardAddress);
    }

    /** Returns the secure tunnel: its port and the DSN's secure address. */
    public TunnelEndpoint tunnel() {
        return tunnel;
    }

    /** Returns the DSN bridge's port towards the server's WireGuard endpoint. */
    public PortNumber wireguardPort() {
        return wireguardPort;
    }

    /** Returns the WireGuard endpoint's underlay address. */
    public Ip4Address wireguardAddress() {
        return wireguardAddress;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecureEndpoint && ((SecureEndpoint) o).tunnel.equals(tunnel)
                && ((SecureEndpoint) o).wireguardPort.equals(wireguardPort) && ((SecureEndpoint) o).wireguardAddress.equals(wireguardAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tunnel, wireguardPort, wireguardAddress);
    }

    @Override
    public String toString() {
        return "secure(" + tunnel + ", wireguard " + wireguardPort + "@" + wireguardAddress + ")";
    }
}
