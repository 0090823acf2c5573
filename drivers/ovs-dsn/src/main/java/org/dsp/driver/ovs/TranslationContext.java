package org.dsp.driver.ovs;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.LogicalFlow;

/**
 * What a {@link ServiceTranslator} translates a flow against: the tenant's endpoint bindings, the
 * inventory (DSNs' uplinks, tunnel endpoints, external ports, the fabric), the table plan (tables
 * of stages, register fields) and the southbound target; and, read on demand, the tenant's select
 * flows. Built by the driver's compiler for each translation.
 */
public final class TranslationContext {
    private final Map<String, EndpointBinding> bindings;
    private final Inventory inventory;
    private final TablePlan plan;
    private final DsnTarget target;
    private final Supplier<List<LogicalFlow>> selects;

    TranslationContext(Map<String, EndpointBinding> bindings, Inventory inventory, TablePlan plan, DsnTarget target,
                       Supplier<List<LogicalFlow>> selects) {
        this.bindings = Objects.requireNonNull(bindings);
        this.inventory = Objects.requireNonNull(inventory);
        this.plan = Objects.requireNonNull(plan);
        this.target = Objects.requireNonNull(target);
        this.selects = Objects.requireNonNull(selects);
    }

    /** Returns the tenant's endpoint bindings by endpoint name (a read-only view, valid during the translation). */
    public Map<String, EndpointBinding> bindings() {
        return java.util.Collections.unmodifiableMap(bindings);
    }

    /** Returns the inventory. */
    public Inventory inventory() {
        return inventory;
    }

    /** Returns the table plan. */
    public TablePlan plan() {
        return plan;
    }

    /** Returns the southbound target. */
    public DsnTarget target() {
        return target;
    }

    /** Returns the tenant's select flows (its load balancers'); read it only when {@link ServiceTranslator.Input#SELECTS} is declared. */
    public List<LogicalFlow> selects() {
        return selects.get();
    }
}
