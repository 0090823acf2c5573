package org.dsp.driver.ovs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.onosproject.net.flow.criteria.ExtensionSelector;
import org.onosproject.net.flow.criteria.ExtensionSelectorType;

/**
 * An ONOS extension selector for the OVS match fields ONOS has no criterion for: registers,
 * conntrack state and mark, conjunction id. The OVS driver extension DSP installs (and the
 * standalone node's OpenFlow encoder) turn it into the Nicira OXM.
 */
public final class DspMatchExtension extends ImmutableExtension implements ExtensionSelector {
    /** The extension selector type of DSP's match fields. */
    public static final ExtensionSelectorType TYPE = new ExtensionSelectorType(0x4453);

    private final java.util.EnumMap<Field, MatchValue> fields = new java.util.EnumMap<>(Field.class);

    /** For deserialization only. */
    public DspMatchExtension() {
    }

    /**
     * Matches every given field (reg0-4, ct_state, ct_mark, conj_id) with its value/mask. ONOS keeps
     * one criterion per type in a selector, so all of a flow's extension fields travel together.
     */
    public DspMatchExtension(java.util.Map<Field, MatchValue> fields) {
        for (java.util.Map.Entry<Field, MatchValue> e : fields.entrySet()) {
            if (!isExtension(e.getKey())) {
                throw new IllegalArgumentException(e.getKey() + " is a standard ONOS criterion");
            }
            this.fields.put(e.getKey(), MatchValue.masked(e.getValue().value(), e.getValue().mask()));
        }
    }

    /** Returns whether a field needs this extension. */
    public static boolean isExtension(Field f) {
        switch (f) {
            case REG0:
            case REG1:
            case REG2:
            case REG3:
            case REG4:
            case CT_STATE:
            case CT_MARK:
            case CONJ_ID:
                return true;
            default:
                return false;
        }
    }

    /** Returns the matched fields and their values. */
    public java.util.Map<Field, MatchValue> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    @Override
    public ExtensionSelectorType type() {
        return TYPE;
    }

    @Override
    public byte[] serialize() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeInt(fields.size());
            for (java.util.Map.Entry<Field, MatchValue> e : fields.entrySet()) {
                out.writeUTF(e.getKey().name());
                out.writeLong(e.getValue().value());
                out.writeLong(e.getValue().mask());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    @Override
    public void deserialize(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            fields.clear();
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Field f = Field.valueOf(in.readUTF());
                long v = in.readLong();
                fields.put(f, MatchValue.masked(v, in.readLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DspMatchExtension && ((DspMatchExtension) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (java.util.Map.Entry<Field, MatchValue> e : fields.entrySet()) {
            sb.append(sb.length() == 0 ? "" : ",").append(e.getKey().ofctl()).append('=').append(e.getValue().render(e.getKey()));
        }
        return sb.toString();
    }
}
