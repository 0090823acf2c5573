package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.PeerTerm;
import org.dsp.ir.ServiceMatch;
import org.dsp.model.Direction;
import org.dsp.model.Protocol;
import org.onlab.packet.IpPrefix;

/** Builds the partial matches ("fragments") that rule terms translate to; {@link #forActions} and {@link #perFamily} for translations. */
public final class Fragments {
    private Fragments() {
    }

    static int ipProto(Protocol p, boolean v6) {
        switch (p) {
            case TCP:
                return 6;
            case UDP:
                return 17;
            case SCTP:
                return 132;
            case ICMP:
                return v6 ? 58 : 1;
            default:
                throw new IllegalArgumentException(p.toString());
        }
    }

    /** Adds the service's matches for one family to {@code base}; returns one builder per port mask. */
    static List<DsnMatch.Builder> service(DsnMatch.Builder base, ServiceMatch s, boolean v6) {
        List<DsnMatch.Builder> out = new ArrayList<>();
        DsnMatch.Builder b = base.copy().ethType(v6 ? DsnMatch.IPV6 : DsnMatch.IPV4).ipProto(ipProto(s.protocol(), v6));
        if (s.allPorts()) {
            out.add(b);
            return out;
        }
        for (int[] vm : PortMasks.of(s.first(), s.last())) {
            out.add(b.copy().tpDst(vm[0], vm[1]));
        }
        return out;
    }

    /** Service matches for both families. */
    static List<DsnMatch.Builder> service(DsnMatch.Builder base, ServiceMatch s) {
        List<DsnMatch.Builder> out = new ArrayList<>(service(base, s, false));
        out.addAll(service(base, s, true));
        return out;
    }

    /** The matches of a peer term: the peer address on the side given by the direction. */
    static List<DsnMatch.Builder> peer(PeerTerm t, Direction d) {
        IpPrefix p = t.prefix();
        DsnMatch.Builder b = DsnMatch.builder();
        if (p.prefixLength() > 0) {
            if (d == Direction.INGRESS) {
                b.ipSrc(p);
            } else {
                b.ipDst(p);
            }
        } else {
            b.ethType(p.isIp4() ? DsnMatch.IPV4 : DsnMatch.IPV6);
        }
        if (t.service() == null) {
            List<DsnMatch.Builder> out = new ArrayList<>();
            out.add(b);
            return out;
        }
        return service(b, t.service(), p.isIp6());
    }

    /**
     * The matches of a flow with {@code actions}, from its fragments: unchanged when the actions
     * need no IP match (they neither set an IP header field nor go through conntrack: OVS checks
     * both); else each fragment per IP family (as {@link #perFamily}) - only the family of a
     * translation's addresses when the actions translate (OVS refuses a nat of the other family) -
     * and, when the actions go through conntrack, only for connections policy tracks
     * ({@link Registers#STATELESS} 0: a stateless allow is never committed, or its replies would
     * pass without policy).
     */
    public static List<DsnMatch.Builder> forActions(List<DsnMatch.Builder> frags, List<DsnAction> actions) {
        boolean ip = false;
        boolean conntrack = false;
        int family = 0;
        for (DsnAction a : actions) {
            ip |= a instanceof DsnAction.SetField;
            if (a instanceof DsnAction.Ct) {
                conntrack = true;
                DsnAction.Nat n = ((DsnAction.Ct) a).nat();
                if (n != null && n.address() != null) {
                    family = n.address().isIp4() ? DsnMatch.IPV4 : DsnMatch.IPV6;
                }
            }
        }
        if (!ip && !conntrack) {
            return frags;
        }
        List<DsnMatch.Builder> out = new ArrayList<>();
        for (DsnMatch.Builder m : perFamily(frags)) {
            if (family != 0 && m.get(Field.ETH_TYPE) != null && m.get(Field.ETH_TYPE).value() != family) {
                continue;
            }
            out.add(conntrack ? m.copy().reg(Registers.STATELESS, 0) : m);
        }
        return out;
    }

    /** Each fragment without an Ethernet type as two: one for IPv4, one for IPv6. */
    public static List<DsnMatch.Builder> perFamily(List<DsnMatch.Builder> frags) {
        List<DsnMatch.Builder> out = new ArrayList<>();
        for (DsnMatch.Builder m : frags) {
            if (m.has(Field.ETH_TYPE)) {
                out.add(m);
            } else {
                out.add(m.copy().ethType(DsnMatch.IPV4));
                out.add(m.copy().ethType(DsnMatch.IPV6));
            }
        }
        return out;
    }
}
