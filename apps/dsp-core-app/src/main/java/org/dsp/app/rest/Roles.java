package org.dsp.app.rest;

/** Role names for {@code @RolesAllowed} (checked by Jersey's RolesAllowedDynamicFeature against {@link Caller}). */
public final class Roles {
    /** {@link org.dsp.app.api.Role#PLATFORM_ADMIN}. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** {@link org.dsp.app.api.Role#AUDITOR}. */
    public static final String AUDITOR = "auditor";
    /** A tenant admin of at least one tenant. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** A tenant viewer of at least one tenant. */
    public static final String TENANT_VIEWER = "tenant-viewer";

    private Roles() {
    }
}
