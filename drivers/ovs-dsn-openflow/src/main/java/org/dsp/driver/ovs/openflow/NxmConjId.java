package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.U32;

/**
 * The NXM_NX_CONJ_ID match, which openflowj lacks. It occupies the REG7 slot of openflowj's OXM
 * list (DSP's pipeline never uses reg7) but writes the conj_id header.
 */
final class NxmConjId implements OFOxm<U32> {
    private final U32 id;

    NxmConjId(long id) {
        this.id = U32.of(id);
    }

    @Override
    public long getTypeLen() {
        return Nx.CONJ_ID & 0xffffffffL;
    }

    @Override
    public U32 getValue() {
        return id;
    }

    @Override
    public U32 getMask() {
        return U32.NO_MASK;
    }

    @Override
    public MatchField<U32> getMatchField() {
        return MatchField.REG7;
    }

    @Override
    public boolean isMasked() {
        return false;
    }

    @Override
    public OFOxm<U32> getCanonical() {
        return this;
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeInt(Nx.CONJ_ID);
        bb.writeInt(id.getRaw());
    }

    @Override
    public OFOxm.Builder<U32> createBuilder() {
        throw new UnsupportedOperationException("DSP builds conj_id matches directly");
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putInt(id.getRaw());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxmConjId && ((NxmConjId) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
