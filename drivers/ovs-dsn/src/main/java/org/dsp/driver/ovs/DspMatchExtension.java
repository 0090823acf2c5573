package org.dsp.driver.ovs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.onosproject.net.flow.criteria.ExtensionSelector;
import org.onosproject.net.flow.criteria.ExtensionSelectorType;

/**
 * An ONOS extension selector for one OVS match field ONOS has no criterion for: a register,
 * conntrack state or mark, or the conjunction id. Each field has its own extension type, so a
 * selector carries one criterion per field (ONOS keeps one extension criterion per type) and
 * ONOS's OpenFlow provider can turn each into one OXM through DSP's driver behaviour (the
 * standalone node's encoder reads them directly).
 */
public final class DspMatchExtension extends ImmutableExtension implements ExtensionSelector {
    /** The first extension selector type of DSP's match fields ("DS" and the field's number). */
    public static final int TYPE_BASE = 0x44530000;

    private Field field;
    private MatchValue value;

    /** For deserialization only: a selector of the field {@code type} stands for, its value set by {@link #deserialize}. */
    public DspMatchExtension(ExtensionSelectorType type) {
        this.field = fieldOf(type);
        if (field == null) {
            throw new IllegalArgumentException(type + " is not a DSP match extension type");
        }
    }

    /** Matches {@code field} (reg0-4, ct_state, ct_mark, ct_zone or conj_id) with {@code value} (value and mask). */
    public DspMatchExtension(Field field, MatchValue value) {
        if (!isExtension(field)) {
            throw new IllegalArgumentException(field + " is a standard ONOS criterion");
        }
        this.field = field;
        this.value = MatchValue.masked(value.value(), value.mask());
    }

    /** Returns whether a field needs this extension. */
    public static boolean isExtension(Field f) {
        switch (f) {
            case REG0:
            case REG1:
            case REG2:
            case REG3:
            case REG4:
            case REG5:
            case REG6:
            case REG7:
            case CT_STATE:
            case CT_MARK:
            case CT_ZONE:
            case CONJ_ID:
            case CT_LABEL:
            case CT_LABEL_UP:
            case TUN_SRC:
            case TUN_ID: // masked: ONOS's own criterion is exact only
                return true;
            default:
                return false;
        }
    }

    /** Returns the extension type of a field's selector. */
    public static ExtensionSelectorType typeOf(Field f) {
        return new ExtensionSelectorType(TYPE_BASE + f.ordinal());
    }

    /** Returns the field an extension type stands for, or null when it is not one of DSP's. */
    public static Field fieldOf(ExtensionSelectorType type) {
        int i = type.toInt() - TYPE_BASE;
        if (i < 0 || i >= Field.values().length || !isExtension(Field.values()[i])) {
            return null;
        }
        return Field.values()[i];
    }

    /** Returns the matched field. */
    public Field field() {
        return field;
    }

    /** Returns the value and mask matched. */
    public MatchValue value() {
        return value;
    }

    @Override
    public ExtensionSelectorType type() {
        return typeOf(field);
    }

    @Override
    public byte[] serialize() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeUTF(field.name());
            out.writeLong(value.value());
            out.writeLong(value.mask());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    @Override
    public void deserialize(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            Field f = Field.valueOf(in.readUTF());
            if (field != null && f != field) {
                throw new IllegalArgumentException("bytes of a " + f + " match given to a " + field + " selector");
            }
            field = f;
            long v = in.readLong();
            value = MatchValue.masked(v, in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DspMatchExtension && ((DspMatchExtension) o).field == field
                && Objects.equals(((DspMatchExtension) o).value, value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(field, value);
    }

    @Override
    public String toString() {
        return field.ofctl() + "=" + (value == null ? "?" : value.render(field));
    }
}
