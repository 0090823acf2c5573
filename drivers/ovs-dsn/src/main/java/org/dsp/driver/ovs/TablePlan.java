package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.ir.StagePlan;
import org.dsp.model.Direction;

/**
 * The OVS DSN pipeline's tables for a {@link StagePlan}, declared as data: every phase owns a
 * fixed range of table numbers, and a stage's table is its phase's base plus its slot. So a
 * stage's table never depends on which other services are present, and a slot outside its phase's
 * range is refused. Also answers where a packet goes next ({@link #next}, {@link #entry}).
 */
public final class TablePlan {
    /** First table number of each phase. */
    private static final Map<Phase, Integer> BASE = new EnumMap<>(Phase.class);
    /** How many tables each phase may hold. */
    private static final Map<Phase, Integer> WIDTH = new EnumMap<>(Phase.class);

    static {
        range(Phase.CLASSIFY, 0, 1);
        range(Phase.ADMISSION, 1, 1);
        range(Phase.LOOKUP, 2, 1);
        range(Phase.CONNTRACK, 3, 1);
        range(Phase.CT_DISPATCH, 4, 1);
        range(Phase.PRE_POLICY, 5, 5);
        range(Phase.EGRESS_POLICY, 10, 9);
        range(Phase.EGRESS_DEFAULT, 19, 1);
        range(Phase.INGRESS_POLICY, 20, 9);
        range(Phase.INGRESS_DEFAULT, 29, 1);
        range(Phase.COMMIT, 30, 1);
        range(Phase.DENY, 31, 1);
        range(Phase.POST_POLICY, 32, 8);
        range(Phase.OUTPUT, 40, 1);
    }

    private static void range(Phase p, int base, int width) {
        BASE.put(p, base);
        WIDTH.put(p, width);
    }

    private final StagePlan stages;
    private final FieldPlan fields;
    private final java.util.List<org.dsp.ir.LogicalFlow> fixed;
    private final Map<Stage, Table> tables = new HashMap<>();
    /** The fixed flows translated, once: every DSN's pipeline carries them. */
    private final java.util.List<Contribution> fixedFlows;

    /** Creates the table plan of {@code stages}; refuses a stage whose slot is outside its phase's range. */
    public TablePlan(StagePlan stages) {
        this(stages, FieldPlan.empty());
    }

    /** Creates the table plan of {@code stages} with the services' fields placed by {@code fields}. */
    public TablePlan(StagePlan stages, FieldPlan fields) {
        this(stages, fields, java.util.List.of());
    }

    /**
     * Creates the table plan of {@code stages} with the services' fields and the fixed flows of the
     * active services ({@code fixed}; each must be of a stage of the plan).
     */
    public TablePlan(StagePlan stages, FieldPlan fields, java.util.List<org.dsp.ir.LogicalFlow> fixed) {
        this.stages = stages;
        this.fields = fields;
        this.fixed = java.util.List.copyOf(fixed);
        for (Stage s : stages.stages()) {
            if (s.equals(Stage.ENDPOINT)) {
                continue; // the endpoint stage spans the core's admission, lookup and output tables
            }
            if (s.slot() >= WIDTH.get(s.phase())) {
                throw new IllegalArgumentException("stage " + s + " of " + s.service() + ": slot " + s.slot() + " of phase "
                        + s.phase() + ", which holds " + WIDTH.get(s.phase()) + " stage(s) on an OVS DSN");
            }
            Table t = Table.of(BASE.get(s.phase()) + s.slot(), s.name());
            tables.put(s, t);
        }
        for (org.dsp.ir.LogicalFlow f : this.fixed) {
            if (!tables.containsKey(f.stage())) {
                throw new IllegalArgumentException("fixed flow " + f.owner() + " of stage " + f.stage() + ", which is not in the pipeline");
            }
        }
        this.fixedFlows = java.util.List.copyOf(PipelineFlows.fixedFlows(this)); // one this driver cannot translate is refused with the plan
    }

    /** Returns the fixed flows' contributions to every DSN's program. */
    java.util.List<Contribution> fixedFlows() {
        return fixedFlows;
    }

