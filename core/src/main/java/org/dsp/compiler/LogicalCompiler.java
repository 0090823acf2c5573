package org.dsp.compiler;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalDelta;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.LogicalProgram;
import org.dsp.ir.Stage;
import org.dsp.ir.Owner;
import org.dsp.ir.Verdict;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.Posture;
import org.dsp.model.Rule;
import org.dsp.model.RuleAction;
import org.dsp.model.Segment;
import org.dsp.model.TenantDocument;
import org.dsp.model.Tier;

/**
 * Step 1: a tenant document to logical flows.
 *
 * <p>{@link #compile} is the pure entry point. An instance keeps the last document it compiled
 * so that {@link #update} can return only what a new document changes: when only rules changed,
 * only those rules are recompiled (group resolution is reused); otherwise everything is
 * recompiled and the delta is found by comparing flows. Either way the resulting program equals
 * what {@link #compile} gives for the new document.
 *
 * <p>Priorities: within a stage, rules are taken in document order and consecutive rules with
 * the same verdict form a run that shares one priority (their order among themselves cannot
 * change the outcome). A run longer than {@link #MAX_RULES_PER_PRIORITY} is cut into levels of at
 * most that many rules, each with its own priority (still one verdict, so still order-free).
 * Level {@code i} of the stage gets priority {@code RULE_TOP - i}.
 *
 * <p>Why the cut: rules of one priority share their clause flows (a target port's flow carries
 * one conjunction action per rule), and OpenFlow carries at most 64 KiB per message. With at most
 * 2,000 rules per priority a flow carries at most 2,000 conjunction actions (32,000 bytes), so
 * every document the validator accepts encodes; a packet that completes no conjunction at one
 * priority is looked up again at the lower ones (Open vSwitch's conjunctive match semantics).
 */
public final class LogicalCompiler {
    /** Priority of the first run of rules in every rule stage. */
    public static final int RULE_TOP = 30000;

    /** The most rules that share one priority (see the class comment). */
    public static final int MAX_RULES_PER_PRIORITY = 2000;

    private final int tenantKey;
    private TenantDocument doc;
    private GroupResolver groups;
    private final Map<LogicalProgram.FlowId, LogicalFlow> flows = new HashMap<>();
    private final Map<String, RuleState> rules = new HashMap<>();
    private Map<String, Integer> ruleKeys = Map.of();
    private final Map<Direction, Map<String, Integer>> applied = new EnumMap<>(Direction.class);

    private static final class RuleState {
        final Rule rule;
        final LogicalFlow flow;

        RuleState(Rule rule, LogicalFlow flow) {
            this.rule = rule;
            this.flow = flow;
        }
    }

    /** Creates a compiler for one tenant, whose flows carry {@code tenantKey}. */
    public LogicalCompiler(int tenantKey) {
        this.tenantKey = tenantKey;
        for (Direction d : Direction.values()) {
            applied.put(d, new HashMap<>());
        }
    }

    /** Compiles a validated document with its tenant's default key. */
    public static LogicalProgram compile(TenantDocument doc) {
        return compile(doc, Keys.tenantKey(doc.tenantId()));
    }

    /** Compiles a validated document; {@code tenantKey} is the tenant's 16-bit key. */
    public static LogicalProgram compile(TenantDocument doc, int tenantKey) {
        LogicalCompiler c = new LogicalCompiler(tenantKey);
        c.update(doc);
        return c.program();
    }

    /** Returns the tenant key. */
    public int tenantKey() {
        return tenantKey;
    }

    /** Returns the program of the last document compiled (empty before the first). */
    public LogicalProgram program() {
        return new LogicalProgram(doc == null ? "" : doc.tenantId(), tenantKey, new ArrayList<>(flows.values()));
    }

    /** Returns the last document compiled, or null. */
    public TenantDocument document() {
        return doc;
    }

    /** Removes everything; returns the delta that deletes the tenant's flows. */
    public LogicalDelta clear() {
        LogicalDelta d = new LogicalDelta(doc == null ? "" : doc.tenantId(), tenantKey, new ArrayList<>(flows.values()), List.of());
        flows.clear();
        rules.clear();
        ruleKeys = Map.of();
        applied.values().forEach(Map::clear);
        doc = null;
        groups = null;
        return d;
    }

