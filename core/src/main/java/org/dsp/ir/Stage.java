package org.dsp.ir;

import java.util.Objects;
import org.dsp.model.Direction;

/**
 * One stage of the logical pipeline: a name, the {@link Phase} it sits in and its slot within the
 * phase (stages of a phase are evaluated in slot order), and the service that declared it. Two
 * stages are the same stage when their names are.
 */
public final class Stage implements Comparable<Stage> {
    /** The core's endpoint stage: bindings of endpoints to ports, MACs and addresses (admission, lookup, delivery). */
    public static final Stage ENDPOINT = new Stage("endpoint", Phase.ADMISSION, 0, Stage.CORE);
    /** The core's egress default: isolated sources drop what no stage allowed. */
    public static final Stage EGRESS_ISOLATION = new Stage("egress_isolation", Phase.EGRESS_DEFAULT, 0, Stage.CORE);
    /** The core's ingress default: isolated destinations drop what no stage allowed. */
    public static final Stage INGRESS_ISOLATION = new Stage("ingress_isolation", Phase.INGRESS_DEFAULT, 0, Stage.CORE);

    /** The name services use for the core. */
    public static final String CORE = "core";

    private final String name;
    private final Phase phase;
    private final int slot;
    private final String service;

    private Stage(String name, Phase phase, int slot, String service) {
        if (!name.matches("[a-z][a-z0-9_]{0,30}")) {
            throw new IllegalArgumentException("stage name '" + name + "': lower-case letters, digits and '_', at most 31");
        }
        if (slot < 0) {
            throw new IllegalArgumentException("stage " + name + ": negative slot " + slot);
        }
        this.name = name;
        this.phase = Objects.requireNonNull(phase);
        this.slot = slot;
        this.service = Objects.requireNonNull(service);
    }

    /** A stage of {@code service} in an open phase, at {@code slot}. */
    public static Stage of(String name, Phase phase, int slot, String service) {
        if (!phase.open()) {
            throw new IllegalArgumentException("stage " + name + ": phase " + phase + " has no service stages");
        }
        return new Stage(name, phase, slot, service);
    }

    /** Returns the name (also the table's name on a DSN). */
    public String name() {
        return name;
    }

    /** Returns the phase. */
    public Phase phase() {
        return phase;
    }

    /** Returns the slot within the phase. */
    public int slot() {
        return slot;
    }

    /** Returns the service that declared the stage ({@link #CORE} for the core's own). */
    public String service() {
        return service;
    }

    /** Returns the policy direction the stage evaluates, or null. */
    public Direction direction() {
        return phase.direction();
    }

    /** Returns the lower-case name used when printing flows. */
    public String label() {
        return name;
    }

    /** Orders by phase, then slot, then name. */
    @Override
    public int compareTo(Stage o) {
        int c = phase.compareTo(o.phase);
        if (c == 0) {
            c = Integer.compare(slot, o.slot);
        }
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stage && ((Stage) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
