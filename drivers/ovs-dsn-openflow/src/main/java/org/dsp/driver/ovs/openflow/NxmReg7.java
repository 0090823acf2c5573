package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.U32;

/**
 * A masked NXM_NX_REG7 match (a service field's register). openflowj 3.2.1's own {@code reg7Masked}
 * writes the header 0x00011008 (field 8, no mask bit) instead of 0x00010f08, which Open vSwitch
 * refuses (OFPBMC_BAD_FIELD); this writes the right one in REG7's slot.
 */
final class NxmReg7 extends NxmMasked<U32> {
    /** NXM_NX_REG7_W: class 1, field 7, masked, 4 bytes of value and 4 of mask. */
    static final int HEADER = Nx.header(1, 7, true, 4);

    NxmReg7(long value, long mask) {
        super(HEADER, U32.of(value & mask), U32.of(mask));
    }

    @Override
    void write(ByteBuf bb, U32 v) {
        bb.writeInt(v.getRaw());
    }

    @Override
    public MatchField<U32> getMatchField() {
        return MatchField.REG7;
    }
}
