package org.dsp.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP6;
import org.onlab.packet.IPv6;
import org.onlab.packet.Ip6Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onlab.packet.ndp.NeighborAdvertisement;
import org.onlab.packet.ndp.NeighborSolicitation;
import org.onosproject.net.DeviceId;

/** The neighbour advertisements the service sends for an IPv6 VIP, and only for one. */
class NeighboursTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");

    @Test
    void aSolicitationForAVipIsAnsweredOutOfItsPort() throws Exception {
        Neighbours n = new Neighbours();
        HealthMonitorTest.Host host = new HealthMonitorTest.Host();
        n.attach(host);
        Ip6Address vip = Ip6Address.valueOf("fd00::100");
        n.vips("shop", Set.of(vip));
        MacAddress client = MacAddress.valueOf("02:00:00:00:01:01");
        Ethernet ns = NeighborSolicitation.buildNdpSolicit(vip, Ip6Address.valueOf("fd00::11"),
                Ip6Address.valueOf("ff02::1:ff00:100"), client, MacAddress.valueOf("33:33:ff:00:01:00"), VlanId.NONE);
        assertTrue(n.packetIn(D1, 1, parse(ns)));
        assertEquals(1, host.sent.size(), "answered");
        assertEquals(1L, host.sent.get(0)[1], "out of the asking port");
        Ethernet na = host.lastFrame();
        assertEquals(client, na.getDestinationMAC());
        assertEquals(org.dsp.ir.VipMac.of(vip), na.getSourceMAC());
        IPv6 ip = (IPv6) na.getPayload();
        assertEquals(vip, Ip6Address.valueOf(ip.getSourceAddress()));
        assertEquals((byte) 255, ip.getHopLimit(), "a hop limit other than 255 is dropped by the receiver (RFC 4861)");
        assertEquals(Ip6Address.valueOf("fd00::11"), Ip6Address.valueOf(ip.getDestinationAddress()));
        ICMP6 icmp = (ICMP6) ip.getPayload();
        assertEquals(ICMP6.NEIGHBOR_ADVERTISEMENT, icmp.getIcmpType());
        NeighborAdvertisement adv = (NeighborAdvertisement) icmp.getPayload();
        assertEquals(vip, Ip6Address.valueOf(adv.getTargetAddress()));
        assertEquals(1, adv.getSolicitedFlag());
        // a solicitation for another address is taken but not answered; anything else is not taken
        Ethernet other = NeighborSolicitation.buildNdpSolicit(Ip6Address.valueOf("fd00::99"), Ip6Address.valueOf("fd00::11"),
                Ip6Address.valueOf("ff02::1:ff00:99"), client, MacAddress.valueOf("33:33:ff:00:00:99"), VlanId.NONE);
        assertTrue(n.packetIn(D1, 1, parse(other)));
        assertEquals(1, host.sent.size());
        byte[] tcp = ProbePackets.segment(HealthMonitorTest.target(org.dsp.lb.model.HealthCheck.builder(org.dsp.lb.model.CheckType.TCP)
                .build(), 8080), 40000, ProbePackets.SYN, 1, 0, null);
        assertFalse(n.packetIn(D1, 1, Ethernet.deserializer().deserialize(tcp, 0, tcp.length)), "a TCP segment is not taken");
    }

    /** A frame as the service gets it: off the wire, parsed. */
    private static Ethernet parse(Ethernet frame) throws Exception {
        byte[] wire = frame.serialize();
        return Ethernet.deserializer().deserialize(wire, 0, wire.length);
    }
}
