package org.dsp.nat.model;

import java.util.Objects;
import org.onlab.packet.Ip4Address;

/**
 * A floating IP: one external address translated 1:1 to and from one member's address, or a load
 * balancer published on it (connections to its VIPs' ports there are balanced over its backends).
 * Exactly one of {@link #endpoint()} and {@link #loadBalancer()} is set.
 */
public final class FloatingIp {
    private final String name;
    private final String endpoint;
    private final String loadBalancer;
    private final Ip4Address address;

    /** A floating IP of {@code endpoint}. */
    public FloatingIp(String name, String endpoint, Ip4Address address) {
        this(name, endpoint, null, address);
    }

    /** A floating IP of {@code endpoint}, or publishing {@code loadBalancer} (one of them null). */
    public FloatingIp(String name, String endpoint, String loadBalancer, Ip4Address address) {
        if ((endpoint == null) == (loadBalancer == null)) {
            throw new IllegalArgumentException("a floating IP names an endpoint or a load balancer");
        }
        this.name = Objects.requireNonNull(name);
        this.endpoint = endpoint;
        this.loadBalancer = loadBalancer;
        this.address = Objects.requireNonNull(address);
    }

    /** Returns its name. */
    public String name() {
        return name;
    }

    /** Returns the member it belongs to, or null when it publishes a load balancer. */
    public String endpoint() {
        return endpoint;
    }

    /** Returns the load balancer it publishes, or null. */
    public String loadBalancer() {
        return loadBalancer;
    }

    /** Returns the external address. */
    public Ip4Address address() {
        return address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatingIp && ((FloatingIp) o).name.equals(name) && Objects.equals(((FloatingIp) o).endpoint, endpoint)
                && Objects.equals(((FloatingIp) o).loadBalancer, loadBalancer) && ((FloatingIp) o).address.equals(address);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, endpoint, loadBalancer, address);
    }

    @Override
    public String toString() {
        return name + "(" + address + (endpoint != null ? " <-> " + endpoint : " -> load balancer " + loadBalancer) + ")";
    }
}
