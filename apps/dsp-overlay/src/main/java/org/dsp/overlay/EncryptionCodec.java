package org.dsp.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.model.Kinds;
import org.dsp.model.WireNamed;
import org.dsp.overlay.model.Networks;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;

/**
 * The {@code encryption} section: {@code "required"} makes every packet of the tenant's overlay
 * networks that travels between two DSNs cross the underlay encrypted (through the DSNs'
 * WireGuard endpoints, docs/encryption.md), and never in clear; {@code "off"} (or no section)
 * leaves it in clear, with no cost. A tenant with encryption required has networks (a flat
 * tenant's traffic crosses the fabric untunnelled, where DSNs cannot encrypt it).
 */
final class EncryptionCodec implements SectionCodec<EncryptionCodec.Mode> {
    static final String KEY = org.dsp.overlay.model.Encryption.KEY;

    /** The section's value. */
    enum Mode implements WireNamed {
        /** Between DSNs, only encrypted. */
        REQUIRED("required"),
        /** In clear (the default). */
        OFF("off");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wireName() {
            return wire;
        }
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<Mode> type() {
        return Mode.class;
    }

    @Override
    public String schema() {
        return "{\"$comment\": \"Whether the tenant's overlay traffic between DSNs travels encrypted (docs/encryption.md).\","
                + " \"enum\": [\"required\", \"off\"]}";
    }

    @Override
    public Mode read(JsonNode value, String path, SectionReading reading) {
        if (!value.isTextual()) {
            reading.fields().problems().add(path, ErrorCode.WRONG_TYPE, "encryption is \"required\" or \"off\"");
            return null;
        }
        Mode m = Kinds.parse(Mode.class, value.asText());
        if (m == null) {
            reading.fields().problems().add(path, ErrorCode.BAD_VALUE, "'" + value.asText() + "' is not an encryption mode: "
                    + Kinds.names(Mode.class));
        }
        return m;
    }

    @Override
    public void validate(Mode value, String path, DocumentCheck check) {
        if (value != Mode.REQUIRED) {
            return;
        }
        Networks n = check.document().section(OverlayCodec.KEY, Networks.class);
        if (n == null || n.list().isEmpty()) {
            check.problems().add(path, ErrorCode.CONFLICTING_FIELDS, "encryption covers the tenant's overlay networks between DSNs,"
                    + " and the tenant has no networks (its workloads' traffic crosses the fabric untunnelled)");
        }
        // a chain's tunnels (to a service function's DSN, and on) are encrypted as the networks' are; a NAT gateway's are not yet
        if (check.document().sections().containsKey("nat")) {
            check.problems().add(path, ErrorCode.CONFLICTING_FIELDS, "encryption is not carried yet for the traffic of a tenant's"
                    + " 'nat' section: it would cross the underlay in clear to the gateway; remove one of the two");
        }
    }

    @Override
    public JsonNode write(Mode value) {
        return JsonNodeFactory.instance.textNode(value.wireName());
    }

    @Override
    public boolean isEmpty(Mode value) {
        return value == Mode.OFF;
    }

    @Override
    public String describe(Mode value) {
        return "encryption " + value.wireName();
    }
}
