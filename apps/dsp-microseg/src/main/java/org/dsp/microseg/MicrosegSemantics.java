package org.dsp.microseg;

import org.dsp.microseg.model.Posture;
import org.dsp.microseg.model.Segment;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.semantics.Connection;
import org.dsp.semantics.DirectionDecision;
import org.dsp.semantics.OracleContext;
import org.dsp.spi.PolicySemantics;

/** Microsegmentation decides no connection; it isolates: default-deny tenants, and default-deny segments' members. */
final class MicrosegSemantics implements PolicySemantics {
    @Override
    public DirectionDecision decide(Endpoint self, Direction d, Connection c, OracleContext ctx) {
        return null;
    }

    @Override
    public boolean isolates(Endpoint e, Direction d, OracleContext ctx) {
        if (Microseg.posture(ctx.document()) == Posture.DEFAULT_DENY) {
            return true;
        }
        for (Segment s : Microseg.segments(ctx.document()).values()) {
            if (s.isolates(d) && ctx.contains(s.appliedTo(), e)) {
                return true;
            }
        }
        return false;
    }
}
