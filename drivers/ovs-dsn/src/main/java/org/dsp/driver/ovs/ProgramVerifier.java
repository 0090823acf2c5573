package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dsp.ir.Phase;

/**
 * Checks a DSN program the way a table-aware switch model would (Faucet's fake OpenFlow table is
 * the model), before any switch sees it:
 * <ul>
 * <li>two flows of one table, at one priority, whose matches overlap and whose actions differ
 * (OpenFlow leaves the winner undefined); conjunction clauses are exempt, since OVS combines
 * them by design;</li>
 * <li>a match on a field the flow's table does not declare ({@link TableFields});</li>
 * <li>a goto to a table that is not later, or that holds no flow (the packet would be dropped by
 * the table miss).</li>
 * </ul>
 * The tests run it on every program they compile (system property {@code dsp.verify}).
 */
public final class ProgramVerifier {
    /** Whether programs are verified as they are built (the tests set {@code -Ddsp.verify=true}). */
    public static final boolean ENABLED = Boolean.getBoolean("dsp.verify");

    private ProgramVerifier() {
    }

    /** Returns every problem of {@code program} (empty when it is sound), over the table plan {@code plan}. */
    public static List<String> problems(DsnProgram program, TablePlan plan) {
        List<String> out = new ArrayList<>();
        Map<Table, Map<Integer, List<DsnFlow>>> levels = new TreeMap<>();
        java.util.Set<Long> groups = new java.util.HashSet<>();
        for (DsnFlow f : program.flows().values()) {
            if (DsnGroups.isGroup(f)) {
                groups.add(DsnGroups.of(f).id());
                if (f.owners().size() > 1) {
                    out.add(program.dsn() + ": group " + DsnGroups.of(f).id() + " is wanted by " + f.owners() + " (ids collide)");
                }
                continue; // a group, not a flow: its buckets are checked where they are used
            }
            levels.computeIfAbsent(f.table(), t -> new TreeMap<>()).computeIfAbsent(f.priority(), p -> new ArrayList<>()).add(f);
        }
        for (DsnFlow f : program.flows().values()) {
            if (DsnGroups.isGroup(f)) {
                continue;
            }
            for (DsnAction a : f.actions()) {
                if (a instanceof DsnAction.Group && !groups.contains(((DsnAction.Group) a).id())) {
                    out.add(program.dsn() + ": group:" + ((DsnAction.Group) a).id() + ", a group the program does not hold: "
                            + f.render());
                }
            }
            if (f.actions().stream().anyMatch(a -> a instanceof DsnAction.Ct) && !f.match().fields().containsKey(Field.ETH_TYPE)) {
                out.add(program.dsn() + ": a conntrack action in a flow that matches no IP family (Open vSwitch refuses it, "
                        + "MATCH_INCONSISTENT): " + f.render());
            }
            Phase phase = plan.phase(f.table());
            Set<Field> declared = phase == null ? Set.of() : TableFields.declared(phase);
            for (Field used : f.match().fields().keySet()) {
                if (!declared.contains(used)) {
                    out.add(program.dsn() + ": table " + f.table().number() + " (" + (phase == null ? "undeclared table" : phase)
                            + ") does not declare field " + used.ofctl() + ": " + f.render());
                }
            }
            for (DsnAction a : f.actions()) {
                Table next = a instanceof DsnAction.Goto ? ((DsnAction.Goto) a).table() : null;
                if (next == null) {
                    continue;
                }
                if (next.number() <= f.table().number()) {
                    out.add(program.dsn() + ": goto_table:" + next.number() + " from table " + f.table().number()
                            + " (OpenFlow goes only forward): " + f.render());
                } else if (!levels.containsKey(next)) {
                    out.add(program.dsn() + ": goto_table:" + next.number() + ", a table with no flow: " + f.render());
                }
            }
        }
        for (Map<Integer, List<DsnFlow>> byPriority : levels.values()) {
            for (List<DsnFlow> level : byPriority.values()) {
                ambiguities(program, level, out);
            }
        }
        return out;
    }

    /** Throws when {@code program} has a problem (the message lists up to 10). */
    public static void check(DsnProgram program, TablePlan plan) {
        List<String> p = problems(program, plan);
        if (!p.isEmpty()) {
            throw new IllegalStateException(p.size() + " pipeline problem(s): " + String.join("\n  ", p.subList(0, Math.min(10, p.size()))));
        }
    }

    /** At most this many ambiguities are reported per program (the first ones say enough). */
    private static final int MAX_REPORTED = 50;

    /** The fields a level is partitioned on: flows with different exact values of one of them cannot overlap. */
    private static final Field[] PARTITION = {Field.CONJ_ID, Field.IN_PORT, Field.REG0, Field.ETH_TYPE, Field.IP_PROTO,
        Field.TP_DST, Field.IPV4_DST, Field.IPV4_SRC, Field.IPV6_DST, Field.IPV6_SRC, Field.ETH_DST, Field.ETH_SRC};

