package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * A masked Nicira match DSP writes by hand: its NXM header, then the value and the mask, each
 * written by the subclass at the field's width.
 */
abstract class NxmMasked<T extends OFValueType<T>> extends NxmOxm<T> {
    private final int header;
    private final T value;
    private final T mask;

    NxmMasked(int header, T value, T mask) {
        this.header = header;
        this.value = value;
        this.mask = mask;
    }

    /** Writes one value (or mask) at the field's width. */
    abstract void write(ByteBuf bb, T v);

    @Override
    public long getTypeLen() {
        return header & 0xffffffffL;
    }

    @Override
    public T getValue() {
        return value;
    }

    @Override
    public T getMask() {
        return mask;
    }

    @Override
    public boolean isMasked() {
        return true;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeInt(header);
        write(bb, value);
        write(bb, mask);
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putInt(header);
        value.putTo(sink);
        mask.putTo(sink);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((NxmMasked<?>) o).value.equals(value) && ((NxmMasked<?>) o).mask.equals(mask);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, value, mask);
    }
}
