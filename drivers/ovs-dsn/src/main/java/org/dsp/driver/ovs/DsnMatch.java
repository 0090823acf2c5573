package org.dsp.driver.ovs;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;

/** The match of a DSN flow: immutable, at most one value per field (named apart from openflowj's Match, which the encoder turns it into). */
public final class DsnMatch implements Comparable<DsnMatch> {
    /** IPv4 ethertype. */
    public static final int IPV4 = 0x0800;
    /** IPv6 ethertype. */
    public static final int IPV6 = 0x86dd;
    /** ARP ethertype. */
    public static final int ARP = 0x0806;
    /** Ethertype of LLDP (topology discovery). */
    public static final int LLDP = 0x88cc;
    /** Ethertype of BDDP (ONOS's broadcast discovery probe). */
    public static final int BDDP = 0x8942;

    private static final Field[] FIELDS = Field.values();

    private final Field[] keys;
    private final MatchValue[] values;
    private final int hash;
    private Map<Field, MatchValue> fields;

    private DsnMatch(MatchValue[] slots) {
        int n = 0;
        for (MatchValue v : slots) {
            if (v != null) {
                n++;
            }
        }
        keys = new Field[n];
        values = new MatchValue[n];
        int h = 1;
        for (int i = 0, j = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                keys[j] = FIELDS[i];
                values[j] = slots[i];
                h = 31 * h + (i * 0x9e3779b9 ^ slots[i].hashCode());
                j++;
            }
        }
        this.hash = h;
    }

    /** Returns a builder of an empty (match-all) match. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder starting from this match. */
    public Builder toBuilder() {
        Builder b = new Builder();
        for (int i = 0; i < keys.length; i++) {
            b.slots[keys[i].ordinal()] = values[i];
        }
        return b;
    }

    /** Returns the fields and their values, in print order. */
    public Map<Field, MatchValue> fields() {
        Map<Field, MatchValue> m = fields;
        if (m == null) {
            EnumMap<Field, MatchValue> e = new EnumMap<>(Field.class);
            for (int i = 0; i < keys.length; i++) {
                e.put(keys[i], values[i]);
            }
            m = Collections.unmodifiableMap(e);
            fields = m;
        }
        return m;
    }

    /** Returns the value of a field, or null. */
    public MatchValue get(Field f) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == f) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public int compareTo(DsnMatch o) {
        int n = Math.min(keys.length, o.keys.length);
        for (int i = 0; i < n; i++) {
            int c = keys[i].compareTo(o.keys[i]);
            if (c != 0) {
                return c;
            }
            c = values[i].compareTo(o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(keys.length, o.keys.length);
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof DsnMatch) || ((DsnMatch) o).hash != hash) {
            return false;
        }
        DsnMatch m = (DsnMatch) o;
        return java.util.Arrays.equals(keys, m.keys) && java.util.Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Renders the match as ovs-ofctl text (protocol shorthand first), empty for match-all. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        MatchValue et = get(Field.ETH_TYPE);
        MatchValue proto = get(Field.IP_PROTO);
        boolean protoDone = false;
        if (et != null) {
            String name = protocolName((int) et.value(), proto == null ? -1 : (int) proto.value());
            if (name != null) {
                sb.append(name);
                protoDone = proto != null;
            } else {
                sb.append("dl_type=").append(et.render(Field.ETH_TYPE));
            }
        }
        for (Map.Entry<Field, MatchValue> e : fields().entrySet()) {
            Field f = e.getKey();
            if (f == Field.ETH_TYPE || (f == Field.IP_PROTO && protoDone) || (f == Field.CT_LABEL_UP && get(Field.CT_LABEL) != null)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(f.ofctl()).append('=');
            if (f == Field.CT_LABEL || f == Field.CT_LABEL_UP) {
                sb.append(MatchValue.label(get(Field.CT_LABEL_UP), get(Field.CT_LABEL)));
            } else {
                sb.append(e.getValue().render(f));
            }
        }
        return sb.toString();
    }

    private static String protocolName(int ethType, int proto) {
        if (ethType == IPV4) {
            switch (proto) {
                case -1:
                    return "ip";
                case 6:
                    return "tcp";
                case 17:
                    return "udp";
                case 132:
                    return "sctp";
                case 1:
                    return "icmp";
                default:
                    return null;
            }
        }
        if (ethType == IPV6) {
            switch (proto) {
                case -1:
                    return "ipv6";
                case 6:
                    return "tcp6";
                case 17:
                    return "udp6";
                case 132:
                    return "sctp6";
                case 58:
                    return "icmp6";
                default:
                    return null;
            }
        }
        if (ethType == ARP && proto == -1) {
            return "arp";
        }
        return null;
    }

    @Override
    public String toString() {
        return render();
    }

    /** Builder of {@link DsnMatch}. */
    public static final class Builder {
        private final MatchValue[] slots = new MatchValue[FIELDS.length];

        private Builder() {
        }

        /** Returns the value of a field, or null when it is not set. */
        public MatchValue get(Field f) {
            return slots[f.ordinal()];
        }

        /** Returns whether the field is set. */
        public boolean has(Field f) {
            return slots[f.ordinal()] != null;
        }

        /** Sets a field. */
        public Builder set(Field f, MatchValue v) {
            slots[f.ordinal()] = v;
            return this;
        }

        /** Matches the ingress port. */
        public Builder inPort(long port) {
            return set(Field.IN_PORT, MatchValue.exact(port));
        }

        /** Matches the ethertype. */
        public Builder ethType(int t) {
            return set(Field.ETH_TYPE, MatchValue.exact(t));
        }

        /** Matches the IP protocol (implies nothing about ethertype: set it too). */
        public Builder ipProto(int p) {
            return set(Field.IP_PROTO, MatchValue.exact(p));
        }

        /** Matches a register field's value. */
        public Builder reg(RegField f, long value) {
            return reg(f, value, -1L);
        }

        /** Matches the bits {@code mask} (of the field's own width) of a register field's value. */
        public Builder reg(RegField f, long value, long mask) {
            Field field = Field.of(f.container());
            MatchValue old = slots[field.ordinal()];
            int off = f.container().offset() % 64; // the label's word 1 sits at bit 32 of CT_LABEL, word 3 at bit 32 of CT_LABEL_UP
            long m = ((mask << f.low()) & f.mask()) << off;
            long v = (value << f.low() << off) & m;
            if (old != null) {
                v |= old.value() & ~m;
                m |= old.mask();
            }
            return set(field, MatchValue.masked(v, m));
        }

        /** Matches ct_state bits: {@code on} set and {@code off} clear. */
        public Builder ctState(int on, int off) {
            return set(Field.CT_STATE, MatchValue.masked(on, on | off));
        }

        /** Matches the source MAC. */
        public Builder ethSrc(MacAddress m) {
            return set(Field.ETH_SRC, MatchValue.mac(m));
        }

        /** Matches the destination MAC. */
        public Builder ethDst(MacAddress m) {
            return set(Field.ETH_DST, MatchValue.mac(m));
        }

        /** Matches the IP source by prefix (sets the ethertype of the prefix's family). */
        public Builder ipSrc(IpPrefix p) {
            ethType(p.isIp4() ? IPV4 : IPV6);
            return set(p.isIp4() ? Field.IPV4_SRC : Field.IPV6_SRC, MatchValue.prefix(p));
        }

        /** Matches the IP destination by prefix (sets the ethertype of the prefix's family). */
        public Builder ipDst(IpPrefix p) {
            ethType(p.isIp4() ? IPV4 : IPV6);
            return set(p.isIp4() ? Field.IPV4_DST : Field.IPV6_DST, MatchValue.prefix(p));
        }

        /** Matches the transport destination port under a mask. */
        public Builder tpDst(int value, int mask) {
            return set(Field.TP_DST, MatchValue.masked(value, mask));
        }

        /** Matches the transport source port exactly. */
        public Builder tpSrc(int value) {
            return set(Field.TP_SRC, MatchValue.masked(value, 0xffff));
        }

        /** Matches a conjunction id. */
        public Builder conjId(long id) {
            return set(Field.CONJ_ID, MatchValue.exact(id));
        }

        /**
         * Returns a builder matching exactly the packets both this one and {@code other} match,
         * or null when no packet matches both (a field with contradicting values). Masked numbers
         * combine bitwise; of two prefixes the longer one must lie inside the shorter.
         */
        public Builder intersect(Builder other) {
            Builder b = copy();
            for (int i = 0; i < slots.length; i++) {
                MatchValue x = slots[i];
                MatchValue y = other.slots[i];
                if (y == null) {
                    continue;
                }
                if (x == null) {
                    b.slots[i] = y;
                    continue;
                }
                MatchValue both = MatchValue.intersect(x, y);
                if (both == null) {
                    return null;
                }
                b.slots[i] = both;
            }
            return b;
        }

        /** Returns an independent copy of this builder. */
        public Builder copy() {
            Builder b = new Builder();
            System.arraycopy(slots, 0, b.slots, 0, slots.length);
            return b;
        }

        /** Builds the match. */
        public DsnMatch build() {
            return new DsnMatch(slots);
        }
    }
}
