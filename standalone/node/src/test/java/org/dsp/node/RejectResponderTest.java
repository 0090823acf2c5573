package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TCP;
import org.onlab.packet.UDP;

class RejectResponderTest {
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
        Ethernet out = Ethernet.deserializer().deserialize(RejectResponder.answer(frame(ip)), 0, 54);
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
        byte[] answer = RejectResponder.answer(frame(ip));
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
        assertNull(RejectResponder.answer(frame(ip)));
    }
}
