package org.dsp.app.impl;

import java.nio.ByteBuffer;
import org.dsp.app.packet.RejectReplies;
import org.dsp.driver.ovs.Cookies;
import org.onlab.packet.DeserializationException;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.packet.DefaultOutboundPacket;
import org.onosproject.net.packet.InboundPacket;
import org.onosproject.net.packet.PacketContext;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code reject} on ONOS: a packet-in whose cookie is a rule's or a service's reject
 * flow's ({@link Cookies#rejects}: a rule's reject, a load balancer with no backend) is answered with {@link RejectReplies} - TCP RST or ICMP
 * unreachable - emitted back out of the port the rejected packet came in on, on the same device
 * (never anywhere else: a packet-in names only where it was received), and the packet is blocked
 * for other processors. (The standalone node answers rejects itself before packets reach processors.)
 */
@Component(immediate = true)
public class RejectProcessor implements PacketProcessor {
    private final Logger log = LoggerFactory.getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected PacketService packetService;

    /** Registers with the packet service, ahead of forwarding apps. */
    @Activate
    protected void activate() {
        packetService.addProcessor(this, PacketProcessor.advisor(1));
    }

    /** Unregisters. */
    @Deactivate
    protected void deactivate() {
        packetService.removeProcessor(this);
    }

    @Override
    public void process(PacketContext context) {
        if (context.isHandled()) {
            return;
        }
        InboundPacket in = context.inPacket();
        if (in.cookie().isEmpty() || !Cookies.rejects(in.cookie().get())) {
            return;
        }
        byte[] frame = new byte[in.unparsed().remaining()];
        in.unparsed().duplicate().get(frame);
        try {
            byte[] answer = RejectReplies.answer(frame);
            if (answer != null) {
                ConnectPoint to = in.receivedFrom();
                packetService.emit(new DefaultOutboundPacket(to.deviceId(),
                        DefaultTrafficTreatment.builder().setOutput(to.port()).build(), ByteBuffer.wrap(answer)));
            }
        } catch (DeserializationException | RuntimeException e) {
            log.debug("cannot answer a rejected packet from {}: {}", in.receivedFrom(), e.toString());
        }
        context.block();
    }
}
