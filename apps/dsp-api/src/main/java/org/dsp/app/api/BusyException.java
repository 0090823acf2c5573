package org.dsp.app.api;

/**
 * The DSP core did not finish a request in time (HTTP 503). {@link #started()} says whether the
 * request had begun: if not, it was withdrawn and nothing was done; if so, it may still complete,
 * and the tenant's status shows its outcome.
 */
public final class BusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean started;

    /** Creates the exception. */
    public BusyException(String message, boolean started) {
        super(message);
        this.started = started;
    }

    /** Returns whether the request had started (and may still complete). */
    public boolean started() {
        return started;
    }
}
