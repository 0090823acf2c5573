package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.U32;

/**
 * A masked NXM_NX_REG7 match (a service field's register). openflowj 3.2.1's own {@code reg7Masked}
 * writes the header 0x00011008 (field 8, no mask bit) instead of 0x00010f08, which Open vSwitch
 * refuses (OFPBMC_BAD_FIELD); this writes the right one in REG7's slot.
 */
final class NxmReg7 extends NxmOxm<U32> {
    /** NXM_NX_REG7_W: class 1, field 7, masked, 4 bytes of value and 4 of mask. */
    static final int HEADER = Nx.header(1, 7, true, 4);
    private final U32 value;
    private final U32 mask;

    NxmReg7(long value, long mask) {
        this.value = U32.of(value & mask);
        this.mask = U32.of(mask);
    }

    @Override
    public long getTypeLen() {
        return HEADER & 0xffffffffL;
    }

    @Override
    public U32 getValue() {
        return value;
    }

    @Override
    public U32 getMask() {
        return mask;
    }

    @Override
    public MatchField<U32> getMatchField() {
        return MatchField.REG7;
    }

    @Override
    public boolean isMasked() {
        return true;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeInt(HEADER);
        bb.writeInt(value.getRaw());
        bb.writeInt(mask.getRaw());
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putInt(value.getRaw());
        sink.putInt(mask.getRaw());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxmReg7 && ((NxmReg7) o).value.equals(value) && ((NxmReg7) o).mask.equals(mask);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + mask.hashCode();
    }
}
