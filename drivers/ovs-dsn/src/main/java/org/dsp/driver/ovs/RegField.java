package org.dsp.driver.ovs;

import java.util.Objects;

/** A named bit range of an OVS register (reg0-reg15), of the conntrack mark, or of the low 64 bits of the conntrack label. */
public final class RegField {
    /** The 32-bit containers a field can live in (the conntrack label as two: its bits 0-31 and 32-63). */
    public enum Container {
        /** Registers 0-7; the conntrack mark; the label's four 32-bit words, bits 0-31, 32-63, 64-95 and 96-127. */
        REG0, REG1, REG2, REG3, REG4, REG5, REG6, REG7, CT_MARK, CT_LABEL, CT_LABEL_HI, CT_LABEL_2, CT_LABEL_3;

        /** Returns the NXM name used by ovs-ofctl load actions. */
        public String nxm() {
            switch (this) {
                case CT_MARK:
                    return "NXM_NX_CT_MARK";
                case CT_LABEL:
                case CT_LABEL_HI:
                case CT_LABEL_2:
                case CT_LABEL_3:
                    return "NXM_NX_CT_LABEL";
                default:
                    return "NXM_NX_REG" + ordinal();
            }
        }

        /** Returns the bit of the NXM field where this container starts (32, 64, 96 for the label's upper words). */
        public int offset() {
            switch (this) {
                case CT_LABEL_HI:
                    return 32;
                case CT_LABEL_2:
                    return 64;
                case CT_LABEL_3:
                    return 96;
                default:
                    return 0;
            }
        }

        /** Returns whether the container is a part of the 128-bit conntrack label. */
        public boolean label() {
            return this == CT_LABEL || this == CT_LABEL_HI || this == CT_LABEL_2 || this == CT_LABEL_3;
        }

        /** Returns whether the container is one of the label's upper 64 bits (services' label fields). */
        public boolean upperLabel() {
            return this == CT_LABEL_2 || this == CT_LABEL_3;
        }
    }

    private final String name;
    private final Container container;
    private final int low;
    private final int high;

    /** Creates the field {@code name}: bits {@code low} to {@code high} (inclusive) of {@code container}. */
    public RegField(String name, Container container, int low, int high) {
        if (low < 0 || high > 31 || low > high) {
            throw new IllegalArgumentException("bad bit range " + low + ".." + high);
        }
        this.name = Objects.requireNonNull(name);
        this.container = container;
        this.low = low;
        this.high = high;
    }

    /** Returns the field's name. */
    public String name() {
        return name;
    }

    /** Returns the register or mark holding it. */
    public Container container() {
        return container;
    }

    /** Returns the lowest bit. */
    public int low() {
        return low;
    }

    /** Returns the highest bit. */
    public int high() {
        return high;
    }

    /** Returns the mask of the field within its 32-bit container. */
    public long mask() {
        long width = high - low + 1;
        return ((1L << width) - 1) << low;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegField && ((RegField) o).name.equals(name) && ((RegField) o).container == container
                && ((RegField) o).low == low && ((RegField) o).high == high;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, container, low, high);
    }

    /** Returns whether two fields share a bit. */
    public boolean overlaps(RegField o) {
        return o.container == container && o.low <= high && low <= o.high;
    }

    /** Returns the NXM slice, e.g. {@code NXM_NX_REG2[0..15]}. */
    public String nxmSlice() {
        if (low == 0 && high == 31 && !container.label()) {
            return container.nxm() + "[]";
        }
        int o = container.offset();
        return container.nxm() + "[" + (low == high ? Integer.toString(low + o) : (low + o) + ".." + (high + o)) + "]";
    }

    @Override
    public String toString() {
        return name + "=" + nxmSlice();
    }
}
