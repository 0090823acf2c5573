package org.dsp.driver.ovs;

import java.util.Objects;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;

/** A packet as the simulator sees it: headers plus the pipeline metadata it accumulates. */
public final class SimPacket {
    /** Transport protocols the simulator models. */
    public static final int TCP = 6;
    /** UDP. */
    public static final int UDP = 17;
    /** SCTP. */
    public static final int SCTP = 132;
    /** ICMP (v4); ICMPv6 is 58. */
    public static final int ICMP = 1;
    /** ICMPv6. */
    public static final int ICMP6 = 58;

    final MacAddress ethSrc;
    MacAddress ethDst;
    IpAddress ipSrc;
    IpAddress ipDst;
    final int ipProto;
    int tpSrc;
    int tpDst;
    long inPort;
    final long[] regs = new long[8];
    long ctState;
    long ctMark;
    /** The low 64 bits of the connection's label. */
    long ctLabel;
    /** The upper 64 bits of the connection's label (services' label fields). */
    long ctLabelUp;
    long conjId;
    /**
     * The connection this packet was last looked up or committed in, as Open vSwitch keeps it with
     * the packet for the rest of its pass: a later ct in the same zone finds it by its translated
     * tuple. A packet that enters a switch has none.
     */
    Object ctConn;
    long tunId;
    long tunSrc;

    /** Creates an IP packet; for ICMP, {@code tpSrc} is the echo identifier and {@code tpDst} is ignored. */
    public SimPacket(MacAddress ethSrc, MacAddress ethDst, IpAddress ipSrc, IpAddress ipDst, int ipProto, int tpSrc,
                     int tpDst) {
        this.ethSrc = Objects.requireNonNull(ethSrc);
        this.ethDst = Objects.requireNonNull(ethDst);
        this.ipSrc = Objects.requireNonNull(ipSrc);
        this.ipDst = Objects.requireNonNull(ipDst);
        this.ipProto = ipProto;
        // for ICMP the "ports" are the echo identifier, the same in both directions
        this.tpSrc = tpSrc;
        this.tpDst = isIcmp() ? tpSrc : tpDst;
    }

    /** Returns the destination MAC (as a flow may have rewritten it). */
    public MacAddress ethDst() {
        return ethDst;
    }

    /** Returns the source address (as conntrack may have translated it back for a reply). */
    public IpAddress ipSrc() {
        return ipSrc;
    }

    /** Returns the destination address (as conntrack may have translated it). */
    public IpAddress ipDst() {
        return ipDst;
    }

    /** Returns the destination port (as conntrack may have translated it). */
    public int tpDst() {
        return tpDst;
    }

    /** Returns the source port. */
    public int tpSrc() {
        return tpSrc;
    }

    /** Returns the IP protocol. */
    public int ipProto() {
        return ipProto;
    }

    boolean isIcmp() {
        return ipProto == ICMP || ipProto == ICMP6;
    }

    /** Returns the reply: addresses and ports swapped. */
    public SimPacket reply() {
        return new SimPacket(ethDst, ethSrc, ipDst, ipSrc, ipProto, tpDst, tpSrc);
    }

    /** Returns a copy with fresh metadata, as the packet is when it enters a switch. */
    SimPacket fresh(long port) {
        SimPacket p = new SimPacket(ethSrc, ethDst, ipSrc, ipDst, ipProto, tpSrc, tpDst);
        p.inPort = port;
        p.tunId = tunId;
        p.tunSrc = tunSrc;
        return p;
    }

    /** Returns this packet as a tunnel delivers it: with tunnel id {@code id} (an overlay network's id). */
    public SimPacket tunnelled(long id) {
        return tunnelled(id, 0);
    }

    /** Returns this packet as a tunnel delivers it: with tunnel id {@code id}, from underlay address {@code src} (an int). */
    public SimPacket tunnelled(long id, long src) {
        SimPacket p = new SimPacket(ethSrc, ethDst, ipSrc, ipDst, ipProto, tpSrc, tpDst);
        p.tunId = id;
        p.tunSrc = src;
        return p;
    }

    /** Returns the value of a numeric field. */
    long numeric(Field f) {
        switch (f) {
            case IN_PORT:
                return inPort;
            case REG0:
                return regs[0];
            case REG1:
                return regs[1];
            case REG2:
                return regs[2];
            case REG3:
                return regs[3];
            case REG4:
                return regs[4];
            case REG5:
                return regs[5];
            case REG6:
                return regs[6];
            case REG7:
                return regs[7];
            case CONJ_ID:
                return conjId;
            case TUN_ID:
                return tunId;
            case TUN_SRC:
                return tunSrc;
            case CT_STATE:
                return ctState;
            case CT_MARK:
                return ctMark;
            case CT_LABEL:
                return ctLabel;
            case CT_LABEL_UP:
                return ctLabelUp;
            case ETH_TYPE:
                return ipSrc.isIp4() ? DsnMatch.IPV4 : DsnMatch.IPV6;
            case IP_PROTO:
                return ipProto;
            case TP_DST:
                return tpDst;
            case TP_SRC:
                return tpSrc;
            default:
                return -1;
        }
    }

    @Override
    public String toString() {
        return "proto " + ipProto + " " + ipSrc + ":" + tpSrc + " -> " + ipDst + ":" + tpDst;
    }
}
