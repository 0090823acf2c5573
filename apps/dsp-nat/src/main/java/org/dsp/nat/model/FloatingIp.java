package org.dsp.nat.model;

import java.util.Objects;
import org.onlab.packet.Ip4Address;

/** A floating IP: one external address translated 1:1 to and from one member's address. */
public final class FloatingIp {
    private final String name;
    private final String endpoint;
    private final Ip4Address address;

    /** A floating IP of {@code endpoint}. */
    public FloatingIp(String name, String endpoint, Ip4Address address) {
        this.name = Objects.requireNonNull(name);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.address = Objects.requireNonNull(address);
    }

    /** Returns its name. */
    public String name() {
        return name;
    }

    /** Returns the member it belongs to. */
    public String endpoint() {
        return endpoint;
    }

    /** Returns the external address. */
    public Ip4Address address() {
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatingIp && ((FloatingIp) o).name.equals(name) && ((FloatingIp) o).endpoint.equals(endpoint)
                && ((FloatingIp) o).address.equals(address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, endpoint, address);
    }

    @Override
    public String toString() {
        return name + "(" + address + " <-> " + endpoint + ")";
    }
}
