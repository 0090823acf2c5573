package org.dsp.microseg.model;

import org.dsp.model.Direction;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A microsegment: the workloads of a group and a posture. A {@code default-deny} segment isolates
 * its members in the listed directions, so they accept or open only what rules allow (this is
 * also how a Kubernetes NetworkPolicy's policyTypes isolate the pods it selects).
 */
public final class Segment {
    private final String name;
    private final String appliedTo;
    private final Posture posture;
    private final Set<Direction> directions;

    private Segment(String name, String appliedTo, Posture posture, Set<Direction> directions) {
        this.name = Objects.requireNonNull(name, "name");
        this.appliedTo = Objects.requireNonNull(appliedTo, "appliedTo");
        this.posture = Objects.requireNonNull(posture, "posture");
        this.directions = Set.copyOf(directions);
        if (this.directions.isEmpty()) {
            throw new IllegalArgumentException("segment " + name + " has no direction");
        }
    }

    /** Creates a segment. */
    public static Segment of(String name, String appliedTo, Posture posture, Set<Direction> directions) {
        return new Segment(name, appliedTo, posture, directions);
    }

    /** Returns the segment name. */
    public String name() {
        return name;
    }

    /** Returns the group whose workloads form the segment. */
    public String appliedTo() {
        return appliedTo;
    }

    /** Returns the posture. */
    public Posture posture() {
        return posture;
    }

    /** Returns the directions the posture governs. */
    public Set<Direction> directions() {
        return directions;
    }

    /** Returns whether this segment isolates its members in direction {@code d}. */
    public boolean isolates(Direction d) {
        return posture == Posture.DEFAULT_DENY && directions.contains(d);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Segment)) {
            return false;
        }
        Segment s = (Segment) o;
        return s.name.equals(name) && s.appliedTo.equals(appliedTo) && s.posture == posture
                && s.directions.equals(directions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, appliedTo, posture, directions);
    }

    @Override
    public String toString() {
        return "Segment{" + name + " " + posture.wireName() + " " + directions + "}";
    }

    /** Convenience: the list of directions in declaration order. */
    public static List<Direction> both() {
        return List.of(Direction.INGRESS, Direction.EGRESS);
    }
}
