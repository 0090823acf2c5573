package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.dsp.driver.ovs.DsnAction;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraCt;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraNat;
import org.onosproject.net.DeviceId;

/** The node's southbound: a tracked packet-out goes through the tenant's conntrack zone (undoing a translation) to its port. */
class NodeSouthboundTest {
    @Test
    void aTrackedPacketOutLooksThePacketUpInTheTenantsZoneWithNatThenOutputsItByTheDestinationPortRegister() throws Exception {
        String rendered = NodeSouthbound.trackedTo(0xc028, 11).stream().map(DsnAction::render).collect(Collectors.joining(","));
        assertEquals("load:0xc028->NXM_NX_REG2[0..15],load:0xb->NXM_NX_REG0[],ct(table=40,zone=NXM_NX_REG2[0..15],nat)", rendered);
        // the packet-out carries them as Nicira actions (the encoder of the pipeline's own flows): the loads decode back
        // to themselves; the ct recirculates to table 40, does not commit (the answer creates no state) and carries nat
        List<DsnAction> actions = NodeSouthbound.trackedTo(0xc028, 11);
        for (DsnAction a : actions.subList(0, 2)) {
            assertEquals(a, org.dsp.driver.ovs.openflow.OfCodec.extension(org.dsp.driver.ovs.openflow.OfCodec.action(a)), a.render());
        }
        OFActionNiciraCt ct = (OFActionNiciraCt) org.dsp.driver.ovs.openflow.OfCodec.action(actions.get(2));
        assertEquals(40, ct.getRecircTable());
        assertEquals(0, ct.getFlags() & 1, "no commit");
        // on the wire: read back as the switch would parse it, it is the same ct(nat) again
        org.projectfloodlight.openflow.protocol.OFFactory f = org.projectfloodlight.openflow.protocol.OFFactories
                .getFactory(org.projectfloodlight.openflow.protocol.OFVersion.OF_13);
        io.netty.buffer.ByteBuf wire = io.netty.buffer.Unpooled.buffer();
        f.buildPacketOut().setXid(1).setBufferId(org.projectfloodlight.openflow.types.OFBufferId.NO_BUFFER)
                .setInPort(org.projectfloodlight.openflow.types.OFPort.CONTROLLER).setActions(List.of(ct)).setData(new byte[64]).build()
                .writeTo(wire);
        org.projectfloodlight.openflow.protocol.action.OFAction read =
                ((org.projectfloodlight.openflow.protocol.OFPacketOut) f.getReader().readFrom(wire)).getActions().get(0);
        assertTrue(read instanceof OFActionNiciraCt && ((OFActionNiciraCt) read).getActions().stream().anyMatch(a -> a instanceof OFActionNiciraNat),
                read.toString());
        assertEquals(actions.get(2), org.dsp.driver.ovs.openflow.OfCodec.extension(read));
    }

    @Test
    void aDsnThatIsNotConnectedIsNotSentTo() {
        NodeSouthbound sb = new NodeSouthbound((d, k) -> null, id -> null);
        assertFalse(sb.emitTracked(DeviceId.deviceId("of:0000000000000001"), 1, 11, new byte[64]));
    }
}
