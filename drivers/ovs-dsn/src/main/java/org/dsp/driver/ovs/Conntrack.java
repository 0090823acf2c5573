package org.dsp.driver.ovs;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.onlab.packet.IpAddress;

/** A model of one switch's connection tracker: entries per zone, keyed by the original 5-tuple. */
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

    private final Map<Tuple, long[]> entries = new HashMap<>();

    private static Tuple tuple(long zone, SimPacket p) {
        return new Tuple(zone, p.ipSrc, p.ipDst, p.ipProto, p.tpSrc, p.tpDst);
    }

    /** Looks a packet up, setting its ct_state and ct_mark. */
    void lookup(long zone, SimPacket p) {
        Tuple t = tuple(zone, p);
        long[] e = entries.get(t);
        if (e != null) {
            p.ctState = CtState.TRK | CtState.EST;
            p.ctMark = e[0];
            return;
        }
        e = entries.get(t.reverse());
        if (e != null) {
            p.ctState = CtState.TRK | CtState.EST | CtState.RPL;
            p.ctMark = e[0];
            return;
        }
        p.ctState = CtState.TRK | CtState.NEW;
        p.ctMark = 0;
    }

    /** Commits the packet's connection (if new) and applies loads to its mark. */
    void commit(long zone, SimPacket p, Iterable<DsnAction.Load> exec) {
        Tuple t = tuple(zone, p);
        long[] e = entries.get(t);
        if (e == null) {
            e = entries.get(t.reverse());
        }
        if (e == null) {
            e = new long[] {0};
            entries.put(t, e);
        }
        for (DsnAction.Load l : exec) {
            RegField f = l.field();
            e[0] = (e[0] & ~f.mask()) | ((l.value() << f.low()) & f.mask());
        }
    }

    /** Returns the number of tracked connections. */
    public int size() {
        return entries.size();
    }
}
