package org.dsp.model;

import java.util.List;
import java.util.Objects;
import org.onlab.packet.IpPrefix;

/** An address block with exceptions (Kubernetes ipBlock with except). */
public final class CidrBlock {
    private final IpPrefix cidr;
    private final List<IpPrefix> except;

    private CidrBlock(IpPrefix cidr, List<IpPrefix> except) {
        this.cidr = Objects.requireNonNull(cidr, "cidr");
        this.except = List.copyOf(except);
        for (IpPrefix x : this.except) {
            if (!cidr.contains(x)) {
                throw new IllegalArgumentException("exception " + x + " is outside " + cidr);
            }
        }
    }

    /** Creates a block; each exception must lie inside {@code cidr}. */
    public static CidrBlock of(IpPrefix cidr, List<IpPrefix> except) {
        return new CidrBlock(cidr, except);
    }

    /** Returns the block. */
    public IpPrefix cidr() {
        return cidr;
    }

    /** Returns the sub-blocks excluded from it. */
    public List<IpPrefix> except() {
        return except;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrBlock && ((CidrBlock) o).cidr.equals(cidr) && ((CidrBlock) o).except.equals(except);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cidr, except);
    }

    @Override
    public String toString() {
        return except.isEmpty() ? cidr.toString() : cidr + " except " + except;
    }
}
