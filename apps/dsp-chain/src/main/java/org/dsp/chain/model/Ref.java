package org.dsp.chain.model;

import java.util.Objects;

/** One side of a chain's traffic class: a group or an endpoint of the tenant. */
public final class Ref {
    private final String group;
    private final String endpoint;

    private Ref(String group, String endpoint) {
        this.group = group;
        this.endpoint = endpoint;
    }

    /** A group's members. */
    public static Ref group(String name) {
        return new Ref(Objects.requireNonNull(name), null);
    }

    /** One endpoint. */
    public static Ref endpoint(String name) {
        return new Ref(null, Objects.requireNonNull(name));
    }

    /** Returns the group's name, or null for an endpoint. */
    public String group() {
        return group;
    }

    /** Returns the endpoint's name, or null for a group. */
    public String endpoint() {
        return endpoint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ref && Objects.equals(((Ref) o).group, group) && Objects.equals(((Ref) o).endpoint, endpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, endpoint);
    }

    @Override
    public String toString() {
        return group != null ? "group " + group : "endpoint " + endpoint;
    }
}
