package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * NXAST_MULTIPATH (32 bytes): hash the packet's {@code fields} (NX_HASH_FIELDS_*), reduce it to
 * one of {@code links} slots with modulo_n and store the slot in bits
 * {@code [ofs, ofs + nbits)} of the NXM field {@code dst}.
 */
final class NxMultipath extends NxAction {
    /** NX_HASH_FIELDS_SYMMETRIC_L3L4_UDP: IP source and destination, protocol, TCP/UDP/SCTP ports. */
    static final int FIELDS_L3L4_UDP = 3;
    /** NX_HASH_FIELDS_NW_SRC: the IPv4 or IPv6 source address only. */
    static final int FIELDS_NW_SRC = 4;
    private static final int ALG_MODULO_N = 0;

    private final int fields;
    private final int links;
    private final long dst;
    private final int ofs;
    private final int nbits;

    NxMultipath(int fields, int links, long dst, int ofs, int nbits) {
        if (links < 1 || links > 65536) {
            throw new IllegalArgumentException(links + " multipath links");
        }
        this.fields = fields;
        this.links = links;
        this.dst = dst;
        this.ofs = ofs;
        this.nbits = nbits;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeShort(Nx.OFPAT_EXPERIMENTER);
        bb.writeShort(32);
        bb.writeInt(Nx.EXPERIMENTER);
        bb.writeShort(Nx.SUBTYPE_MULTIPATH);
        bb.writeShort(fields);
        bb.writeShort(0); // basis
        bb.writeShort(0); // pad
        bb.writeShort(ALG_MODULO_N);
        bb.writeShort(links - 1); // max_link
        bb.writeInt(0); // arg
        bb.writeShort(0); // pad
        bb.writeShort((ofs << 6) | (nbits - 1));
        bb.writeInt((int) dst);
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putInt(fields).putInt(links).putLong(dst).putInt(ofs).putInt(nbits);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NxMultipath)) {
            return false;
        }
        NxMultipath m = (NxMultipath) o;
        return m.fields == fields && m.links == links && m.dst == dst && m.ofs == ofs && m.nbits == nbits;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fields, links, dst, ofs, nbits);
    }

    @Override
    public String toString() {
        return "multipath(" + fields + ",modulo_n," + links + "," + Long.toHexString(dst) + "[" + ofs + "+" + nbits + "])";
    }
}
