package org.dsp.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.dsp.codec.DocumentCheck;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;

/**
 * A service app exactly as another, but for its sections' schemas, edited: the schema checks a
 * submission beyond what the codecs do, so a test can tell whether a path holds a submission to
 * the published schema at all (the real apps' codecs and schemas agree).
 */
final class StricterSchema extends org.dsp.testing.ForwardingServiceApp {
    private static final ObjectMapper M = new ObjectMapper();
    private final List<SectionCodec<?>> sections;

    /** {@code app} with each section's schema edited by {@code edit}. */
    StricterSchema(ServiceApp app, Consumer<ObjectNode> edit) {
        super(app);
        this.sections = app.sections().stream().<SectionCodec<?>>map(s -> edited(s, edit)).collect(java.util.stream.Collectors.toList());
    }

    private static <T> SectionCodec<T> edited(SectionCodec<T> s, Consumer<ObjectNode> edit) {
        String schema;
        try {
            ObjectNode tree = (ObjectNode) M.readTree(s.schema());
            edit.accept(tree);
            schema = tree.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new SectionCodec<>() {
            @Override
            public String key() {
                return s.key();
            }

            @Override
            public Class<T> type() {
                return s.type();
            }

            @Override
            public String schema() {
                return schema;
            }

            @Override
            public T read(JsonNode value, String path, org.dsp.spi.SectionReading reading) {
                return s.read(value, path, reading);
            }

            @Override
            public void validate(T value, String path, DocumentCheck check) {
                s.validate(value, path, check);
            }

            @Override
            public JsonNode write(T value) {
                return s.write(value);
            }

            @Override
            public T share(T value, T previous) {
                return s.share(value, previous);
            }

            @Override
            public boolean isEmpty(T value) {
                return s.isEmpty(value);
            }

            @Override
            public String describe(T value) {
                return s.describe(value);
            }
        };
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return sections;
    }
}