    private static void ambiguities(DsnProgram program, List<DsnFlow> level, List<String> out) {
        List<DsnFlow> deciding = new ArrayList<>();
        for (DsnFlow f : level) {
            if (!f.actions().stream().allMatch(a -> a instanceof DsnAction.Conjunction)) {
                deciding.add(f);
            }
        }
        // flows that decide alike cannot conflict: compare only across classes of decided actions
        Map<List<DsnAction>, List<DsnFlow>> classes = new HashMap<>();
        for (DsnFlow f : deciding) {
            classes.computeIfAbsent(decided(f.actions()), k -> new ArrayList<>()).add(f);
        }
        List<List<DsnFlow>> cs = new ArrayList<>(classes.values());
        if (cs.size() <= 64) {
            for (int i = 0; i < cs.size(); i++) {
                for (int j = i + 1; j < cs.size(); j++) {
                    cross(program, cs.get(i), cs.get(j), 0L, out);
                }
            }
        } else {
            pairs(program, deciding, 0L, out); // many small classes (e.g. one per workload): partition all at once
        }
    }

    /**
     * Finds the overlapping pairs with different actions among {@code flows}: partitions them by
     * the exact value of the field that leaves the fewest flows open (flows with different exact
     * values cannot overlap), recurses into each part, into the open flows, and into the open flows
     * against the rest.
     */
    private static void pairs(DsnProgram program, List<DsnFlow> flows, long used, List<String> out) {
        if (flows.size() < 2 || out.size() >= MAX_REPORTED) {
            return;
        }
        int f = flows.size() <= 16 ? -1 : best(flows, List.of(), used);
        if (f < 0) {
            for (int i = 0; i < flows.size(); i++) {
                for (int j = i + 1; j < flows.size(); j++) {
                    compare(program, flows.get(i), flows.get(j), out);
                }
            }
            return;
        }
        List<DsnFlow> open = new ArrayList<>();
        Map<Object, List<DsnFlow>> parts = partition(flows, PARTITION[f], open);
        List<DsnFlow> closed = new ArrayList<>();
        for (List<DsnFlow> part : parts.values()) {
            pairs(program, part, used | 1L << f, out);
            closed.addAll(part);
        }
        pairs(program, open, used | 1L << f, out);
        cross(program, open, closed, used | 1L << f, out);
    }

    /** As {@link #pairs}, for the pairs of one flow of {@code a} and one of {@code b}. */
    private static void cross(DsnProgram program, List<DsnFlow> a, List<DsnFlow> b, long used, List<String> out) {
        if (a.isEmpty() || b.isEmpty() || out.size() >= MAX_REPORTED) {
            return;
        }
        int f = (long) a.size() * b.size() <= 256 ? -1 : best(a, b, used);
        if (f < 0) {
            for (DsnFlow x : a) {
                for (DsnFlow y : b) {
                    compare(program, x, y, out);
                }
            }
            return;
        }
        List<DsnFlow> aOpen = new ArrayList<>();
        List<DsnFlow> bOpen = new ArrayList<>();
        Map<Object, List<DsnFlow>> aParts = partition(a, PARTITION[f], aOpen);
        Map<Object, List<DsnFlow>> bParts = partition(b, PARTITION[f], bOpen);
        long next = used | 1L << f;
        List<DsnFlow> aClosed = new ArrayList<>();
        for (Map.Entry<Object, List<DsnFlow>> e : aParts.entrySet()) {
            List<DsnFlow> same = bParts.get(e.getKey());
            if (same != null) {
                cross(program, e.getValue(), same, next, out);
            }
            aClosed.addAll(e.getValue());
        }
        cross(program, aOpen, b, next, out);
        cross(program, aClosed, bOpen, next, out);
    }

    /** The index of the unused partition field that leaves the fewest of {@code a} and {@code b} open, or -1 when none closes any. */
    private static int best(List<DsnFlow> a, List<DsnFlow> b, long used) {
        int best = -1;
        int fewest = a.size() + b.size();
        for (int i = 0; i < PARTITION.length; i++) {
            if ((used & 1L << i) != 0) {
                continue;
            }
            int open = 0;
            for (DsnFlow d : a) {
                open += exact(d.match().get(PARTITION[i])) == null ? 1 : 0;
            }
            for (DsnFlow d : b) {
                open += exact(d.match().get(PARTITION[i])) == null ? 1 : 0;
            }
            if (open < fewest) {
                fewest = open;
                best = i;
            }
        }
        return best;
    }

