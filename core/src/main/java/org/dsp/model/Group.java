package org.dsp.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named set of workloads and addresses: the union of the endpoints its selector picks, its
 * explicit endpoints, its CIDR blocks and the members of the groups nested in it.
 */
public final class Group {
    private final String name;
    private final LabelSelector selector;
    private final LabelSelector namespaceSelector;
    private final List<String> endpoints;
    private final List<CidrBlock> cidrs;
    private final List<String> groups;

    private Group(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.selector = b.selector;
        this.namespaceSelector = b.namespaceSelector;
        this.endpoints = List.copyOf(b.endpoints);
        this.cidrs = List.copyOf(b.cidrs);
        this.groups = List.copyOf(b.groups);
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the group's name, unique in its tenant. */
    public String name() {
        return name;
    }

    /** Returns the label selector, or null when the group has none. */
    public LabelSelector selector() {
        return selector;
    }

    /**
     * Returns the namespace selector, or null: with one, the group's selected endpoints are those in
     * a namespace whose labels it matches (and that the label selector, if any, also picks).
     */
    public LabelSelector namespaceSelector() {
        return namespaceSelector;
    }

    /** Returns whether the group selects endpoints by labels (its own selector or a namespace selector). */
    public boolean selects() {
        return selector != null || namespaceSelector != null;
    }

    /** Returns the names of endpoints listed explicitly. */
    public List<String> endpoints() {
        return endpoints;
    }

    /** Returns the address blocks of the group. */
    public List<CidrBlock> cidrs() {
        return cidrs;
    }

    /** Returns the names of nested groups. */
    public List<String> groups() {
        return groups;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Group)) {
            return false;
        }
        Group g = (Group) o;
        return g.name.equals(name) && Objects.equals(g.selector, selector)
                && Objects.equals(g.namespaceSelector, namespaceSelector) && g.endpoints.equals(endpoints)
                && g.cidrs.equals(cidrs) && g.groups.equals(groups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, selector, namespaceSelector, endpoints, cidrs, groups);
    }

    @Override
    public String toString() {
        return "Group{" + name + "}";
    }

    /** Builder of {@link Group}. */
    public static final class Builder {
        private String name;
        private LabelSelector selector;
        private LabelSelector namespaceSelector;
        private final List<String> endpoints = new ArrayList<>();
        private final List<CidrBlock> cidrs = new ArrayList<>();
        private final List<String> groups = new ArrayList<>();

        private Builder() {
        }

        /** Sets the name. */
        public Builder name(String v) {
            this.name = v;
            return this;
        }

        /** Sets the selector. */
        public Builder selector(LabelSelector v) {
            this.selector = v;
            return this;
        }

        /** Sets the namespace selector. */
        public Builder namespaceSelector(LabelSelector v) {
            this.namespaceSelector = v;
            return this;
        }

        /** Adds an explicit endpoint. */
        public Builder endpoint(String v) {
            this.endpoints.add(v);
            return this;
        }

        /** Adds a CIDR block. */
        public Builder cidr(CidrBlock v) {
            this.cidrs.add(v);
            return this;
        }

        /** Adds a nested group. */
        public Builder group(String v) {
            this.groups.add(v);
            return this;
        }

        /** Builds the group. */
        public Group build() {
            return new Group(this);
        }
    }
}
