package org.dsp.app.api;

/** An update was based on a version that is no longer current (HTTP 409). */
public final class StaleVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long current;

    /** Creates the exception. */
    public StaleVersionException(String tenant, long given, long current) {
        super("tenant " + tenant + " is at version " + current + ", the update was based on version " + given);
        this.current = current;
    }

    /** Returns the current version. */
    public long current() {
        return current;
    }
}
