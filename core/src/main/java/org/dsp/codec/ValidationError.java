package org.dsp.codec;

import java.util.Objects;

/** One problem of a tenant document: where (a JSON path such as {@code $.endpoints[2].mac}), what and why. */
public final class ValidationError {
    private final String path;
    private final ErrorCode code;
    private final String reason;

    private ValidationError(String path, ErrorCode code, String reason) {
        this.path = Objects.requireNonNull(path);
        this.code = Objects.requireNonNull(code);
        this.reason = Objects.requireNonNull(reason);
    }

    /** Creates an error. */
    public static ValidationError of(String path, ErrorCode code, String reason) {
        return new ValidationError(path, code, reason);
    }

    /** Returns the JSON path of the offending field. */
    public String path() {
        return path;
    }

    /** Returns the kind of problem. */
    public ErrorCode code() {
        return code;
    }

    /** Returns the reason, a sentence naming the bad value. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationError && ((ValidationError) o).path.equals(path)
                && ((ValidationError) o).code == code && ((ValidationError) o).reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, code, reason);
    }

    @Override
    public String toString() {
        return path + ": " + reason + " [" + code + "]";
    }
}
