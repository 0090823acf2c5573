package org.dsp.app.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.ICMP6;
import org.onlab.packet.IPv4;
import org.onlab.packet.IPv6;
import org.onlab.packet.Ip6Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TCP;
import org.onlab.packet.UDP;

class RejectRepliesTest {
    static final MacAddress A = MacAddress.valueOf("02:00:00:00:00:0a");
    static final MacAddress B = MacAddress.valueOf("02:00:00:00:00:0b");

    static byte[] frame(IPv4 ip) {
        ip.setSourceAddress("10.1.0.11");
        ip.setDestinationAddress("10.1.0.21");
        ip.setTtl((byte) 64);
        Ethernet e = new Ethernet();
        e.setSourceMACAddress(A).setDestinationMACAddress(B).setEtherType(Ethernet.TYPE_IPV4);
        e.setPayload(ip);
        return e.serialize();
    }

    @Test
    void aSynGetsARstAckForItsSequence() throws Exception {
        TCP syn = new TCP();
        syn.setSourcePort(40000).setDestinationPort(23).setSequence(1000).setFlags((short) 0x02).setDataOffset((byte) 5);
        IPv4 ip = new IPv4();
        ip.setProtocol(IPv4.PROTOCOL_TCP).setPayload(syn);
        Ethernet out = Ethernet.deserializer().deserialize(RejectReplies.answer(frame(ip)), 0, 54);
        assertEquals(A, out.getDestinationMAC());
        IPv4 rip = (IPv4) out.getPayload();
        assertEquals(IPv4.toIPv4Address("10.1.0.11"), rip.getDestinationAddress());
        TCP rst = (TCP) rip.getPayload();
        assertEquals(23, rst.getSourcePort());
        assertEquals(40000, rst.getDestinationPort());
        assertEquals(0x14, rst.getFlags());
        assertEquals(1001, rst.getAcknowledge());
    }

    @Test
    void udpGetsPortUnreachableWithTheOffendingHeader() throws Exception {
        UDP udp = new UDP();
        udp.setSourcePort(5000).setDestinationPort(53).setPayload(new Data(new byte[] {1, 2, 3, 4}));
        IPv4 ip = new IPv4();
        ip.setProtocol(IPv4.PROTOCOL_UDP).setPayload(udp);
        byte[] answer = RejectReplies.answer(frame(ip));
        Ethernet out = Ethernet.deserializer().deserialize(answer, 0, answer.length);
        ICMP icmp = (ICMP) ((IPv4) out.getPayload()).getPayload();
        assertEquals(3, icmp.getIcmpType());
        assertEquals(3, icmp.getIcmpCode());
        byte[] body = icmp.getPayload().serialize();
        assertEquals(4 + 20 + 8, body.length);
        assertEquals(0x45, body[4] & 0xff); // the original IPv4 header follows the 4 unused bytes
    }

    @Test
    void aRstIsNotAnswered() throws Exception {
        TCP rst = new TCP();
        rst.setSourcePort(1).setDestinationPort(2).setFlags((short) 0x04).setDataOffset((byte) 5);
        IPv4 ip = new IPv4();
        ip.setProtocol(IPv4.PROTOCOL_TCP).setPayload(rst);
        assertNull(RejectReplies.answer(frame(ip)));
    }

    static final byte[] V6_A = Ip6Address.valueOf("fd00::11").toOctets();
    static final byte[] V6_B = Ip6Address.valueOf("fd00::21").toOctets();

    static byte[] frame6(IPv6 ip) {
        ip.setSourceAddress(V6_A);
        ip.setDestinationAddress(V6_B);
        ip.setHopLimit((byte) 64);
        Ethernet e = new Ethernet();
        e.setSourceMACAddress(A).setDestinationMACAddress(B).setEtherType(Ethernet.TYPE_IPV6);
        e.setPayload(ip);
        return e.serialize();
    }

