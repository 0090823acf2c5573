package org.dsp.spi;

import org.dsp.compiler.GroupResolver;
import org.dsp.model.TenantDocument;

/**
 * What a service compiler gets for one compile of one tenant: the document (with every section,
 * the service's own among them), the tenant's key, the core's group resolution of this document,
 * and whether the tenant's endpoints and groups are unchanged since the previous compile (then
 * a service may reuse what it resolved before).
 */
public final class TenantContext {
    private final TenantDocument doc;
    private final int tenantKey;
    private final GroupResolver groups;
    private final boolean sameWorld;
    private final ZoneAllocator zones;

    /** Creates a context whose extra conntrack zones are {@link ZoneAllocator#DERIVED}. */
    public TenantContext(TenantDocument doc, int tenantKey, GroupResolver groups, boolean sameWorld) {
        this(doc, tenantKey, groups, sameWorld, ZoneAllocator.DERIVED);
    }

    /** Creates a context whose extra conntrack zones come from {@code zones}. */
    public TenantContext(TenantDocument doc, int tenantKey, GroupResolver groups, boolean sameWorld, ZoneAllocator zones) {
        this.doc = doc;
        this.tenantKey = tenantKey;
        this.groups = groups;
        this.sameWorld = sameWorld;
        this.zones = java.util.Objects.requireNonNull(zones);
    }

    /**
     * Returns a conntrack zone of this tenant for {@code purpose} besides its key's (NAT keeps its
     * translations apart from the tenant's policy state): stable across compiles, and where the
     * core allocates it (the node's store) never another tenant's key or zone.
     */
    public int zone(String purpose) {
        return zones.zone(doc.tenantId(), purpose);
    }

    /** Returns the document being compiled. */
    public TenantDocument document() {
        return doc;
    }

    /** Returns the tenant id. */
    public String tenantId() {
        return doc.tenantId();
    }

    /** Returns the tenant's 16-bit key (its conntrack zone; in every flow's cookie). */
    public int tenantKey() {
        return tenantKey;
    }

    /** Returns the group resolution of the document. */
    public GroupResolver groups() {
        return groups;
    }

    /** Returns whether endpoints and groups are the same as in the previous compile. */
    public boolean sameWorld() {
        return sameWorld;
    }
}
