package org.dsp.ir;

import org.dsp.model.Direction;
import org.dsp.model.Tier;

/** The logical pipeline's stages, in the order a packet meets them. */
public enum LogicalStage {
    /** Binds an endpoint to its port, MAC and addresses: admission (anti-spoofing) and delivery. */
    ENDPOINT(null, null),
    /** Egress rules of the platform tier, at the DSN of the source workload. */
    EGRESS_PLATFORM(Direction.EGRESS, Tier.PLATFORM),
    /** Egress rules of the tenant tier. */
    EGRESS_TENANT(Direction.EGRESS, Tier.TENANT),
    /** Egress rules of the baseline tier. */
    EGRESS_BASELINE(Direction.EGRESS, Tier.BASELINE),
    /** Egress default: isolated workloads drop what no rule allowed. */
    EGRESS_ISOLATION(Direction.EGRESS, null),
    /** Ingress rules of the platform tier, at the DSN of the destination workload. */
    INGRESS_PLATFORM(Direction.INGRESS, Tier.PLATFORM),
    /** Ingress rules of the tenant tier. */
    INGRESS_TENANT(Direction.INGRESS, Tier.TENANT),
    /** Ingress rules of the baseline tier. */
    INGRESS_BASELINE(Direction.INGRESS, Tier.BASELINE),
    /** Ingress default: isolated workloads drop what no rule allowed. */
    INGRESS_ISOLATION(Direction.INGRESS, null);

    private final Direction direction;
    private final Tier tier;

    LogicalStage(Direction direction, Tier tier) {
        this.direction = direction;
        this.tier = tier;
    }

    /** Returns the direction the stage evaluates, or null for the endpoint stage. */
    public Direction direction() {
        return direction;
    }

    /** Returns the firewall tier, or null for non-rule stages. */
    public Tier tier() {
        return tier;
    }

    /** Returns the stage holding the rules of {@code tier} in {@code direction}. */
    public static LogicalStage of(Direction direction, Tier tier) {
        for (LogicalStage s : values()) {
            if (s.direction == direction && s.tier == tier) {
                return s;
            }
        }
        throw new IllegalArgumentException(direction + "/" + tier);
    }

    /** Returns the isolation stage of a direction. */
    public static LogicalStage isolation(Direction direction) {
        return direction == Direction.EGRESS ? EGRESS_ISOLATION : INGRESS_ISOLATION;
    }

    /** Returns the lower-case name used when printing flows. */
    public String label() {
        return name().toLowerCase();
    }
}
