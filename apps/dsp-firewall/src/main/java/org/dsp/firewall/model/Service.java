package org.dsp.firewall.model;

import org.dsp.model.Protocol;
import java.util.List;
import java.util.Objects;

/** A protocol and, for tcp and udp, the destination ports a rule matches (none: every port). */
public final class Service {
    private final Protocol protocol;
    private final List<PortSpec> ports;

    private Service(Protocol protocol, List<PortSpec> ports) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.ports = List.copyOf(ports);
        if (!this.ports.isEmpty() && (protocol == Protocol.ICMP || protocol == Protocol.ANY)) {
            throw new IllegalArgumentException("ports need tcp or udp, not " + protocol.wireName());
        }
    }

    /** Creates a service. */
    public static Service of(Protocol protocol, List<PortSpec> ports) {
        return new Service(protocol, ports);
    }

    /** Returns the protocol. */
    public Protocol protocol() {
        return protocol;
    }

    /** Returns the destination ports; empty means every port. */
    public List<PortSpec> ports() {
        return ports;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Service && ((Service) o).protocol == protocol && ((Service) o).ports.equals(ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, ports);
    }

    @Override
    public String toString() {
        return protocol.wireName() + (ports.isEmpty() ? "" : ports.toString());
    }
}
