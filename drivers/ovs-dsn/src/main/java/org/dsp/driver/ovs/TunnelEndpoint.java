package org.dsp.driver.ovs;

import java.util.Objects;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.PortNumber;

/**
 * A DSN's end of the overlay: its flow-based tunnel port ({@code remote_ip=flow}, {@code key=flow})
 * and its underlay IPv4 address, which lives on the bridge's own interface (LOCAL) and which
 * other DSNs send the tunnel's packets to.
 */
public final class TunnelEndpoint {
    private final PortNumber port;
    private final Ip4Address underlay;

    private TunnelEndpoint(PortNumber port, Ip4Address underlay) {
        this.port = Objects.requireNonNull(port);
        this.underlay = Objects.requireNonNull(underlay);
    }

    /** A tunnel endpoint: the tunnel port's OpenFlow number and the DSN's underlay address. */
    public static TunnelEndpoint of(PortNumber port, Ip4Address underlay) {
        return new TunnelEndpoint(port, underlay);
    }

    /** Parses {@code PORT@ADDRESS} (as {@code dsp compile --tunnel} takes it). */
    public static TunnelEndpoint parse(String s) {
        int at = s.indexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            throw new IllegalArgumentException("a tunnel endpoint is PORT@IPV4-ADDRESS, not '" + s + "'");
        }
        long port;
        try {
            port = Long.parseLong(s.substring(0, at));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tunnel port '" + s.substring(0, at) + "' is not a number");
        }
        if (port <= 0 || port >= 0xffffff00L) {
            throw new IllegalArgumentException("tunnel port " + port + " is not a physical port number");
        }
        return of(PortNumber.portNumber(port), Ip4Address.valueOf(s.substring(at + 1)));
    }

    /** Returns the tunnel port. */
    public PortNumber port() {
        return port;
    }

    /** Returns the underlay address. */
    public Ip4Address underlay() {
        return underlay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TunnelEndpoint && ((TunnelEndpoint) o).port.equals(port) && ((TunnelEndpoint) o).underlay.equals(underlay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(port, underlay);
    }

    @Override
    public String toString() {
        return port.toLong() + "@" + underlay;
    }
}
