package org.dsp.driver.ovs;

import java.util.List;
import java.util.Objects;

/**
 * NXAST_LEARN: adds a flow to another table, built from the packet being processed, or refreshes
 * it when a flow with that match and priority is there already. The learned flow matches what
 * the {@link Spec}s say (fields copied from the packet, or constants), loads constants into
 * register fields, and leaves after {@code idleTimeout} seconds without a packet. DSP uses it for
 * a load balancer's source affinity: the learned flow remembers which backend a client got.
 */
public final class LearnAction extends DsnAction {
    /** A packet field a learned flow can match (its NXM name and width). */
    public enum Field {
        /** The Ethernet type. */
        ETH_TYPE("NXM_OF_ETH_TYPE", "eth_type", 16),
        /** The IP protocol. */
        IP_PROTO("NXM_OF_IP_PROTO", "nw_proto", 8),
        /** The IPv4 source address. */
        IPV4_SRC("NXM_OF_IP_SRC", "nw_src", 32),
        /** The IPv4 destination address. */
        IPV4_DST("NXM_OF_IP_DST", "nw_dst", 32),
        /** The IPv6 source address. */
        IPV6_SRC("NXM_NX_IPV6_SRC", "ipv6_src", 128),
        /** The IPv6 destination address. */
        IPV6_DST("NXM_NX_IPV6_DST", "ipv6_dst", 128),
        /** The TCP destination port. */
        TCP_DST("NXM_OF_TCP_DST", "tcp_dst", 16),
        /** The UDP destination port. */
        UDP_DST("NXM_OF_UDP_DST", "udp_dst", 16);

        private final String nxm;
        private final String ofctl;
        private final int bits;

        Field(String nxm, String ofctl, int bits) {
            this.nxm = nxm;
            this.ofctl = ofctl;
            this.bits = bits;
        }

        /** Returns the NXM name, e.g. {@code NXM_OF_IP_SRC}. */
        public String nxm() {
            return nxm;
        }

        /** Returns the width in bits. */
        public int bits() {
            return bits;
        }
    }

    /** One part of the learned flow: a match copied from the packet, a constant match, or a constant load. */
    public static final class Spec {
        /** What a spec does. */
        public enum Kind {
            /** The learned flow matches the field's value in the packet being processed. */
            MATCH_COPY,
            /** The learned flow matches a constant. */
            MATCH_VALUE,
            /** The learned flow loads a constant into a register field. */
            LOAD_VALUE
        }

        private final Kind kind;
        private final Field field;
        private final RegField reg;
        private final long value;
        private final org.onlab.packet.IpAddress address;

        private Spec(Kind kind, Field field, RegField reg, long value) {
            this(kind, field, reg, value, null);
        }

        private Spec(Kind kind, Field field, RegField reg, long value, org.onlab.packet.IpAddress address) {
            this.kind = kind;
            this.field = field;
            this.reg = reg;
            this.value = value;
            this.address = address;
        }

        /** The learned flow matches {@code field} (an IPv4 or IPv6 address field of the address's version) = {@code address}. */
        public static Spec address(Field field, org.onlab.packet.IpAddress address) {
            boolean v4 = field == Field.IPV4_SRC || field == Field.IPV4_DST;
            boolean v6 = field == Field.IPV6_SRC || field == Field.IPV6_DST;
            if (!(v4 && address.isIp4() || v6 && address.isIp6())) {
                throw new IllegalArgumentException(address + " is not a value of " + field);
            }
            return new Spec(Kind.MATCH_VALUE, field, null, 0, address);
        }

        /** Returns the address of an address match (null for the others). */
        public org.onlab.packet.IpAddress address() {
            return address;
        }

        /** Returns the constant's bytes, big-endian, in whole 16-bit words (MATCH_VALUE, LOAD_VALUE). */
        public byte[] valueBytes() {
            if (address != null) {
                return address.toOctets();
            }
            int words = (bits() + 15) / 16;
            byte[] out = new byte[words * 2];
            for (int i = 0; i < out.length; i++) {
                int shift = 8 * (out.length - 1 - i);
                out[i] = shift >= 64 ? 0 : (byte) (value >>> shift);
            }
            return out;
        }

        /** The learned flow matches the packet's {@code field}. */
        public static Spec copy(Field field) {
            return new Spec(Kind.MATCH_COPY, Objects.requireNonNull(field), null, 0);
        }

