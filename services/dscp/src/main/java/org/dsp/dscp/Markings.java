package org.dsp.dscp;

import java.util.List;
import java.util.Objects;

/** The {@code dscp} section: markings in document order (the first that applies to a workload wins). */
public final class Markings {
    private final List<Marking> list;

    /** Creates the section. */
    public Markings(List<Marking> list) {
        this.list = List.copyOf(list);
    }

    /** Returns the markings, in document order. */
    public List<Marking> list() {
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Markings && ((Markings) o).list.equals(list);
    }

    @Override
    public int hashCode() {
        return Objects.hash(list);
    }

    @Override
    public String toString() {
        return "dscp" + list;
    }
}
