package org.dsp.microseg;

import java.util.List;
import org.dsp.ir.Stage;
import org.dsp.spi.PolicySemantics;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.TenantContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.LoggerFactory;

/**
 * DSP microsegmentation: the sections {@code segments} and {@code tenant.defaultPosture}, which
 * isolate workloads (no stages of its own: it feeds the core's isolation defaults). Registered as
 * an OSGi service while the app org.dsp.microseg is active, and listed for {@link java.util.ServiceLoader}.
 */
@Component(immediate = true, service = ServiceApp.class)
public class MicrosegApp implements ServiceApp {
    private static final List<SectionCodec<?>> SECTIONS = List.of(new SegmentsCodec(), new PostureCodec());
    private static final MicrosegSemantics SEMANTICS = new MicrosegSemantics();

    @Override
    public String name() {
        return "microsegmentation";
    }

    @Override
    public String app() {
        return "org.dsp.microseg";
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return SECTIONS;
    }

    @Override
    public List<Stage> stages() {
        return List.of();
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return new MicrosegCompiler();
    }

    @Override
    public PolicySemantics semantics() {
        return SEMANTICS;
    }

    /** Logs that the service is on. */
    @Activate
    protected void activate() {
        LoggerFactory.getLogger(getClass()).info("DSP {} enabled: sections {} and {}", name(), Microseg.SEGMENTS, Microseg.POSTURE);
    }

    /** Logs that the service is off. */
    @Deactivate
    protected void deactivate() {
        LoggerFactory.getLogger(getClass()).info("DSP {} disabled", name());
    }
}
