package org.dsp.nat.model;

import java.util.Objects;
import org.onlab.packet.Ip4Address;

/** A port forward: connections to an external address and port go to a member's port. */
public final class PortForward {
    private final String name;
    private final Ip4Address address;
    private final String protocol;
    private final int port;
    private final String endpoint;
    private final int targetPort;

    /** A port forward; {@code protocol} is {@code tcp} or {@code udp}. */
    public PortForward(String name, Ip4Address address, String protocol, int port, String endpoint, int targetPort) {
        this.name = Objects.requireNonNull(name);
        this.address = Objects.requireNonNull(address);
        this.protocol = Objects.requireNonNull(protocol);
        this.port = port;
        this.endpoint = Objects.requireNonNull(endpoint);
        this.targetPort = targetPort;
    }

    /** Returns its name. */
    public String name() {
        return name;
    }

    /** Returns the external address. */
    public Ip4Address address() {
        return address;
    }

    /** Returns {@code tcp} or {@code udp}. */
    public String protocol() {
        return protocol;
    }

    /** Returns the IP protocol number (6 or 17). */
    public int protocolNumber() {
        return "udp".equals(protocol) ? 17 : 6;
    }

    /** Returns the external port. */
    public int port() {
        return port;
    }

    /** Returns the member connections go to. */
    public String endpoint() {
        return endpoint;
    }

    /** Returns the member's port. */
    public int targetPort() {
        return targetPort;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PortForward)) {
            return false;
        }
        PortForward f = (PortForward) o;
        return f.name.equals(name) && f.address.equals(address) && f.protocol.equals(protocol) && f.port == port
                && f.endpoint.equals(endpoint) && f.targetPort == targetPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, address, protocol, port, endpoint, targetPort);
    }

    @Override
    public String toString() {
        return name + "(" + protocol + " " + address + ":" + port + " -> " + endpoint + ":" + targetPort + ")";
    }
}
