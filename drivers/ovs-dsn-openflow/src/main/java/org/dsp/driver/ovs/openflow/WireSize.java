package org.dsp.driver.ovs.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.dsp.driver.ovs.DsnFlow;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * How many bytes a DSN flow takes on the wire as an OpenFlow 1.3 FLOW_MOD (the encoding of
 * {@link OfCodec}), and what fits: OpenFlow's length field has 16 bits, and the node sends every
 * FLOW_MOD inside a bundle add, which wraps it in 24 more bytes.
 */
public final class WireSize {
    /** The largest FLOW_MOD that can be sent: 65,535 bytes less the bundle add around it. */
    public static final int MAX_FLOW_MOD = 0xffff - 24;

    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);

    private WireSize() {
    }

    /** Returns the exact size in bytes of the FLOW_MOD (add) for {@code flow}, or of the GROUP_MOD for a group entry. */
    public static int flowMod(DsnFlow flow) {
        ByteBuf b = Unpooled.buffer();
        if (org.dsp.driver.ovs.DsnGroups.isGroup(flow)) {
            F.buildGroupAdd().setXid(0).setGroup(OFGroup.of(1)).setGroupType(org.projectfloodlight.openflow.protocol.OFGroupType.SELECT)
                    .setBuckets(OfCodec.buckets(org.dsp.driver.ovs.DsnGroups.of(flow))).build().writeTo(b);
            return b.readableBytes();
        }
        F.buildFlowAdd().setXid(0).setCookie(U64.of(flow.cookie())).setTableId(TableId.of(flow.table().number()))
                .setPriority(flow.priority()).setBufferId(OFBufferId.NO_BUFFER).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setMatch(OfCodec.match(flow)).setInstructions(OfCodec.instructions(flow))
                .build().writeTo(b);
        return b.readableBytes();
    }

    /**
     * Returns the flow of {@code flows} whose FLOW_MOD is largest, or null. DSP's flows differ in
     * size by their action lists (conjunction lists above all): only the flows within a few actions
     * of the longest list are encoded to find it.
     */
    public static DsnFlow largest(List<DsnFlow> flows) {
        int most = 0;
        for (DsnFlow f : flows) {
            most = Math.max(most, f.actions().size());
        }
        DsnFlow best = null;
        int bestBytes = -1;
        for (DsnFlow f : flows) {
            if (f.actions().size() + SLACK >= most || org.dsp.driver.ovs.DsnGroups.isGroup(f)) { // a bucket is many bytes
                int bytes = flowMod(f);
                if (bytes > bestBytes) {
                    best = f;
                    bestBytes = bytes;
                }
            }
        }
        return best;
    }

    /**
     * Flows with this many fewer actions than the longest list are still encoded: an action is at
     * least 8 bytes, and a match or an action list's other parts differ by less than 8 x 16 bytes.
     */
    private static final int SLACK = 16;
}
