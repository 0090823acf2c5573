package org.dsp.lb.model;

import java.util.List;

/** The {@code loadBalancers} section: the tenant's virtual services, in document order. */
public final class LoadBalancers {
    private final List<LoadBalancer> list;

    /** Creates the section. */
    public LoadBalancers(List<LoadBalancer> list) {
        this.list = List.copyOf(list);
    }

    /** Returns the load balancers. */
    public List<LoadBalancer> list() {
        return list;
    }

    /** Returns the load balancer named {@code name}, or null. */
    public LoadBalancer named(String name) {
        return list.stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LoadBalancers && ((LoadBalancers) o).list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
