package org.dsp.node.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * OpenFlow 1.3 bundles (the ONF extension Open vSwitch implements): open, add messages, commit
 * atomically and in order. A committed bundle applies all its FLOW_MODs or none.
 */
final class Bundles {
    static final int ONF_EXPERIMENTER = 0x4f4e4600;
    static final int ONF_ET_BUNDLE_CONTROL = 2300;
    static final int ONF_ET_BUNDLE_ADD_MESSAGE = 2301;
    static final int OPEN_REQUEST = 0;
    static final int COMMIT_REQUEST = 4;
    static final int COMMIT_REPLY = 5;
    static final int DISCARD_REQUEST = 6;
    static final int FLAG_ATOMIC = 1;
    static final int FLAG_ORDERED = 2;
    private static final int OFPT_EXPERIMENTER = 4;

    private Bundles() {
    }

    private static ByteBuf header(int length, long xid, int subtype) {
        ByteBuf b = Unpooled.buffer(length);
        b.writeByte(4).writeByte(OFPT_EXPERIMENTER).writeShort(length).writeInt((int) xid);
        b.writeInt(ONF_EXPERIMENTER).writeInt(subtype);
        return b;
    }

    private static OFMessage done(ByteBuf b, long xid) {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        return new RawMessage(xid, OFType.EXPERIMENTER, bytes);
    }

    /** A bundle control request (open or commit). */
    static OFMessage control(long xid, long bundleId, int type, int flags) {
        ByteBuf b = header(24, xid, ONF_ET_BUNDLE_CONTROL);
        b.writeInt((int) bundleId).writeShort(type).writeShort(flags);
        return done(b, xid);
    }

    /** The largest message OpenFlow can carry: its header's length field has 16 bits. */
    static final int MAX_MESSAGE = 0xffff;
    /** Bytes a bundle add puts around the message it carries. */
    static final int ADD_OVERHEAD = 24;

    /** Returns the encoded size of a message, in bytes (as its header would say, were it not limited to 16 bits). */
    static int size(OFMessage message) {
        ByteBuf b = Unpooled.buffer();
        message.writeTo(b);
        return b.readableBytes();
    }

    /**
     * Adds a message to a bundle; the add carries the message's own xid.
     *
     * @throws IllegalArgumentException when the message, wrapped, does not fit in one OpenFlow
     *         message (its length would wrap around and the switch would read garbage)
     */
    static OFMessage add(long bundleId, int flags, OFMessage message) {
        ByteBuf inner = Unpooled.buffer();
        message.writeTo(inner);
        int length = ADD_OVERHEAD + inner.readableBytes();
        if (length > MAX_MESSAGE) {
            throw new IllegalArgumentException(inner.readableBytes() + " bytes, over OpenFlow's " + MAX_MESSAGE
                    + "-byte message limit (" + (MAX_MESSAGE - ADD_OVERHEAD) + " in a bundle)");
        }
        ByteBuf b = header(length, message.getXid(), ONF_ET_BUNDLE_ADD_MESSAGE);
        b.writeInt((int) bundleId).writeShort(0).writeShort(flags).writeBytes(inner);
        return done(b, message.getXid());
    }
}