    /**
     * Compiles {@code next} and returns what changed since the previous document.
     *
     * @param next a validated document of this compiler's tenant
     * @return the logical delta
     */
    public LogicalDelta update(TenantDocument next) {
        Objects.requireNonNull(next);
        boolean sameWorld = doc != null && doc.tenantId().equals(next.tenantId()) && doc.posture() == next.posture()
                && doc.endpoints().equals(next.endpoints()) && doc.groups().equals(next.groups())
                && doc.segments().equals(next.segments());
        if (!sameWorld) {
            Map<LogicalProgram.FlowId, LogicalFlow> before = new HashMap<>(flows);
            flows.clear();
            rules.clear();
            applied.values().forEach(Map::clear);
            groups = new GroupResolver(next);
            compileRules(next, new ArrayList<>(), new ArrayList<>(), new HashSet<>());
            for (Endpoint e : next.endpoints().values()) {
                Owner owner = Owner.of(next.tenantId(), tenantKey, Owner.Kind.ENDPOINT, e.name(), endpointKey(next, e));
                LogicalFlow f = LogicalFlow.endpoint(owner, binding(e));
                flows.put(id(f), f);
                isolation(next, e, new ArrayList<>(), new ArrayList<>());
            }
            doc = next;
            List<LogicalFlow> removed = new ArrayList<>();
            List<LogicalFlow> added = new ArrayList<>();
            for (Map.Entry<LogicalProgram.FlowId, LogicalFlow> e : before.entrySet()) {
                if (!e.getValue().equals(flows.get(e.getKey()))) {
                    removed.add(e.getValue());
                }
            }
            for (Map.Entry<LogicalProgram.FlowId, LogicalFlow> e : flows.entrySet()) {
                if (!e.getValue().equals(before.get(e.getKey()))) {
                    added.add(e.getValue());
                }
            }
            return new LogicalDelta(next.tenantId(), tenantKey, removed, added);
        }
        List<LogicalFlow> removed = new ArrayList<>();
        List<LogicalFlow> added = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        compileRules(next, removed, added, touched);
        for (String e : touched) {
            isolation(next, next.endpoints().get(e), removed, added);
        }
        doc = next;
        return new LogicalDelta(next.tenantId(), tenantKey, removed, added);
    }

    /** Compiles the rules that differ from the cached ones; drops rules that are gone. */
    private void compileRules(TenantDocument next, List<LogicalFlow> removed, List<LogicalFlow> added,
                              Set<String> touched) {
        Map<String, Integer> keys = sameRuleNames(next) ? ruleKeys : Keys.ruleKeys(next.tenantId(), names(next));
        ruleKeys = keys;
        Set<String> seenRules = new HashSet<>();
        for (Tier tier : Tier.values()) {
            for (Direction dir : Direction.values()) {
                Stage stage = Tiers.stage(dir, tier);
                int level = -1;
                int inLevel = 0;
                Verdict last = null;
                for (Rule r : next.rules(tier)) {
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
                    seenRules.add(r.name());
                    int key = keys.get(r.name());
                    RuleState old = rules.get(r.name());
                    if (old != null && old.flow.priority() == prio && old.flow.stage().equals(stage)
                            && old.flow.owner().key() == key && old.flow.owner().tenant().equals(next.tenantId())
                            && old.rule.equals(r)) {
                        continue;
                    }
                    Owner owner = Owner.of(next.tenantId(), tenantKey, Owner.Kind.RULE, r.name(), key);
                    LogicalFlow f = RuleFlows.compile(groups, r, stage, prio, owner);
                    if (old != null && old.flow.equals(f)) {
                        rules.put(r.name(), new RuleState(r, f)); // e.g. a flag that does not apply to its action
                        continue;
                    }
                    if (old != null) {
                        drop(old, removed, touched);
                    }
                    rules.put(r.name(), new RuleState(r, f));
                    flows.put(id(f), f);
                    added.add(f);
                    count(r, +1, touched);
                }
            }
        }
        for (String name : new ArrayList<>(rules.keySet())) {
            if (!seenRules.contains(name)) {
                drop(rules.remove(name), removed, touched);
            }
        }
    }

