package org.dsp.overlay.model;

import java.util.Objects;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/** A subnet of a virtual network: its prefix and, optionally, the gateway address its workloads route through. */
public final class Subnet {
    private final IpPrefix cidr;
    private final IpAddress gateway;

    private Subnet(IpPrefix cidr, IpAddress gateway) {
        this.cidr = Objects.requireNonNull(cidr);
        this.gateway = gateway;
    }

    /** A subnet; {@code gateway} may be null (its workloads reach only their own subnet). */
    public static Subnet of(IpPrefix cidr, IpAddress gateway) {
        return new Subnet(cidr, gateway);
    }

    /** Returns the prefix. */
    public IpPrefix cidr() {
        return cidr;
    }

    /** Returns the gateway address, or null. */
    public IpAddress gateway() {
        return gateway;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subnet && ((Subnet) o).cidr.equals(cidr) && Objects.equals(((Subnet) o).gateway, gateway);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cidr, gateway);
    }

    @Override
    public String toString() {
        return cidr + (gateway == null ? "" : " via " + gateway);
    }
}
