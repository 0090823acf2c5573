package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dsp.app.api.TenantStatus;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.ValidationError;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.DsnGroups;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.FlowDelta;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.TablePlan;
import org.dsp.driver.ovs.UnrealizableException;
import org.dsp.spi.Services;
import org.dsp.ir.LogicalDelta;
import org.dsp.model.TenantDocument;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRuleOperations;

/**
 * The compile state of this cluster member: one logical compiler per tenant and one DSN compiler
 * for all, and how many flows each tenant holds on each DSN. A change can be compiled ahead of
 * storing it ({@link #admit}), checked, and taken back exactly ({@link #undo}). Not thread safe:
 * the manager calls it from its single work-queue thread only.
 */
final class Realizer {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Realizer.class);
    private final Map<String, LogicalCompiler> tenants = new HashMap<>();
    private final Map<String, Long> versions = new HashMap<>();
    /** Tenants whose stored document could not be compiled, with the reason (their earlier program, if any, stays). */
    private final Map<String, String> failures = new HashMap<>();
    private final Map<String, Map<DeviceId, TenantStatus.DsnStatus>> status = new HashMap<>();
    private final Map<String, Map<DeviceId, Integer>> held = new HashMap<>();
    /** Per tenant and DSN, the number of the newest change sent (see nextChange). */
    private final Map<String, Map<DeviceId, Long>> changes = new HashMap<>();
    private long lastChange;
    private DsnCompiler dsns;
    /** Where tenants' extra conntrack zones (NAT's) come from: the store's key allocation in a running core. */
    private org.dsp.spi.ZoneAllocator zones = org.dsp.spi.ZoneAllocator.DERIVED;
    private Services services;
    /**
     * The pipeline: the stages and fields of every service seen (one that goes away keeps its tables
     * as pass-through and its bits, see setServices) and the fixed flows of the active ones.
     */
    private volatile TablePlan plan;

    /** A compiled change of one tenant, not yet stored: its deltas, and what to restore if it is refused. */
    static final class Admission {
        final String tenantId;
        /** The tenant's document and key before the change (null document: the tenant is new). */
        final TenantDocument beforeDoc;
        final int beforeKey;
        final Map<DeviceId, FlowDelta> deltas;

        Admission(String tenantId, TenantDocument beforeDoc, int beforeKey, Map<DeviceId, FlowDelta> deltas) {
            this.tenantId = tenantId;
            this.beforeDoc = beforeDoc;
            this.beforeKey = beforeKey;
            this.deltas = deltas;
        }
    }

    /** Gives tenants' extra conntrack zones from {@code allocator} (for compilers made from now on). */
    void zones(org.dsp.spi.ZoneAllocator allocator) {
        zones = java.util.Objects.requireNonNull(allocator);
    }

    Realizer(Inventory inventory, DsnTarget target, Services services) {
        this.services = services;
        this.plan = new TablePlan(org.dsp.ir.StagePlan.core()).grownBy(services);
        this.dsns = new DsnCompiler(inventory, target, plan, DsnCompiler.translatorsOf(services)); // the active services' step 2
    }

    /**
     * Compiles every tenant with another set of services: the flows of services that left are
     * withdrawn, those that came are compiled in. The pipeline keeps the stages of every service it
     * has seen (a service that goes away leaves its stage tables passing packets on), so a service
     * coming and going adds and removes only its own flows; only the first arrival of a stage
     * re-chains the pipeline's defaults. Returns each tenant's changes (pipeline changes under the
     * tenant "" of no one).
     */
    Map<String, Map<DeviceId, FlowDelta>> setServices(Services next) {
        Map<String, Map<DeviceId, FlowDelta>> out = new HashMap<>();
        Services previous = this.services;
        this.services = next;
        dsns.setTranslators(DsnCompiler.translatorsOf(next)); // before the tenants: a service that came brings its step 2
        TablePlan grown = plan.grownBy(next);
        if (!grown.sameAs(plan)) {
            plan = grown;
            Map<DeviceId, FlowDelta> pipeline = dsns.setPlan(grown);
            count(pipeline);
            out.put("", pipeline);
        }
        for (Map.Entry<String, LogicalCompiler> e : tenants.entrySet()) {
            LogicalCompiler lc = e.getValue();
            if (lc.document() != null) {
                try {
                    out.put(e.getKey(), apply(lc.update(lc.document(), next)));
                } catch (UnrealizableException x) {
                    lc.update(lc.document(), previous); // the tenant keeps what its DSNs hold
                    log.error("tenant {}: the services' flows cannot be realized here, the tenant keeps its earlier program: {}",
                            e.getKey(), x.getMessage());
                }
            }
        }
        return out;
    }

    /**
     * Checks that {@code next} fits this DSN driver's pipeline together with every service seen
     * before (no realizer yet: alone): its stages in their phases' table ranges, its fields in the
     * free register and conntrack mark and label bits, its fixed flows translatable for {@code target}.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    static void checkFits(Realizer seen, Services next, DsnTarget target) {
        org.dsp.driver.ovs.DsnCompiler.carried((seen == null ? new TablePlan(org.dsp.ir.StagePlan.core()) : seen.plan).grownBy(next),
                target);
    }

    /** Returns the documents compiled for every tenant but {@code tenantId} (held in memory: no store read). */
    List<TenantDocument> documentsBut(String tenantId) {
        List<TenantDocument> out = new ArrayList<>();
        tenants.forEach((id, lc) -> {
            if (!id.equals(tenantId) && lc.document() != null) {
                out.add(lc.document());
            }
        });
        return out;
    }

    /** Records that version {@code version} of a tenant's stored document cannot be compiled, and why. */
    void failed(String tenantId, long version, String reason) {
        failures.put(tenantId, reason);
        versions.put(tenantId, version);
    }

    /** Compiles a tenant's new document (null: the tenant is gone) and returns the per-DSN deltas. */
    Map<DeviceId, FlowDelta> update(String tenantId, TenantDocument doc, long version, int tenantKey) {
        failures.remove(tenantId);
        if (doc == null) {
            LogicalCompiler lc = tenants.remove(tenantId);
            versions.remove(tenantId);
            status.remove(tenantId);
            changes.remove(tenantId);
            return lc == null ? Map.of() : apply(lc.clear());
        }
        Map<DeviceId, FlowDelta> out = admit(tenantId, doc, tenantKey).deltas;
        versions.put(tenantId, version);
        return out;
    }

    /**
     * Compiles a tenant's document into the current state and returns the change; the state now
     * includes it. {@link #undo} takes it back exactly (the compilers are incremental and a
     * change followed by its reverse restores the programs).
     */
    Admission admit(String tenantId, TenantDocument doc, int tenantKey) {
        LogicalCompiler lc = tenants.get(tenantId);
        TenantDocument beforeDoc = lc == null ? null : lc.document();
        int beforeKey = lc == null ? 0 : lc.tenantKey();
        Map<DeviceId, FlowDelta> out = new HashMap<>();
        LogicalCompiler fresh = lc == null || lc.tenantKey() != tenantKey ? new LogicalCompiler(tenantKey, services).zones(zones) : lc;
        org.dsp.ir.LogicalDelta change = fresh.update(doc);
        boolean cleared = false;
        try {
            if (fresh != lc) {
                // the driver checks a delta whole before changing anything: refused here, nothing of it was applied
                if (lc != null) {
                    dsns.precheck(change);
                    merge(out, apply(lc.clear()));
                    cleared = true;
                }
                tenants.put(tenantId, fresh);
            }
            merge(out, apply(change));
        } catch (RuntimeException e) {
            // whatever the driver refused (an action it cannot carry, a key another tenant still holds), the
            // compile state goes back to what the DSNs hold; nothing of the change was sent
            if (fresh == lc) {
                if (beforeDoc == null) {
                    lc.clear();
                } else {
                    lc.update(beforeDoc);
                }
            } else if (lc == null) {
                tenants.remove(tenantId);
            } else {
                tenants.put(tenantId, lc);
                if (cleared) {
                    apply(lc.update(beforeDoc));
                }
            }
            if (!(e instanceof UnrealizableException)) {
                throw e;
            }
            List<ValidationError> errors = new ArrayList<>();
            for (String p : ((UnrealizableException) e).problems()) {
                errors.add(ValidationError.of("$", ErrorCode.NOT_REALIZABLE, p));
            }
            throw new InvalidDocumentException(errors);
        }
        return new Admission(tenantId, beforeDoc, beforeKey, out);
    }

    /** Takes back an admitted change: the tenant's compile state is what it was before. */
    void undo(Admission a) {
        LogicalCompiler now = tenants.get(a.tenantId);
        if (a.beforeDoc == null) {
            tenants.remove(a.tenantId);
            if (now != null) {
                apply(now.clear());
            }
            return;
        }
        if (now != null && now.tenantKey() == a.beforeKey) {
            apply(now.update(a.beforeDoc));
            return;
        }
        if (now != null) {
            apply(now.clear());
        }
        LogicalCompiler restored = new LogicalCompiler(a.beforeKey, services).zones(zones);
        apply(restored.update(a.beforeDoc));
        tenants.put(a.tenantId, restored);
    }

    private Map<DeviceId, FlowDelta> apply(LogicalDelta delta) {
        Map<DeviceId, FlowDelta> out = dsns.apply(delta);
        count(out);
        return out;
    }

    private static void merge(Map<DeviceId, FlowDelta> into, Map<DeviceId, FlowDelta> more) {
        more.forEach((d, fd) -> into.merge(d, fd, FlowDelta::then));
    }

    /** Keeps {@link #held} current: each flow counts for the tenants among its owners. */
    private void count(Map<DeviceId, FlowDelta> deltas) {
        for (FlowDelta fd : deltas.values()) {
            for (DsnFlow f : fd.adds()) {
                if (!DsnGroups.isGroup(f)) { // flows are what a tenant holds; its groups are counted apart
                    countOwners(f, fd.dsn(), +1);
                }
            }
            for (DsnFlow f : fd.removes()) {
                if (!DsnGroups.isGroup(f)) {
                    countOwners(f, fd.dsn(), -1);
                }
            }
        }
    }

    private void countOwners(DsnFlow f, DeviceId dsn, int delta) {
        String last = null;
        for (String owner : f.owners()) {
            int slash = owner.indexOf('/');
            if (slash < 0) {
                continue; // the pipeline's own flows belong to no tenant
            }
            String tenant = owner.substring(0, slash);
            if (tenant.equals(last)) {
                continue;
            }
            last = tenant;
            Map<DeviceId, Integer> m = held.computeIfAbsent(tenant, k -> new HashMap<>());
            if (m.merge(dsn, delta, Integer::sum) == 0) {
                m.remove(dsn);
                if (m.isEmpty()) {
                    held.remove(tenant);
                }
            }
        }
    }

    /** Returns the tenant's key as compiled (0 when the tenant is not compiled here). */
    int tenantKey(String tenantId) {
        LogicalCompiler lc = tenants.get(tenantId);
        return lc == null ? 0 : lc.tenantKey();
    }

    /** Returns how many flows the tenant holds on each DSN. */
    Map<DeviceId, Integer> held(String tenantId) {
        return Map.copyOf(held.getOrDefault(tenantId, Map.of()));
    }

    /** Returns how many flows a DSN holds in all (every tenant and the pipeline). */
    int size(DeviceId dsn) {
        return dsns.size(dsn);
    }

    Map<DeviceId, FlowDelta> setInventory(Inventory inventory) {
        Map<DeviceId, FlowDelta> out = dsns.setInventory(inventory);
        count(out);
        return out;
    }

    /** Records the realization state of a tenant on a DSN. */
    void mark(String tenantId, DeviceId dsn, TenantStatus.DsnStatus s) {
        status.computeIfAbsent(tenantId, k -> new HashMap<>()).put(dsn, s);
    }

    /**
     * Starts a new change of a tenant's flows on a DSN and returns its number: an outcome that
     * arrives for an earlier change ({@link #latest}) no longer decides the DSN's state.
     */
    long nextChange(String tenantId, DeviceId dsn) {
        long number = ++lastChange; // one counter for every tenant and DSN, never reset: a number is never reused
        changes.computeIfAbsent(tenantId, k -> new HashMap<>()).put(dsn, number);
        return number;
    }

    /** Returns whether this member holds a compiled program for the tenant (known, not failed). */
    boolean compiles(String tenantId) {
        return tenants.containsKey(tenantId) && !failures.containsKey(tenantId);
    }

    /** Returns whether {@code change} is the newest change sent for the tenant on the DSN. */
    boolean latest(String tenantId, DeviceId dsn, long change) {
        return changes.getOrDefault(tenantId, Map.of()).getOrDefault(dsn, 0L) == change;
    }

    /** Returns the tenants with a status on {@code dsn} (those its program has flows for), sorted. */
    List<String> tenantsAt(DeviceId dsn) {
        List<String> out = new ArrayList<>();
        status.forEach((t, m) -> {
            if (m.containsKey(dsn) && tenants.containsKey(t)) {
                out.add(t);
            }
        });
        java.util.Collections.sort(out);
        return out;
    }

    /** Records that a stored version's change was compiled here (its deltas go out with it). */
    void accepted(String tenantId, long version) {
        versions.put(tenantId, version);
    }

    /** Returns whether the tenant's version {@code version} is compiled here with key {@code key} (nothing to redo). */
    boolean holds(String tenantId, long version, int key) {
        LogicalCompiler lc = tenants.get(tenantId);
        Long v = versions.get(tenantId);
        return lc != null && lc.tenantKey() == key && v != null && v == version && !failures.containsKey(tenantId);
    }

    /**
     * The outcome of a change on a DSN, keeping what the pending status knew (its load); {@code ops}
     * is the change's size, used when nothing was marked (a change made by an inventory event).
     */
    TenantStatus.DsnStatus marked(String tenantId, DeviceId dsn, int ops, org.dsp.app.api.RealizationState state,
                                  long millis, String reason) {
        TenantStatus.DsnStatus now = status.getOrDefault(tenantId, Map.of()).get(dsn);
        return now == null ? new TenantStatus.DsnStatus(state, ops, millis, reason) : now.with(state, millis, reason);
    }

    TenantStatus status(String tenantId) {
        String failure = failures.get(tenantId);
        if (failure != null) {
            return new TenantStatus(tenantId, versions.getOrDefault(tenantId, 0L), status.getOrDefault(tenantId, Map.of()), failure);
        }
        if (!tenants.containsKey(tenantId)) {
            return null;
        }
        return new TenantStatus(tenantId, versions.getOrDefault(tenantId, 0L), status.getOrDefault(tenantId, Map.of()));
    }

    /** The compiled flows of a tenant, per DSN (flows whose owners include the tenant). */
    Map<DeviceId, List<DsnFlow>> flows(String tenantId) {
        Map<DeviceId, List<DsnFlow>> out = new HashMap<>();
        String prefix = tenantId + "/";
        for (DeviceId d : held(tenantId).keySet()) {
            for (DsnFlow f : dsns.program(d).flows().values()) {
                if (f.owners().stream().anyMatch(o -> o.startsWith(prefix))) {
                    out.computeIfAbsent(d, k -> new ArrayList<>()).add(f);
                }
            }
        }
        return out;
    }

    Map<DeviceId, Integer> counts() {
        Map<DeviceId, Integer> out = new HashMap<>();
        for (DeviceId d : dsns.dsns()) {
            out.put(d, dsns.size(d));
        }
        return out;
    }

    DsnProgram program(DeviceId dsn) {
        return dsns.program(dsn);
    }

    Map<DeviceId, DsnProgram> programs() {
        return dsns.programs();
    }

    /** Returns those of {@code groups} the program of {@code dsn} does not hold (now, after later changes). */
    List<DsnGroup> notHeld(DeviceId dsn, List<DsnGroup> groups) {
        List<DsnGroup> out = new ArrayList<>();
        for (DsnGroup g : groups) {
            if (!dsns.holdsGroup(dsn, g.id())) {
                out.add(g);
            }
        }
        return out;
    }

    /** A DSN's group changes: added, changed (new buckets) and removed groups. */
    static final class GroupChanges {
        final List<DsnGroup> adds = new ArrayList<>();
        final List<DsnGroup> modifies = new ArrayList<>();
        final List<DsnGroup> removes = new ArrayList<>();
    }

    /** The group changes in the deltas of the DSNs {@code local} accepts (DSNs without any are left out). */
    static Map<DeviceId, GroupChanges> groupChanges(Map<DeviceId, FlowDelta> deltas, Predicate<DeviceId> local) {
        Map<DeviceId, GroupChanges> out = new HashMap<>();
        for (FlowDelta d : deltas.values()) {
            if (!local.test(d.dsn())) {
                continue;
            }
            GroupChanges g = new GroupChanges();
            d.adds().stream().filter(DsnGroups::isGroup).map(DsnGroups::of).forEach(g.adds::add);
            d.modifies().stream().filter(DsnGroups::isGroup).map(DsnGroups::of).forEach(g.modifies::add);
            d.removes().stream().filter(DsnGroups::isGroup).map(DsnGroups::of).forEach(g.removes::add);
            if (!g.adds.isEmpty() || !g.modifies.isEmpty() || !g.removes.isEmpty()) {
                out.put(d.dsn(), g);
            }
        }
        return out;
    }

    /** The ONOS operations for the deltas of the DSNs {@code local} accepts (those this member masters), groups left out. */
    static Map<DeviceId, FlowRuleOperations.Builder> operations(Map<DeviceId, FlowDelta> deltas, Predicate<DeviceId> local,
                                                                short appId) {
        Map<DeviceId, FlowRuleOperations.Builder> out = new HashMap<>();
        for (FlowDelta d : deltas.values()) {
            if (!local.test(d.dsn()) || d.isEmpty()) {
                continue;
            }
            FlowRuleOperations.Builder b = FlowRuleOperations.builder();
            int n = 0;
            // removals first, then adds and modifies: a key never holds two versions at once (groups go through GroupService)
            for (DsnFlow f : d.removes()) {
                if (!DsnGroups.isGroup(f)) {
                    b.remove(FlowRuleTranslator.toFlowRule(d.dsn(), f, appId));
                    n++;
                }
            }
            b.newStage();
            for (DsnFlow f : d.adds()) {
                if (!DsnGroups.isGroup(f)) {
                    b.add(FlowRuleTranslator.toFlowRule(d.dsn(), f, appId));
                    n++;
                }
            }
            for (DsnFlow f : d.modifies()) {
                if (!DsnGroups.isGroup(f)) {
                    b.modify(FlowRuleTranslator.toFlowRule(d.dsn(), f, appId));
                    n++;
                }
            }
            if (n > 0) {
                out.put(d.dsn(), b);
            }
        }
        return out;
    }
}
