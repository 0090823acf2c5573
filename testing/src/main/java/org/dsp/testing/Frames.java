package org.dsp.testing;

import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.TCP;

/** Ethernet frames for the tests that hand packets to a switch or a packet processor. */
public final class Frames {
    private Frames() {
    }

    /** A TCP SYN (sequence 1000) from {@code srcMac}/{@code srcIp}:{@code sport} to {@code dstMac}/{@code dstIp}:{@code dport}. */
    public static byte[] tcpSyn(String srcMac, String dstMac, String srcIp, String dstIp, int sport, int dport) {
        TCP tcp = new TCP();
        tcp.setSourcePort(sport);
        tcp.setDestinationPort(dport);
        tcp.setSequence(1000);
        tcp.setFlags((short) 0x02);
        tcp.setDataOffset((byte) 5);
        IPv4 ip = new IPv4();
        ip.setSourceAddress(srcIp);
        ip.setDestinationAddress(dstIp);
        ip.setProtocol(IPv4.PROTOCOL_TCP);
        ip.setTtl((byte) 64);
        ip.setPayload(tcp);
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(srcMac);
        eth.setDestinationMACAddress(dstMac);
        eth.setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth.serialize();
    }
}
