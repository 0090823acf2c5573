package org.dsp.driver.ovs;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.onlab.packet.IpAddress;

/**
 * A model of one switch's connection tracker: entries per zone, keyed by the original 5-tuple. As
 * Open vSwitch's userspace tracker does, a committed connection's packets in the original direction
 * stay +new until a reply was seen - for TCP (a SYN in SYN_SENT) and ICMP always, for other
 * protocols the first one after the commit only (OVS's FIRST to MULTIPLE): the packet that
 * committed a connection and is looked up again (a load balancer's commit, then the pipeline's
 * conntrack stage) goes through policy as new, and the pipeline's commit still labels it.
 */
public final class Conntrack {
    private static final class Tuple {
        final long zone;
        final IpAddress a;
        final IpAddress b;
        final int proto;
        final int pa;
        final int pb;

        Tuple(long zone, IpAddress a, IpAddress b, int proto, int pa, int pb) {
            this.zone = zone;
            this.a = a;
            this.b = b;
            this.proto = proto;
            this.pa = pa;
            this.pb = pb;
        }

        Tuple reverse() {
            return new Tuple(zone, b, a, proto, pb, pa);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Tuple)) {
                return false;
            }
            Tuple t = (Tuple) o;
            return t.zone == zone && t.a.equals(a) && t.b.equals(b) && t.proto == proto && t.pa == pa && t.pb == pb;
        }

        @Override
        public int hashCode() {
            return Objects.hash(zone, a, b, proto, pa, pb);
        }
    }

    /** A connection: its mark, and the destination it is translated to (null: none). */
    private static final class Entry {
        long mark;
        long label;
        long labelUp;
        /** A reply was seen. */
        boolean replied;
        /** (Not TCP or ICMP) a packet of the original direction was looked up after the commit. */
        boolean multiple;
        final Tuple original;
        final IpAddress natAddress;
        final int natPort;
        /** The source the connection is translated to (null: none), as a NAT gateway's pool or floating IP does. */
        IpAddress snatAddress;
        int snatPort;

        Entry(Tuple original, IpAddress natAddress, int natPort) {
            this.original = original;
            this.natAddress = natAddress;
            this.natPort = natPort;
        }
    }

    /**
     * Every connection by its original tuple, its reply tuple, and (translated) the original as
     * translated (found that way only by the packet that was translated: {@link #own}).
     */
    private final Map<Tuple, Entry> byOriginal = new HashMap<>();
    private final Map<Tuple, Entry> byReply = new HashMap<>();
    private final Map<Tuple, Entry> byTranslated = new HashMap<>();

    private static Tuple tuple(long zone, SimPacket p) {
        return new Tuple(zone, p.ipSrc, p.ipDst, p.ipProto, p.tpSrc, p.tpDst);
    }

    /**
     * Looks a packet up, setting its ct_state and ct_mark; with {@code nat}, applies the
     * connection's translation (destination for the original direction, source back for replies).
     */
    void lookup(long zone, SimPacket p, boolean nat) {
        Tuple t = tuple(zone, p);
        Entry e = byOriginal.get(t);
        boolean translated = false;
        if (e == null) {
            e = own(t, p);
            translated = e != null;
        }
        if (e != null) {
            p.ctConn = e;
            p.ctState = CtState.TRK | (established(e) ? CtState.EST : CtState.NEW);
            p.ctMark = e.mark;
            p.ctLabel = e.label;
            p.ctLabelUp = e.labelUp;
            if (e.natAddress != null && (translated || nat)) {
                p.ctState |= CtState.DNAT;
                if (!translated) {
                    p.ipDst = e.natAddress;
                    p.tpDst = e.natPort;
                }
            }
            if (e.snatAddress != null && (translated || nat)) {
                p.ctState |= CtState.SNAT;
                if (!translated) {
                    p.ipSrc = e.snatAddress;
                    p.tpSrc = e.snatPort;
                }
            }
            return;
        }
        e = byReply.get(t);
        if (e != null) {
            p.ctConn = e;
            e.replied = true;
            p.ctState = CtState.TRK | CtState.EST | CtState.RPL;
            p.ctMark = e.mark;
            p.ctLabel = e.label;
            p.ctLabelUp = e.labelUp;
            if (e.natAddress != null && nat) {
                p.ctState |= CtState.DNAT;
                p.ipSrc = e.original.b;
                p.tpSrc = e.original.pb;
            }
            if (e.snatAddress != null && nat) {
                p.ctState |= CtState.SNAT;
                p.ipDst = e.original.a;
                p.tpDst = e.original.pa;
            }
            return;
        }
        p.ctConn = null;
        p.ctState = CtState.TRK | CtState.NEW;
        p.ctMark = 0;
        p.ctLabel = 0;
        p.ctLabelUp = 0;
    }

    /**
     * Commits the packet's connection (if new) and applies loads to its mark; {@code nat} with an
     * address translates a new connection's destination (and the packet's).
     */
    void commit(long zone, SimPacket p, Iterable<DsnAction> exec, DsnAction.Nat nat) {
        Tuple t = tuple(zone, p);
        Entry e = byOriginal.get(t);
        if (e == null) {
            e = own(t, p);
        }
        if (e == null) {
            e = byReply.get(t);
        }
        if (e == null) {
            boolean dnat = nat != null && !nat.plain() && !nat.source();
            boolean snat = nat != null && !nat.plain() && nat.source(); // the first address (and port) of the range
            e = new Entry(t, dnat ? nat.address() : null, dnat ? (nat.port() != 0 ? nat.port() : t.pb) : 0);
            if (snat) { // the range's first address, and its first port whose reply tuple is free (none: the source port)
                e.snatAddress = nat.address();
                e.snatPort = t.pa;
                for (int port = nat.port(); port != 0 && port <= nat.portLast(); port++) {
                    e.snatPort = port;
                    if (!byReply.containsKey(new Tuple(zone, e.snatAddress, t.b, t.proto, port, t.pb).reverse())) {
                        break;
                    }
                }
            }
            byOriginal.put(t, e);
            Tuple out = dnat ? new Tuple(zone, t.a, e.natAddress, t.proto, t.pa, e.natPort)
                    : snat ? new Tuple(zone, e.snatAddress, t.b, t.proto, e.snatPort, t.pb) : t;
            byReply.put(out.reverse(), e);
            if (dnat) {
                byTranslated.put(out, e);
                p.ipDst = e.natAddress;
                p.tpDst = e.natPort;
            } else if (snat) {
                byTranslated.put(out, e);
                p.ipSrc = e.snatAddress;
                p.tpSrc = e.snatPort;
            }
        }
        p.ctConn = e;
        long mark = p.ctMark;
        long label = p.ctLabel;
        long labelUp = p.ctLabelUp;
        p.ctMark = e.mark;
        p.ctLabel = e.label;
        p.ctLabelUp = e.labelUp;
        for (DsnAction a : exec) { // loads of constants and moves from the packet's registers into the mark and label
            if (a instanceof DsnAction.Load) {
                FlowSimulator.set(p, ((DsnAction.Load) a).field(), ((DsnAction.Load) a).value());
            } else {
                DsnAction.Move m = (DsnAction.Move) a;
                FlowSimulator.set(p, m.to(), FlowSimulator.get(p, m.from()));
            }
        }
        e.mark = p.ctMark;
        e.label = p.ctLabel;
        e.labelUp = p.ctLabelUp;
        p.ctMark = mark;
        p.ctLabel = label;
        p.ctLabelUp = labelUp;
    }

    /**
     * The connection whose original direction, as translated, is {@code t} - only the packet's own
     * connection from earlier in its pass: Open vSwitch finds a translated connection by the packet's
     * cached connection, not by its tuple, so a packet that enters the switch again translated (back
     * from a service function, say) is a new connection to it.
     */
    private Entry own(Tuple t, SimPacket p) {
        Entry e = byTranslated.get(t);
        return e != null && e == p.ctConn ? e : null;
    }

    /** Whether a packet of the connection's original direction is established (and counts it). */
    private static boolean established(Entry e) {
        if (e.replied) {
            return true;
        }
        int proto = e.original.proto;
        if (proto == SimPacket.TCP || proto == SimPacket.ICMP || proto == SimPacket.ICMP6) {
            return false;
        }
        boolean was = e.multiple;
        e.multiple = true;
        return was;
    }

    /** Returns the label (low 64 bits) of the connection of a packet in {@code zone}, or -1 when there is none. */
    long label(long zone, SimPacket p) {
        Tuple t = tuple(zone, p);
        Entry e = byOriginal.get(t);
        if (e == null) {
            e = byReply.get(t);
        }
        return e == null ? -1 : e.label;
    }

    /** Returns the number of tracked connections. */
    public int size() {
        return byOriginal.size();
    }

    /** Returns the number of tracked connections in conntrack zone {@code zone}. */
    public int size(long zone) {
        return (int) byOriginal.keySet().stream().filter(t -> t.zone == zone).count();
    }
}