        /** The learned flow matches the packet's register field {@code reg}. */
        public static Spec copy(RegField reg) {
            return new Spec(Kind.MATCH_COPY, null, Objects.requireNonNull(reg), 0);
        }

        /** The learned flow matches {@code field} = {@code value} (at most 64 bits wide). */
        public static Spec value(Field field, long value) {
            if (field.bits > 64) {
                throw new IllegalArgumentException("a constant match on " + field + " is not carried");
            }
            return new Spec(Kind.MATCH_VALUE, field, null, value);
        }

        /** The learned flow loads {@code value} into {@code reg}. */
        public static Spec load(RegField reg, long value) {
            if ((value & ~(reg.mask() >>> reg.low())) != 0) {
                throw new IllegalArgumentException("0x" + Long.toHexString(value) + " does not fit " + reg.name());
            }
            return new Spec(Kind.LOAD_VALUE, null, Objects.requireNonNull(reg), value);
        }

        /** Returns what the spec does. */
        public Kind kind() {
            return kind;
        }

        /** Returns the packet field, or null when the spec is about a register field. */
        public Field field() {
            return field;
        }

        /** Returns the register field, or null when the spec is about a packet field. */
        public RegField reg() {
            return reg;
        }

        /** Returns the width in bits. */
        public int bits() {
            return field != null ? field.bits : reg.high() - reg.low() + 1;
        }

        /** Returns the constant (MATCH_VALUE, LOAD_VALUE). */
        public long value() {
            return value;
        }

        String render() {
            switch (kind) {
                case MATCH_COPY:
                    return field != null ? field.nxm + "[]" : reg.nxmSlice();
                case MATCH_VALUE:
                    // as ovs-ofctl prints them: addresses as addresses, protocol and ports in decimal, the Ethernet type in hex
                    if (address != null) {
                        return field.ofctl + "=" + address;
                    }
                    return field.ofctl + "=" + (field == Field.ETH_TYPE ? "0x" + Long.toHexString(value) : Long.toString(value));
                default:
                    return "load:0x" + Long.toHexString(value) + "->" + reg.nxmSlice();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Spec && ((Spec) o).kind == kind && ((Spec) o).field == field
                    && Objects.equals(((Spec) o).reg, reg) && ((Spec) o).value == value && Objects.equals(((Spec) o).address, address);
        }

        @Override
        public int hashCode() {
            return Objects.hash(kind, field, reg == null ? null : reg.name(), value, address);
        }

        @Override
        public String toString() {
            return render();
        }
    }

    private final Table table;
    private final int idleTimeout;
    private final int priority;
    private final long cookie;
    private final List<Spec> specs;

    LearnAction(Table table, int idleTimeout, int priority, long cookie, List<Spec> specs) {
        if (!table.learned()) {
            throw new IllegalArgumentException("learned flows go to table " + Table.LEARNED.number() + ", not " + table);
        }
        if (idleTimeout < 1 || idleTimeout > 65535 || priority < 0 || priority > 65535 || specs.isEmpty()) {
            throw new IllegalArgumentException("learn: idle timeout 1-65535 s, priority 0-65535, at least one spec");
        }
        this.table = table;
        this.idleTimeout = idleTimeout;
        this.priority = priority;
        this.cookie = cookie;
        this.specs = List.copyOf(specs);
    }

    /** Returns the table the flow is learned into. */
    public Table table() {
        return table;
    }

    /** Returns the learned flow's idle timeout in seconds. */
    public int idleTimeout() {
        return idleTimeout;
    }

    /** Returns the learned flow's priority. */
    public int priority() {
        return priority;
    }

    /** Returns the learned flow's cookie. */
    public long cookie() {
        return cookie;
    }

    /** Returns the specs, in order. */
    public List<Spec> specs() {
        return specs;
    }

    @Override
    public String render() {
        StringBuilder sb = new StringBuilder("learn(table=").append(table.number()).append(",idle_timeout=").append(idleTimeout)
                .append(",priority=").append(priority).append(",cookie=0x").append(Long.toHexString(cookie));
        for (Spec s : specs) {
            sb.append(',').append(s.render());
        }
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LearnAction)) {
            return false;
        }
        LearnAction l = (LearnAction) o;
        return l.table.equals(table) && l.idleTimeout == idleTimeout && l.priority == priority && l.cookie == cookie
                && l.specs.equals(specs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, idleTimeout, priority, cookie, specs);
    }
}