    /** The answer's IPv6 header and upper-layer bytes, checked by hand: addresses swapped, and the
     * upper-layer checksum valid over the RFC 8200 pseudo-header (computed here, not by the library). */
    static byte[] upperLayer6(byte[] answer, int nextHeader) {
        assertEquals(0x86dd, ((answer[12] & 0xff) << 8) | (answer[13] & 0xff));
        assertEquals(6, (answer[14] & 0xff) >> 4);
        assertEquals(nextHeader, answer[14 + 6] & 0xff);
        int len = ((answer[14 + 4] & 0xff) << 8) | (answer[14 + 5] & 0xff);
        assertEquals(answer.length - 14 - 40, len);
        assertArrayEquals(V6_B, java.util.Arrays.copyOfRange(answer, 14 + 8, 14 + 24));
        assertArrayEquals(V6_A, java.util.Arrays.copyOfRange(answer, 14 + 24, 14 + 40));
        long sum = 0;
        for (int i = 14 + 8; i < 14 + 40; i += 2) { // source and destination addresses
            sum += ((answer[i] & 0xff) << 8) | (answer[i + 1] & 0xff);
        }
        sum += len + nextHeader;
        for (int i = 14 + 40; i < answer.length; i += 2) {
            sum += ((answer[i] & 0xff) << 8) | (i + 1 < answer.length ? answer[i + 1] & 0xff : 0);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        assertEquals(0xffff, sum, "upper-layer checksum");
        return java.util.Arrays.copyOfRange(answer, 14 + 40, answer.length);
    }

    @Test
    void anIpv6SynGetsARstAckWithAValidChecksum() throws Exception {
        TCP syn = new TCP();
        syn.setSourcePort(40000).setDestinationPort(23).setSequence(7).setFlags((short) 0x02).setDataOffset((byte) 5);
        IPv6 ip = new IPv6();
        ip.setNextHeader(IPv6.PROTOCOL_TCP).setPayload(syn);
        byte[] tcp = upperLayer6(RejectReplies.answer(frame6(ip)), 6);
        assertEquals(20, tcp.length);
        assertEquals(23, ((tcp[0] & 0xff) << 8) | (tcp[1] & 0xff));
        assertEquals(40000, ((tcp[2] & 0xff) << 8) | (tcp[3] & 0xff));
        assertEquals(8, java.nio.ByteBuffer.wrap(tcp, 8, 4).getInt()); // acknowledges the SYN
        assertEquals(0x14, tcp[13] & 0xff); // RST + ACK
    }

    @Test
    void ipv6UdpGetsPortUnreachableCarryingTheOffendingPacket() throws Exception {
        UDP udp = new UDP();
        udp.setSourcePort(5000).setDestinationPort(53).setPayload(new Data(new byte[] {1, 2, 3, 4}));
        IPv6 ip = new IPv6();
        ip.setNextHeader(IPv6.PROTOCOL_UDP).setPayload(udp);
        byte[] icmp = upperLayer6(RejectReplies.answer(frame6(ip)), 58);
        assertEquals(1, icmp[0]); // destination unreachable
        assertEquals(4, icmp[1]); // port unreachable
        assertEquals(8 + 40 + 8 + 4, icmp.length); // header, 4 unused bytes, the whole offending packet
        assertEquals(6, (icmp[8] & 0xff) >> 4);
    }

    @Test
    void ipv6OtherProtocolsAreAdministrativelyProhibitedButLargePacketsAreCut() throws Exception {
        IPv6 ip = new IPv6();
        ip.setNextHeader((byte) 132).setPayload(new Data(new byte[3000])); // SCTP, say
        byte[] icmp = upperLayer6(RejectReplies.answer(frame6(ip)), 58);
        assertEquals(1, icmp[1]); // communication administratively prohibited
        assertEquals(1280 - 40, icmp.length); // the answer fits the minimum IPv6 MTU
    }

    @Test
    void icmpErrorsAreNeverAnswered() throws Exception {
        ICMP6 unreachable = new ICMP6();
        unreachable.setIcmpType(ICMP6.DEST_UNREACH).setIcmpCode(ICMP6.PORT_UNREACH).setPayload(new Data(new byte[8]));
        IPv6 ip6 = new IPv6();
        ip6.setNextHeader(IPv6.PROTOCOL_ICMP6).setPayload(unreachable);
        assertNull(RejectReplies.answer(frame6(ip6)));
        ICMP6 echo = new ICMP6();
        echo.setIcmpType(ICMP6.ECHO_REQUEST).setIcmpCode((byte) 0).setPayload(new Data(new byte[8]));
        IPv6 ping = new IPv6();
        ping.setNextHeader(IPv6.PROTOCOL_ICMP6).setPayload(echo);
        assertEquals(1, upperLayer6(RejectReplies.answer(frame6(ping)), 58)[0], "an echo request is answered");
        ICMP unreachable4 = new ICMP();
        unreachable4.setIcmpType((byte) 3).setIcmpCode((byte) 3).setPayload(new Data(new byte[28]));
        IPv4 ip4 = new IPv4();
        ip4.setProtocol(IPv4.PROTOCOL_ICMP).setPayload(unreachable4);
        assertNull(RejectReplies.answer(frame(ip4)));
    }
}
