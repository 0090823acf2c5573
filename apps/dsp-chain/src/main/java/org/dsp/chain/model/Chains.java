package org.dsp.chain.model;

import java.util.List;
import java.util.Objects;

/** A tenant's {@code chains} section: its service chains, in order. */
public final class Chains {
    private final List<Chain> list;

    /** The chains. */
    public Chains(List<Chain> list) {
        this.list = List.copyOf(list);
    }

    /** Returns the chains, in order. */
    public List<Chain> list() {
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Chains && ((Chains) o).list.equals(list);
    }

    @Override
    public int hashCode() {
        return Objects.hash(list);
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
