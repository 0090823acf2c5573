package org.dsp.node.flowlog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.dsp.app.api.ProgrammedFlow;
import org.dsp.app.api.TenantService;
import org.dsp.driver.ovs.Cookies;
import org.dsp.ir.Owner;

/**
 * Names the tenant and rule of a flow-log sample from the programs the DSP core compiled: the
 * cookie of every rule flow holds the tenant key and the rule key, and the flow's owner names the
 * rule. The map is rebuilt after tenants change (on the first sample that needs it), and on a
 * sample of an unknown key at most every {@value #REBUILD_MS} ms, so samples of keys no tenant
 * has cost no rebuild each.
 */
public final class FlowLogRules implements IpfixCollector.RuleNames {
    static final long REBUILD_MS = 5000;
    private final TenantService tenants;
    private final LongSupplier clock;
    private volatile Map<Long, String[]> names = Map.of();
    private volatile boolean changed = true;
    private long builtAt = Long.MIN_VALUE / 2;

    /** Names from {@code tenants}' compiled flows; listens to its events. */
    public FlowLogRules(TenantService tenants, LongSupplier clock) {
        this.tenants = tenants;
        this.clock = clock;
        tenants.addListener(e -> changed = true);
    }

    @Override
    public String[] resolve(int tenantKey, int ruleKey) {
        long key = ((long) tenantKey << 32) | ruleKey;
        String[] n = names.get(key);
        if (n == null || changed) {
            synchronized (this) {
                long now = clock.getAsLong();
                if (changed || (n == null && now - builtAt >= REBUILD_MS)) {
                    changed = false;
                    builtAt = now;
                    names = build();
                }
            }
            n = names.get(key);
        }
        return n;
    }

    private Map<Long, String[]> build() {
        Map<Long, String[]> out = new HashMap<>();
        for (String t : tenants.tenants()) {
            String prefix = t + "/" + Owner.Kind.RULE.name() + "/";
            for (List<ProgrammedFlow> flows : tenants.flows(t).values()) {
                for (ProgrammedFlow f : flows) {
                    if (!Owner.Kind.RULE.equals(Cookies.kind(f.cookie()))) {
                        continue;
                    }
                    long key = ((long) Cookies.tenantKey(f.cookie()) << 32) | Cookies.ownerKey(f.cookie());
                    if (out.containsKey(key)) {
                        continue;
                    }
                    for (String o : f.owners()) {
                        if (o.startsWith(prefix)) {
                            out.put(key, new String[] {t, o.substring(prefix.length())});
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }
}
