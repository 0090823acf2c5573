package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.dsp.driver.ovs.LearnAction;
import org.dsp.driver.ovs.RegField;

/**
 * NXAST_LEARN: the 32-byte header (timeouts, priority, cookie, table) followed by the flow_mod
 * specs, each a 16-bit header (source kind, destination kind, width) with its source (an NXM
 * field and offset, or the constant in whole 16-bit words) and destination (an NXM field and
 * offset), padded with zeros to a multiple of 8 bytes.
 */
final class NxLearn extends NxAction {
    private static final int SRC_IMMEDIATE = 1 << 13;
    private static final int DST_LOAD = 1 << 11;

    private final LearnAction learn;

    NxLearn(LearnAction learn) {
        this.learn = Objects.requireNonNull(learn);
    }

    /** The encoded length: header, specs, padding to 8. */
    private int length() {
        int n = 32;
        for (LearnAction.Spec s : learn.specs()) {
            n += 2 + (s.kind() == LearnAction.Spec.Kind.MATCH_COPY ? 6 : (s.bits() + 15) / 16 * 2) + 6;
        }
        return (n + 7) / 8 * 8;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        int start = bb.writerIndex();
        int length = length();
        bb.writeShort(Nx.OFPAT_EXPERIMENTER);
        bb.writeShort(length);
        bb.writeInt(Nx.EXPERIMENTER);
        bb.writeShort(Nx.SUBTYPE_LEARN);
        bb.writeShort(learn.idleTimeout());
        bb.writeShort(0); // hard timeout
        bb.writeShort(learn.priority());
        bb.writeLong(learn.cookie());
        bb.writeShort(0); // flags
        bb.writeByte(learn.table().number());
        bb.writeByte(0);
        bb.writeShort(0); // fin_idle_timeout
        bb.writeShort(0); // fin_hard_timeout
        for (LearnAction.Spec s : learn.specs()) {
            int bits = s.bits();
            switch (s.kind()) {
                case MATCH_COPY:
                    bb.writeShort(bits);
                    writeField(bb, s);
                    writeField(bb, s);
                    break;
                case MATCH_VALUE:
                    bb.writeShort(SRC_IMMEDIATE | bits);
                    bb.writeBytes(s.valueBytes());
                    writeField(bb, s);
                    break;
                default:
                    bb.writeShort(SRC_IMMEDIATE | DST_LOAD | bits);
                    bb.writeBytes(s.valueBytes());
                    writeField(bb, s);
                    break;
            }
        }
        while (bb.writerIndex() - start < length) {
            bb.writeByte(0);
        }
    }

    private static void writeField(ByteBuf bb, LearnAction.Spec s) {
        if (s.reg() != null) {
            RegField r = s.reg();
            if (r.container().label()) {
                throw new IllegalArgumentException("learn does not reach the conntrack label: " + r.name());
            }
            bb.writeInt(r.container() == RegField.Container.CT_MARK ? Nx.CT_MARK : Nx.reg(r.container().ordinal()));
            bb.writeShort(r.low());
        } else {
            bb.writeInt(header(s.field()));
            bb.writeShort(0);
        }
    }

    /** The NXM header of a field a learned flow matches. */
    static int header(LearnAction.Field f) {
        switch (f) {
            case ETH_TYPE:
                return Nx.header(0, 3, false, 2);
            case IP_PROTO:
                return Nx.header(0, 6, false, 1);
            case IPV4_SRC:
                return Nx.header(0, 7, false, 4);
            case IPV4_DST:
                return Nx.header(0, 8, false, 4);
            case TCP_DST:
                return Nx.header(0, 10, false, 2);
            case UDP_DST:
                return Nx.header(0, 12, false, 2);
            case IPV6_SRC:
                return Nx.header(1, 19, false, 16);
            case IPV6_DST:
                return Nx.header(1, 20, false, 16);
            default:
                throw new IllegalArgumentException("no NXM header for " + f);
        }
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putInt(learn.hashCode());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxLearn && ((NxLearn) o).learn.equals(learn);
    }

    @Override
    public int hashCode() {
        return learn.hashCode();
    }

    @Override
    public String toString() {
        return learn.render();
    }
}
