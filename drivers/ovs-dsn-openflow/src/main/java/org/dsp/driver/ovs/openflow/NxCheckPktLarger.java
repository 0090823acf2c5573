package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * NXAST_CHECK_PKT_LARGER: sets one bit of a register to whether the packet is longer than a
 * length. Wire form (24 bytes): experimenter header, subtype 49, the length (16 bits), the bit's
 * offset (16 bits), the register's NXM header (32 bits), 6 bytes of padding.
 */
final class NxCheckPktLarger extends NxAction {
    private final int length;
    private final long header;
    private final int offset;

    NxCheckPktLarger(int length, long header, int offset) {
        this.length = length;
        this.header = header;
        this.offset = offset;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeShort(Nx.OFPAT_EXPERIMENTER);
        bb.writeShort(24);
        bb.writeInt(Nx.EXPERIMENTER);
        bb.writeShort(Nx.SUBTYPE_CHECK_PKT_LARGER);
        bb.writeShort(length);
        bb.writeShort(offset);
        bb.writeInt((int) header);
        bb.writeZero(6);
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putInt(length).putLong(header).putInt(offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxCheckPktLarger && ((NxCheckPktLarger) o).length == length && ((NxCheckPktLarger) o).header == header
                && ((NxCheckPktLarger) o).offset == offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(length, header, offset);
    }
}
