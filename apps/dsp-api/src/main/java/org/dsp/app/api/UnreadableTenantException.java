package org.dsp.app.api;

/**
 * A tenant's stored document that this controller cannot read: stored under rules an earlier
 * version accepted (a check added since), or relying on a service that now reads its section
 * differently. The document is kept exactly as stored and the tenant is reported FAILED with the
 * reason; it can be read back as stored, replaced by a corrected document or deleted. Anything
 * else that needs the decoded document is refused with this exception (HTTP 409).
 */
public final class UnreadableTenantException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String tenant;
    private final long version;
    private final transient String stored;

    /** Creates the exception for {@code tenant}'s stored {@code version} (JSON {@code stored}), unreadable because {@code why}. */
    public UnreadableTenantException(String tenant, long version, String why, String stored) {
        super("the stored document of tenant " + tenant + " (version " + version + ") cannot be read: " + why
                + "; replace it (PUT) or delete it");
        this.tenant = tenant;
        this.version = version;
        this.stored = stored;
    }

    /** Returns the tenant's id. */
    public String tenant() {
        return tenant;
    }

    /** Returns the stored version. */
    public long version() {
        return version;
    }

    /** Returns the document as it is stored (JSON text). */
    public String stored() {
        return stored;
    }
}
