package org.dsp.dscp;

import java.util.List;
import org.dsp.ir.Owner;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.TenantContext;
import org.osgi.service.component.annotations.Component;

/**
 * DSCP marking, a service that stands on the SPI alone: the {@code dscp} section, one post-policy
 * stage ({@code dscp_mark}), an owner kind of its own, a compiler. It decides no connection (no
 * semantics for the oracle). Registered as an OSGi service while its app (org.dsp.dscp) is active,
 * in ONOS or in the node ({@code ./dsp node --app dsp-dscp-*.oar}), and listed for
 * {@link java.util.ServiceLoader} (the embedded node, the CLI).
 */
@Component(immediate = true, service = ServiceApp.class)
public class DscpApp implements ServiceApp {
    /** The service's name. */
    public static final String NAME = "dscp";
    /** The stage that marks packets: after policy, on every delivered packet. */
    public static final Stage STAGE = Stage.of("dscp_mark", Phase.POST_POLICY, 0, NAME);
    /** The owner kind of the markings' flows. */
    public static final Owner.Kind MARKING = Owner.Kind.of(60, "marking");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String app() {
        return "org.dsp.dscp";
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return List.of(new DscpCodec());
    }

    @Override
    public List<Stage> stages() {
        return List.of(STAGE);
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return List.of(MARKING);
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return new DscpCompiler();
    }
}
