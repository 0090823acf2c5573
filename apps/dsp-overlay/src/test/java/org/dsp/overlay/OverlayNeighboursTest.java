package org.dsp.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.overlay.model.Network;
import org.dsp.overlay.model.Subnet;
import org.dsp.spi.ServiceHost;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TCP;
import org.onosproject.net.DeviceId;

/**
 * The answer to a packet too large for its destination's network: "fragmentation needed" naming
 * that network's MTU, from the sender's gateway, to the sender's MAC - also when the DSN routed the
 * packet (its source MAC is the router's by then).
 */
class OverlayNeighboursTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final MacAddress WEB = MacAddress.valueOf("02:00:00:0a:01:0b");
    static final MacAddress DB = MacAddress.valueOf("02:00:00:0a:02:15");
    static final int KEY = 0xc028;
    static final MacAddress ROUTER = org.dsp.overlay.model.Networks.ROUTER_MAC;

    final List<byte[]> sent = new ArrayList<>();
    final List<Long> ports = new ArrayList<>();
    final ServiceHost host = new ServiceHost() {
        @Override
        public void refresh(String tenantId) {
        }

        @Override
        public boolean emit(DeviceId dsn, long port, byte[] frame) {
            sent.add(frame);
            ports.add(port);
            return true;
        }
    };

    OverlayNeighbours neighbours() {
        OverlayNeighbours n = new OverlayNeighbours();
        n.attach(host);
        n.tenant(KEY, Map.of(IpAddress.valueOf("10.10.1.11"), WEB, IpAddress.valueOf("10.10.2.21"), DB), List.of(
                Network.of("front", 1, List.of(Subnet.of(IpPrefix.valueOf("10.10.1.0/24"), IpAddress.valueOf("10.10.1.1"))), 1450),
                Network.of("back", 2, List.of(Subnet.of(IpPrefix.valueOf("10.10.2.0/24"), IpAddress.valueOf("10.10.2.1"))), 1400)));
        return n;
    }

    /** A 1500-byte TCP segment from web-1 to db-1, its frame as the DSN punts it (routed: from the router's MAC). */
    static Ethernet segment(MacAddress src, boolean df) {
        IPv4 ip = new IPv4();
        ip.setSourceAddress("10.10.1.11").setDestinationAddress("10.10.2.21").setProtocol(IPv4.PROTOCOL_TCP).setTtl((byte) 63);
        ip.setFlags((byte) (df ? 0x2 : 0));
        TCP tcp = new TCP();
        tcp.setSourcePort(40000).setDestinationPort(5432);
        tcp.setPayload(new org.onlab.packet.Data(new byte[1460]));
        ip.setPayload(tcp);
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(src).setDestinationMACAddress(DB).setEtherType(Ethernet.TYPE_IPV4).setPayload(ip);
        return eth;
    }

    static long cookie() {
        return ((long) KEY << 32) | 0xd0a0f2f1L;
    }

    @Test
    void aRoutedPacketTooLargeIsAnsweredToItsSendersMacWithTheDestinationsMtu() throws Exception {
        OverlayNeighbours n = neighbours();
        assertTrue(n.packetIn(D1, 11, cookie(), segment(ROUTER, true)));
        assertEquals(List.of(11L), ports, "out of the port the packet came in on");
        Ethernet answer = Ethernet.deserializer().deserialize(sent.get(0), 0, sent.get(0).length);
        assertEquals(WEB, answer.getDestinationMAC(), "to web-1's MAC, not back to the router's");
        assertEquals(ROUTER, answer.getSourceMAC());
        IPv4 ip = (IPv4) answer.getPayload();
        assertEquals(IpAddress.valueOf("10.10.1.1").getIp4Address().toInt(), ip.getSourceAddress(), "from web-1's gateway");
        assertEquals(IpAddress.valueOf("10.10.1.11").getIp4Address().toInt(), ip.getDestinationAddress());
        ICMP icmp = (ICMP) ip.getPayload();
        assertEquals(3, icmp.getIcmpType());
        assertEquals(4, icmp.getIcmpCode());
        byte[] body = icmp.getPayload().serialize();
        assertEquals(1400, ((body[2] & 0xff) << 8) | (body[3] & 0xff), "the destination network's MTU");
    }

    @Test
    void withoutDontFragmentNothingIsSentAndAnUnknownSenderGetsTheFramesSource() throws Exception {
        OverlayNeighbours n = neighbours();
        assertFalse(n.packetIn(D1, 11, cookie(), segment(WEB, false)), "no DF: nothing to tell");
        assertTrue(sent.isEmpty());
        n.tenant(KEY, Map.of(), List.of(
                Network.of("back", 2, List.of(Subnet.of(IpPrefix.valueOf("10.10.2.0/24"), IpAddress.valueOf("10.10.2.1"))), 1400)));
        MacAddress other = MacAddress.valueOf("02:00:00:00:00:99");
        assertTrue(n.packetIn(D1, 11, cookie(), segment(other, true)));
        assertEquals(other, Ethernet.deserializer().deserialize(sent.get(0), 0, sent.get(0).length).getDestinationMAC());
    }
}
