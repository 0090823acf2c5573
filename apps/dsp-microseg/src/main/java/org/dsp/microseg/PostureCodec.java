package org.dsp.microseg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.microseg.model.Posture;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;

/** {@code tenant.defaultPosture}: whether the tenant's workloads are isolated by default. */
final class PostureCodec implements SectionCodec<Posture> {
    @Override
    public String key() {
        return Microseg.POSTURE;
    }

    @Override
    public Class<Posture> type() {
        return Posture.class;
    }

    @Override
    public String schema() {
        return "{\"enum\": [\"default-allow\", \"default-deny\"]}";
    }

    @Override
    public Posture read(JsonNode value, String path, SectionReading reading) {
        if (!value.isTextual()) {
            reading.fields().problems().add(path, ErrorCode.WRONG_TYPE, "'defaultPosture' must be a string");
            return null;
        }
        Posture p = Posture.parse(value.asText());
        if (p == null) {
            reading.fields().problems().add(path, ErrorCode.BAD_VALUE, "'" + value.asText()
                    + "' is not a valid defaultPosture; expected one of " + Posture.names());
        }
        return p;
    }

    @Override
    public void validate(Posture value, String path, DocumentCheck check) {
        // nothing to refer to
    }

    @Override
    public JsonNode write(Posture value) {
        return TextNode.valueOf(value.wireName());
    }

    @Override
    public boolean isEmpty(Posture value) {
        return value == Posture.DEFAULT_ALLOW;
    }

    @Override
    public String describe(Posture value) {
        return value.wireName();
    }

}
