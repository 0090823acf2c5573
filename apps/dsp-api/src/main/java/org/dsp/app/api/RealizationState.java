package org.dsp.app.api;

/** How far a tenant document is realized on its DSNs. */
public enum RealizationState {
    /** Compiled; flow operations sent and not yet confirmed. */
    PENDING,
    /** Every DSN confirmed the tenant's flow operations. */
    INSTALLED,
    /** A DSN refused an operation (see the reason). */
    FAILED
}
