package org.dsp.codec;

import java.util.List;

/** Thrown when a tenant document has problems; carries every one of them. */
public final class InvalidDocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ValidationError> errors;

    /** Creates the exception for a non-empty list of errors. */
    public InvalidDocumentException(List<ValidationError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /** Returns every problem found, in document order. */
    public List<ValidationError> errors() {
        return errors;
    }

    private static String summary(List<ValidationError> errors) {
        StringBuilder sb = new StringBuilder(errors.size() + " problem(s) in tenant document:");
        for (ValidationError e : errors) {
            sb.append("\n  ").append(e);
        }
        return sb.toString();
    }
}
