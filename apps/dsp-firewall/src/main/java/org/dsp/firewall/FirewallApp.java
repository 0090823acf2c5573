package org.dsp.firewall;

import java.util.List;
import org.dsp.ir.Owner;
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
 * The DSP stateful firewall: the {@code firewall} section (platform, tenant and baseline tiers of
 * ordered rules: allow, deny, reject, pass; stateful or not; logged; persist or re-evaluate on
 * change), its six policy stages and its rules' compiler and semantics. Registered as an OSGi
 * service while the app org.dsp.firewall is active (the DSP core then enforces the section; when
 * the app goes away the core removes exactly its flows), and listed for {@link java.util.ServiceLoader}.
 */
@Component(immediate = true, service = ServiceApp.class)
public class FirewallApp implements ServiceApp {
    private static final FirewallCodec CODEC = new FirewallCodec();
    private static final FirewallSemantics SEMANTICS = new FirewallSemantics();

    @Override
    public String name() {
        return Tiers.SERVICE;
    }

    @Override
    public String app() {
        return "org.dsp.firewall";
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return List.of(CODEC);
    }

    @Override
    public List<Stage> stages() {
        return Tiers.stages();
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return List.of(Owner.Kind.RULE);
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return new FirewallCompiler();
    }

    @Override
    public PolicySemantics semantics() {
        return SEMANTICS;
    }

    /** Logs that the service is on. */
    @Activate
    protected void activate() {
        LoggerFactory.getLogger(getClass()).info("DSP {} enabled: {} stages, section '{}'", name(), stages().size(), Firewall.KEY);
    }

    /** Logs that the service is off. */
    @Deactivate
    protected void deactivate() {
        LoggerFactory.getLogger(getClass()).info("DSP {} disabled", name());
    }
}