    /**
     * Returns the plan with the stages and fields of {@code next} added to this one's (a service
     * that went away keeps its tables and bits, so nobody else's flows move) and the fixed flows of
     * {@code next}'s services; refuses, naming it, what does not fit.
     */
    public TablePlan grownBy(org.dsp.spi.Services next) {
        return new TablePlan(stages.with(next.plan().stages()), fields.with(next.apps()), fixedFlows(next.apps()));
    }

    /** Returns whether {@code o} has the same stages, fields and fixed flows (so the pipeline need not change). */
    public boolean sameAs(TablePlan o) {
        return stages.stages().equals(o.stages.stages()) && fields.equals(o.fields) && fixed.equals(o.fixed);
    }

    /** The plan of the core's stages and those of the services on the class path (the CLI, tests). */
    public static TablePlan standard() {
        return new TablePlan(StagePlan.core()).grownBy(org.dsp.spi.Services.discovered());
    }

    /** Returns the phase whose table range holds {@code t}, or null for a table outside the pipeline. */
    public Phase phase(Table t) {
        for (Map.Entry<Phase, Integer> e : BASE.entrySet()) {
            int n = t.number();
            if (n >= e.getValue() && n < e.getValue() + WIDTH.get(e.getKey())) {
                return e.getKey();
            }
        }
        return null;
    }

    /** Returns the fixed flows of {@code apps}. */
    public static java.util.List<org.dsp.ir.LogicalFlow> fixedFlows(java.util.Collection<org.dsp.spi.ServiceApp> apps) {
        java.util.List<org.dsp.ir.LogicalFlow> out = new java.util.ArrayList<>();
        apps.forEach(a -> out.addAll(a.fixedFlows()));
        return out;
    }

    /** Returns the fixed flows of the active services, which every DSN holds. */
    public java.util.List<org.dsp.ir.LogicalFlow> fixed() {
        return fixed;
    }

    /** Returns where the services' own fields live. */
    public FieldPlan fields() {
        return fields;
    }

    /** Returns the stage plan. */
    public StagePlan stages() {
        return stages;
    }

    /** Returns the table of a stage. */
    public Table table(Stage s) {
        Table t = tables.get(s);
        if (t == null) {
            throw new IllegalArgumentException("stage " + s + " has no table in this plan");
        }
        return t;
    }

    /** Returns the tables of the service stages, in order (for defaults and documentation). */
    public List<Table> stageTables() {
        List<Table> out = new ArrayList<>();
        for (Stage s : stages.stages()) {
            if (tables.containsKey(s)) {
                out.add(tables.get(s));
            }
        }
        return out;
    }

    /** Returns the table a direction's policy starts in. */
    public Table entry(Direction d) {
        return table(stages.entry(d));
    }

    /** Returns where a packet goes when {@code s} (a policy stage) lets it pass on: the next stage of its chain. */
    public Table next(Stage s) {
        Stage n = stages.next(s);
        if (n == null) {
            throw new IllegalArgumentException("nothing after " + s);
        }
        return table(n);
    }

    /** Returns the first table before policy (the pre-policy stages), or null when there is none. */
    public Table prePolicy() {
        List<Stage> pre = stages.stages(Phase.PRE_POLICY);
        return pre.isEmpty() ? null : table(pre.get(0));
    }

    /** Returns the table after {@code s} in its (pre- or post-policy) phase, or null after the last. */
    public Table nextInPhase(Stage s) {
        List<Stage> same = stages.stages(s.phase());
        int i = same.indexOf(s);
        return i + 1 < same.size() ? table(same.get(i + 1)) : null;
    }

    /**
     * Returns the table after {@code s} for a packet that continues: the next stage of its phase, or
     * the phase's exit (after the last post-policy stage: output).
     *
     * @throws IllegalArgumentException when {@code s} is the last stage of a phase with no exit
     */
    public Table after(Stage s) {
        Table t = nextInPhase(s);
        if (t != null) {
            return t;
        }
        if (s.phase() == org.dsp.ir.Phase.POST_POLICY) {
            return Table.OUTPUT;
        }
        throw new IllegalArgumentException("stage " + s + " is the last of phase " + s.phase()
                + ": a flow there must send the packet on explicitly");
    }

    /** Returns where a delivered packet goes after policy or commit: the first post-policy stage, or output. */
    public Table delivery() {
        List<Stage> post = stages.stages(Phase.POST_POLICY);
        return post.isEmpty() ? Table.OUTPUT : table(post.get(0));
    }
}
