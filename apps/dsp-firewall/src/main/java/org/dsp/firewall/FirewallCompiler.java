package org.dsp.firewall;

import org.dsp.firewall.Firewall;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.compiler.GroupResolver;
import org.dsp.compiler.Keys;
import org.dsp.firewall.model.ConnectionPolicy;
import org.dsp.firewall.model.FirewallSection;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Tier;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.ir.Verdict;
import org.dsp.model.Direction;
import org.dsp.model.RuleAction;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;

/**
 * The firewall's step 1 for one tenant: each rule to one logical flow in its tier's stage. When
 * endpoints and groups are unchanged, only rules that differ are recompiled (group resolution is
 * reused); otherwise every rule is. The endpoints a rule applies to are isolated in its direction
 * (Kubernetes NetworkPolicy semantics: a policy that selects a pod isolates it).
 *
 * <p>Priorities: within a stage, rules are taken in document order and consecutive rules with the
 * same verdict form a run that shares one priority (their order among themselves cannot change
 * the outcome). A run longer than {@link #MAX_RULES_PER_PRIORITY} is cut into levels of at most
 * that many rules, each with its own priority (still one verdict, so still order-free). Level
 * {@code i} of the stage gets priority {@code RULE_TOP - i}.
 *
 * <p>Why the cut: rules of one priority share their clause flows (a target port's flow carries
 * one conjunction action per rule), and OpenFlow carries at most 64 KiB per message. With at most
 * 2,000 rules per priority a flow carries at most 2,000 conjunction actions (32,000 bytes), so
 * every document the validator accepts encodes; a packet that completes no conjunction at one
 * priority is looked up again at the lower ones (Open vSwitch's conjunctive match semantics).
 */
public final class FirewallCompiler implements ServiceCompiler {
    /** Priority of the first run of rules in every rule stage. */
    public static final int RULE_TOP = 30000;

    /** The most rules that share one priority (see the class comment). */
    public static final int MAX_RULES_PER_PRIORITY = 2000;

    private final Map<String, RuleState> rules = new HashMap<>();
    private Map<String, Integer> ruleKeys = Map.of();
    private final Map<Direction, Map<String, Integer>> applied = new EnumMap<>(Direction.class);
    private GroupResolver groups;

    private static final class RuleState {
        final Rule rule;
        final LogicalFlow flow;

        RuleState(Rule rule, LogicalFlow flow) {
            this.rule = rule;
            this.flow = flow;
        }
    }

    /** Creates the compiler of one tenant. */
    public FirewallCompiler() {
        for (Direction d : Direction.values()) {
            applied.put(d, new HashMap<>());
        }
    }

    @Override
    public ServiceDelta update(TenantContext ctx) {
        List<LogicalFlow> removed = new ArrayList<>();
        List<LogicalFlow> added = new ArrayList<>();
        if (!ctx.sameWorld() || groups == null) {
            // memberships may have changed: every rule is compiled again (its flow is compared below)
            for (RuleState s : rules.values()) {
                removed.add(s.flow);
            }
            rules.clear();
            applied.values().forEach(Map::clear);
        }
        groups = ctx.groups();
        FirewallSection section = Firewall.of(ctx.document());
        Map<String, Integer> keys = sameRuleNames(section) ? ruleKeys : Keys.ruleKeys(ctx.tenantId(), names(section));
        ruleKeys = keys;
        Set<String> seen = new HashSet<>();
        for (Tier tier : Tier.values()) {
            for (Direction dir : Direction.values()) {
                Stage stage = Tiers.stage(dir, tier);
                int level = -1;
                int inLevel = 0;
                Verdict last = null;
                for (Rule r : section.rules(tier)) {
                    if (r.direction() != dir) {
                        continue;
                    }
                    Verdict v = verdictOf(r);
                    if (!v.equals(last) || inLevel == MAX_RULES_PER_PRIORITY) {
                        level++;
                        inLevel = 0;
                        last = v;
                    }
                    inLevel++;
                    int prio = RULE_TOP - level;
                    seen.add(r.name());
                    int key = keys.get(r.name());
                    RuleState old = rules.get(r.name());
                    if (old != null && old.flow.priority() == prio && old.flow.stage().equals(stage)
                            && old.flow.owner().key() == key && old.flow.owner().tenant().equals(ctx.tenantId())
                            && old.rule.equals(r)) {
                        continue;
                    }
                    Owner owner = Owner.of(ctx.tenantId(), ctx.tenantKey(), Owner.Kind.RULE, r.name(), key);
                    LogicalFlow f = RuleFlows.compile(groups, r, stage, prio, owner);
                    if (old != null) {
                        count(old.rule, -1);
                        removed.add(old.flow);
                    }
                    rules.put(r.name(), new RuleState(r, f));
                    added.add(f);
                    count(r, +1);
                }
            }
        }
        for (String name : new ArrayList<>(rules.keySet())) {
            if (!seen.contains(name)) {
                RuleState old = rules.remove(name);
                count(old.rule, -1);
                removed.add(old.flow);
            }
        }
        Map<Direction, Set<String>> isolated = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            isolated.put(d, new TreeSet<>(applied.get(d).keySet()));
        }
        return new ServiceDelta(removed, added, isolated);
    }

    @Override
    public ServiceDelta clear() {
        List<LogicalFlow> removed = new ArrayList<>();
        rules.values().forEach(s -> removed.add(s.flow));
        rules.clear();
        ruleKeys = Map.of();
        applied.values().forEach(Map::clear);
        groups = null;
        return new ServiceDelta(removed, List.of(), Map.of());
    }

    /** Whether {@code section} has exactly the rule names the cached keys were computed for. */
    private boolean sameRuleNames(FirewallSection section) {
        List<Rule> all = section.allRules();
        if (all.size() != ruleKeys.size()) {
            return false;
        }
        for (Rule r : all) {
            if (!ruleKeys.containsKey(r.name())) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> names(FirewallSection section) {
        Set<String> s = new HashSet<>();
        for (Rule r : section.allRules()) {
            s.add(r.name());
        }
        return s;
    }

    /** The verdict of a rule, with flags that do not apply to its action normalised away. */
    static Verdict verdictOf(Rule r) {
        boolean allow = r.action() == RuleAction.ALLOW;
        return Verdict.of(r.action(), !allow || r.stateful(), allow && r.onChange() == ConnectionPolicy.PERSIST, r.log());
    }

    private void count(Rule r, int delta) {
        if (!groups.document().groups().containsKey(r.appliedTo())) {
            return;
        }
        Map<String, Integer> m = applied.get(r.direction());
        for (String e : groups.members(r.appliedTo()).endpoints()) {
            if (m.merge(e, delta, Integer::sum) == 0) {
                m.remove(e);
            }
        }
    }
}
