package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.U64;

/**
 * A masked NXM_NX_CT_LABEL match over the label's low 64 bits (the upper 64 wildcarded), which
 * openflowj lacks. It occupies the BSN_UDF7 slot of openflowj's OXM list (a Big Switch field no
 * Open vSwitch flow of DSP's carries) but writes the ct_label header.
 */
final class NxmCtLabel extends NxmOxm<U64> {
    /** NXM_NX_CT_LABEL_W: class 1, field 108, masked, 16 bytes of value and 16 of mask. */
    static final int HEADER = Nx.header(1, 108, true, 16);
    @SuppressWarnings("unchecked")
    private static final MatchField<U64> SLOT = (MatchField<U64>) (MatchField<?>) MatchField.BSN_UDF7;
    private final U64 value;
    private final U64 mask;

    NxmCtLabel(long value, long mask) {
        this.value = U64.of(value & mask);
        this.mask = U64.of(mask);
    }

    @Override
    public long getTypeLen() {
        return HEADER & 0xffffffffL;
    }

    @Override
    public U64 getValue() {
        return value;
    }

    @Override
    public U64 getMask() {
        return mask;
    }

    @Override
    public MatchField<U64> getMatchField() {
        return SLOT;
    }

    @Override
    public boolean isMasked() {
        return true;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeInt(HEADER);
        bb.writeLong(0); // value bits 127-64
        bb.writeLong(value.getValue());
        bb.writeLong(0); // mask bits 127-64: wildcarded
        bb.writeLong(mask.getValue());
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putLong(value.getValue());
        sink.putLong(mask.getValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxmCtLabel && ((NxmCtLabel) o).value.equals(value) && ((NxmCtLabel) o).mask.equals(mask);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + mask.hashCode();
    }
}
