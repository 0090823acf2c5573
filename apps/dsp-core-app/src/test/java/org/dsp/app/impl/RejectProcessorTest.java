package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dsp.driver.ovs.Cookies;
import org.dsp.ir.Owner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TCP;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.packet.DefaultInboundPacket;
import org.onosproject.net.packet.DefaultPacketContext;
import org.onosproject.net.packet.OutboundPacket;
import org.onosproject.net.packet.PacketContext;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketServiceAdapter;

/**
 * The ONOS reject processor, with onos-api's PacketServiceAdapter: a TCP SYN sent to the
 * controller by a DSP rule's reject flow is answered with a RST out of the sender's own DSN port
 * (found from the tenant's endpoints, not the port the packet came in on), and blocked; packets
 * of other cookies are left alone.
 */
class RejectProcessorTest {
    private final List<OutboundPacket> emitted = new ArrayList<>();
    private PacketProcessor registered;
    private DspManager manager;
    private RejectProcessor processor;

    @BeforeEach
    void setUp() throws Exception {
        manager = TestManagers.active(new RecordingFlowRules());
        manager.apply(DspManagerTest.example());
        processor = new RejectProcessor();
        processor.packetService = new PacketServiceAdapter() {
            @Override
            public void addProcessor(PacketProcessor p, int priority) {
                registered = p;
            }

            @Override
            public void emit(OutboundPacket packet) {
                emitted.add(packet);
            }
        };
        processor.activate();
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    /** client-1 (02:00:00:00:01:01, 10.0.0.11, of:...01 port 1) opens tcp/23 to web-1 (10.0.0.21). */
    private static byte[] syn() {
        return org.dsp.testing.Frames.tcpSyn("02:00:00:00:01:01", "02:00:00:00:02:01", "10.0.0.11", "10.0.0.21", 40000, 23);
    }

    private static PacketContext context(byte[] frame, long cookie) throws Exception {
        Ethernet parsed = Ethernet.deserializer().deserialize(frame, 0, frame.length);
        // arrives at the destination's DSN (ingress reject), not the sender's
        ConnectPoint at = ConnectPoint.deviceConnectPoint("of:0000000000000001/2");
        return new DefaultPacketContext(0, new DefaultInboundPacket(at, parsed, ByteBuffer.wrap(frame), Optional.of(cookie)),
                null, false) {
            @Override
            public void send() {
            }
        };
    }

    @Test
    void aRejectedSynIsAnsweredWithARstOutOfThePortItCameIn() throws Exception {
        assertEquals(processor, registered);
        long ruleCookie = Cookies.of(Owner.of("acme", 1, Owner.Kind.RULE, "no-telnet", 5));
        PacketContext ctx = context(syn(), ruleCookie);
        registered.process(ctx);
        assertTrue(ctx.isHandled(), "blocked for other processors");
        assertEquals(1, emitted.size());
        OutboundPacket out = emitted.get(0);
        assertEquals("of:0000000000000001", out.sendThrough().toString());
        assertEquals("2", ((Instructions.OutputInstruction) out.treatment().allInstructions().get(0)).port().toString(),
                "back out of the port the rejected packet came in on (only where it was received)");
        byte[] b = new byte[out.data().remaining()];
        out.data().duplicate().get(b);
        Ethernet rst = Ethernet.deserializer().deserialize(b, 0, b.length);
        assertEquals(MacAddress.valueOf("02:00:00:00:01:01"), rst.getDestinationMAC());
        TCP t = (TCP) rst.getPayload().getPayload();
        assertEquals(0x14, t.getFlags(), "RST+ACK");
        assertEquals(1001, t.getAcknowledge());
    }

    @Test
    void otherPacketsAreLeftAlone() throws Exception {
        PacketContext ctx = context(syn(), Cookies.of(Owner.pipeline()));
        registered.process(ctx);
        PacketContext none = context(syn(), 0x1234);
        registered.process(none);
        assertTrue(!ctx.isHandled() && !none.isHandled());
        assertTrue(emitted.isEmpty());
    }
}
