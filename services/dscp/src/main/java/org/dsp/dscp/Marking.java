package org.dsp.dscp;

import java.util.Objects;

/** One marking: the IP packets the workloads of group {@code appliedTo} send get DSCP {@code dscp}. */
public final class Marking {
    private final String name;
    private final String appliedTo;
    private final int dscp;

    /** Creates a marking. */
    public Marking(String name, String appliedTo, int dscp) {
        this.name = Objects.requireNonNull(name);
        this.appliedTo = Objects.requireNonNull(appliedTo);
        this.dscp = dscp;
    }

    /** Returns the marking's name. */
    public String name() {
        return name;
    }

    /** Returns the group whose workloads' packets are marked. */
    public String appliedTo() {
        return appliedTo;
    }

    /** Returns the DSCP value (0-63). */
    public int dscp() {
        return dscp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Marking && ((Marking) o).name.equals(name) && ((Marking) o).appliedTo.equals(appliedTo)
                && ((Marking) o).dscp == dscp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, appliedTo, dscp);
    }

    @Override
    public String toString() {
        return name + ": " + appliedTo + " -> dscp " + dscp;
    }
}
