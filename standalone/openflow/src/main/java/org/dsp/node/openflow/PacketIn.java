package org.dsp.node.openflow;

import io.netty.buffer.ByteBuf;

/**
 * A packet-in, decoded by hand: Open vSwitch puts pipeline metadata (registers, conntrack fields)
 * into the match, and openflowj cannot parse all of it.
 */
public final class PacketIn {
    /** OFPR_ACTION: sent by a controller action in a flow. */
    public static final int REASON_ACTION = 1;

    private final int reason;
    private final int etherType;
    private final long cookie;
    private final long inPort;
    private final byte[] data;

    private PacketIn(int reason, long cookie, long inPort, byte[] data) {
        this.reason = reason;
        this.etherType = data.length >= 14 ? (data[12] & 0xff) << 8 | (data[13] & 0xff) : -1;
        this.cookie = cookie;
        this.inPort = inPort;
        this.data = data;
    }

    /** Decodes an OF1.3 OFPT_PACKET_IN message (the whole message, at the reader index). */
    static PacketIn decode(ByteBuf m) {
        int s = m.readerIndex();
        int total = m.getUnsignedShort(s + 2);
        int reason = m.getUnsignedByte(s + 14);
        long cookie = m.getLong(s + 16);
        int matchStart = s + 24;
        int matchLen = m.getUnsignedShort(matchStart + 2);
        long inPort = -1;
        int p = matchStart + 4;
        while (p + 4 <= matchStart + matchLen) {
            long header = m.getUnsignedInt(p);
            int len = (int) (header & 0xff);
            if (header == 0x80000004L) { // OXM_OF_IN_PORT
                inPort = m.getUnsignedInt(p + 4);
            }
            p += 4 + len;
        }
        int dataStart = matchStart + (matchLen + 7) / 8 * 8 + 2;
        byte[] data = new byte[Math.max(0, s + total - dataStart)];
        m.getBytes(dataStart, data);
        return new PacketIn(reason, cookie, inPort, data);
    }

    /** Returns the reason (REASON_ACTION for controller actions). */
    public int reason() {
        return reason;
    }

    /** Returns the frame's ethertype (untagged), or -1 when the frame is shorter than an Ethernet header. */
    public int etherType() {
        return etherType;
    }

    /** Returns the cookie of the flow that sent it. */
    public long cookie() {
        return cookie;
    }

    /** Returns the port the packet came in on. */
    public long inPort() {
        return inPort;
    }

    /** Returns the packet (Ethernet frame). */
    public byte[] data() {
        return data.clone();
    }
}
