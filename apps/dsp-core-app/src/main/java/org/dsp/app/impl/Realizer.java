package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dsp.app.api.TenantStatus;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.FlowDelta;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.ir.LogicalDelta;
import org.dsp.model.TenantDocument;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRuleOperations;

/**
 * The compile state of this cluster member: one logical compiler per tenant and one DSN compiler
 * for all. Not thread safe: the manager calls it from its single work-queue thread only.
 */
final class Realizer {
    private final Map<String, LogicalCompiler> tenants = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    private final Map<String, Map<DeviceId, TenantStatus.DsnStatus>> status = new HashMap<>();
    private DsnCompiler dsns;

    Realizer(Inventory inventory, DsnTarget target) {
        this.dsns = new DsnCompiler(inventory, target);
    }

    /** Compiles a tenant's new document (null: the tenant is gone) and returns the per-DSN deltas. */
    Map<DeviceId, FlowDelta> update(String tenantId, TenantDocument doc, long version, int tenantKey) {
        LogicalCompiler lc = tenants.get(tenantId);
        LogicalDelta delta;
        if (doc == null) {
            if (lc == null) {
                return Map.of();
            }
            delta = lc.clear();
            tenants.remove(tenantId);
            versions.remove(tenantId);
            status.remove(tenantId);
        } else {
            if (lc == null || lc.tenantKey() != tenantKey) {
                if (lc != null) {
                    dsns.apply(lc.clear());
                }
                lc = new LogicalCompiler(tenantKey);
                tenants.put(tenantId, lc);
            }
            delta = lc.update(doc);
            versions.put(tenantId, version);
        }
        return dsns.apply(delta);
    }

    /** What {@link #update} would return, computed on copies (nothing changes here). */
    Map<DeviceId, FlowDelta> preview(String tenantId, TenantDocument doc, int tenantKey) {
        DsnCompiler scratch = new DsnCompiler(dsns.inventory(), dsns.target());
        for (Map.Entry<String, LogicalCompiler> e : tenants.entrySet()) {
            scratch.apply(full(e.getValue()));
        }
        LogicalCompiler lc = new LogicalCompiler(tenantKey);
        LogicalCompiler current = tenants.get(tenantId);
        if (current != null) {
            lc.update(current.document());
        }
        return scratch.apply(lc.update(doc));
    }

    private static LogicalDelta full(LogicalCompiler c) {
        return new LogicalDelta(c.program().tenant(), c.tenantKey(), List.of(), new ArrayList<>(c.program().flows().values()));
    }

    Map<DeviceId, FlowDelta> setInventory(Inventory inventory) {
        return dsns.setInventory(inventory);
    }

    /** Records the realization state of a tenant on a DSN. */
    void mark(String tenantId, DeviceId dsn, TenantStatus.DsnStatus s) {
        status.computeIfAbsent(tenantId, k -> new HashMap<>()).put(dsn, s);
    }

    TenantStatus status(String tenantId) {
        if (!tenants.containsKey(tenantId)) {
            return null;
        }
        return new TenantStatus(tenantId, versions.getOrDefault(tenantId, 0L), status.getOrDefault(tenantId, Map.of()));
    }

    /** The compiled flows of a tenant, per DSN (flows whose owners include the tenant). */
    Map<DeviceId, List<DsnFlow>> flows(String tenantId) {
        Map<DeviceId, List<DsnFlow>> out = new HashMap<>();
        String prefix = tenantId + "/";
        for (DsnProgram p : dsns.programs().values()) {
            for (DsnFlow f : p.flows().values()) {
                if (f.owners().stream().anyMatch(o -> o.startsWith(prefix))) {
                    out.computeIfAbsent(p.dsn(), k -> new ArrayList<>()).add(f);
                }
            }
        }
        return out;
    }

    Map<DeviceId, Integer> counts() {
        Map<DeviceId, Integer> out = new HashMap<>();
        dsns.programs().forEach((d, p) -> out.put(d, p.size()));
        return out;
    }

    Map<DeviceId, DsnProgram> programs() {
        return dsns.programs();
    }

    /** The ONOS operations for the deltas of the DSNs {@code local} accepts (those this member masters). */
    static Map<DeviceId, FlowRuleOperations.Builder> operations(Map<DeviceId, FlowDelta> deltas, Predicate<DeviceId> local) {
        Map<DeviceId, FlowRuleOperations.Builder> out = new HashMap<>();
        for (FlowDelta d : deltas.values()) {
            if (!local.test(d.dsn())) {
                continue;
            }
            FlowRuleOperations.Builder b = FlowRuleOperations.builder();
            // removals first, then adds and modifies: a key never holds two versions at once
            for (DsnFlow f : d.removes()) {
                b.remove(FlowRuleTranslator.toFlowRule(d.dsn(), f));
            }
            b.newStage();
            for (DsnFlow f : d.adds()) {
                b.add(FlowRuleTranslator.toFlowRule(d.dsn(), f));
            }
            for (DsnFlow f : d.modifies()) {
                b.modify(FlowRuleTranslator.toFlowRule(d.dsn(), f));
            }
            out.put(d.dsn(), b);
        }
        return out;
    }
}
