package org.dsp.ir;

import java.util.Objects;

/**
 * A field a logical flow matches or sets, named independently of any device: a standard packet
 * field (the constants), or a field a service declares for its own state ({@link #service}),
 * which the driver places in a register, the conntrack mark or label.
 */
public final class LogicalField {
    /** The 6-bit DSCP of the IP header. */
    public static final LogicalField IP_DSCP = new LogicalField("ip.dscp", 6, null);
    /** The Ethernet source address. */
    public static final LogicalField ETH_SRC = new LogicalField("eth.src", 48, null);
    /** The Ethernet destination address. */
    public static final LogicalField ETH_DST = new LogicalField("eth.dst", 48, null);
    /** The transport source port. */
    public static final LogicalField L4_SRC = new LogicalField("l4.src", 16, null);
    /** The transport destination port. */
    public static final LogicalField L4_DST = new LogicalField("l4.dst", 16, null);
    /** The tunnel key (a virtual network's id). */
    public static final LogicalField TUNNEL_ID = new LogicalField("tunnel.id", 24, null);

    private final String name;
    private final int bits;
    private final String service;

    private LogicalField(String name, int bits, String service) {
        this.name = Objects.requireNonNull(name);
        this.bits = bits;
        this.service = service;
    }

    /**
     * A field of {@code service}'s own state, {@code bits} wide, kept for the packet's pass
     * ({@code conntrack} false: a register) or for its connection ({@code conntrack} true: mark bits).
     */
    public static LogicalField service(String service, String name, int bits, boolean conntrack) {
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException("field " + name + " of " + service + ": 1..32 bits, not " + bits);
        }
        return new LogicalField((conntrack ? "ct." : "reg.") + service + "." + name, bits, service);
    }

    /**
     * A field of {@code service}'s own state, {@code bits} wide (1 to 32), kept with the packet's
     * connection in conntrack label bits: like {@link #service} with {@code conntrack} true, for
     * state that does not fit the mark bits left (the label has 128 bits; a driver keeps some).
     */
    public static LogicalField label(String service, String name, int bits) {
        if (bits < 1 || bits > 32) {
            throw new IllegalArgumentException("field " + name + " of " + service + ": 1..32 bits, not " + bits);
        }
        return new LogicalField("ctl." + service + "." + name, bits, service);
    }

    /**
     * Returns the name ("ip.dscp", "reg.&lt;service&gt;.&lt;name&gt;", "ct.&lt;service&gt;.&lt;name&gt;",
     * "ctl.&lt;service&gt;.&lt;name&gt;").
     */
    public String name() {
        return name;
    }

    /** Returns the width in bits. */
    public int bits() {
        return bits;
    }

    /** Returns the service that declared the field, or null for a standard one. */
    public String service() {
        return service;
    }

    /** Returns whether the field lives with the connection (conntrack: mark or label) rather than the packet. */
    public boolean conntrack() {
        return name.startsWith("ct.") || label();
    }

    /** Returns whether the field lives in the connection's label ({@link #label}) rather than its mark. */
    public boolean label() {
        return name.startsWith("ctl.");
    }

    /** Returns whether {@code value} fits the field. */
    public boolean fits(long value) {
        return value >= 0 && (bits == 64 || value < (1L << bits));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogicalField && ((LogicalField) o).name.equals(name) && ((LogicalField) o).bits == bits;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + bits;
    }

    @Override
    public String toString() {
        return name;
    }
}
