package org.dsp.ir;

import java.util.Comparator;
import java.util.Objects;
import org.onlab.packet.IpPrefix;

/** One value of a rule's peer dimension: an address prefix, optionally limited to one service. */
public final class PeerTerm implements Comparable<PeerTerm> {
    /** Orders prefixes by family, address, then length. */
    public static final Comparator<IpPrefix> PREFIX_ORDER = Comparator
            .comparing((IpPrefix p) -> p.isIp6())
            .thenComparing(IpPrefix::address)
            .thenComparingInt(IpPrefix::prefixLength);

    private final IpPrefix prefix;
    private final ServiceMatch service;

    private PeerTerm(IpPrefix prefix, ServiceMatch service) {
        this.prefix = Objects.requireNonNull(prefix);
        this.service = service;
    }

    /** The prefix, for any service. */
    public static PeerTerm of(IpPrefix prefix) {
        return new PeerTerm(prefix, null);
    }

    /** The prefix, for one service only. */
    public static PeerTerm of(IpPrefix prefix, ServiceMatch service) {
        return new PeerTerm(prefix, service);
    }

    /** Returns the prefix. */
    public IpPrefix prefix() {
        return prefix;
    }

    /** Returns the service this term is limited to, or null. */
    public ServiceMatch service() {
        return service;
    }

    @Override
    public int compareTo(PeerTerm o) {
        int c = PREFIX_ORDER.compare(prefix, o.prefix);
        if (c != 0) {
            return c;
        }
        return ServiceMatch.compareNullable(service, o.service);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerTerm && ((PeerTerm) o).prefix.equals(prefix) && Objects.equals(((PeerTerm) o).service, service);
    }

    @Override
    public int hashCode() {
        return Objects.hash(prefix, service);
    }

    @Override
    public String toString() {
        return service == null ? prefix.toString() : prefix + ":" + service;
    }
}
