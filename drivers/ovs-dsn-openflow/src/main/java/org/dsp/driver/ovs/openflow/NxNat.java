package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.onlab.packet.IpAddress;

/**
 * NXAST_NAT inside ct: plain (flags 0, no range: the connection's own translation), or the
 * source or destination translated to an IPv4 or IPv6 address or range and optionally a port or
 * port range (a NAT pool). Written as OVS writes it back in flow stats (the MIN of each range, the
 * MAX only when it differs, zero-padded to 8 bytes), so an audit compares equal bytes. openflowj's NAT action is not used: it writes no
 * IPv6-with-port form and reads its own padding as addresses.
 */
final class NxNat extends NxAction {
    private static final int F_SRC = 1;
    private static final int F_DST = 2;
    private static final int RANGE_IPV4_MIN = 1;
    private static final int RANGE_IPV4_MAX = 2;
    private static final int RANGE_IPV6_MIN = 4;
    private static final int RANGE_IPV6_MAX = 8;
    private static final int RANGE_PROTO_MIN = 16;
    private static final int RANGE_PROTO_MAX = 32;

    private final boolean source;
    private final IpAddress address;
    private final IpAddress addressLast;
    private final int port;
    private final int portLast;

    NxNat(boolean source, IpAddress address, int port) {
        this(source, address, address, port, port);
    }

    /** A translation to {@code address..addressLast} and {@code port..portLast} (the last equal to the first: one). */
    NxNat(boolean source, IpAddress address, IpAddress addressLast, int port, int portLast) {
        this.source = source;
        this.address = address;
        this.addressLast = address == null ? null : addressLast;
        this.port = port;
        this.portLast = port == 0 ? 0 : portLast;
    }

    /** Returns the last address of the range (the address itself when one), or null for plain nat. */
    IpAddress addressLast() {
        return addressLast;
    }

    /** Returns the last port of the range (the port itself when one), or 0. */
    int portLast() {
        return portLast;
    }

    private boolean addressRange() {
        return address != null && !address.equals(addressLast);
    }

    private boolean portRange() {
        return port != 0 && portLast != port;
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
     * plain, or a source/destination translation to an address or range and optionally a port or
     * range; null for anything else (other flags, both IPv4 and IPv6 ranges, a MAX without its MIN).
     */
    static NxNat read(io.netty.buffer.ByteBuf bb) {
        int start = bb.readerIndex();
        int flags = bb.getUnsignedShort(start + 12);
        int present = bb.getUnsignedShort(start + 14);
        int p = start + 16;
        if (flags == 0 && present == 0) {
            return new NxNat(false, null, 0);
        }
        if ((flags != F_SRC && flags != F_DST) || (present & ~63) != 0) {
            return null;
        }
        boolean v4 = (present & RANGE_IPV4_MIN) != 0;
        boolean v6 = (present & RANGE_IPV6_MIN) != 0;
        if (v4 == v6 || (present & (v4 ? RANGE_IPV6_MAX : RANGE_IPV4_MAX)) != 0
                || ((present & RANGE_PROTO_MAX) != 0 && (present & RANGE_PROTO_MIN) == 0)) {
            return null;
        }
        IpAddress.Version version = v4 ? IpAddress.Version.INET : IpAddress.Version.INET6;
        int size = v4 ? 4 : 16;
        byte[] b = new byte[size];
        bb.getBytes(p, b);
        IpAddress a = IpAddress.valueOf(version, b);
        p += size;
        IpAddress last = a;
        if ((present & (v4 ? RANGE_IPV4_MAX : RANGE_IPV6_MAX)) != 0) {
            bb.getBytes(p, b);
            last = IpAddress.valueOf(version, b);
            p += size;
        }
        int port = 0;
        int portLast = 0;
        if ((present & RANGE_PROTO_MIN) != 0) {
            port = bb.getUnsignedShort(p);
            p += 2;
            portLast = (present & RANGE_PROTO_MAX) != 0 ? bb.getUnsignedShort(p) : port;
        }
        return new NxNat(flags == F_SRC, a, last, port, portLast);
    }

    private int length() {
        int a = address == null ? 0 : address.isIp4() ? 4 : 16;
        int body = 16 + a * (addressRange() ? 2 : 1) + (port != 0 ? 2 : 0) + (portRange() ? 2 : 0);
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
        int present = 0;
        if (address != null) {
            present |= address.isIp4() ? RANGE_IPV4_MIN : RANGE_IPV6_MIN;
            present |= addressRange() ? (address.isIp4() ? RANGE_IPV4_MAX : RANGE_IPV6_MAX) : 0;
            present |= (port != 0 ? RANGE_PROTO_MIN : 0) | (portRange() ? RANGE_PROTO_MAX : 0);
        }
        bb.writeShort(present);
        if (address != null) {
            bb.writeBytes(address.toOctets());
            if (addressRange()) {
                bb.writeBytes(addressLast.toOctets());
            }
        }
        if (port != 0) {
            bb.writeShort(port);
            if (portRange()) {
                bb.writeShort(portLast);
            }
        }
        bb.writeZero(start + len - bb.writerIndex());
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putBoolean(source).putInt(port).putInt(portLast).putUnencodedChars(String.valueOf(address))
                .putUnencodedChars(String.valueOf(addressLast));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NxNat && ((NxNat) o).source == source && Objects.equals(((NxNat) o).address, address)
                && Objects.equals(((NxNat) o).addressLast, addressLast) && ((NxNat) o).port == port && ((NxNat) o).portLast == portLast;
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, address, addressLast, port, portLast);
    }

    @Override
    public String toString() {
        return address == null ? "nat" : "nat(" + (source ? "src=" : "dst=") + address + (addressRange() ? "-" + addressLast : "")
                + (port != 0 ? ":" + port + (portRange() ? "-" + portLast : "") : "") + ")";
    }
}
