package org.dsp.app.packet;

import org.onlab.packet.Data;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.ICMP6;
import org.onlab.packet.IPacket;
import org.onlab.packet.IPv4;
import org.onlab.packet.IPv6;
import org.onlab.packet.TCP;

/**
 * What {@code reject} answers, as pure functions shared by the standalone node and the ONOS app:
 * a TCP RST for TCP, an ICMP or ICMPv6 destination-unreachable (port unreachable for UDP,
 * administratively prohibited otherwise) for the rest; ICMP errors and RSTs are never answered,
 * so two rejecting DSNs cannot answer each other forever. And where the answer goes: the port of
 * the workload that sent the rejected packet.
 */
public final class RejectReplies {
    private RejectReplies() {
    }

    private static final short FLAG_RST = 0x04;
    private static final short FLAG_SYN = 0x02;
    private static final short FLAG_ACK = 0x10;
    private static final byte UNREACHABLE = 3;
    private static final byte PORT_UNREACHABLE = 3;
    private static final byte ADMIN_PROHIBITED = 13;
    private static final int IPV6_MIN_MTU = 1280;
    /** ICMPv4 error types: destination unreachable, source quench, redirect, time exceeded, parameter problem. */
    private static final java.util.Set<Byte> ICMP4_ERRORS = java.util.Set.of((byte) 3, (byte) 4, (byte) 5, (byte) 11, (byte) 12);


    /** Returns the answer to a rejected frame, or null when none is due (not IP, a RST or an ICMP error itself). */
    public static byte[] answer(byte[] frame) throws DeserializationException {
        Ethernet eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
        IPacket reply;
        if (eth.getEtherType() == Ethernet.TYPE_IPV4) {
            reply = answer4((IPv4) eth.getPayload());
        } else if (eth.getEtherType() == Ethernet.TYPE_IPV6) {
            reply = answer6((IPv6) eth.getPayload());
        } else {
            return null;
        }
        if (reply == null) {
            return null;
        }
        Ethernet out = new Ethernet();
        out.setSourceMACAddress(eth.getDestinationMAC());
        out.setDestinationMACAddress(eth.getSourceMAC());
        out.setEtherType(eth.getEtherType());
        out.setPayload(reply);
        return out.serialize();
    }

    private static IPv4 answer4(IPv4 ip) {
        IPv4 reply = new IPv4();
        reply.setSourceAddress(ip.getDestinationAddress());
        reply.setDestinationAddress(ip.getSourceAddress());
        reply.setTtl((byte) 64);
        if (ip.getProtocol() == IPv4.PROTOCOL_TCP) {
            TCP rst = rst((TCP) ip.getPayload());
            if (rst == null) {
                return null;
            }
            reply.setProtocol(IPv4.PROTOCOL_TCP);
            reply.setPayload(rst);
            return reply;
        }
        if (ip.getProtocol() == IPv4.PROTOCOL_ICMP && ICMP4_ERRORS.contains(((ICMP) ip.getPayload()).getIcmpType())) {
            return null;
        }
        byte[] original = ip.serialize();
        int keep = Math.min(original.length, ip.getHeaderLength() * 4 + 8);
        ICMP icmp = new ICMP();
        icmp.setIcmpType(UNREACHABLE);
        icmp.setIcmpCode(ip.getProtocol() == IPv4.PROTOCOL_UDP ? PORT_UNREACHABLE : ADMIN_PROHIBITED);
        icmp.setPayload(new Data(unusedThen(original, keep))); // the offending header and 8 bytes (RFC 792)
        reply.setProtocol(IPv4.PROTOCOL_ICMP);
        reply.setPayload(icmp);
        return reply;
    }

    private static IPv6 answer6(IPv6 ip) {
        IPv6 reply = new IPv6();
        reply.setSourceAddress(ip.getDestinationAddress());
        reply.setDestinationAddress(ip.getSourceAddress());
        reply.setHopLimit((byte) 64);
        if (ip.getNextHeader() == IPv6.PROTOCOL_TCP) {
            TCP rst = rst((TCP) ip.getPayload());
            if (rst == null) {
                return null;
            }
            reply.setNextHeader(IPv6.PROTOCOL_TCP);
            reply.setPayload(rst);
            return reply;
        }
        if (ip.getNextHeader() == IPv6.PROTOCOL_ICMP6 && (((ICMP6) ip.getPayload()).getIcmpType() & 0x80) == 0) {
            return null; // an ICMPv6 error message (types 0..127) is never answered (RFC 4443 2.4)
        }
        byte[] original = ip.serialize();
        ICMP6 icmp = new ICMP6();
        icmp.setIcmpType(ICMP6.DEST_UNREACH);
        icmp.setIcmpCode(ip.getNextHeader() == IPv6.PROTOCOL_UDP ? ICMP6.PORT_UNREACH : ICMP6.COMM_PROHIBIT);
        // as much of the offending packet as fits the minimum IPv6 MTU (RFC 4443 3.1)
        icmp.setPayload(new Data(unusedThen(original, Math.min(original.length, IPV6_MIN_MTU - 40 - 8))));
        reply.setNextHeader(IPv6.PROTOCOL_ICMP6);
        reply.setPayload(icmp);
        return reply;
    }

    /** The RST answering a TCP segment, or null for a RST. */
    private static TCP rst(TCP tcp) {
        if ((tcp.getFlags() & FLAG_RST) != 0) {
            return null;
        }
        int payload = tcp.getPayload() == null ? 0 : tcp.getPayload().serialize().length;
        TCP rst = new TCP();
        rst.setSourcePort(tcp.getDestinationPort());
        rst.setDestinationPort(tcp.getSourcePort());
        rst.setDataOffset((byte) 5);
        rst.setWindowSize((short) 0);
        if ((tcp.getFlags() & FLAG_ACK) != 0) {
            rst.setSequence(tcp.getAcknowledge());
            rst.setFlags(FLAG_RST);
        } else {
            rst.setSequence(0);
            rst.setAcknowledge(tcp.getSequence() + payload + ((tcp.getFlags() & FLAG_SYN) != 0 ? 1 : 0));
            rst.setFlags((short) (FLAG_RST | FLAG_ACK));
        }
        return rst;
    }

    /** 4 unused bytes, then the first {@code keep} bytes of the offending packet. */
    private static byte[] unusedThen(byte[] original, int keep) {
        byte[] body = new byte[4 + keep];
        System.arraycopy(original, 0, body, 4, keep);
        return body;
    }
}
