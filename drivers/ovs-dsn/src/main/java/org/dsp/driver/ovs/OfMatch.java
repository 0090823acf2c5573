package org.dsp.driver.ovs;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;

/** An immutable OpenFlow match: at most one value per field. */
public final class OfMatch implements Comparable<OfMatch> {
    /** IPv4 ethertype. */
    public static final int IPV4 = 0x0800;
    /** IPv6 ethertype. */
    public static final int IPV6 = 0x86dd;
    /** ARP ethertype. */
    public static final int ARP = 0x0806;

    private final Map<Field, MatchValue> fields;
    private final int hash;

    private OfMatch(EnumMap<Field, MatchValue> fields) {
        this.fields = Collections.unmodifiableMap(fields);
        this.hash = fields.hashCode();
    }

    /** Returns a builder of an empty (match-all) match. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder starting from this match. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fields.putAll(fields);
        return b;
    }

    /** Returns the fields and their values, in print order. */
    public Map<Field, MatchValue> fields() {
        return fields;
    }

    /** Returns the value of a field, or null. */
    public MatchValue get(Field f) {
        return fields.get(f);
    }

    @Override
    public int compareTo(OfMatch o) {
        Iterator<Map.Entry<Field, MatchValue>> a = fields.entrySet().iterator();
        Iterator<Map.Entry<Field, MatchValue>> b = o.fields.entrySet().iterator();
        while (a.hasNext() && b.hasNext()) {
            Map.Entry<Field, MatchValue> x = a.next();
            Map.Entry<Field, MatchValue> y = b.next();
            int c = x.getKey().compareTo(y.getKey());
            if (c != 0) {
                return c;
            }
            c = x.getValue().compareTo(y.getValue());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(a.hasNext(), b.hasNext());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OfMatch && ((OfMatch) o).hash == hash && ((OfMatch) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Renders the match as ovs-ofctl text (protocol shorthand first), empty for match-all. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        MatchValue et = fields.get(Field.ETH_TYPE);
        MatchValue proto = fields.get(Field.IP_PROTO);
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
        for (Map.Entry<Field, MatchValue> e : fields.entrySet()) {
            Field f = e.getKey();
            if (f == Field.ETH_TYPE || (f == Field.IP_PROTO && protoDone)) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(f.ofctl()).append('=').append(e.getValue().render(f));
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

    /** Builder of {@link OfMatch}. */
    public static final class Builder {
        private final EnumMap<Field, MatchValue> fields = new EnumMap<>(Field.class);

        private Builder() {
        }

        /** Sets a field. */
        public Builder set(Field f, MatchValue v) {
            fields.put(f, v);
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
            Field field = Field.of(f.container());
            MatchValue old = fields.get(field);
            long v = (value << f.low()) & f.mask();
            long mask = f.mask();
            if (old != null) {
                v |= old.value() & ~mask;
                mask |= old.mask();
            }
            return set(field, MatchValue.masked(v, mask == 0xffffffffL ? 0xffffffffL : mask));
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

        /** Matches a conjunction id. */
        public Builder conjId(long id) {
            return set(Field.CONJ_ID, MatchValue.exact(id));
        }

        /** Builds the match. */
        public OfMatch build() {
            return new OfMatch(fields.clone());
        }
    }
}
