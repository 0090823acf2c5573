package org.dsp.spi;

import org.dsp.compiler.Keys;

/**
 * Gives a tenant conntrack zones besides its key's, one per purpose (a service's name for it).
 * The node and the ONOS app allocate them durably with the tenant keys, so no zone is ever
 * another tenant's key; {@link #DERIVED} (offline compiles, tests) hashes the tenant id and the
 * purpose, as a tenant's default key is hashed.
 */
@FunctionalInterface
public interface ZoneAllocator {
    /** Zones hashed from the tenant id and the purpose ({@link Keys#tenantKey} of {@code tenant#purpose}). */
    ZoneAllocator DERIVED = (tenant, purpose) -> Keys.tenantKey(tenant + "#" + purpose);

    /** Returns the tenant's zone for {@code purpose} (1..65535). */
    int zone(String tenantId, String purpose);
}