    /** Whether {@code next} has exactly the rule names the cached keys were computed for. */
    private boolean sameRuleNames(TenantDocument next) {
        if (doc == null || !doc.tenantId().equals(next.tenantId())) {
            return false;
        }
        int n = 0;
        for (Tier t : Tier.values()) {
            for (Rule r : next.rules(t)) {
                if (!ruleKeys.containsKey(r.name())) {
                    return false;
                }
                n++;
            }
        }
        return n == ruleKeys.size();
    }

    private static Set<String> names(TenantDocument d) {
        Set<String> s = new HashSet<>();
        for (Rule r : d.allRules()) {
            s.add(r.name());
        }
        return s;
    }

    /** The verdict of a rule, with flags that do not apply to its action normalised away. */
    static Verdict verdictOf(Rule r) {
        boolean allow = r.action() == RuleAction.ALLOW;
        return Verdict.of(r.action(), !allow || r.stateful(),
                allow && r.onChange() == org.dsp.model.ConnectionPolicy.PERSIST, r.log());
    }

    private void drop(RuleState old, List<LogicalFlow> removed, Set<String> touched) {
        flows.remove(id(old.flow));
        removed.add(old.flow);
        count(old.rule, -1, touched);
    }

    private void count(Rule r, int delta, Set<String> touched) {
        if (!groups.document().groups().containsKey(r.appliedTo())) {
            return;
        }
        Map<String, Integer> m = applied.get(r.direction());
        for (String e : groups.members(r.appliedTo()).endpoints()) {
            m.merge(e, delta, Integer::sum);
            if (m.get(e) == 0) {
                m.remove(e);
            }
            touched.add(e);
        }
    }

    private static int endpointKey(TenantDocument d, Endpoint e) {
        return Keys.ownerKey(d.tenantId() + "/endpoint/", e.name());
    }

    private static EndpointBinding binding(Endpoint e) {
        return EndpointBinding.of(e.name(), e.attachment(), e.mac(), e.addresses());
    }

    /** Recomputes the isolation flows of one endpoint (null: it no longer exists). */
    private void isolation(TenantDocument next, Endpoint e, List<LogicalFlow> removed, List<LogicalFlow> added) {
        if (e == null) {
            return;
        }
        for (Direction d : Direction.values()) {
            Owner owner = Owner.of(next.tenantId(), tenantKey, Owner.Kind.ISOLATION, e.name() + "/" + d.wireName(), endpointKey(next, e));
            Stage stage = d == Direction.EGRESS ? Stage.EGRESS_ISOLATION : Stage.INGRESS_ISOLATION;
            LogicalProgram.FlowId fid = new LogicalProgram.FlowId(stage, owner);
            LogicalFlow old = flows.get(fid);
            LogicalFlow now = isolated(next, e, d)
                    ? LogicalFlow.rule(stage, 0, owner, new TreeSet<>(List.of(EndpointTerm.of(e.name()))), null, null,
                            Verdict.of(RuleAction.DENY, true, false, false))
                    : null;
            if (Objects.equals(old, now)) {
                continue;
            }
            if (old != null) {
                flows.remove(fid);
                removed.add(old);
            }
            if (now != null) {
                flows.put(fid, now);
                added.add(now);
            }
        }
    }

    private boolean isolated(TenantDocument next, Endpoint e, Direction d) {
        if (next.posture() == Posture.DEFAULT_DENY || applied.get(d).containsKey(e.name())) {
            return true;
        }
        for (Segment s : next.segments().values()) {
            if (s.isolates(d) && groups.members(s.appliedTo()).endpoints().contains(e.name())) {
                return true;
            }
        }
        return false;
    }

    private static LogicalProgram.FlowId id(LogicalFlow f) {
        return new LogicalProgram.FlowId(f.stage(), f.owner());
    }
}
