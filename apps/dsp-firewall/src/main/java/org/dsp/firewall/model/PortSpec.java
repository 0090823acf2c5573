package org.dsp.firewall.model;

import java.util.Objects;

/** A destination port selector: a numeric range (a single port is a range of one) or a port name. */
public final class PortSpec {
    private final int first;
    private final int last;
    private final String name;

    private PortSpec(int first, int last, String name) {
        this.first = first;
        this.last = last;
        this.name = name;
    }

    /** Ports {@code first} to {@code last}, both included; 1 &lt;= first &lt;= last &lt;= 65535. */
    public static PortSpec range(int first, int last) {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("bad port range " + first + "-" + last);
        }
        return new PortSpec(first, last, null);
    }

    /** The single port {@code port}. */
    public static PortSpec port(int port) {
        return range(port, port);
    }

    /** The port that each destination workload declares under {@code name}. */
    public static PortSpec named(String name) {
        return new PortSpec(0, 0, Objects.requireNonNull(name));
    }

    /** Returns whether this is a named port. */
    public boolean isNamed() {
        return name != null;
    }

    /** Returns the port name, or null for numeric ranges. */
    public String name() {
        return name;
    }

    /** Returns the first port of a numeric range. */
    public int first() {
        return first;
    }

    /** Returns the last port of a numeric range. */
    public int last() {
        return last;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PortSpec)) {
            return false;
        }
        PortSpec p = (PortSpec) o;
        return p.first == first && p.last == last && Objects.equals(p.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(first, last, name);
    }

    @Override
    public String toString() {
        return name != null ? name : first == last ? Integer.toString(first) : first + "-" + last;
    }
}
