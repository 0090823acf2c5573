package org.dsp.app.api;

import org.onosproject.event.AbstractEvent;

/** Something happened to a tenant; the subject is the tenant id. */
public final class TenantEvent extends AbstractEvent<TenantEvent.Type, String> {
    /** Event types. */
    public enum Type {
        /** A new or changed document was stored. */
        TENANT_UPDATED,
        /** The tenant was deleted. */
        TENANT_REMOVED,
        /** Every DSN confirmed the tenant's current flows. */
        TENANT_REALIZED,
        /** A DSN refused the tenant's flows. */
        TENANT_FAILED
    }

    /** Creates an event. */
    public TenantEvent(Type type, String tenant) {
        super(type, tenant);
    }
}
