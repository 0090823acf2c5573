package org.dsp.node.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFGroupMod;

/**
 * A group as it is on the wire, reduced to what reconciliation compares: its id, its type and the
 * raw bytes of its buckets. Built from a switch's group descriptions (decoded by hand: openflowj
 * cannot parse DSP's Nicira actions inside buckets) or from a GROUP_MOD the node would send.
 */
public final class WireGroup {
    private final long id;
    private final int type;
    private final byte[] buckets;

    private WireGroup(long id, int type, byte[] buckets) {
        this.id = id;
        this.type = type;
        this.buckets = buckets;
    }

    /** Returns the group id. */
    public long id() {
        return id;
    }

    /** Returns the OpenFlow group type (0 all, 1 select, 2 indirect, 3 fast failover). */
    public int type() {
        return type;
    }

    /** Returns whether the type and buckets are byte-identical. */
    public boolean same(WireGroup o) {
        return o.type == type && Arrays.equals(o.buckets, buckets);
    }

    /** The wire form of a GROUP_MOD (add or modify) the node would send. */
    public static WireGroup of(OFGroupMod gm) {
        ByteBuf b = Unpooled.buffer();
        gm.writeTo(b);
        // header (8), command (2), type (1), pad (1), group id (4), buckets
        int total = b.getUnsignedShort(2);
        byte[] buckets = new byte[total - 16];
        b.getBytes(16, buckets);
        return new WireGroup(b.getUnsignedInt(12), b.getUnsignedByte(10), buckets);
    }

    /** Decodes the entries of one OFPMP_GROUP_DESC multipart reply (the whole message). */
    public static List<WireGroup> fromGroupDescReply(ByteBuf msg) {
        List<WireGroup> out = new ArrayList<>();
        int total = msg.getUnsignedShort(msg.readerIndex() + 2);
        int p = msg.readerIndex() + 16; // header (8) + multipart type, flags, pad (8)
        int end = msg.readerIndex() + total;
        while (p + 8 <= end) {
            int length = msg.getUnsignedShort(p);
            if (length < 8) {
                break;
            }
            byte[] buckets = new byte[length - 8];
            msg.getBytes(p + 8, buckets);
            out.add(new WireGroup(msg.getUnsignedInt(p + 4), msg.getUnsignedByte(p + 2), buckets));
            p += length;
        }
        return out;
    }

    @Override
    public String toString() {
        return "group " + id + " type " + type + " (" + buckets.length + " bytes of buckets)";
    }
}
