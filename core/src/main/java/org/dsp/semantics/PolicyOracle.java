package org.dsp.semantics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.RuleAction;
import org.dsp.model.TenantDocument;
import org.dsp.spi.PolicySemantics;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.Services;
import org.onlab.packet.IpAddress;

/**
 * The document's meaning, evaluated directly on the model (no compiler code): a connection passes
 * when the source workload's egress evaluation and the destination workload's ingress evaluation
 * both allow it. Each evaluation asks the services in the order of their policy stages in that
 * direction ({@link PolicySemantics}); the first decision wins. When none decides, a workload
 * that any service isolates denies, and any other allows.
 */
public final class PolicyOracle {
    private final OracleContext ctx;
    private final Services services;
    /** The services with semantics in each direction's evaluation order (fixed with the services). */
    private final java.util.Map<Direction, List<ServiceApp>> order = new java.util.EnumMap<>(Direction.class);

    /** Creates the oracle of a validated document, with the services on the class path. */
    public PolicyOracle(TenantDocument doc) {
        this(doc, Services.discovered());
    }

    /** Creates the oracle of a validated document, with the semantics of {@code services}. */
    public PolicyOracle(TenantDocument doc, Services services) {
        this.ctx = new OracleContext(doc);
        this.services = services;
        for (Direction d : Direction.values()) {
            order.put(d, inOrder(d));
        }
    }

    /** Returns the endpoint holding address {@code a}, or null. */
    public Endpoint endpointAt(IpAddress a) {
        return ctx.endpointAt(a);
    }

    /** Evaluates the egress of the connection's source (NOT_EVALUATED when it is no workload of the tenant). */
    public DirectionDecision egress(Connection c) {
        Endpoint src = endpointAt(c.src());
        return src == null ? DirectionDecision.NOT_EVALUATED : evaluate(src, Direction.EGRESS, c);
    }

    /** Evaluates the ingress of the connection's destination (NOT_EVALUATED when it is no workload of the tenant). */
    public DirectionDecision ingress(Connection c) {
        Endpoint dst = endpointAt(c.dst());
        return dst == null ? DirectionDecision.NOT_EVALUATED : evaluate(dst, Direction.INGRESS, c);
    }

    /** Returns whether both directions allow the connection. */
    public boolean allows(Connection c) {
        return egress(c).allowed() && ingress(c).allowed();
    }

    /** Returns whether workload {@code e} is isolated in direction {@code d} by any service. */
    public boolean isolated(Endpoint e, Direction d) {
        for (ServiceApp s : services.apps()) {
            if (s.semantics() != null && s.semantics().isolates(e, d, ctx)) {
                return true;
            }
        }
        return false;
    }

    /** The services with semantics, in the order of their first policy stage in direction {@code d}. */
    private List<ServiceApp> inOrder(Direction d) {
        List<ServiceApp> out = new ArrayList<>();
        for (ServiceApp s : services.apps()) {
            if (s.semantics() != null) {
                out.add(s);
            }
        }
        out.sort(Comparator.comparingInt((ServiceApp s) -> firstSlot(s, d)).thenComparing(ServiceApp::name));
        return out;
    }

    private static int firstSlot(ServiceApp s, Direction d) {
        int best = Integer.MAX_VALUE;
        for (Stage st : s.stages()) {
            if (st.phase() == Phase.policy(d)) {
                best = Math.min(best, st.slot());
            }
        }
        return best;
    }

    private DirectionDecision evaluate(Endpoint self, Direction d, Connection c) {
        for (ServiceApp s : order.get(d)) {
            DirectionDecision decided = s.semantics().decide(self, d, c, ctx);
            if (decided != null) {
                return decided;
            }
        }
        if (isolated(self, d)) {
            return new DirectionDecision(RuleAction.DENY, null, true, false);
        }
        return new DirectionDecision(RuleAction.ALLOW, null, true, false);
    }
}
