package org.dsp.node;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsp.app.api.ProgrammedFlow;
import org.dsp.app.api.TenantService;
import org.dsp.driver.ovs.Cookies;

/**
 * Each tenant's 16-bit key (its conntrack zone, docs/pipeline.md), read from the cookies of the
 * flows the DSP core compiled for it; rebuilt on the first use after tenants change.
 */
final class TenantKeys {
    private final TenantService tenants;
    private volatile Map<Integer, String> byKey;
    /** Counts tenant events: a map built while one arrived is not kept (it may predate the change). */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    TenantKeys(TenantService tenants) {
        this.tenants = tenants;
        tenants.addListener(e -> {
            synchronized (this) {
                version.incrementAndGet();
                byKey = null;
            }
        });
    }

    /** Returns the tenants by key (zone), in key order. */
    Map<Integer, String> byKey() {
        Map<Integer, String> m = byKey;
        if (m == null) {
            long v = version.get();
            m = new TreeMap<>();
            for (String t : tenants.tenants()) {
                for (List<ProgrammedFlow> flows : tenants.flows(t).values()) {
                    if (!flows.isEmpty()) {
                        m.put(Cookies.tenantKey(flows.get(0).cookie()), t);
                        break;
                    }
                }
            }
            synchronized (this) {
                if (version.get() == v) {
                    byKey = m;
                }
            }
        }
        return m;
    }

    /** Returns the zones as {@code dsp-ct-zones} carries them: {@code 13394,20771}. */
    String zones() {
        return String.join(",", byKey().keySet().stream().map(String::valueOf).toArray(String[]::new));
    }
}
