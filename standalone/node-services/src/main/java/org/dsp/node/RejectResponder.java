package org.dsp.node;

import org.dsp.app.api.TenantService;
import org.dsp.app.packet.RejectReplies;
import org.dsp.driver.ovs.Cookies;
import org.dsp.ir.Owner;
import org.dsp.node.openflow.OpenFlowServer;
import org.dsp.node.openflow.PacketIn;
import org.dsp.node.openflow.PacketListener;
import org.dsp.node.openflow.SwitchConnection;
import org.onlab.packet.DeserializationException;
import org.onosproject.net.ConnectPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code reject} on the node: a rule's reject flow sends the packet here (and drops
 * it); the answer ({@link RejectReplies}) goes straight to the sender's own port when the sender is
 * a workload of a tenant on a connected DSN, else back out the port the packet came in on.
 */
final class RejectResponder implements PacketListener {
    private static final Logger LOG = LoggerFactory.getLogger(RejectResponder.class);

    private final TenantService tenants;
    private final OpenFlowServer server;

    RejectResponder(TenantService tenants, OpenFlowServer server) {
        this.tenants = tenants;
        this.server = server;
    }

    @Override
    public void packetIn(SwitchConnection sw, PacketIn p) {
        if (p.reason() != PacketIn.REASON_ACTION || Cookies.kind(p.cookie()) != Owner.Kind.RULE || p.inPort() < 0) {
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
        SwitchConnection target = sw;
        long port = p.inPort();
        try {
            ConnectPoint at = RejectReplies.sender(tenants, answer);
            SwitchConnection there = at == null ? null : server.switchOf(at.deviceId().toString());
            if (there != null) {
                target = there;
                port = at.port().toLong();
            }
        } catch (DeserializationException e) {
            LOG.debug("cannot locate the sender of a rejected packet: {}", e.toString());
        }
        target.packetOut(port, answer);
    }
}
