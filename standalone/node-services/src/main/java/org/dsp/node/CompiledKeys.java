package org.dsp.node;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.dsp.app.api.ProgrammedFlow;
import org.dsp.app.api.TenantService;
import org.dsp.driver.ovs.Cookies;
import org.dsp.ir.Owner;
import org.dsp.node.flowlog.IpfixCollector;

/**
 * The keys in the programs the DSP core compiled, read from their flows' cookies: each tenant's
 * 16-bit key (its conntrack zone, docs/pipeline.md) and each rule's key with its name (which flow-log
 * samples carry). One scan builds both, on the first use after tenants change; a sample of a rule
 * key no tenant has rebuilds at most every {@value #REBUILD_MS} ms, so such samples cost no scan each.
 */
final class CompiledKeys implements IpfixCollector.RuleNames {
    static final long REBUILD_MS = 5000;

    /** One scan's result. */
    private static final class Keys {
        final Map<Integer, String> tenants;
        final Map<Long, String[]> rules;

        Keys(Map<Integer, String> tenants, Map<Long, String[]> rules) {
            this.tenants = tenants;
            this.rules = rules;
        }
    }

    private final TenantService service;
    private final LongSupplier clock;
    private volatile Keys keys;
    /** Counts tenant events: a scan that one overtook is not kept (it may predate the change). */
    private long version;
    private long builtAt = Long.MIN_VALUE / 2;

    CompiledKeys(TenantService service, LongSupplier clock) {
        this.service = service;
        this.clock = clock;
        service.addListener(e -> {
            synchronized (this) {
                version++;
                keys = null;
            }
        });
    }

    /** Returns the tenants by key (zone), in key order. */
    Map<Integer, String> tenants() {
        return keys(false).tenants;
    }

    @Override
    public String[] resolve(int tenantKey, int ruleKey) {
        long key = ((long) tenantKey << 32) | ruleKey;
        String[] n = keys(false).rules.get(key);
        return n != null ? n : keys(true).rules.get(key);
    }

    /** The keys, scanned again when tenants changed, or ({@code missed}) when the last scan is {@value #REBUILD_MS} ms old. */
    private Keys keys(boolean missed) {
        Keys k = keys;
        long now = clock.getAsLong();
        if (k != null && !(missed && now - builtAt >= REBUILD_MS)) {
            return k;
        }
        long v;
        synchronized (this) {
            v = version;
            builtAt = now;
        }
        k = scan();
        synchronized (this) {
            if (version == v) {
                keys = k;
            }
        }
        return k;
    }

    private Keys scan() {
        Map<Integer, String> tenants = new TreeMap<>();
        Map<Long, String[]> rules = new HashMap<>();
        for (String t : service.tenants()) {
            String prefix = t + "/" + Owner.Kind.RULE.name() + "/";
            for (List<ProgrammedFlow> flows : service.flows(t).values()) {
                for (ProgrammedFlow f : flows) {
                    tenants.putIfAbsent(Cookies.tenantKey(f.cookie()), t);
                    if (!Owner.Kind.RULE.equals(Cookies.kind(f.cookie()))) {
                        continue;
                    }
                    long key = ((long) Cookies.tenantKey(f.cookie()) << 32) | Cookies.ownerKey(f.cookie());
                    if (rules.containsKey(key)) {
                        continue;
                    }
                    for (String o : f.owners()) {
                        if (o.startsWith(prefix)) {
                            rules.put(key, new String[] {t, o.substring(prefix.length())});
                            break;
                        }
                    }
                }
            }
        }
        return new Keys(tenants, rules);
    }
}
