package org.dsp.app.impl;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.DsnGroups;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;

/**
 * What a member that has just become a DSN's master sends so that the DSN holds exactly the
 * compiled program, found by difference with what the flow rule store holds for DSP there (ONOS
 * keeps every member's rules in its distributed store; a rule the switch confirmed is ADDED):
 * a rule missing or not confirmed is sent again, a rule with other actions or another cookie is
 * modified, a DSP rule no program holds is removed. Every rule that matches is left alone, so the
 * DSN keeps forwarding through the move (no flush). Pure: the manager sends the result.
 */
final class Takeover {
    /** The operations to send (removals first, then adds and modifies), or null when there are none. */
    final FlowRuleOperations.Builder ops;
    final int adds;
    final int modifies;
    final int removes;
    /** The program's groups (the group service is asked separately which of them the DSN holds). */
    final List<DsnGroup> groups;

    private Takeover(FlowRuleOperations.Builder ops, int adds, int modifies, int removes, List<DsnGroup> groups) {
        this.ops = ops;
        this.adds = adds;
        this.modifies = modifies;
        this.removes = removes;
        this.groups = groups;
    }

    /**
     * Compares the compiled program of {@code dsn} (null: none) with the flow entries the store
     * holds for it; entries of other applications are never touched, and a DSP entry no program
     * holds is removed only when {@code removable} accepts it (the manager keeps those of tenants
     * it could not compile: they keep what they hold). The store may hold several entries equal
     * by ONOS's equality (device, table, priority, match) with other cookies; a switch holds one
     * flow per such key, so the wanted rule is sent unless one of them is it, and none is removed
     * (ONOS's statistics drop from its store what the switch does not hold).
     */
    static Takeover of(DeviceId dsn, DsnProgram program, Iterable<FlowEntry> held, short appId,
                       java.util.function.Predicate<FlowEntry> removable) {
        Map<FlowRule, List<FlowEntry>> ours = new HashMap<>();
        for (FlowEntry e : held) {
            if (e.appId() == appId) {
                ours.computeIfAbsent(e, k -> new java.util.ArrayList<>()).add(e);
            }
        }
        Collection<org.dsp.driver.ovs.DsnFlow> flows = program == null ? List.of() : program.flows().values();
        List<FlowRule> add = new java.util.ArrayList<>();
        List<FlowRule> modify = new java.util.ArrayList<>();
        Set<FlowRule> wanted = new HashSet<>();
        for (org.dsp.driver.ovs.DsnFlow f : flows) {
            if (DsnGroups.isGroup(f)) {
                continue;
            }
            FlowRule r = FlowRuleTranslator.toFlowRule(dsn, f, appId);
            wanted.add(r); // FlowRule equality: device, table, priority, match (not actions, not cookie)
            List<FlowEntry> same = ours.getOrDefault(r, List.of());
            boolean exact = same.stream().anyMatch(e -> e.state() == FlowEntry.FlowEntryState.ADDED
                    && e.treatment().equals(r.treatment()) && e.id().value() == r.id().value());
            if (same.isEmpty() || !exact && same.stream().noneMatch(e -> e.state() == FlowEntry.FlowEntryState.ADDED)) {
                add.add(r); // missing, or held unconfirmed only: sent again
            } else if (!exact) {
                modify.add(r); // confirmed with other actions or another cookie
            }
        }
        List<FlowRule> remove = new java.util.ArrayList<>();
        ours.forEach((key, entries) -> {
            if (!wanted.contains(key)) {
                entries.stream().filter(removable).forEach(remove::add);
            }
        });
        if (add.isEmpty() && modify.isEmpty() && remove.isEmpty()) {
            return new Takeover(null, 0, 0, 0, groups(program));
        }
        FlowRuleOperations.Builder b = FlowRuleOperations.builder();
        remove.forEach(b::remove);
        b.newStage();
        add.forEach(b::add);
        modify.forEach(b::modify);
        return new Takeover(b, add.size(), modify.size(), remove.size(), groups(program));
    }

    /** Returns the groups of a program (none for null). */
    static List<DsnGroup> groups(DsnProgram program) {
        List<DsnGroup> out = new java.util.ArrayList<>();
        if (program != null) {
            program.flows().values().stream().filter(DsnGroups::isGroup).map(DsnGroups::of).forEach(out::add);
        }
        return out;
    }

    /** Returns the number of flow operations to send. */
    int size() {
        return adds + modifies + removes;
    }
}
