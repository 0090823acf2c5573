package org.dsp.model;

import java.util.Objects;

/** A port an endpoint serves under a name (Kubernetes containerPort name). */
public final class NamedPort {
    private final String name;
    private final Protocol protocol;
    private final int port;

    private NamedPort(String name, Protocol protocol, int port) {
        this.name = Objects.requireNonNull(name, "name");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.port = port;
    }

    /** Creates a named port. */
    public static NamedPort of(String name, Protocol protocol, int port) {
        return new NamedPort(name, protocol, port);
    }

    /** Returns the port's name. */
    public String name() {
        return name;
    }

    /** Returns the transport protocol (tcp or udp). */
    public Protocol protocol() {
        return protocol;
    }

    /** Returns the port number, 1-65535. */
    public int port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NamedPort)) {
            return false;
        }
        NamedPort n = (NamedPort) o;
        return n.name.equals(name) && n.protocol == protocol && n.port == port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, protocol, port);
    }

    @Override
    public String toString() {
        return name + "=" + protocol.wireName() + "/" + port;
    }
}
