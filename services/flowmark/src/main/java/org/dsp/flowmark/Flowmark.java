package org.dsp.flowmark;

import java.util.Objects;

/**
 * One connection marking: every packet of the connections the workloads of group
 * {@code appliedTo} start, in both directions, gets DSCP {@code dscp}.
 */
public final class Flowmark {
    private final String name;
    private final String appliedTo;
    private final int dscp;

    /** Creates a marking. */
    public Flowmark(String name, String appliedTo, int dscp) {
        this.name = Objects.requireNonNull(name);
        this.appliedTo = Objects.requireNonNull(appliedTo);
        this.dscp = dscp;
    }

    /** Returns the marking's name. */
    public String name() {
        return name;
    }

    /** Returns the group whose workloads' connections are marked. */
    public String appliedTo() {
        return appliedTo;
    }

    /** Returns the DSCP value (0-63). */
    public int dscp() {
        return dscp;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Flowmark && ((Flowmark) o).name.equals(name) && ((Flowmark) o).appliedTo.equals(appliedTo)
                && ((Flowmark) o).dscp == dscp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, appliedTo, dscp);
    }

    @Override
    public String toString() {
        return name + ": connections of " + appliedTo + " -> dscp " + dscp;
    }
}
