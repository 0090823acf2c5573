package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.onlab.packet.IpAddress;

/**
 * NXAST_NAT inside ct: plain (flags 0, no range: the connection's own translation), or the
 * source or destination translated to one IPv4 or IPv6 address and optionally one port. Written
 * as OVS writes it back in flow stats (only the MIN of each range present, zero-padded to 8
 * bytes), so an audit compares equal bytes. openflowj's NAT action is not used: it writes no
 * IPv6-with-port form and reads its own padding as addresses.
 */
final class NxNat extends NxAction {
    private static final int F_SRC = 1;
    private static final int F_DST = 2;
    private static final int RANGE_IPV4_MIN = 1;
    private static final int RANGE_IPV6_MIN = 4;
    private static final int RANGE_PROTO_MIN = 16;

    private final boolean source;
    private final IpAddress address;
    private final int port;

    NxNat(boolean source, IpAddress address, int port) {
        this.source = source;
        this.address = address;
        this.port = port;
    }

    /** Returns whether the source is translated. */
    boolean source() {
        return source;
    }

    /** Returns the address translated to, or null for plain nat. */
    IpAddress address() {
        return address;
    }

    /** Returns the port translated to, or 0. */
    int port() {
        return port;
    }

    /**
     * Reads an NXAST_NAT from its wire bytes (as openflowj writes back the action it parsed):
     * plain, or a source/destination translation to one address and optionally one port; null
     * for anything else (address or port ranges, other flags).
     */
    static NxNat read(io.netty.buffer.ByteBuf bb) {
        int start = bb.readerIndex();
        int flags = bb.getUnsignedShort(start + 12);
        int present = bb.getUnsignedShort(start + 14);
        int p = start + 16;
        if (flags == 0 && present == 0) {
            return new NxNat(false, null, 0);
        }
        if ((flags != F_SRC && flags != F_DST) || (present & ~(RANGE_IPV4_MIN | RANGE_IPV6_MIN | RANGE_PROTO_MIN)) != 0) {
            return null;
        }
        IpAddress a;
        if ((present & RANGE_IPV4_MIN) != 0 && (present & RANGE_IPV6_MIN) == 0) {
            byte[] b = new byte[4];
            bb.getBytes(p, b);
            a = IpAddress.valueOf(IpAddress.Version.INET, b);
            p += 4;
        } else if ((present & RANGE_IPV6_MIN) != 0 && (present & RANGE_IPV4_MIN) == 0) {
            byte[] b = new byte[16];
            bb.getBytes(p, b);
            a = IpAddress.valueOf(IpAddress.Version.INET6, b);
            p += 16;
        } else {
            return null;
        }
        int port = (present & RANGE_PROTO_MIN) != 0 ? bb.getUnsignedShort(p) : 0;
        return new NxNat(flags == F_SRC, a, port);
    }

    private int length() {
        int body = 16 + (address == null ? 0 : address.isIp4() ? 4 : 16) + (port != 0 ? 2 : 0);
        return (body + 7) / 8 * 8;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        int start = bb.writerIndex();
        int len = length();
        bb.writeShort(Nx.OFPAT_EXPERIMENTER);
        bb.writeShort(len);
        bb.writeInt(Nx.EXPERIMENTER);
        bb.writeShort(Nx.SUBTYPE_NAT);
        bb.writeShort(0); // pad
        bb.writeShort(address == null ? 0 : source ? F_SRC : F_DST);
        int present = address == null ? 0 : (address.isIp4() ? RANGE_IPV4_MIN : RANGE_IPV6_MIN) | (port != 0 ? RANGE_PROTO_MIN : 0);
        bb.writeShort(present);
        if (address != null) {
            bb.writeBytes(address.toOctets());
        }
        if (port != 0) {
            bb.writeShort(port);
        }
        bb.writeZero(start + len - bb.writerIndex());
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putBoolean(source).putInt(port).putUnencodedChars(String.valueOf(address));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxNat && ((NxNat) o).source == source && Objects.equals(((NxNat) o).address, address)
                && ((NxNat) o).port == port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, address, port);
    }

    @Override
    public String toString() {
        return address == null ? "nat" : "nat(" + (source ? "src=" : "dst=") + address + (port != 0 ? ":" + port : "") + ")";
    }
}
