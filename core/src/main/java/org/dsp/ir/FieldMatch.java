package org.dsp.ir;

import java.util.Objects;

/** A logical flow's match on one {@link LogicalField}: the bits of {@code mask} equal those of {@code value}. */
public final class FieldMatch {
    private final LogicalField field;
    private final long value;
    private final long mask;

    private FieldMatch(LogicalField field, long value, long mask) {
        this.field = Objects.requireNonNull(field);
        long all = field.bits() >= 64 ? -1L : (1L << field.bits()) - 1;
        if ((mask & ~all) != 0 || (value & ~mask) != 0) {
            throw new IllegalArgumentException("match on " + field.name() + ": value 0x" + Long.toHexString(value)
                    + "/0x" + Long.toHexString(mask) + " does not fit its " + field.bits() + " bits");
        }
        this.value = value;
        this.mask = mask;
    }

    /** Matches the field equal to {@code value}. */
    public static FieldMatch exact(LogicalField field, long value) {
        return new FieldMatch(field, value, field.bits() >= 64 ? -1L : (1L << field.bits()) - 1);
    }

    /** Matches the bits of {@code mask}. */
    public static FieldMatch masked(LogicalField field, long value, long mask) {
        return new FieldMatch(field, value, mask);
    }

    /** Returns the field. */
    public LogicalField field() {
        return field;
    }

    /** Returns the value. */
    public long value() {
        return value;
    }

    /** Returns the mask. */
    public long mask() {
        return mask;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldMatch && ((FieldMatch) o).field.equals(field) && ((FieldMatch) o).value == value
                && ((FieldMatch) o).mask == mask;
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, value, mask);
    }

    @Override
    public String toString() {
        return field.name() + "=0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
    }
}
