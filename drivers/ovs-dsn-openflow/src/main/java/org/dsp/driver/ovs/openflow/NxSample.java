package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** NXAST_SAMPLE: sample every packet to IPFIX collector set 1 with the tenant and rule as domain and point. */
final class NxSample extends NxAction {
    private final long domain;
    private final long point;

    NxSample(long domain, long point) {
        this.domain = domain;
        this.point = point;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeShort(Nx.OFPAT_EXPERIMENTER);
        bb.writeShort(24);
        bb.writeInt(Nx.EXPERIMENTER);
        bb.writeShort(Nx.SUBTYPE_SAMPLE);
        bb.writeShort(65535);
        bb.writeInt(1);
        bb.writeInt((int) domain);
        bb.writeInt((int) point);
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putLong(domain).putLong(point);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxSample && ((NxSample) o).domain == domain && ((NxSample) o).point == point;
    }

    @Override
    public int hashCode() {
        return Objects.hash(domain, point);
    }
}
