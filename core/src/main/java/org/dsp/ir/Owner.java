package org.dsp.ir;

import java.util.Objects;

/**
 * What a flow exists for: a tenant's rule, endpoint or isolation default, or the pipeline itself.
 * Its numeric keys go into every device flow's cookie, so a flow on a DSN traces back to it.
 */
public final class Owner implements Comparable<Owner> {
    /**
     * A kind of owner, with a stable numeric code (it goes into every cookie, so it must never
     * change): the core's kinds are fixed here, and a service declares its own with codes of its
     * choosing ({@link #of}); two kinds with one code are refused.
     */
    public static final class Kind implements Comparable<Kind> {
        /** The highest code a kind can have (6 bits in the cookie). */
        public static final int MAX_CODE = 63;
        /**
         * The lowest code of a punt kind: a packet a flow of such a kind sends to the controller
         * goes to the service that declared the kind (its {@code packetIn}); flows of lower codes
         * send packets to the controller only to have them rejected.
         */
        public static final int FIRST_PUNTED = 32;
        private static final java.util.Map<Integer, Kind> BY_CODE = new java.util.concurrent.ConcurrentHashMap<>();

        /** Fixed pipeline flows, owned by no tenant. */
        public static final Kind PIPELINE = of(1, "pipeline");
        /**
         * Flows the platform itself puts on every switch, owned by no tenant: the topology
         * discovery punt and, on fabric switches, plain L2 forwarding.
         */
        public static final Kind INFRASTRUCTURE = of(2, "infrastructure");
        /** An endpoint's binding (classification, anti-spoofing, delivery). */
        public static final Kind ENDPOINT = of(3, "endpoint");
        /** An endpoint's isolation default in one direction. */
        public static final Kind ISOLATION = of(4, "isolation");
        /** A policy rule: a flow that carries a verdict (allow, deny, reject, pass) of a service's rule. */
        public static final Kind RULE = of(8, "rule");

        private final int code;
        private final String name;

        private Kind(int code, String name) {
            this.code = code;
            this.name = name;
        }

        /**
         * Returns the kind with {@code code}, declaring it on first use.
         *
         * @throws IllegalArgumentException when the code is out of range or another kind holds it
         */
        public static Kind of(int code, String name) {
            if (code < 1 || code > MAX_CODE || !name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException("owner kind " + name + "/" + code + ": code 1.." + MAX_CODE
                        + " and a lower-case name");
            }
            Kind k = BY_CODE.computeIfAbsent(code, c -> new Kind(c, name));
            if (!k.name.equals(name)) {
                throw new IllegalArgumentException("owner kind code " + code + " is held by '" + k.name + "', not '" + name + "'");
            }
            return k;
        }

        /** Returns the kind with {@code code}, or null when none is declared. */
        public static Kind byCode(int code) {
            return BY_CODE.get(code);
        }

        /** Returns the stable code. */
        public int code() {
            return code;
        }

        /** Returns whether packets this kind's flows send to the controller go to the owning service ({@link #FIRST_PUNTED}). */
        public boolean punted() {
            return code >= FIRST_PUNTED;
        }

        /** Returns the name, as printed in owner labels. */
        public String name() {
            return name;
        }

        @Override
        public int compareTo(Kind o) {
            return Integer.compare(code, o.code);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Kind && ((Kind) o).code == code;
        }

        @Override
        public int hashCode() {
            return code;
        }

        @Override
        public String toString() {
            return name;
        }
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
        this.label = kind == Kind.PIPELINE || kind == Kind.INFRASTRUCTURE ? name : tenant + "/" + kind.name() + "/" + name;
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

    /** Returns this owner with kind {@code k} (the same tenant, name and key): e.g. a flow's punt cookie. */
    public Owner withKind(Kind k) {
        return of(tenant, tenantKey, k, name, key);
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

    /** Returns the owner's key within its tenant and kind (26 bits; the rule key for rules). */
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
