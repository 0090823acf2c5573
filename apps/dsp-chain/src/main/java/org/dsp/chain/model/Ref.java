package org.dsp.chain.model;

import java.util.Objects;

/**
 * One side of a chain's traffic class: a group or an endpoint of the tenant, or (a destination
 * only) a load balancer - its backends on its target ports, where the client's DSN has translated
 * the connection to.
 */
public final class Ref {
    private final String group;
    private final String endpoint;
    private final String loadBalancer;

    private Ref(String group, String endpoint, String loadBalancer) {
        this.group = group;
        this.endpoint = endpoint;
        this.loadBalancer = loadBalancer;
    }

    /** A group's members. */
    public static Ref group(String name) {
        return new Ref(Objects.requireNonNull(name), null, null);
    }

    /** One endpoint. */
    public static Ref endpoint(String name) {
        return new Ref(null, Objects.requireNonNull(name), null);
    }

    /** A load balancer of the tenant's {@code loadBalancers} section: its backends. */
    public static Ref loadBalancer(String name) {
        return new Ref(null, null, Objects.requireNonNull(name));
    }

    /** Returns the load balancer's name, or null. */
    public String loadBalancer() {
        return loadBalancer;
    }

    /** Returns the group's name, or null. */
    public String group() {
        return group;
    }

    /** Returns the endpoint's name, or null. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ref && Objects.equals(((Ref) o).group, group) && Objects.equals(((Ref) o).endpoint, endpoint)
                && Objects.equals(((Ref) o).loadBalancer, loadBalancer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, endpoint, loadBalancer);
    }

    @Override
    public String toString() {
        return group != null ? "group " + group : endpoint != null ? "endpoint " + endpoint : "load balancer " + loadBalancer;
    }
}
