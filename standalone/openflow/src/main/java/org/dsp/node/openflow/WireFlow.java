package org.dsp.node.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.projectfloodlight.openflow.protocol.OFFlowMod;

/**
 * A flow as it is on the wire, reduced to what reconciliation compares: table, priority, the match
 * as a canonical set of OXM fields (order-free, full masks dropped), cookie and the raw
 * instruction bytes. Built from a switch's flow stats (decoded by hand: openflowj cannot parse
 * DSP's Nicira fields and actions) or from a FLOW_MOD the node would send.
 */
public final class WireFlow {
    /** The identity of a flow in a switch: table, priority, canonical match. */
    public static final class Key {
        private final int table;
        private final int priority;
        private final List<String> match;

        Key(int table, int priority, List<String> match) {
            this.table = table;
            this.priority = priority;
            this.match = List.copyOf(match);
        }

        /** Returns the table number. */
        public int table() {
            return table;
        }

        /** Returns the priority. */
        public int priority() {
            return priority;
        }

        /** Returns the canonical match fields ("oxmheader:value" in hex, sorted). */
        public List<String> matchFields() {
            return match;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).table == table && ((Key) o).priority == priority && ((Key) o).match.equals(match);
        }

        @Override
        public int hashCode() {
            return Objects.hash(table, priority, match);
        }

        @Override
        public String toString() {
            return "table=" + table + ",priority=" + priority + "," + match;
        }
    }

    private final Key key;
    private final long cookie;
    private final byte[] instructions;
    private final long durationSec;
    private final long packets;
    private final long bytes;

    private WireFlow(Key key, long cookie, byte[] instructions, long durationSec, long packets, long bytes) {
        this.key = key;
        this.cookie = cookie;
        this.instructions = instructions;
        this.durationSec = durationSec;
        this.packets = packets;
        this.bytes = bytes;
    }

    /** Returns the identity. */
    public Key key() {
        return key;
    }

    /** Returns the cookie. */
    public long cookie() {
        return cookie;
    }

    /** Returns how long the flow has been installed (flow stats only). */
    public long durationSec() {
        return durationSec;
    }

    /** Returns the packets the flow matched (flow stats only). */
    public long packets() {
        return packets;
    }

    /** Returns the bytes the flow matched (flow stats only). */
    public long bytes() {
        return bytes;
    }

    /** Returns whether the instructions are byte-identical. */
    public boolean sameInstructions(WireFlow o) {
        return Arrays.equals(instructions, o.instructions);
    }

    /** Reads the OXM TLVs of an ofp_match starting at {@code start}; returns the canonical set and the padded length. */
    private static int readMatch(ByteBuf b, int start, List<String> out) {
        int type = b.getUnsignedShort(start);
        int length = b.getUnsignedShort(start + 2);
        if (type != 1) {
            throw new IllegalArgumentException("not an OXM match (type " + type + ")");
        }
        TreeSet<String> fields = new TreeSet<>();
        int p = start + 4;
        int end = start + length;
        while (p + 4 <= end) {
            long header = b.getUnsignedInt(p);
            boolean masked = (header & 0x100) != 0;
            int len = (int) (header & 0xff);
            byte[] payload = new byte[len];
            b.getBytes(p + 4, payload);
            long h = header;
            byte[] value = payload;
            if (masked) {
                byte[] v = Arrays.copyOfRange(payload, 0, len / 2);
                byte[] m = Arrays.copyOfRange(payload, len / 2, len);
                boolean full = true;
                for (byte x : m) {
                    full &= x == (byte) 0xff;
                }
                if (full) {
                    h = (header & ~0x1ffL) | (len / 2);
                    value = v;
                }
            }
            fields.add(Long.toHexString(h) + ":" + hex(value));
            p += 4 + len;
        }
        out.addAll(fields);
        return (length + 7) / 8 * 8;
    }

    /** Lower-case hex, two digits a byte (the audit decodes every flow of every switch with it: no String.format). */
    static String hex(byte[] b) {
        char[] out = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            out[2 * i] = DIGITS[(b[i] >> 4) & 0xf];
            out[2 * i + 1] = DIGITS[b[i] & 0xf];
        }
        return new String(out);
    }

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    /** The wire form of a FLOW_MOD the node would send. */
    public static WireFlow of(OFFlowMod fm) {
        ByteBuf b = Unpooled.buffer();
        fm.writeTo(b);
        int table = b.getUnsignedByte(24);
        int priority = b.getUnsignedShort(30);
        long cookie = b.getLong(8);
        List<String> match = new ArrayList<>();
        int matchLen = readMatch(b, 48, match);
        int total = b.getUnsignedShort(2);
        byte[] ins = new byte[total - 48 - matchLen];
        b.getBytes(48 + matchLen, ins);
        return new WireFlow(new Key(table, priority, match), cookie, ins, 0, 0, 0);
    }

    /** Decodes the entries of one OFPMP_FLOW multipart reply (the whole message). */
    public static List<WireFlow> fromFlowStatsReply(ByteBuf msg) {
        List<WireFlow> out = new ArrayList<>();
        int total = msg.getUnsignedShort(msg.readerIndex() + 2);
        int p = msg.readerIndex() + 16; // header (8) + multipart type, flags, pad (8)
        int end = msg.readerIndex() + total;
        while (p + 56 <= end) {
            int length = msg.getUnsignedShort(p);
            int table = msg.getUnsignedByte(p + 2);
            long duration = msg.getUnsignedInt(p + 4);
            int priority = msg.getUnsignedShort(p + 12);
            long cookie = msg.getLong(p + 24);
            long packets = msg.getLong(p + 32);
            long bytes = msg.getLong(p + 40);
            List<String> match = new ArrayList<>();
            int matchLen = readMatch(msg, p + 48, match);
            byte[] ins = new byte[length - 48 - matchLen];
            msg.getBytes(p + 48 + matchLen, ins);
            out.add(new WireFlow(new Key(table, priority, match), cookie, ins, duration, packets, bytes));
            p += length;
        }
        return out;
    }

    @Override
    public String toString() {
        return key + " cookie=0x" + Long.toHexString(cookie) + " instructions=" + hex(instructions);
    }
}
