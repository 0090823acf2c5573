package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.U128;

/**
 * A masked NXM_NX_CT_LABEL match over the label's 128 bits (DSP's rule keys in the low 64, the
 * services' label fields in the upper 64), which openflowj lacks. It occupies the BSN_UDF7 slot of
 * openflowj's OXM list (a Big Switch field no Open vSwitch flow of DSP's carries) but writes the
 * ct_label header.
 */
final class NxmCtLabel extends NxmMasked<U128> {
    /** NXM_NX_CT_LABEL_W: class 1, field 108, masked, 16 bytes of value and 16 of mask. */
    static final int HEADER = Nx.header(1, 108, true, 16);
    @SuppressWarnings("unchecked")
    private static final MatchField<U128> SLOT = (MatchField<U128>) (MatchField<?>) MatchField.BSN_UDF7;

    /** A match on the label's bits: {@code up}/{@code upMask} the upper 64, {@code low}/{@code lowMask} the lower 64. */
    NxmCtLabel(long up, long upMask, long low, long lowMask) {
        super(HEADER, U128.of(up & upMask, low & lowMask), U128.of(upMask, lowMask));
    }

    @Override
    void write(ByteBuf bb, U128 v) {
        bb.writeLong(v.getMsb()); // bits 127-64
        bb.writeLong(v.getLsb());
    }

    @Override
    public MatchField<U128> getMatchField() {
        return SLOT;
    }
}
