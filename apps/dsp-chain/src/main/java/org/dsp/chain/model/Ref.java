package org.dsp.chain.model;

import java.util.Objects;

/**
 * One side of a chain's traffic class: a group or an endpoint of the tenant, or (a destination
 * only) a load balancer - its backends on its target ports, where the client's DSN has translated
 * the connection to - or addresses of the external network (an IPv4 CIDR outside the tenant's
 * networks, reached through NAT).
 */
public final class Ref {
    private final String group;
    private final String endpoint;
    private final String loadBalancer;
    private final org.onlab.packet.IpPrefix cidr;

    private Ref(String group, String endpoint, String loadBalancer, org.onlab.packet.IpPrefix cidr) {
        this.group = group;
        this.endpoint = endpoint;
        this.loadBalancer = loadBalancer;
        this.cidr = cidr;
    }

    /** A group's members. */
    public static Ref group(String name) {
        return new Ref(Objects.requireNonNull(name), null, null, null);
    }

    /** One endpoint. */
    public static Ref endpoint(String name) {
        return new Ref(null, Objects.requireNonNull(name), null, null);
    }

    /** A load balancer of the tenant's {@code loadBalancers} section: its backends. */
    public static Ref loadBalancer(String name) {
        return new Ref(null, null, Objects.requireNonNull(name), null);
    }

    /** Addresses of the external network: an IPv4 CIDR outside the tenant's networks. */
    public static Ref external(org.onlab.packet.IpPrefix cidr) {
        return new Ref(null, null, null, Objects.requireNonNull(cidr));
    }

    /** Returns the external CIDR, or null. */
    public org.onlab.packet.IpPrefix cidr() {
        return cidr;
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
                && Objects.equals(((Ref) o).loadBalancer, loadBalancer) && Objects.equals(((Ref) o).cidr, cidr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, endpoint, loadBalancer, cidr);
    }

    @Override
    public String toString() {
        return group != null ? "group " + group : endpoint != null ? "endpoint " + endpoint : loadBalancer != null
                ? "load balancer " + loadBalancer : "external " + cidr;
    }
}
