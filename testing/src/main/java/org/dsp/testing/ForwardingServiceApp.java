package org.dsp.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.ir.LogicalField;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.model.TenantDocument;
import org.dsp.spi.PolicySemantics;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceHost;
import org.dsp.spi.ServiceMetric;
import org.dsp.spi.TenantContext;

/** A service app that does what another does; tests override the parts they change (a schema, a binding). */
public class ForwardingServiceApp implements ServiceApp {
    private final ServiceApp app;

    /** Forwards every call to {@code app}. */
    public ForwardingServiceApp(ServiceApp app) {
        this.app = app;
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
        return app.sections();
    }

    @Override
    public List<Stage> stages() {
        return app.stages();
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return app.ownerKinds();
    }

    @Override
    public List<LogicalField> fields() {
        return app.fields();
    }

    @Override
    public List<LogicalFlow> fixedFlows() {
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
    public void packetIn(org.onosproject.net.DeviceId dsn, long inPort, long cookie, byte[] frame) {
        app.packetIn(dsn, inPort, cookie, frame);
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
    public Set<String> scopedEndpoints(TenantDocument doc) {
        return app.scopedEndpoints(doc);
    }

    @Override
    public Map<String, String> claims(TenantDocument doc) {
        return app.claims(doc);
    }

    @Override
    public Map<String, Object> query(String tenantId, String name, Map<String, String> params) {
        return app.query(tenantId, name, params);
    }
}