    private static Map<Object, List<DsnFlow>> partition(List<DsnFlow> flows, Field f, List<DsnFlow> open) {
        Map<Object, List<DsnFlow>> parts = new HashMap<>();
        for (DsnFlow d : flows) {
            Object k = exact(d.match().get(f));
            if (k == null) {
                open.add(d);
            } else {
                parts.computeIfAbsent(k, x -> new ArrayList<>()).add(d);
            }
        }
        return parts;
    }

    /** The exact value of a field as a partition key, or null when the field is open, masked or a shorter prefix. */
    private static Object exact(MatchValue v) {
        if (v == null) {
            return null;
        }
        if (v.mac() != null) {
            return v.mac();
        }
        if (v.prefix() != null) {
            int full = v.prefix().isIp4() ? 32 : 128;
            return v.prefix().prefixLength() == full ? v.prefix() : null;
        }
        return v.mask() == -1L ? (Object) v.value() : null;
    }

    private static void compare(DsnProgram program, DsnFlow x, DsnFlow y, List<String> out) {
        if (out.size() < MAX_REPORTED && overlap(x.match(), y.match()) && !x.actions().equals(y.actions())
                && !decided(x.actions()).equals(decided(y.actions()))) {
            out.add(program.dsn() + ": table " + x.table().number() + " priority " + x.priority()
                    + ": overlapping matches with different actions (the winner is undefined):\n    "
                    + x.render() + "\n    " + y.render());
        }
    }

    /**
     * The actions with the rule attribution taken out: which rule of a run is credited (the rule
     * registers, the log's userdata and sample point) may differ between overlapping flows of one
     * priority by design (docs/api.md, section 3.8); everything else must agree.
     */
    private static List<DsnAction> decided(List<DsnAction> actions) {
        List<DsnAction> out = new ArrayList<>(actions.size());
        for (DsnAction a : actions) {
            if (a instanceof DsnAction.Load && (((DsnAction.Load) a).field().equals(Registers.EGRESS_RULE)
                    || ((DsnAction.Load) a).field().equals(Registers.INGRESS_RULE))) {
                out.add(DsnAction.load(((DsnAction.Load) a).field(), 0));
            } else if (a instanceof DsnAction.Controller) {
                out.add(DsnAction.controller(0));
            } else if (a instanceof DsnAction.Sample) {
                out.add(DsnAction.sample(((DsnAction.Sample) a).domain(), 0));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Returns whether some packet the pipeline can produce matches both. Besides the fields
     * themselves, two invariants of the pipeline separate matches: conntrack never reports a
     * connection both new and established (nor invalid and anything but tracked), and classify
     * sets either a local workload's tenant (reg2) or FROM_NET (reg1 bit 0), never both.
     */
    static boolean overlap(DsnMatch a, DsnMatch b) {
        for (Map.Entry<Field, MatchValue> e : a.fields().entrySet()) {
            MatchValue other = b.get(e.getKey());
            if (other != null && !overlap(e.getValue(), other)) {
                return false;
            }
        }
        return possible(a, b);
    }

    private static boolean possible(DsnMatch a, DsnMatch b) {
        long ctOn = required(a, b, Field.CT_STATE);
        if ((ctOn & CtState.NEW) != 0 && (ctOn & CtState.EST) != 0) {
            return false;
        }
        if ((ctOn & CtState.INV) != 0 && (ctOn & (CtState.NEW | CtState.EST | CtState.REL | CtState.RPL)) != 0) {
            return false;
        }
        boolean fromNet = (required(a, b, Field.REG1) & Registers.FROM_NET.mask()) != 0;
        long tenantMask = Registers.TENANT.mask();
        boolean tenantSet = ((matchedValue(a, Field.REG2) | matchedValue(b, Field.REG2)) & tenantMask) != 0;
        return !(fromNet && tenantSet);
    }

    /** The bits of a numeric field that the two matches together require to be 1. */
    private static long required(DsnMatch a, DsnMatch b, Field f) {
        return matchedValue(a, f) | matchedValue(b, f);
    }

    private static long matchedValue(DsnMatch m, Field f) {
        MatchValue v = m.get(f);
        return v == null || v.prefix() != null || v.mac() != null ? 0 : v.value() & v.mask();
    }

    private static boolean overlap(MatchValue x, MatchValue y) {
        if (x.mac() != null || y.mac() != null) {
            return x.mac() == null || y.mac() == null || x.mac().equals(y.mac());
        }
        if (x.prefix() != null || y.prefix() != null) {
            if (x.prefix() == null || y.prefix() == null) {
                return true;
            }
            if (x.prefix().isIp4() != y.prefix().isIp4()) {
                return false;
            }
            return x.prefix().contains(y.prefix()) || y.prefix().contains(x.prefix());
        }
        return ((x.value() ^ y.value()) & x.mask() & y.mask()) == 0;
    }
}
