package org.dsp.ir;

import org.dsp.model.Direction;

/**
 * The fixed skeleton of the logical pipeline, in the order a packet meets it. The core owns the
 * phases without stages of their own (classification, conntrack, commit, output); services
 * declare their {@link Stage}s inside the open phases (marked {@link #open}). A driver gives every
 * phase a range of tables; a stage's table is its phase's base plus its slot.
 */
public enum Phase {
    /** Which port a packet came in on: a local workload's (its tenant), an uplink, or nothing known. */
    CLASSIFY(null, false),
    /** Admission: a workload sends only from its own MAC and addresses (anti-spoofing). */
    ADMISSION(null, false),
    /** Finds the local destination workload, if any. */
    LOOKUP(null, false),
    /** Conntrack in the tenant's zone. */
    CONNTRACK(null, false),
    /** Dispatch on connection state: replies and persistent connections bypass policy. */
    CT_DISPATCH(null, false),
    /**
     * After conntrack, before policy: services that act on a new connection before policy sees
     * it (e.g. load balancing rewrites the destination, so policy sees the real backend).
     */
    PRE_POLICY(null, true),
    /** Policy of the source workload (at its DSN): service stages, evaluated in order. */
    EGRESS_POLICY(Direction.EGRESS, true),
    /** The source's default when no egress stage decided: isolation. */
    EGRESS_DEFAULT(Direction.EGRESS, false),
    /** Policy of the destination workload (at its DSN): service stages, evaluated in order. */
    INGRESS_POLICY(Direction.INGRESS, true),
    /** The destination's default when no ingress stage decided: isolation. */
    INGRESS_DEFAULT(Direction.INGRESS, false),
    /** Commits allowed stateful connections. */
    COMMIT(null, false),
    /** Drops what policy refused. */
    DENY(null, false),
    /** After policy, on every delivered packet (new, established and replies): marking, translation. */
    POST_POLICY(null, true),
    /** Delivery to the local port or the uplink. */
    OUTPUT(null, false);

    private final Direction direction;
    private final boolean open;

    Phase(Direction direction, boolean open) {
        this.direction = direction;
        this.open = open;
    }

    /** Returns the policy direction the phase evaluates, or null. */
    public Direction direction() {
        return direction;
    }

    /** Returns whether services may declare stages in this phase. */
    public boolean open() {
        return open;
    }

    /** Returns the policy phase of a direction. */
    public static Phase policy(Direction d) {
        return d == Direction.EGRESS ? EGRESS_POLICY : INGRESS_POLICY;
    }

    /** Returns the default (isolation) phase of a direction. */
    public static Phase defaults(Direction d) {
        return d == Direction.EGRESS ? EGRESS_DEFAULT : INGRESS_DEFAULT;
    }
}
