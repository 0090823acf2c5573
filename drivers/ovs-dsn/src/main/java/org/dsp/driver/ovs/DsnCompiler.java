package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalDelta;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.LogicalProgram;
import org.dsp.ir.Stage;
import org.onosproject.net.DeviceId;

/**
 * Step 2: logical flows and placement to per-DSN flow programs for the OVS DSN pipeline.
 *
 * <p>An instance holds the current programs and turns each {@link LogicalDelta} into exact
 * per-DSN {@link FlowDelta}s: only the keys the changed logical flows touch are recomputed.
 * {@link #compile} is the pure entry point: it feeds whole programs into a fresh instance, so the
 * full and the incremental compile are one implementation.
 */
public final class DsnCompiler {
    private Inventory inventory;
    private final Map<DeviceId, Map<DsnFlow.Key, Map<Contribution, Integer>>> contributions = new HashMap<>();
    private final Map<DeviceId, Map<DsnFlow.Key, DsnFlow>> programs = new HashMap<>();
    /** How many of each DSN's program entries are groups (kept with the programs: sizes count flows). */
    private final Map<DeviceId, Integer> groupEntries = new HashMap<>();
    private final Map<LogicalProgram.FlowId, Map<DeviceId, List<Contribution>>> byFlow = new HashMap<>();
    private final Map<LogicalProgram.FlowId, LogicalFlow> current = new HashMap<>();
    private final Map<String, Map<String, EndpointBinding>> bindings = new HashMap<>();
    private final Map<String, Map<String, Set<LogicalProgram.FlowId>>> usersOfEndpoint = new HashMap<>();
    private final Map<DeviceId, Integer> tenantContributions = new HashMap<>();
    /**
     * Per DSN, one instance of each flow key that has contributions: every contribution placed at a
     * key holds that instance, so N rules contributing to one clause flow share one key (its match
     * and values) instead of holding N equal copies - at 5,000 rules on one target group, 145,000
     * keys became 16,000 (about 30 MB of compiled state).
     */
    private final Map<DeviceId, Map<DsnFlow.Key, DsnFlow.Key>> keys = new HashMap<>();
    private final Map<Integer, String> keyHolders = new HashMap<>();
    /**
     * Each tenant's tenant-wide flows - networks, external access, chains - placed by every binding
     * of the tenant and by the inventory, each with the service translator that took it when it was
     * added: a flow keeps it until it is withdrawn, so a tenant that keeps flows of a service that
     * went away (its change refused) is still re-placed as before.
     */
    private final Map<String, Map<LogicalProgram.FlowId, ServiceTranslator>> networks = new HashMap<>();
    /** Each tenant's select flows (load balancers' VIPs and ports): a published load balancer's backends. */
    private final Map<String, Set<LogicalProgram.FlowId>> selects = new HashMap<>();
    /** How many logical flows each tenant has in {@link #current}: a tenant left with none gives its key back. */
    private final Map<String, Integer> liveFlows = new HashMap<>();

    private final DsnTarget target;
    private TablePlan plan;
    /** The services' step-2 translations, asked in turn for every non-rule flow. */
    private List<ServiceTranslator> translators;

    /** Creates a compiler for the given inventory, for DSNs the node programs ({@link DsnTarget#OVS_NICIRA}). */
    public DsnCompiler(Inventory inventory) {
        this(inventory, DsnTarget.OVS_NICIRA);
    }

    /** Creates a compiler for the given inventory and southbound target, with the standard table plan. */
    public DsnCompiler(Inventory inventory, DsnTarget target) {
        this(inventory, target, TablePlan.standard());
    }

    /**
     * Creates a compiler for the given inventory, southbound target and table plan, with the
     * translations of the services on the class path ({@link #translatorsOf} of
     * {@code Services.discovered()}: the CLI, tests and benchmarks; a running core passes its
     * active services' instead).
     */
    public DsnCompiler(Inventory inventory, DsnTarget target, TablePlan plan) {
        this(inventory, target, plan, translatorsOf(org.dsp.spi.Services.discovered()));
    }

