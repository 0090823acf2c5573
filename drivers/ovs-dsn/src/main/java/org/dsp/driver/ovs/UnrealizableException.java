package org.dsp.driver.ovs;

import java.util.List;

/**
 * A tenant's logical change that this driver cannot translate (e.g. an action it does not carry
 * yet); thrown before the compiler's state changes, so the change can be refused whole.
 */
public final class UnrealizableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String tenant;
    private final List<String> problems;

    /** Creates the exception for {@code tenant} with one message per flow that cannot be translated. */
    public UnrealizableException(String tenant, List<String> problems) {
        super("tenant " + tenant + ": " + String.join("; ", problems));
        this.tenant = tenant;
        this.problems = List.copyOf(problems);
    }

    /** Returns the tenant. */
    public String tenant() {
        return tenant;
    }

    /** Returns what cannot be translated, one message per flow (naming its owner and stage). */
    public List<String> problems() {
        return problems;
    }
}
