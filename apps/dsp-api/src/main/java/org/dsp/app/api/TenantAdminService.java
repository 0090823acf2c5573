package org.dsp.app.api;

import org.dsp.model.TenantDocument;

/** Write access: apply and delete tenant documents, and preview their effect. */
public interface TenantAdminService extends TenantService {
    /**
     * Stores a validated document as the tenant's desired state; realization follows asynchronously.
     * A document whose version is non-zero must carry the current version, or nothing changes.
     *
     * @return the stored record with its new version
     * @throws StaleVersionException when the document's version is not the current one
     */
    TenantRecord apply(TenantDocument doc);

    /**
     * Decodes and validates a document with the active services' sections: a section of a known
     * service whose app is not active is refused with SERVICE_NOT_ACTIVE, a section nobody knows
     * with UNKNOWN_FIELD.
     *
     * @throws org.dsp.codec.InvalidDocumentException with every problem
     */
    TenantDocument parse(String json);

    /** Deletes a tenant; its flows are removed from every DSN. Returns whether it existed. */
    boolean remove(String tenantId);

    /**
     * Returns the per-DSN flow changes applying {@code doc} would cause and the loads it would put
     * on each DSN, without applying it.
     *
     * @throws org.dsp.codec.InvalidDocumentException when the document would be refused (e.g. over
     *         the flow budget)
     */
    DryRun dryRun(TenantDocument doc);

    /** Returns DSP's users and roles. */
    IdentityService identities();

    /** Returns the audit log. */
    AuditLog audit();
}
