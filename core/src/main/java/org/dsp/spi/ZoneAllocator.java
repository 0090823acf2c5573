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

    /**
     * Zones for tenants compiled together offline (dsp compile): each the {@link #DERIVED} value, probing
     * upwards past {@code taken} (the tenants' keys) and the zones given before, so no zone is a
     * tenant's key or another zone; the same tenant and purpose always get the same zone.
     */
    static ZoneAllocator avoiding(java.util.Collection<Integer> taken) {
        java.util.Set<Integer> used = new java.util.HashSet<>(taken);
        java.util.Map<String, Integer> given = new java.util.HashMap<>();
        return (tenant, purpose) -> {
            synchronized (given) {
                return given.computeIfAbsent(tenant + "#" + purpose, id -> {
                    int k = DERIVED.zone(tenant, purpose);
                    while (!used.add(k)) {
                        k = k == 0xffff ? 1 : k + 1;
                    }
                    return k;
                });
            }
        };
    }
}
