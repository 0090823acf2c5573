package org.dsp.nat.model;

import java.util.Objects;
import org.onlab.packet.Ip4Address;

/**
 * Source NAT of a network's or a group's members to a pool: addresses {@code first..last} and
 * ports {@code portFirst..portLast}. Exactly one of {@link #network()} and {@link #group()} is set.
 */
public final class SnatRule {
    /** The default port range of a pool: the unprivileged ports. */
    public static final int DEFAULT_PORT_FIRST = 1024;
    /** The last port of the default range. */
    public static final int DEFAULT_PORT_LAST = 65535;
    /** The most addresses a pool holds (each is answered and sent from by a flow of its own). */
    public static final int MAX_ADDRESSES = 256;

    private final String name;
    private final String network;
    private final String group;
    private final Ip4Address first;
    private final Ip4Address last;
    private final int portFirst;
    private final int portLast;

    /** A rule; the codec has checked the ranges. */
    public SnatRule(String name, String network, String group, Ip4Address first, Ip4Address last, int portFirst, int portLast) {
        if ((network == null) == (group == null)) {
            throw new IllegalArgumentException("a pool rule names a network or a group");
        }
        this.name = Objects.requireNonNull(name);
        this.network = network;
        this.group = group;
        this.first = Objects.requireNonNull(first);
        this.last = Objects.requireNonNull(last);
        this.portFirst = portFirst;
        this.portLast = portLast;
    }

    /** Returns the rule's name. */
    public String name() {
        return name;
    }

    /** Returns the network whose members are translated, or null. */
    public String network() {
        return network;
    }

    /** Returns the group whose members (those in a network) are translated, or null. */
    public String group() {
        return group;
    }

    /** Returns the pool's first address. */
    public Ip4Address first() {
        return first;
    }

    /** Returns the pool's last address. */
    public Ip4Address last() {
        return last;
    }

    /** Returns the first port of the pool. */
    public int portFirst() {
        return portFirst;
    }

    /** Returns the last port of the pool. */
    public int portLast() {
        return portLast;
    }

    /** Returns how many addresses the pool has. */
    public int size() {
        return (int) ((last.toInt() & 0xffffffffL) - (first.toInt() & 0xffffffffL) + 1);
    }

    /** Returns the pool's addresses, first to last. */
    public java.util.List<Ip4Address> addresses() {
        return org.dsp.ir.ExternalAccess.range(first, last);
    }

    /** Returns how many connections to one external address and port the pool can translate at once. */
    public long capacity() {
        return (long) size() * (portLast - portFirst + 1);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SnatRule)) {
            return false;
        }
        SnatRule r = (SnatRule) o;
        return r.name.equals(name) && Objects.equals(r.network, network) && Objects.equals(r.group, group)
                && r.first.equals(first) && r.last.equals(last) && r.portFirst == portFirst && r.portLast == portLast;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, network, group, first, last, portFirst, portLast);
    }

    @Override
    public String toString() {
        return name + "(" + (network != null ? "network " + network : "group " + group) + " -> " + first
                + (first.equals(last) ? "" : "-" + last) + ":" + portFirst + "-" + portLast + ")";
    }
}
