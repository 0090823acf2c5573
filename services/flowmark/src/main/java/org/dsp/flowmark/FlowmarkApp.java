package org.dsp.flowmark;

import java.util.List;
import org.dsp.ir.LogicalField;
import org.dsp.ir.Owner;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.TenantContext;
import org.osgi.service.component.annotations.Component;

/**
 * Connection marking, a service that keeps its state with the connection through the SPI alone:
 * the {@code flowmarks} section, one post-policy stage ({@code flowmark}), two owner kinds, and two
 * connection fields the driver places - the DSCP value in conntrack label bits and the
 * connection's marking state in conntrack mark bits. A connection is marked (or claimed unmarked)
 * by its first packet through the stage, committed with those fields; every later packet of it,
 * in either direction, is marked by what its connection holds. It decides no connection (no
 * semantics for the oracle). Registered as an OSGi service and listed for
 * {@link java.util.ServiceLoader}, as the DSCP example.
 */
@Component(immediate = true, service = ServiceApp.class)
public class FlowmarkApp implements ServiceApp {
    /** The service's name. */
    public static final String NAME = "flowmark";
    /** The stage that marks and commits: after policy, on every delivered packet. */
    public static final Stage STAGE = Stage.of("flowmark", Phase.POST_POLICY, 0, NAME);
    /** The owner kind of a marking's flows (the connections a group starts). */
    public static final Owner.Kind MARKING = Owner.Kind.of(62, "flowmark");
    /** The owner kind of the flows that mark by the connection's fields (one per DSCP value in use). */
    public static final Owner.Kind BY_CONNECTION = Owner.Kind.of(63, "flowmark-conn");
    /** The connection's DSCP value (a label field: 6 bits). */
    public static final LogicalField DSCP = LogicalField.label(NAME, "dscp", 6);
    /** The connection's marking state (a mark field): 0 not seen yet, {@link #CLAIMED} or {@link #MARKED}. */
    public static final LogicalField STATE = LogicalField.service(NAME, "state", 2, true);
    /** A connection seen by the stage that no marking applies to: left unmarked. */
    public static final int CLAIMED = 1;
    /** A connection a marking applies to: its packets get its DSCP value. */
    public static final int MARKED = 2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String app() {
        return "org.dsp.flowmark";
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return List.of(new FlowmarkCodec());
    }

    @Override
    public List<Stage> stages() {
        return List.of(STAGE);
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return List.of(MARKING, BY_CONNECTION);
    }

    @Override
    public List<LogicalField> fields() {
        return List.of(DSCP, STATE);
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return new FlowmarkCompiler();
    }
}
