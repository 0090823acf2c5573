package org.dsp.app.api;

/**
 * What a user may do. Platform roles apply everywhere; tenant roles apply to the tenants an
 * {@link Identity} names for them.
 */
public enum Role {
    /** Reads and changes everything: every tenant, users, the audit log. */
    PLATFORM_ADMIN("platform-admin"),
    /** Reads everything (every tenant, the infrastructure, the audit log) and changes nothing. */
    AUDITOR("auditor"),
    /** Reads and changes the documents of its tenants, and reads their status, flows and counters. */
    TENANT_ADMIN("tenant-admin"),
    /** Reads the documents, status, flows and counters of its tenants. */
    TENANT_VIEWER("tenant-viewer");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** Returns the role's name in documents and on the command line ({@code platform-admin}, ...). */
    public String label() {
        return label;
    }

    /** Returns the role named {@code label}, or throws IllegalArgumentException naming the known ones. */
    public static Role of(String label) {
        for (Role r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + label + "' (platform-admin, auditor, tenant-admin, tenant-viewer)");
    }
}
