package org.dsp.lb.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.dsp.model.LabelSelector;

/**
 * The backends of a virtual service: exactly one of a group of the document, a list of
 * endpoints, or a label selector over the tenant's endpoints (membership follows the endpoints),
 * with optional weights per endpoint (default {@value #DEFAULT_WEIGHT}).
 */
public final class Backends {
    /** The weight of a backend the document gives none. */
    public static final int DEFAULT_WEIGHT = 1;
    /** The largest weight (an OpenFlow select group's bucket weight is 16 bits; DSP keeps it small). */
    public static final int MAX_WEIGHT = 100;

    private final String group;
    private final List<String> endpoints;
    private final LabelSelector selector;
    private final Map<String, Integer> weights;

    private Backends(String group, List<String> endpoints, LabelSelector selector, Map<String, Integer> weights) {
        this.group = group;
        this.endpoints = endpoints == null ? null : List.copyOf(endpoints);
        this.selector = selector;
        this.weights = java.util.Collections.unmodifiableMap(new TreeMap<>(weights));
        if ((group != null ? 1 : 0) + (endpoints != null ? 1 : 0) + (selector != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("backends are one of a group, endpoints or a selector");
        }
    }

    /** The endpoints of a group of the document. */
    public static Backends group(String group, Map<String, Integer> weights) {
        return new Backends(Objects.requireNonNull(group), null, null, weights);
    }

    /** Endpoints named one by one. */
    public static Backends endpoints(List<String> endpoints, Map<String, Integer> weights) {
        return new Backends(null, Objects.requireNonNull(endpoints), null, weights);
    }

    /** The tenant's endpoints whose labels a selector matches. */
    public static Backends selector(LabelSelector selector, Map<String, Integer> weights) {
        return new Backends(null, null, Objects.requireNonNull(selector), weights);
    }

    /**
     * Returns the endpoints these backends name that the document of {@code groups} holds (a group's
     * members, the listed endpoints, or those the selector picks), sorted: a stable order.
     */
    public java.util.SortedSet<String> members(org.dsp.compiler.GroupResolver groups) {
        java.util.Collection<String> names;
        if (group != null) {
            names = groups.document().groups().containsKey(group) ? groups.members(group).endpoints() : List.of();
        } else if (endpoints != null) {
            names = endpoints;
        } else {
            names = groups.select(selector);
        }
        java.util.SortedSet<String> out = new java.util.TreeSet<>(names);
        out.removeIf(n -> !groups.document().endpoints().containsKey(n));
        return out;
    }

    /** Returns the group, or null. */
    public String group() {
        return group;
    }

    /** Returns the endpoints named one by one, or null. */
    public List<String> endpoints() {
        return endpoints;
    }

    /** Returns the selector, or null. */
    public LabelSelector selector() {
        return selector;
    }

    /** Returns the weights given in the document, by endpoint name (sorted). */
    public Map<String, Integer> weights() {
        return weights;
    }

    /** Returns the weight of an endpoint. */
    public int weight(String endpoint) {
        return weights.getOrDefault(endpoint, DEFAULT_WEIGHT);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Backends)) {
            return false;
        }
        Backends b = (Backends) o;
        return Objects.equals(b.group, group) && Objects.equals(b.endpoints, endpoints) && Objects.equals(b.selector, selector)
                && b.weights.equals(weights);
    }

    @Override
    public int hashCode() {
        return Objects.hash(group, endpoints, selector, weights);
    }

    @Override
    public String toString() {
        return (group != null ? "group " + group : endpoints != null ? "endpoints " + endpoints : "selector " + selector)
                + (weights.isEmpty() ? "" : " weights " + weights);
    }
}
