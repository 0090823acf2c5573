package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.U32;

/**
 * The NXM_NX_CONJ_ID match, which openflowj lacks. It occupies the BSN_UDF6 slot of openflowj's OXM
 * list (a Big Switch field no Open vSwitch flow of DSP's carries; it took REG7's before services
 * could be given reg7) but writes the conj_id header.
 */
final class NxmConjId extends NxmOxm<U32> {
    @SuppressWarnings("unchecked")
    private static final MatchField<U32> SLOT = (MatchField<U32>) (MatchField<?>) MatchField.BSN_UDF6;
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
        return SLOT;
    }

    @Override
    public boolean isMasked() {
        return false;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeInt(Nx.CONJ_ID);
        bb.writeInt(id.getRaw());
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
