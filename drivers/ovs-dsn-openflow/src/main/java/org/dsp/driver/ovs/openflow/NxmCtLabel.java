package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.U64;

/**
 * A masked NXM_NX_CT_LABEL match over the label's low 64 bits (the upper 64 wildcarded), which
 * openflowj lacks. It occupies the BSN_UDF7 slot of openflowj's OXM list (a Big Switch field no
 * Open vSwitch flow of DSP's carries) but writes the ct_label header.
 */
final class NxmCtLabel extends NxmMasked<U64> {
    /** NXM_NX_CT_LABEL_W: class 1, field 108, masked, 16 bytes of value and 16 of mask. */
    static final int HEADER = Nx.header(1, 108, true, 16);
    @SuppressWarnings("unchecked")
    private static final MatchField<U64> SLOT = (MatchField<U64>) (MatchField<?>) MatchField.BSN_UDF7;

    NxmCtLabel(long value, long mask) {
        super(HEADER, U64.of(value & mask), U64.of(mask));
    }

    @Override
    void write(ByteBuf bb, U64 v) {
        bb.writeLong(0); // bits 127-64: zero in the value, wildcarded in the mask
        bb.writeLong(v.getValue());
    }

    @Override
    public MatchField<U64> getMatchField() {
        return SLOT;
    }
}
