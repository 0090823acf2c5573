package org.dsp.driver.ovs;

import java.util.Objects;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;

/** The value of one match field: a masked number, an address prefix or a MAC address. */
public final class MatchValue implements Comparable<MatchValue> {
    private final long value;
    private final long mask;
    private final IpPrefix prefix;
    private final MacAddress mac;
    private final int hash;

    private MatchValue(long value, long mask, IpPrefix prefix, MacAddress mac) {
        this.value = value & mask;
        this.mask = mask;
        this.prefix = prefix;
        this.mac = mac;
        this.hash = Long.hashCode(this.value) * 31 + Long.hashCode(mask) * 17 + (prefix == null ? 0 : prefix.hashCode())
                + (mac == null ? 0 : mac.hashCode());
    }

    /** An exact or masked number. */
    public static MatchValue masked(long value, long mask) {
        return new MatchValue(value, mask, null, null);
    }

    /** An exact number. */
    public static MatchValue exact(long value) {
        return new MatchValue(value, -1L, null, null);
    }

    /** An address prefix. */
    public static MatchValue prefix(IpPrefix p) {
        return new MatchValue(0, 0, Objects.requireNonNull(p), null);
    }

    /** A MAC address. */
    public static MatchValue mac(MacAddress m) {
        return new MatchValue(0, 0, null, Objects.requireNonNull(m));
    }

    /** Returns the number (for numeric fields). */
    public long value() {
        return value;
    }

    /** Returns the mask (-1 for exact). */
    public long mask() {
        return mask;
    }

    /** Returns the prefix, or null. */
    public IpPrefix prefix() {
        return prefix;
    }

    /** Returns the MAC, or null. */
    public MacAddress mac() {
        return mac;
    }

    /** Returns the value matching exactly what both {@code a} and {@code b} match, or null when nothing does. */
    static MatchValue intersect(MatchValue a, MatchValue b) {
        if (a.mac != null || b.mac != null) {
            return a.equals(b) ? a : null;
        }
        if (a.prefix != null || b.prefix != null) {
            if (a.prefix == null || b.prefix == null) {
                return null;
            }
            if (a.prefix.contains(b.prefix)) {
                return b;
            }
            return b.prefix.contains(a.prefix) ? a : null;
        }
        if (((a.value ^ b.value) & a.mask & b.mask) != 0) {
            return null;
        }
        return masked(a.value | b.value, a.mask | b.mask);
    }

    /** Returns whether a packet's numeric field value matches. */
    public boolean matches(long v) {
        return (v & mask) == value;
    }

    @Override
    public int compareTo(MatchValue o) {
        if (prefix != null && o.prefix != null) {
            return org.dsp.ir.PeerTerm.PREFIX_ORDER.compare(prefix, o.prefix);
        }
        if (mac != null && o.mac != null) {
            return Long.compare(mac.toLong(), o.mac.toLong());
        }
        int c = Long.compare(value, o.value);
        return c != 0 ? c : Long.compare(mask, o.mask);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MatchValue)) {
            return false;
        }
        MatchValue m = (MatchValue) o;
        return m.hash == hash && m.value == value && m.mask == mask && Objects.equals(m.prefix, prefix) && Objects.equals(m.mac, mac);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Renders the value for ovs-ofctl given its field. */
    public String render(Field f) {
        if (prefix != null) {
            boolean host = prefix.prefixLength() == (prefix.isIp4() ? 32 : 128);
            return host ? prefix.address().toString() : prefix.toString();
        }
        if (mac != null) {
            return mac.toString().toLowerCase();
        }
        if (f == Field.CT_STATE) {
            return CtState.render(value, mask);
        }
        if (f == Field.TUN_SRC) {
            return org.onlab.packet.Ip4Address.valueOf((int) value).toString();
        }
        if (f == Field.IN_PORT && value == DsnAction.LOCAL_PORT) {
            return "LOCAL";
        }
        if (f == Field.IN_PORT || f == Field.CONJ_ID || f == Field.IP_PROTO || f == Field.ICMPV6_TYPE) {
            return Long.toString(value);
        }
        if (f == Field.TP_DST || f == Field.TP_SRC) {
            return mask == 0xffff || mask == -1L ? Long.toString(value) : "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
        }
        if (f == Field.ETH_TYPE) {
            return String.format("0x%04x", value);
        }
        if (f == Field.CT_LABEL || f == Field.CT_LABEL_UP) { // one half of the 128 bits (DsnMatch writes both as one)
            return f == Field.CT_LABEL ? label(null, this) : label(this, null);
        }
        if (mask == -1L || mask == 0xffffffffL) {
            return "0x" + Long.toHexString(value);
        }
        return "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
    }

    /**
     * Renders a match on the 128-bit conntrack label from its upper and lower 64 bits (either may
     * be null: wildcarded), as ovs-ofctl reads it: {@code 0xVALUE/0xMASK}.
     */
    static String label(MatchValue upper, MatchValue lower) {
        long lv = lower == null ? 0 : lower.value;
        long lm = lower == null ? 0 : lower.mask;
        if (upper == null) {
            return "0x" + Long.toHexString(lv) + "/0x" + Long.toHexString(lm);
        }
        return "0x" + Long.toHexString(upper.value) + String.format("%016x", lv) + "/0x" + Long.toHexString(upper.mask)
                + String.format("%016x", lm);
    }

    @Override
    public String toString() {
        return prefix != null ? prefix.toString() : mac != null ? mac.toString() : value + "/" + mask;
    }
}
