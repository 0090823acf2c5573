package org.dsp.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dsp.codec.DocumentCheck;
import org.dsp.ir.Owner;
import org.dsp.model.TenantDocument;
import org.dsp.spi.PolicySemantics;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceHost;
import org.dsp.spi.ServiceMetric;
import org.dsp.spi.TenantContext;

/**
 * A service app exactly as another, but for its sections' schemas, edited: the schema checks a
 * submission beyond what the codecs do, so a test can tell whether a path holds a submission to
 * the published schema at all (the real apps' codecs and schemas agree).
 */
final class StricterSchema implements ServiceApp {
    private static final ObjectMapper M = new ObjectMapper();
    private final ServiceApp app;
    private final List<SectionCodec<?>> sections;

    /** {@code app} with each section's schema edited by {@code edit}. */
    StricterSchema(ServiceApp app, Consumer<ObjectNode> edit) {
        this.app = app;
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
    public String name() {
        return app.name();
    }

    @Override
    public String app() {
        return app.app();
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return sections;
    }

    @Override
    public List<org.dsp.ir.Stage> stages() {
        return app.stages();
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return app.ownerKinds();
    }

    @Override
    public List<org.dsp.ir.LogicalField> fields() {
        return app.fields();
    }

    @Override
    public List<org.dsp.ir.LogicalFlow> fixedFlows() {
        return app.fixedFlows();
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return app.compiler(tenant);
    }

    @Override
    public PolicySemantics semantics() {
        return app.semantics();
    }

    @Override
    public void bind(ServiceHost host) {
        app.bind(host);
    }

    @Override
    public void unbind() {
        app.unbind();
    }

    @Override
    public Map<String, Object> state(String tenantId) {
        return app.state(tenantId);
    }

    @Override
    public List<ServiceMetric> metrics(String tenantId) {
        return app.metrics(tenantId);
    }

    @Override
    public java.util.Set<String> scopedEndpoints(TenantDocument doc) {
        return app.scopedEndpoints(doc);
    }

    @Override
    public Map<String, String> claims(TenantDocument doc) {
        return app.claims(doc);
    }

    @Override
    public void packetIn(org.onosproject.net.DeviceId dsn, long inPort, long cookie, byte[] frame) {
        app.packetIn(dsn, inPort, cookie, frame);
    }

    @Override
    public Map<String, Object> query(String tenantId, String name, Map<String, String> params) {
        return app.query(tenantId, name, params);
    }
}
