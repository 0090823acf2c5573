package org.dsp.lb;

import java.nio.charset.StandardCharsets;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TCP;

/**
 * The TCP segments of a health probe, built and read with ONOS's packet library: the probe
 * comes from the VIP (the MAC its DSN answers ARP with) to the backend's MAC, address and port.
 */
final class ProbePackets {
    static final short SYN = 0x02;
    static final short RST = 0x04;
    static final short PSH = 0x08;
    static final short ACK = 0x10;
    static final short FIN = 0x01;

    private ProbePackets() {
    }

    /** The MAC a VIP answers ARP with (as the OVS driver's responder does): 0a:00 and the address. */
    static MacAddress vipMac(org.onlab.packet.Ip4Address vip) {
        return MacAddress.valueOf(0x0a0000000000L | (vip.toInt() & 0xffffffffL));
    }

    /** A segment from the VIP to the target: {@code flags}, sequence and acknowledgement numbers, payload (or null). */
    static byte[] segment(ProbeTarget t, int sport, short flags, int seq, int ack, String payload) {
        TCP tcp = new TCP();
        tcp.setSourcePort(sport);
        tcp.setDestinationPort(t.port);
        tcp.setSequence(seq);
        tcp.setAcknowledge(ack);
        tcp.setFlags(flags);
        tcp.setWindowSize((short) 29200);
        tcp.setDataOffset((byte) 5);
        if (payload != null) {
            tcp.setPayload(new Data(payload.getBytes(StandardCharsets.US_ASCII)));
        }
        IPv4 ip = new IPv4();
        ip.setSourceAddress(t.vip.toInt());
        ip.setDestinationAddress(t.address.toInt());
        ip.setProtocol(IPv4.PROTOCOL_TCP);
        ip.setTtl((byte) 64);
        ip.setFlags((byte) 0x2); // don't fragment
        ip.setPayload(tcp);
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(vipMac(t.vip));
        eth.setDestinationMACAddress(t.mac);
        eth.setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth.serialize();
    }

    /** The TCP segment of an Ethernet frame from {@code t}'s backend to its VIP, or null. */
    static TCP answer(byte[] frame) {
        try {
            Ethernet eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
            if (!(eth.getPayload() instanceof IPv4) || !(eth.getPayload().getPayload() instanceof TCP)) {
                return null;
            }
            return (TCP) eth.getPayload().getPayload();
        } catch (org.onlab.packet.DeserializationException | RuntimeException e) {
            return null;
        }
    }

    /** The IPv4 header of a frame (the caller checked it is one), for the source and destination. */
    static IPv4 ip(byte[] frame) {
        try {
            return (IPv4) Ethernet.deserializer().deserialize(frame, 0, frame.length).getPayload();
        } catch (org.onlab.packet.DeserializationException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The payload bytes of a segment (empty when none). */
    static byte[] payload(TCP tcp) {
        if (tcp.getPayload() instanceof Data) {
            return ((Data) tcp.getPayload()).getData();
        }
        return tcp.getPayload() == null ? new byte[0] : tcp.getPayload().serialize();
    }
}
