package org.dsp.node.openflow;

import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * DELETE_STRICT for a flow known only from a switch's flow stats (possibly with fields openflowj
 * cannot represent): the FLOW_MOD is written from the flow's canonical OXM fields.
 */
final class WireDeletes {
    private WireDeletes() {
    }

    /** Returns a DELETE_STRICT for {@code flow}. */
    static OFMessage strict(WireFlow flow, long xid) {
        io.netty.buffer.ByteBuf match = io.netty.buffer.Unpooled.buffer();
        for (String f : flow.key().matchFields()) {
            String[] hv = f.split(":");
            match.writeInt((int) Long.parseLong(hv[0], 16));
            String v = hv[1];
            for (int i = 0; i < v.length(); i += 2) {
                match.writeByte(Integer.parseInt(v.substring(i, i + 2), 16));
            }
        }
        int matchLen = 4 + match.readableBytes();
        int padded = (matchLen + 7) / 8 * 8;
        int total = 48 + padded;
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer(total);
        b.writeByte(4).writeByte(14).writeShort(total).writeInt((int) xid); // OF1.3 FLOW_MOD
        b.writeLong(0).writeLong(0);                                        // cookie, cookie mask
        b.writeByte(flow.key().table()).writeByte(4);                       // table, OFPFC_DELETE_STRICT
        b.writeShort(0).writeShort(0).writeShort(flow.key().priority());
        b.writeInt(0xffffffff).writeInt(0xffffffff).writeInt(0xffffffff);   // buffer, out_port ANY, out_group ANY
        b.writeShort(0).writeShort(0);                                      // flags, pad
        b.writeShort(1).writeShort(matchLen).writeBytes(match).writeZero(padded - matchLen);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return new RawMessage(xid, OFType.FLOW_MOD, out);
    }
}
