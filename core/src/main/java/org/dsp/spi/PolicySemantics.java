package org.dsp.spi;

import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.semantics.Connection;
import org.dsp.semantics.DirectionDecision;
import org.dsp.semantics.OracleContext;

/**
 * A service's meaning for the reference semantics (the oracle the compiled programs are tested
 * against), written on the document model with no compiler code. The oracle evaluates one
 * direction of a connection by asking the services in the order of their policy stages; the
 * first decision wins; when none decides, an endpoint isolated by any service denies.
 */
public interface PolicySemantics {
    /**
     * Returns the service's decision for direction {@code d} of {@code c} at workload {@code self},
     * or null when its stages let the connection pass on undecided.
     */
    DirectionDecision decide(Endpoint self, Direction d, Connection c, OracleContext ctx);

    /** Returns whether the service isolates workload {@code e} in direction {@code d}. */
    boolean isolates(Endpoint e, Direction d, OracleContext ctx);
}
