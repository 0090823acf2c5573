package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.List;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.TenantStatus;
import org.onosproject.net.DeviceId;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;

/**
 * What each DSN's master reports about a tenant's realization there, in a ConsistentMap every
 * cluster member reads: a member that does not master a DSN shows the master's word for it (for
 * the same document version), never its own guess. Key "tenant|dsn"; value
 * "version|state|flows|millis|reason".
 */
final class RealizationRecords {
    static final String NAME = "dsp-realization";

    private final ConsistentMap<String, String> records;

    RealizationRecords(StorageService storage) {
        records = storage.<String, String>consistentMapBuilder().withName(NAME)
                .withSerializer(Serializer.forTypes(String.class)).build();
    }

    private static String key(String tenant, DeviceId dsn) {
        return tenant + "|" + dsn;
    }

    private static String value(long version, TenantStatus.DsnStatus s) {
        return version + "|" + s.state() + "|" + s.flows() + "|" + s.millis() + "|" + (s.reason() == null ? "" : s.reason());
    }

    /** Records the master's outcome for {@code version} of the tenant on {@code dsn}. */
    void put(String tenant, DeviceId dsn, long version, TenantStatus.DsnStatus s) {
        records.put(key(tenant, dsn), value(version, s));
    }

    /** As {@link #put}, writing only when the record says something else (no write, no event, when it is the same). */
    void putIfChanged(String tenant, DeviceId dsn, long version, TenantStatus.DsnStatus s) {
        String v = value(version, s);
        Versioned<String> now = records.get(key(tenant, dsn));
        if (now == null || !now.value().equals(v)) {
            records.put(key(tenant, dsn), v);
        }
    }

    /**
     * Returns the master's report for {@code version} of the tenant on {@code dsn}, or null when
     * the master has not reported on that version (yet).
     */
    TenantStatus.DsnStatus get(String tenant, DeviceId dsn, long version) {
        Versioned<String> v = records.get(key(tenant, dsn));
        if (v == null) {
            return null;
        }
        String[] f = v.value().split("\\|", 5);
        if (Long.parseLong(f[0]) != version) {
            return null;
        }
        return new TenantStatus.DsnStatus(RealizationState.valueOf(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]),
                f[4].isEmpty() ? null : f[4]);
    }

    /** Forgets every record of a tenant (it was deleted). */
    void removeTenant(String tenant) {
        List<String> gone = new ArrayList<>();
        for (String k : records.keySet()) {
            if (k.startsWith(tenant + "|")) {
                gone.add(k);
            }
        }
        gone.forEach(records::remove);
    }
}
