package org.dsp.spi;

/**
 * A service's step-1 compiler for one tenant: its section of each new document version to logical
 * flows, returning only what changed since the previous call (its cache is its own). Pure: no I/O,
 * no clocks; the same documents give the same flows.
 */
public interface ServiceCompiler {
    /** Compiles the tenant's document in {@code context} and returns what changed since the last call. */
    ServiceDelta update(TenantContext context);

    /** Forgets everything and returns the delta that withdraws every flow this compiler made. */
    ServiceDelta clear();
}
