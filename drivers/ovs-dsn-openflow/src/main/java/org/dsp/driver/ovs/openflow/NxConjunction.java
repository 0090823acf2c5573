package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** NXAST_CONJUNCTION: contribute clause {@code clause} of {@code clauses} to conjunction {@code id}. */
final class NxConjunction extends NxAction {
    private final long id;
    private final int clause;
    private final int clauses;

    NxConjunction(long id, int clause, int clauses) {
        if (clauses < 2 || clauses > 64 || clause < 1 || clause > clauses) {
            throw new IllegalArgumentException("bad conjunction clause " + clause + "/" + clauses);
        }
        this.id = id;
        this.clause = clause;
        this.clauses = clauses;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeShort(Nx.OFPAT_EXPERIMENTER);
        bb.writeShort(16);
        bb.writeInt(Nx.EXPERIMENTER);
        bb.writeShort(Nx.SUBTYPE_CONJUNCTION);
        bb.writeByte(clause - 1); // zero-based on the wire
        bb.writeByte(clauses);
        bb.writeInt((int) id);
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putLong(id).putInt(clause).putInt(clauses);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxConjunction && ((NxConjunction) o).id == id && ((NxConjunction) o).clause == clause
                && ((NxConjunction) o).clauses == clauses;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, clause, clauses);
    }

    @Override
    public String toString() {
        return "conjunction(" + id + "," + clause + "/" + clauses + ")";
    }
}
