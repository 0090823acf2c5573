package org.dsp.node;

import org.dsp.app.packet.RejectReplies;
import org.dsp.driver.ovs.Cookies;
import org.dsp.node.openflow.PacketIn;
import org.dsp.node.openflow.PacketListener;
import org.dsp.node.openflow.SwitchConnection;
import org.onlab.packet.DeserializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code reject} on the node: a rule's reject flow, or a load balancer's with no
 * backend ({@link org.dsp.driver.ovs.Cookies#rejects}), sends the packet here (and drops
 * it); the answer ({@link RejectReplies}) goes back out of the port the packet came in on, through
 * the switch that sent it - never to another switch or port (a packet-in is believed only about
 * where it was received, and only when a reject flow of the node's on that switch sent it).
 */
final class RejectResponder implements PacketListener {
    private static final Logger LOG = LoggerFactory.getLogger(RejectResponder.class);

    RejectResponder() {
    }

    @Override
    public void packetIn(SwitchConnection sw, PacketIn p) {
        if (p.reason() != PacketIn.REASON_ACTION || !Cookies.rejects(p.cookie()) || p.inPort() < 0) {
            return;
        }
        byte[] answer;
        try {
            answer = RejectReplies.answer(p.data());
        } catch (DeserializationException | RuntimeException e) {
            LOG.debug("cannot answer a rejected packet from {}: {}", sw, e.toString());
            return;
        }
        if (answer == null) {
            return;
        }
        sw.packetOut(p.inPort(), answer);
    }
}
