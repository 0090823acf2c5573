package org.dsp.lb;

import java.nio.charset.StandardCharsets;
import org.dsp.ir.VipMac;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
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
        eth.setSourceMACAddress(VipMac.of(t.vip));
        eth.setDestinationMACAddress(t.mac);
        eth.setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth.serialize();
    }

    /** The IPv4 packet carrying a TCP segment in {@code eth}, or null. */
    static IPv4 answer(Ethernet eth) {
        return eth.getPayload() instanceof IPv4 && eth.getPayload().getPayload() instanceof TCP ? (IPv4) eth.getPayload() : null;
    }

    /** The payload bytes of a segment (empty when none). */
    static byte[] payload(TCP tcp) {
        if (tcp.getPayload() instanceof Data) {
            return ((Data) tcp.getPayload()).getData();
        }
        return tcp.getPayload() == null ? new byte[0] : tcp.getPayload().serialize();
    }
}
