package org.dsp.driver.ovs;

import java.util.Objects;
import org.onlab.packet.MacAddress;
import org.onosproject.net.PortNumber;

/**
 * A gateway DSN's port on the external network (docs/nat.md): where translated packets leave
 * and external packets for the tenants' external addresses arrive, and the MAC of the next hop
 * (the external router) that every outbound packet is sent to.
 */
public final class ExternalPort {
    private final PortNumber port;
    private final MacAddress nextHop;

    private ExternalPort(PortNumber port, MacAddress nextHop) {
        this.port = Objects.requireNonNull(port);
        this.nextHop = Objects.requireNonNull(nextHop);
    }

    /** An external port and the next hop's MAC. */
    public static ExternalPort of(PortNumber port, MacAddress nextHop) {
        return new ExternalPort(port, nextHop);
    }

    /** Parses {@code PORT@NEXT-HOP-MAC} (as {@code dsp compile --external} takes it). */
    public static ExternalPort parse(String s) {
        int at = s.indexOf('@');
        if (at <= 0 || at == s.length() - 1) {
            throw new IllegalArgumentException("an external port is PORT@NEXT-HOP-MAC, not '" + s + "'");
        }
        long port;
        try {
            port = Long.parseLong(s.substring(0, at));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("external port '" + s.substring(0, at) + "' is not a number");
        }
        if (port <= 0 || port >= 0xffffff00L) {
            throw new IllegalArgumentException("external port " + port + " is not a physical port number");
        }
        String mac = s.substring(at + 1);
        if (!mac.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            throw new IllegalArgumentException("next hop '" + mac + "' is not a MAC address");
        }
        return of(PortNumber.portNumber(port), MacAddress.valueOf(mac));
    }

    /** Returns the external port. */
    public PortNumber port() {
        return port;
    }

    /** Returns the next hop's MAC. */
    public MacAddress nextHop() {
        return nextHop;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExternalPort && ((ExternalPort) o).port.equals(port) && ((ExternalPort) o).nextHop.equals(nextHop);
    }

    @Override
    public int hashCode() {
        return Objects.hash(port, nextHop);
    }

    @Override
    public String toString() {
        return port.toLong() + "@" + nextHop;
    }
}
