package org.dsp.flowmark;

import java.util.List;
import java.util.Objects;

/** The {@code flowmarks} section: markings in document order (the first that applies to a workload wins). */
public final class Flowmarks {
    private final List<Flowmark> list;

    /** Creates the section. */
    public Flowmarks(List<Flowmark> list) {
        this.list = List.copyOf(list);
    }

    /** Returns the markings, in document order. */
    public List<Flowmark> list() {
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Flowmarks && ((Flowmarks) o).list.equals(list);
    }

    @Override
    public int hashCode() {
        return Objects.hash(list);
    }

    @Override
    public String toString() {
        return "flowmarks" + list;
    }
}
