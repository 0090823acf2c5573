package org.dsp.ir;

import java.util.Objects;
import org.dsp.model.Protocol;

/** A protocol and an inclusive destination-port range (1-65535 for every port; unused for icmp). */
public final class ServiceMatch implements Comparable<ServiceMatch> {
    private final Protocol protocol;
    private final int first;
    private final int last;

    private ServiceMatch(Protocol protocol, int first, int last) {
        if (protocol == Protocol.ANY) {
            throw new IllegalArgumentException("a service match needs a concrete protocol");
        }
        this.protocol = protocol;
        this.first = protocol == Protocol.ICMP ? 0 : first;
        this.last = protocol == Protocol.ICMP ? 0 : last;
    }

    /** Ports {@code first}..{@code last} of {@code protocol}. */
    public static ServiceMatch of(Protocol protocol, int first, int last) {
        return new ServiceMatch(protocol, first, last);
    }

    /** Every port of {@code protocol}. */
    public static ServiceMatch all(Protocol protocol) {
        return new ServiceMatch(protocol, 1, 65535);
    }

    /** Returns the protocol (tcp, udp or icmp). */
    public Protocol protocol() {
        return protocol;
    }

    /** Returns the first port. */
    public int first() {
        return first;
    }

    /** Returns the last port. */
    public int last() {
        return last;
    }

    /** Returns whether the range is every port (always true for icmp). */
    public boolean allPorts() {
        return protocol == Protocol.ICMP || (first <= 1 && last == 65535);
    }

    /** Returns whether a packet of protocol {@code p} to port {@code port} matches. */
    public boolean matches(Protocol p, int port) {
        return p == protocol && (allPorts() || (port >= first && port <= last));
    }

    /** Orders possibly-absent services: absent (any service) first. */
    static int compareNullable(ServiceMatch a, ServiceMatch b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public int compareTo(ServiceMatch o) {
        int c = protocol.compareTo(o.protocol);
        if (c == 0) {
            c = Integer.compare(first, o.first);
        }
        return c != 0 ? c : Integer.compare(last, o.last);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceMatch && ((ServiceMatch) o).protocol == protocol && ((ServiceMatch) o).first == first
                && ((ServiceMatch) o).last == last;
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, first, last);
    }

    @Override
    public String toString() {
        if (allPorts()) {
            return protocol.wireName();
        }
        return protocol.wireName() + "/" + (first == last ? Integer.toString(first) : first + "-" + last);
    }
}