    /** Creates a compiler for the given inventory, southbound target, table plan and services' translations. */
    public DsnCompiler(Inventory inventory, DsnTarget target, TablePlan plan, List<ServiceTranslator> translators) {
        this.inventory = Objects.requireNonNull(inventory);
        this.target = Objects.requireNonNull(target);
        this.plan = carried(Objects.requireNonNull(plan), target);
        this.translators = List.copyOf(translators);
    }

    /** Returns the step-2 translations {@code services} give this driver ({@code ServiceApp.translation}), in their order. */
    public static List<ServiceTranslator> translatorsOf(org.dsp.spi.Services services) {
        List<ServiceTranslator> out = new ArrayList<>();
        for (org.dsp.spi.ServiceApp a : services.apps()) {
            ServiceTranslator t = a.translation(ServiceTranslator.class);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Sets the services' translations (a service came or went) for the flows added from now on.
     * Changes no flow already placed: each keeps the translator that took it until it is withdrawn.
     */
    public void setTranslators(List<ServiceTranslator> next) {
        translators = List.copyOf(next);
    }

    /** The translator that takes {@code f}, or null (a rule: the driver translates it). */
    private ServiceTranslator translatorOf(LogicalFlow f) {
        if (f.verdict() != null) { // a rule's verdict: none of theirs
            return null;
        }
        for (ServiceTranslator t : translators) {
            if (t.takes(f)) {
                return t;
            }
        }
        return null;
    }

    /**
     * Returns {@code plan} when {@code target} carries its fixed flows; refuses, naming it, a fixed
     * flow with a conntrack label field on a target without labels.
     */
    public static TablePlan carried(TablePlan plan, DsnTarget target) {
        for (LogicalFlow f : plan.fixed()) {
            requireLabels(f, target, "fixed flow ");
        }
        return plan;
    }

    /** Returns the table plan this compiler writes for. */
    public TablePlan plan() {
        return plan;
    }

    /** Compiles whole logical programs into per-DSN programs (pure), for {@link DsnTarget#OVS_NICIRA}. */
    public static Map<DeviceId, DsnProgram> compile(Collection<LogicalProgram> tenants, Inventory inventory) {
        return compile(tenants, inventory, DsnTarget.OVS_NICIRA);
    }

    /** Compiles whole logical programs into per-DSN programs for {@code target} (pure). */
    public static Map<DeviceId, DsnProgram> compile(Collection<LogicalProgram> tenants, Inventory inventory, DsnTarget target) {
        DsnCompiler c = new DsnCompiler(inventory, target);
        for (LogicalProgram p : tenants) {
            c.apply(new LogicalDelta(p.tenant(), p.tenantKey(), List.of(), new ArrayList<>(p.flows().values())), false);
        }
        return c.programs();
    }

    /** Returns the southbound target this compiler writes for. */
    public DsnTarget target() {
        return target;
    }

    /** Returns the current programs of every DSN, sorted by device id. */
    public Map<DeviceId, DsnProgram> programs() {
        Map<DeviceId, DsnProgram> out = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        for (Map.Entry<DeviceId, Map<DsnFlow.Key, DsnFlow>> e : programs.entrySet()) {
            out.put(e.getKey(), verified(new DsnProgram(e.getKey(), e.getValue().values())));
        }
        return out;
    }

    private DsnProgram verified(DsnProgram p) {
        if (ProgramVerifier.ENABLED) {
            ProgramVerifier.check(p, plan);
        }
        return p;
    }

    /** Returns the current program of one DSN (empty when unknown). */
    public DsnProgram program(DeviceId dsn) {
        Map<DsnFlow.Key, DsnFlow> p = programs.get(dsn);
        return verified(new DsnProgram(dsn, p == null ? List.of() : p.values()));
    }

    /** Returns how many flows the program of one DSN holds (0 when unknown; its groups not counted); no copy. */
    public int size(DeviceId dsn) {
        Map<DsnFlow.Key, DsnFlow> p = programs.get(dsn);
        return p == null ? 0 : p.size() - groupEntries.getOrDefault(dsn, 0);
    }

    /** Returns whether the program of {@code dsn} holds group {@code id}. */
    public boolean holdsGroup(DeviceId dsn, long id) {
        Map<DsnFlow.Key, DsnFlow> p = programs.get(dsn);
        return p != null && p.containsKey(DsnGroups.key(id, DsnGroups.tenantKey(id)));
    }

    /** Returns the DSNs that hold a program. */
    public java.util.Set<DeviceId> dsns() {
        return java.util.Set.copyOf(programs.keySet());
    }

    /** Records which keys changed on which DSN, and their flows before the change. */
    private static final class Touched {
        final Map<DeviceId, Map<DsnFlow.Key, DsnFlow>> before = new HashMap<>();
        boolean wantDeltas = true;
    }

    /**
     * Applies a tenant's logical delta and returns the resulting change of each affected DSN.
     *
     * @param delta what changed in one tenant's logical program
     * @return per-DSN deltas, only for DSNs that change
     */
    public Map<DeviceId, FlowDelta> apply(LogicalDelta delta) {
        return apply(delta, true);
    }

    private Map<DeviceId, FlowDelta> apply(LogicalDelta delta, boolean wantDeltas) {
        precheck(delta);
        Touched touched = new Touched();
        touched.wantDeltas = wantDeltas;
        String tenant = delta.tenant();
        String holder = keyHolders.putIfAbsent(delta.tenantKey(), tenant);
        if (holder != null && !holder.equals(tenant)) {
            throw new IllegalArgumentException("tenant " + tenant + " has key " + delta.tenantKey()
                    + ", already used by tenant " + holder + "; tenant keys (conntrack zones) must be distinct");
        }
        Map<String, EndpointBinding> tb = bindings.computeIfAbsent(tenant, k -> new HashMap<>());
        Set<LogicalProgram.FlowId> retranslate = new HashSet<>();
        boolean bindingsChanged = false;
        boolean selectsChanged = false;
        for (LogicalFlow f : delta.removed()) {
            LogicalProgram.FlowId id = new LogicalProgram.FlowId(f.stage(), f.owner());
            withdraw(id, touched);
            if (current.remove(id) != null) {
                liveFlows.merge(tenant, -1, Integer::sum);
            }
            if (f.stage().equals(Stage.ENDPOINT)) {
                tb.remove(f.binding().endpoint());
                retranslate.addAll(users(tenant, f.binding().endpoint()));
                bindingsChanged = true;
            } else {
                unindex(tenant, id, f);
            }
            forgetTenantWide(tenant, id);
            if (selecting(f)) {
                Set<LogicalProgram.FlowId> ss = selects.get(tenant);
                if (ss != null && ss.remove(id) && ss.isEmpty()) {
                    selects.remove(tenant);
                }
                selectsChanged = true;
            }
        }
        // bindings first, so rule flows in the same delta place against the new attachments
        for (LogicalFlow f : delta.added()) {
            if (f.stage().equals(Stage.ENDPOINT)) {
                tb.put(f.binding().endpoint(), f.binding());
                retranslate.addAll(users(tenant, f.binding().endpoint()));
                bindingsChanged = true;
            }
        }
        if (bindingsChanged) { // a network's flows sit on every DSN of the tenant's members: any move re-places them
            retranslate.addAll(networks.getOrDefault(tenant, Map.of()).keySet());
        }
        for (LogicalFlow f : delta.added()) {
            LogicalProgram.FlowId id = new LogicalProgram.FlowId(f.stage(), f.owner());
            if (current.put(id, f) == null) {
                liveFlows.merge(tenant, 1, Integer::sum);
            }
            if (!f.stage().equals(Stage.ENDPOINT)) {
                index(tenant, id, f);
            }
            ServiceTranslator taking = f.stage().equals(Stage.ENDPOINT) ? null : translatorOf(f);
            if (taking != null) {
                networks.computeIfAbsent(tenant, k -> new HashMap<>()).put(id, taking);
            } else {
                forgetTenantWide(tenant, id); // the flow changed into one no translator takes
            }
            if (selecting(f)) {
                selects.computeIfAbsent(tenant, k -> new HashSet<>()).add(id);
                selectsChanged = true;
            }
            retranslate.add(id);
        }
        if (selectsChanged) { // a load balancer published on a floating IP: its backends are the select's
            networks.getOrDefault(tenant, Map.of()).forEach((id, t) -> {
                if (t.reads().contains(ServiceTranslator.Input.SELECTS)) {
                    retranslate.add(id);
                }
            });
        }
        for (LogicalProgram.FlowId id : retranslate) {
            withdraw(id, touched);
            LogicalFlow f = current.get(id);
            if (f == null) {
                continue;
            }
            place(id, f.stage().equals(Stage.ENDPOINT)
                    ? Map.of(f.binding().attachment().dsn(), EndpointTranslator.translate(f.owner(), f.binding()))
                    : translate(id, f, tb), touched);
        }
        if (tb.isEmpty()) {
            bindings.remove(tenant);
        }
        if (liveFlows.getOrDefault(tenant, 0) <= 0) {
            liveFlows.remove(tenant);
            keyHolders.remove(delta.tenantKey(), tenant); // a withdrawn (or refused) tenant holds its key no longer
        }
        retireEmptyDsns(touched);
        return deltas(touched);
    }

    /** Puts a logical flow's translation, per DSN, into the programs (and remembers it to withdraw it later). */
    private void place(LogicalProgram.FlowId id, Map<DeviceId, List<Contribution>> placed, Touched touched) {
        Map<DeviceId, List<Contribution>> held = new HashMap<>(placed.size() * 2);
        for (Map.Entry<DeviceId, List<Contribution>> e : placed.entrySet()) {
            ensureDsn(e.getKey(), touched);
            List<Contribution> cs = new ArrayList<>(e.getValue().size());
            for (Contribution c : e.getValue()) {
                Contribution shared = c.at(keys.computeIfAbsent(e.getKey(), x -> new HashMap<>()).computeIfAbsent(c.key, k -> k));
                contribute(e.getKey(), shared, touched, +1);
                cs.add(shared);
            }
            held.put(e.getKey(), cs);
            tenantContributions.merge(e.getKey(), cs.size(), Integer::sum);
        }
        if (!held.isEmpty()) {
            byFlow.put(id, held);
        }
    }

    /** Checks that this driver can translate a non-verdict flow over {@code plan}; throws naming what it cannot carry. */
    private void checkTranslatable(TablePlan plan, LogicalFlow f) {
        ServiceTranslator t = translatorOf(f);
        if (t != null) {
            if (!target.tunnels()) {
                throw new IllegalArgumentException(f.owner() + " in stage " + f.stage() + ": the " + target.profile()
                        + " southbound does not carry " + t.carries() + " yet");
            }
            return;
        }
        ActionTranslator.translate(plan, f);
        FieldMatches.apply(DsnMatch.builder(), f, plan);
        requireLabels(f, target, "");
    }

    /** Refuses, naming it, a flow that matches or commits a conntrack label field when {@code target} carries none. */
    private static void requireLabels(LogicalFlow f, DsnTarget target, String what) {
        org.dsp.ir.LogicalField label = target.ctLabels() ? null : labelField(f);
        if (label != null) {
            throw new IllegalArgumentException(what + f.owner() + " in stage " + f.stage() + ": the " + target.profile()
                    + " southbound does not carry conntrack label fields (" + label + ") yet");
        }
    }

    /** A conntrack label field the flow matches or commits, or null. */
    private static org.dsp.ir.LogicalField labelField(LogicalFlow f) {
        for (org.dsp.ir.FieldMatch m : f.fields()) {
            if (m.field().label()) {
                return m.field();
            }
        }
        for (LogicalAction a : f.actions()) {
            if (a instanceof LogicalAction.CtCommit) {
                for (LogicalAction.SetField m : ((LogicalAction.CtCommit) a).marks()) {
                    if (m.field().label()) {
                        return m.field();
                    }
                }
            }
        }
        return null;
    }

    /**
     * Refuses, before anything changes, a delta with a flow this driver cannot translate (an action
     * it does not carry, a flow that cannot fall through its stage): the compile state stays as it was.
     */
    public void precheck(LogicalDelta delta) {
        List<String> problems = new ArrayList<>();
        for (LogicalFlow f : delta.added()) {
            if (f.verdict() == null && !f.stage().equals(Stage.ENDPOINT)) {
                try {
                    checkTranslatable(plan, f);
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new UnrealizableException(delta.tenant(), problems);
        }
    }

    /**
     * Replaces the table plan (a service's stages joined the pipeline): every DSN's pipeline flows
     * are rebuilt and every logical flow is translated again against the new plan; returns what
     * changed on each DSN (stage tables keep their numbers, so mostly the chaining defaults).
     */
    public Map<DeviceId, FlowDelta> setPlan(TablePlan next) {
        carried(next, target);
        Touched touched = new Touched();
        TablePlan old = plan;
        for (DeviceId d : new ArrayList<>(programs.keySet())) {
            for (Contribution c : pipeline(inventory, d, old)) {
                contribute(d, c, touched, -1);
            }
        }
        plan = Objects.requireNonNull(next);
        for (LogicalProgram.FlowId id : new ArrayList<>(current.keySet())) {
            LogicalFlow f = current.get(id);
            if (f.stage().equals(Stage.ENDPOINT)) {
                continue; // endpoint flows live in the core's tables: no plan in them
            }
            withdraw(id, touched);
            place(id, translate(id, f, bindings.getOrDefault(f.owner().tenant(), Map.of())), touched);
        }
        for (DeviceId d : new ArrayList<>(programs.keySet())) {
            for (Contribution c : pipeline(inventory, d, plan)) {
                contribute(d, c, touched, +1);
            }
        }
        return deltas(touched);
    }

    /**
     * Replaces the inventory; DSNs whose uplink changed get their pipeline flows rebuilt. (The
     * inventory only tells uplinks: a device gets a program only when workloads sit behind it.)
     */
    public Map<DeviceId, FlowDelta> setInventory(Inventory next) {
        Touched touched = new Touched();
        Inventory old = inventory;
        inventory = next;
        // the pipelines of the DSNs that have programs first: a DSN the re-placement below creates gets the new one
        for (DeviceId d : new ArrayList<>(programs.keySet())) {
            if (Objects.equals(old.uplink(d), next.uplink(d)) && Objects.equals(old.tunnel(d), next.tunnel(d))
                    && Objects.equals(old.secure(d), next.secure(d))) {
                continue;
            }
            for (Contribution c : pipeline(old, d, plan)) {
                contribute(d, c, touched, -1);
            }
            for (Contribution c : pipeline(next, d, plan)) {
                contribute(d, c, touched, +1);
            }
        }
        boolean tunnelsChanged = !old.tunnels().equals(next.tunnels()) || !old.secure().equals(next.secure());
        boolean fabricChanged = !old.fabric().equals(next.fabric());
        boolean externalsChanged = !old.externals().equals(next.externals());
        if (tunnelsChanged || fabricChanged || externalsChanged) {
            // tenant-wide flows name other DSNs' underlay addresses; the gateways and the fabric's links are read only by the
            // translators that say so (ServiceTranslator.reads)
            for (Map<LogicalProgram.FlowId, ServiceTranslator> ns : networks.values()) {
                for (Map.Entry<LogicalProgram.FlowId, ServiceTranslator> e : ns.entrySet()) {
                    Set<ServiceTranslator.Input> reads = e.getValue().reads();
                    if (tunnelsChanged || (fabricChanged && reads.contains(ServiceTranslator.Input.FABRIC))
                            || (externalsChanged && reads.contains(ServiceTranslator.Input.GATEWAYS))) {
                        LogicalFlow f = current.get(e.getKey());
                        withdraw(e.getKey(), touched);
                        place(e.getKey(), translate(e.getKey(), f, bindings.getOrDefault(f.owner().tenant(), Map.of())), touched);
                    }
                }
            }
        }
        retireEmptyDsns(touched); // a gateway that served only other DSNs' workloads holds nothing now
        return deltas(touched);
    }

    /** A DSN's pipeline flows for an inventory. */
    private List<Contribution> pipeline(Inventory inv, DeviceId d, TablePlan plan) {
        return PipelineFlows.of(inv.uplink(d), inv.tunnel(d), inv.secure(d), plan, target.ctLabels());
    }

    /**
     * Translates a logical flow (not an endpoint binding) with its tenant's bindings: a tenant-wide
     * one with the translator that took it, any other as a rule.
     */
    private Map<DeviceId, List<Contribution>> translate(LogicalProgram.FlowId id, LogicalFlow f, Map<String, EndpointBinding> tenant) {
        Map<LogicalProgram.FlowId, ServiceTranslator> wide = networks.get(f.owner().tenant());
        ServiceTranslator t = wide == null ? null : wide.get(id);
        if (t != null) {
            String name = f.owner().tenant();
            return t.translate(f, new TranslationContext(tenant, inventory, plan, target, () -> {
                List<LogicalFlow> ss = new ArrayList<>();
                for (LogicalProgram.FlowId s : selects.getOrDefault(name, Set.of())) {
                    ss.add(current.get(s));
                }
                return ss;
            }));
        }
        return RuleTranslator.translate(f, tenant, target, plan);
    }

    /** Forgets flow {@code id} of {@code tenant} as tenant-wide (with its translator), if it was. */
    private void forgetTenantWide(String tenant, LogicalProgram.FlowId id) {
        Map<LogicalProgram.FlowId, ServiceTranslator> ns = networks.get(tenant);
        if (ns != null && ns.remove(id) != null && ns.isEmpty()) {
            networks.remove(tenant);
        }
    }

    /** Whether a flow selects among backends (a load balancer's VIP and port). */
    private static boolean selecting(LogicalFlow f) {
        return f.verdict() == null && !f.stage().equals(Stage.ENDPOINT) && SelectFlows.select(f) != null;
    }

    private Set<LogicalProgram.FlowId> users(String tenant, String endpoint) {
        Map<String, Set<LogicalProgram.FlowId>> m = usersOfEndpoint.get(tenant);
        Set<LogicalProgram.FlowId> s = m == null ? null : m.get(endpoint);
        return s == null ? Set.of() : new HashSet<>(s);
    }

    private void index(String tenant, LogicalProgram.FlowId id, LogicalFlow f) {
        Map<String, Set<LogicalProgram.FlowId>> m = usersOfEndpoint.computeIfAbsent(tenant, k -> new HashMap<>());
        for (String e : used(f)) {
            m.computeIfAbsent(e, k -> new HashSet<>()).add(id);
        }
    }

    /** The endpoints whose bindings a flow's translation reads: its local endpoints, and a select's backends. */
    private static Iterable<String> used(LogicalFlow f) {
        LogicalAction.SelectBackend s = f.verdict() == null ? SelectFlows.select(f) : null;
        if (s == null) { // a rule or any other flow: its local endpoints, no copy
            return () -> f.local().stream().map(EndpointTerm::endpoint).iterator();
        }
        Set<String> out = new HashSet<>();
        f.local().forEach(t -> out.add(t.endpoint()));
        s.backends().forEach(b -> out.add(b.endpoint()));
        s.probed().forEach(b -> out.add(b.endpoint()));
        return out;
    }

    private void unindex(String tenant, LogicalProgram.FlowId id, LogicalFlow f) {
        Map<String, Set<LogicalProgram.FlowId>> m = usersOfEndpoint.get(tenant);
        if (m == null) {
            return;
        }
        for (String e : used(f)) {
            Set<LogicalProgram.FlowId> s = m.get(e);
            if (s != null) {
                s.remove(id);
                if (s.isEmpty()) {
                    m.remove(e);
                }
            }
        }
    }

    private void withdraw(LogicalProgram.FlowId id, Touched touched) {
        Map<DeviceId, List<Contribution>> placed = byFlow.remove(id);
        if (placed == null) {
            return;
        }
        for (Map.Entry<DeviceId, List<Contribution>> e : placed.entrySet()) {
            for (Contribution c : e.getValue()) {
                contribute(e.getKey(), c, touched, -1);
            }
            tenantContributions.merge(e.getKey(), -e.getValue().size(), Integer::sum);
        }
    }

    private void ensureDsn(DeviceId d, Touched touched) {
        if (programs.containsKey(d)) {
            return;
        }
        programs.put(d, new HashMap<>());
        contributions.put(d, new HashMap<>());
        for (Contribution c : pipeline(inventory, d, plan)) {
            contribute(d, c, touched, +1);
        }
    }

    private void retireEmptyDsns(Touched touched) {
        // only a DSN this apply touched can have lost its last tenant contribution
        for (DeviceId d : new ArrayList<>(touched.before.keySet())) {
            if (!programs.containsKey(d)) {
                continue;
            }
            if (tenantContributions.getOrDefault(d, 0) > 0) {
                continue;
            }
            for (Contribution c : pipeline(inventory, d, plan)) {
                contribute(d, c, touched, -1);
            }
            tenantContributions.remove(d);
        }
    }

    /**
     * Counts, on one DSN, the flow keys the compiled state holds and the distinct key objects its
     * contributions refer to (equal when every key is shared; for tests and diagnostics).
     */
    int[] keyObjects(DeviceId d) {
        java.util.Set<DsnFlow.Key> objects = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Map<DeviceId, List<Contribution>> placed : byFlow.values()) {
            for (Contribution c : placed.getOrDefault(d, List.of())) {
                objects.add(c.key);
            }
        }
        contributions.getOrDefault(d, Map.of()).values().forEach(cs -> cs.keySet().forEach(c -> objects.add(c.key)));
        return new int[] {contributions.getOrDefault(d, Map.of()).size(), objects.size()};
    }

    /** Adds or withdraws one contribution; the key's merged flow is recomputed once, in {@link #deltas}. */
    private void contribute(DeviceId d, Contribution c, Touched touched, int sign) {
        Map<DsnFlow.Key, Map<Contribution, Integer>> cs = contributions.get(d);
        Map<DsnFlow.Key, DsnFlow> before = touched.before.computeIfAbsent(d, k -> new HashMap<>());
        if (!before.containsKey(c.key)) {
            before.put(c.key, programs.get(d).get(c.key));
        }
        Map<Contribution, Integer> counts = cs.computeIfAbsent(c.key, k -> new HashMap<>(2));
        int n = counts.getOrDefault(c, 0) + sign;
        if (n > 0) {
            counts.put(c, n);
        } else {
            counts.remove(c);
        }
        if (counts.isEmpty()) {
            cs.remove(c.key);
            Map<DsnFlow.Key, DsnFlow.Key> shared = keys.get(d);
            if (shared != null) {
                shared.remove(c.key);
            }
        }
    }

    private Map<DeviceId, FlowDelta> deltas(Touched touched) {
        Map<DeviceId, FlowDelta> out = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        for (Map.Entry<DeviceId, Map<DsnFlow.Key, DsnFlow>> e : touched.before.entrySet()) {
            DeviceId d = e.getKey();
            Map<DsnFlow.Key, DsnFlow> prog = programs.get(d);
            Map<DsnFlow.Key, Map<Contribution, Integer>> cs = contributions.get(d);
            for (DsnFlow.Key k : e.getValue().keySet()) {
                Map<Contribution, Integer> counts = cs.get(k);
                DsnFlow was = counts == null ? prog.remove(k) : prog.put(k, FlowMerger.merge(k, new ArrayList<>(counts.keySet())));
                if (k.table().groups() && (was == null) != (counts == null)) {
                    groupEntries.merge(d, counts == null ? -1 : 1, Integer::sum);
                }
            }
            List<DsnFlow> adds = new ArrayList<>();
            List<DsnFlow> mods = new ArrayList<>();
            List<DsnFlow> rems = new ArrayList<>();
            for (Map.Entry<DsnFlow.Key, DsnFlow> k : touched.wantDeltas ? e.getValue().entrySet()
                    : Map.<DsnFlow.Key, DsnFlow>of().entrySet()) {
                DsnFlow was = k.getValue();
                DsnFlow now = prog.get(k.getKey());
                if (was == null && now != null) {
                    adds.add(now);
                } else if (was != null && now == null) {
                    rems.add(was);
                } else if (was != null && !was.equals(now)) {
                    mods.add(now);
                }
            }
            if (touched.wantDeltas && (!adds.isEmpty() || !mods.isEmpty() || !rems.isEmpty())) {
                out.put(d, new FlowDelta(d, adds, mods, rems));
            }
            if (prog.isEmpty()) {
                programs.remove(d);
                contributions.remove(d);
                keys.remove(d);
                groupEntries.remove(d);
            }
        }
        return out;
    }

    /** Returns the inventory. */
    public Inventory inventory() {
        return inventory;
    }

}
