package org.dsp.ir;

import java.util.Objects;

/**
 * What a flow exists for: a tenant's rule, endpoint or isolation default, or the pipeline itself.
 * Its numeric keys go into every device flow's cookie, so a flow on a DSN traces back to it.
 */
public final class Owner implements Comparable<Owner> {
    /** The kinds of owner. */
    public enum Kind {
        /** Fixed pipeline flows, owned by no tenant. */
        PIPELINE,
        /** An endpoint's binding (classification, anti-spoofing, delivery). */
        ENDPOINT,
        /** An endpoint's isolation default in one direction. */
        ISOLATION,
        /** A firewall rule. */
        RULE,
        /**
         * Flows the platform itself puts on every switch, owned by no tenant: the topology
         * discovery punt and, on fabric switches, plain L2 forwarding.
         */
        INFRASTRUCTURE
    }

    private final String tenant;
    private final int tenantKey;
    private final Kind kind;
    private final String name;
    private final int key;
    private final String label;
    private final int hash;

    private Owner(String tenant, int tenantKey, Kind kind, String name, int key) {
        this.tenant = tenant;
        this.tenantKey = tenantKey;
        this.kind = Objects.requireNonNull(kind);
        this.name = name;
        this.key = key;
        this.label = kind == Kind.PIPELINE || kind == Kind.INFRASTRUCTURE ? name : tenant + "/" + kind.name().toLowerCase() + "/" + name;
        this.hash = Objects.hash(tenant, kind, name);
    }

    /** The pipeline itself. */
    public static Owner pipeline() {
        return new Owner("", 0, Kind.PIPELINE, "pipeline", 0);
    }

    /** The platform's infrastructure flows (topology discovery, fabric forwarding). */
    public static Owner infrastructure() {
        return new Owner("", 0, Kind.INFRASTRUCTURE, "infrastructure", 0);
    }

    /** Owner {@code kind}/{@code name} of tenant {@code tenant} (numeric key {@code tenantKey}); {@code key} is the owner's own number. */
    public static Owner of(String tenant, int tenantKey, Kind kind, String name, int key) {
        return new Owner(Objects.requireNonNull(tenant), tenantKey, kind, Objects.requireNonNull(name), key);
    }

    /** Returns the tenant id ("" for the pipeline). */
    public String tenant() {
        return tenant;
    }

    /** Returns the tenant's 16-bit key, also its conntrack zone (0 for the pipeline). */
    public int tenantKey() {
        return tenantKey;
    }

    /** Returns the kind. */
    public Kind kind() {
        return kind;
    }

    /** Returns the rule or endpoint name. */
    public String name() {
        return name;
    }

    /** Returns the owner's 31-bit key within its tenant (the rule key for rules, 0 otherwise). */
    public int key() {
        return key;
    }

    /** Returns "tenant/kind/name", the form used in flow comments. */
    public String label() {
        return label;
    }

    @Override
    public int compareTo(Owner o) {
        int c = tenant.compareTo(o.tenant);
        if (c == 0) {
            c = kind.compareTo(o.kind);
        }
        if (c == 0) {
            c = name.compareTo(o.name);
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Owner)) {
            return false;
        }
        Owner w = (Owner) o;
        return w.tenant.equals(tenant) && w.tenantKey == tenantKey && w.kind == kind && w.name.equals(name) && w.key == key;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return label();
    }
}
