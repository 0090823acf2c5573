package org.dsp.node.openflow;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * Open vSwitch's flow monitor (the Nicira flow monitor, which OVS carries in OpenFlow 1.3 as the
 * ONF experimenter multipart 1870 with Nicira's request and update formats): the node asks each switch to report every flow another party adds,
 * deletes or modifies, in any table, as it happens; changes the node makes itself come back
 * abbreviated and are ignored. A report makes the node audit that switch at once, so drift (a
 * flow added or deleted by hand, another controller) is repaired in well under a second instead of
 * at the next periodic audit.
 */
final class FlowMonitor {
    static final int ONFST13_FLOW_MONITOR = 1870;
    static final int OFPMP_EXPERIMENTER = 0xffff;
    /** Monitor flags: ADD | DELETE | MODIFY (no INITIAL, no OWN: our own changes arrive abbreviated). */
    static final int FLAGS = (1 << 1) | (1 << 2) | (1 << 3);
    /** Flow update events (ABBREV, 3, is one of our own changes). */
    static final int ADDED = 0;
    static final int DELETED = 1;
    static final int MODIFIED = 2;

    private FlowMonitor() {
    }

    /**
     * The request (onf_flow_monitor_request): monitor 1, foreign adds, deletes and
     * modifications, any output port, every table, an empty OXM match.
     */
    static RawMessage request(long xid) {
        ByteBuffer b = ByteBuffer.allocate(48);
        b.put((byte) 4).put((byte) 18).putShort((short) 48).putInt((int) xid); // OF1.3 MULTIPART_REQUEST
        b.putShort((short) OFPMP_EXPERIMENTER).putShort((short) 0).putInt(0);
        b.putInt(Bundles.ONF_EXPERIMENTER).putInt(ONFST13_FLOW_MONITOR);
        b.putInt(1).putShort((short) FLAGS).putShort((short) 0) // id, flags, match_len (of the OXM fields: none)
                .putInt(0xffffffff).put((byte) 0xff).put(new byte[3]); // out_port OFPP_ANY, table all, zeros
        b.putShort((short) 1).putShort((short) 4).putInt(0); // ofp11 match: OXM, no fields, padded to 8
        return new RawMessage(xid, OFType.STATS_REQUEST, b.array());
    }

    /** Whether a whole message is the node's flow monitor request. */
    static boolean isRequest(byte[] m) {
        ByteBuffer b = ByteBuffer.wrap(m);
        return m.length >= 24 && m[1] == 18 && b.getShort(8) == (short) OFPMP_EXPERIMENTER
                && b.getInt(16) == Bundles.ONF_EXPERIMENTER && b.getInt(20) == ONFST13_FLOW_MONITOR;
    }

    /** Whether the frame at {@code start} is a flow monitor reply or update. */
    static boolean is(ByteBuf in, int start, int length) {
        return in.getUnsignedByte(start + 1) == 19 && length >= 24 && in.getUnsignedShort(start + 8) == OFPMP_EXPERIMENTER
                && in.getInt(start + 16) == Bundles.ONF_EXPERIMENTER && in.getInt(start + 20) == ONFST13_FLOW_MONITOR;
    }

    /**
     * Returns whether the frame at {@code start} reports a foreign change (a flow added, deleted or
     * modified), not counting flows the switch learned itself ({@code learn}, in the learned table).
     */
    static boolean foreignChange(ByteBuf in, int start, int length) {
        int at = start + 24;
        while (at + 4 <= start + length) {
            int len = in.getUnsignedShort(at);
            int event = in.getUnsignedShort(at + 2);
            if (len < 4) {
                break;
            }
            // a full update (at least 24 bytes) names its table at byte 14: flows the switch learned are nobody's drift
            boolean learned = len >= 24 && at + 15 <= start + length
                    && org.dsp.driver.ovs.Table.byNumber(in.getUnsignedByte(at + 14)).learned();
            if ((event == ADDED || event == DELETED || event == MODIFIED) && !learned) {
                return true;
            }
            at += len;
        }
        return false;
    }

    /** A decoded report: whether it carried a foreign flow change. */
    static final class Report {
        final boolean foreign;

        Report(boolean foreign) {
            this.foreign = foreign;
        }
    }
}
