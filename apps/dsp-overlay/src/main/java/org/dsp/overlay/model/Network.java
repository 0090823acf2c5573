package org.dsp.overlay.model;

import java.util.List;
import java.util.Objects;
import org.onlab.packet.IpAddress;

/**
 * A tenant's virtual network: a name, its subnets (IPv4 and IPv6, with gateways), an MTU, and an
 * optional explicit id within the tenant (1-255; by default its position in the list). The
 * network's tunnel key is the tenant's key and this id together (docs/overlay.md).
 */
public final class Network {
    /** The MTU of a network that names none: a 1500-byte underlay less the 50 bytes of VXLAN over IPv4. */
    public static final int DEFAULT_MTU = 1450;
    /** The largest id within a tenant (8 bits). */
    public static final int MAX_ID = 255;

    private final String name;
    private final Integer id;
    private final List<Subnet> subnets;
    private final int mtu;

    private Network(String name, Integer id, List<Subnet> subnets, int mtu) {
        this.name = Objects.requireNonNull(name);
        this.id = id;
        this.subnets = List.copyOf(subnets);
        this.mtu = mtu;
    }

    /** A network; {@code id} null: the network's position in the list (1-based) gives it. */
    public static Network of(String name, Integer id, List<Subnet> subnets, int mtu) {
        return new Network(name, id, subnets, mtu);
    }

    /** Returns the name. */
    public String name() {
        return name;
    }

    /** Returns the explicit id, or null. */
    public Integer id() {
        return id;
    }

    /** Returns the subnets. */
    public List<Subnet> subnets() {
        return subnets;
    }

    /** Returns the MTU. */
    public int mtu() {
        return mtu;
    }

    /** Returns whether one of the network's subnets holds {@code a}. */
    public boolean contains(IpAddress a) {
        for (Subnet s : subnets) {
            if (s.cidr().contains(a)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Network)) {
            return false;
        }
        Network n = (Network) o;
        return n.name.equals(name) && Objects.equals(n.id, id) && n.subnets.equals(subnets) && n.mtu == mtu;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, id, subnets, mtu);
    }

    @Override
    public String toString() {
        return name + subnets;
    }
}
