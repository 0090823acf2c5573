package org.dsp.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import org.dsp.codec.DocumentCheck;
import org.dsp.ir.LogicalField;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.TenantContext;

/** Small service apps and sections for tests of the service SPI. */
public final class TestServices {
    private TestServices() {
    }

    /**
     * A section {@code key} holding a boolean ({@code true}: on), described as {@code on} or
     * {@code off}, empty when false; it checks nothing across the document.
     */
    public static SectionCodec<Boolean> flag(String key, String on, String off) {
        return flag(key, on, off, "{\"type\": \"boolean\"}");
    }

    /**
     * As {@link #flag(String, String, String)}, with {@code schema} as the section's JSON Schema.
     * The codec reads any value as a boolean ({@code asBoolean}), whatever the schema says.
     */
    public static SectionCodec<Boolean> flag(String key, String on, String off, String schema) {
        return new SectionCodec<Boolean>() {
            @Override
            public String key() {
                return key;
            }

            @Override
            public Class<Boolean> type() {
                return Boolean.class;
            }

            @Override
            public String schema() {
                return schema;
            }

            @Override
            public Boolean read(JsonNode value, String path, SectionReading reading) {
                return value.asBoolean();
            }

            @Override
            public void validate(Boolean value, String path, DocumentCheck check) {
            }

            @Override
            public JsonNode write(Boolean value) {
                return JsonNodeFactory.instance.booleanNode(value);
            }

            @Override
            public boolean isEmpty(Boolean value) {
                return !value;
            }

            @Override
            public String describe(Boolean value) {
                return value ? on : off;
            }
        };
    }

    /** A service (app {@code org.example.NAME}) made of the given parts, whose compiler is never asked for. */
    public static ServiceApp app(String name, List<SectionCodec<?>> sections, List<Stage> stages, List<Owner.Kind> kinds,
                                 List<LogicalField> fields) {
        return new ServiceApp() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String app() {
                return "org.example." + name;
            }

            @Override
            public List<SectionCodec<?>> sections() {
                return sections;
            }

            @Override
            public List<Stage> stages() {
                return stages;
            }

            @Override
            public List<Owner.Kind> ownerKinds() {
                return kinds;
            }

            @Override
            public List<LogicalField> fields() {
                return fields;
            }

            @Override
            public ServiceCompiler compiler(TenantContext tenant) {
                throw new UnsupportedOperationException("not compiled here");
            }
        };
    }
}
