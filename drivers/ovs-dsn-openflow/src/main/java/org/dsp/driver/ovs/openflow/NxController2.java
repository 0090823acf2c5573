package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** NXAST_CONTROLLER2 with a userdata property: send to the controller with 8 bytes of userdata. */
final class NxController2 extends NxAction {
    private final long userdata;

    NxController2(long userdata) {
        this.userdata = userdata;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeShort(Nx.OFPAT_EXPERIMENTER);
        bb.writeShort(32);
        bb.writeInt(Nx.EXPERIMENTER);
        bb.writeShort(Nx.SUBTYPE_CONTROLLER2);
        bb.writeZero(6);
        // property: type, length (header + data, unpadded), data, padding to 8
        bb.writeShort(Nx.CONTROLLER2_PROP_USERDATA);
        bb.writeShort(4 + 8);
        bb.writeLong(userdata);
        bb.writeZero(4);
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putLong(userdata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxController2 && ((NxController2) o).userdata == userdata;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(userdata);
    }
}
