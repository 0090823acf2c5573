package org.dsp.compiler;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalDelta;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.LogicalProgram;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.ir.Verdict;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.RuleAction;
import org.dsp.model.TenantDocument;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.Services;
import org.dsp.spi.TenantContext;

/**
 * Step 1 for one tenant: a document to logical flows. The core makes the endpoint bindings and
 * the isolation defaults; every service compiles its own section with its own incremental
 * compiler ({@link ServiceApp#compiler}), and the endpoints any service isolates get an isolation
 * flow in each direction. {@link #update} returns only what changed; the resulting program always
 * equals what {@link #compile} gives for the same document and services.
 */
public final class LogicalCompiler {
    private final int tenantKey;
    private Services services;
    private org.dsp.spi.ZoneAllocator zones = org.dsp.spi.ZoneAllocator.DERIVED;
    /** The endpoints whose addresses a service made private to the tenant, as of the last compile. */
    private java.util.Set<String> scoped = java.util.Set.of();
    private TenantDocument doc;
    private GroupResolver groups;
    private final Map<LogicalProgram.FlowId, LogicalFlow> flows = new HashMap<>();
    private final Map<String, ServiceCompiler> compilers = new LinkedHashMap<>();
    private final Map<String, Map<Direction, SortedSet<String>>> isolatedBy = new HashMap<>();
    /** The core's own flows among {@link #flows}: endpoint bindings and isolation defaults, so a change never scans the rest. */
    private final Map<LogicalProgram.FlowId, LogicalFlow> endpointFlows = new HashMap<>();
    private final Map<LogicalProgram.FlowId, LogicalFlow> isolationFlows = new HashMap<>();
    /** The endpoints isolated per direction when the isolation flows were last made. */
    private Map<Direction, Set<String>> lastIsolated = Map.of();

    /** Creates a compiler for one tenant whose flows carry {@code tenantKey}, with the services on the class path. */
    public LogicalCompiler(int tenantKey) {
        this(tenantKey, Services.discovered());
    }

    /** Creates a compiler for one tenant whose flows carry {@code tenantKey}, compiling the sections of {@code services}. */
    public LogicalCompiler(int tenantKey, Services services) {
        this.tenantKey = tenantKey;
        this.services = Objects.requireNonNull(services);
    }

    /** Compiles a validated document with its tenant's default key and the services on the class path. */
    public static LogicalProgram compile(TenantDocument doc) {
        return compile(doc, Keys.tenantKey(doc.tenantId()));
    }

    /** Compiles a validated document with the services on the class path; {@code tenantKey} is the tenant's 16-bit key. */
    public static LogicalProgram compile(TenantDocument doc, int tenantKey) {
        return compile(doc, tenantKey, Services.discovered());
    }

    /** Compiles a validated document with {@code services}. */
    public static LogicalProgram compile(TenantDocument doc, int tenantKey, Services services) {
        LogicalCompiler c = new LogicalCompiler(tenantKey, services);
        c.update(doc);
        return c.program();
    }

    /**
     * Gives the tenant's extra conntrack zones from {@code allocator} (the core's durable
     * allocation) instead of {@link org.dsp.spi.ZoneAllocator#DERIVED}; returns this compiler.
     */
    public LogicalCompiler zones(org.dsp.spi.ZoneAllocator allocator) {
        this.zones = Objects.requireNonNull(allocator);
        return this;
    }

    /** Returns the tenant key. */
    public int tenantKey() {
        return tenantKey;
    }

    /** Returns the services this compiler compiles the sections of. */
    public Services services() {
        return services;
    }

    /** Returns the program of the last document compiled (empty before the first). */
    public LogicalProgram program() {
        return new LogicalProgram(doc == null ? "" : doc.tenantId(), tenantKey, new ArrayList<>(flows.values()));
    }

    /** Returns the last document compiled, or null. */
    public TenantDocument document() {
        return doc;
    }

    /**
     * Removes everything; returns the delta that deletes the tenant's flows. Every service compiler
     * is cleared too, so services stop their work for the tenant (a chain's health probes).
     */
    public LogicalDelta clear() {
        LogicalDelta d = new LogicalDelta(doc == null ? "" : doc.tenantId(), tenantKey, new ArrayList<>(flows.values()), List.of());
        flows.clear();
        compilers.values().forEach(org.dsp.spi.ServiceCompiler::clear);
        compilers.clear();
        isolatedBy.clear();
        endpointFlows.clear();
        isolationFlows.clear();
        lastIsolated = Map.of();
        doc = null;
        groups = null;
        scoped = java.util.Set.of();
        return d;
    }

    /**
     * Compiles {@code next} with another set of services: the flows of services that left are
     * withdrawn, those that came compile {@code next} afresh, the others incrementally.
     */
    public LogicalDelta update(TenantDocument next, Services with) {
        List<LogicalFlow> removed = new ArrayList<>();
        for (String name : new ArrayList<>(compilers.keySet())) {
            if (with.app(name) == null || with.app(name) != services.app(name)) {
                apply(compilers.remove(name).clear(), removed, new ArrayList<>());
                isolatedBy.remove(name);
            }
        }
        this.services = with;
        LogicalDelta d = update(next);
        List<LogicalFlow> allRemoved = new ArrayList<>(removed);
        allRemoved.addAll(d.removed());
        return net(next.tenantId(), allRemoved, d.added());
    }

    /**
     * Compiles {@code next} and returns what changed since the previous document.
     *
     * @param next a validated document of this compiler's tenant
     * @return the logical delta
     */
    public LogicalDelta update(TenantDocument next) {
        Objects.requireNonNull(next);
        java.util.Set<String> scopedNow = scopedEndpoints(next, services);
        boolean sameWorld = doc != null && doc.tenantId().equals(next.tenantId())
                && doc.endpoints().equals(next.endpoints()) && doc.groups().equals(next.groups())
                && doc.namespaces().equals(next.namespaces());
        List<LogicalFlow> removed = new ArrayList<>();
        List<LogicalFlow> added = new ArrayList<>();
        if (!sameWorld) {
            groups = new GroupResolver(next);
        }
        if (!sameWorld || !scopedNow.equals(scoped)) {
            Map<LogicalProgram.FlowId, LogicalFlow> want = new HashMap<>();
            for (Endpoint e : next.endpoints().values()) {
                LogicalFlow f = LogicalFlow.endpoint(Owner.of(next.tenantId(), tenantKey, Owner.Kind.ENDPOINT, e.name(),
                        endpointKey(next.tenantId(), e.name())),
                        EndpointBinding.of(e.name(), e.attachment(), e.mac(), e.addresses(), scopedNow.contains(e.name())));
                want.put(id(f), f);
            }
            replace(endpointFlows, want, removed, added);
            scoped = scopedNow;
        }
        TenantContext ctx = new TenantContext(next, tenantKey, groups, sameWorld, zones);
        for (ServiceApp s : services.apps()) {
            ServiceCompiler c = compilers.computeIfAbsent(s.name(), k -> s.compiler(ctx));
            ServiceDelta d = c.update(ctx);
            apply(d, removed, added);
            Map<Direction, SortedSet<String>> iso = new EnumMap<>(Direction.class);
            for (Direction dir : Direction.values()) {
                iso.put(dir, d.isolated(dir));
            }
            isolatedBy.put(s.name(), iso);
        }
        isolation(next, sameWorld, removed, added);
        doc = next;
        return net(next.tenantId(), removed, added);
    }

    private void apply(ServiceDelta d, List<LogicalFlow> removed, List<LogicalFlow> added) {
        for (LogicalFlow f : d.removed()) {
            if (flows.remove(id(f)) != null) {
                removed.add(f);
            }
        }
        for (LogicalFlow f : d.added()) {
            LogicalFlow old = flows.put(id(f), f);
            if (old != null) {
                removed.add(old); // net() keeps the first form of a flow removed more than once
            }
            added.add(f);
        }
    }

    /** A flow removed and added again unchanged is no change; the delta lists each flow once. */
    private LogicalDelta net(String tenant, List<LogicalFlow> removed, List<LogicalFlow> added) {
        Map<LogicalProgram.FlowId, LogicalFlow> gone = new LinkedHashMap<>();
        for (LogicalFlow f : removed) {
            gone.putIfAbsent(id(f), f);
        }
        Map<LogicalProgram.FlowId, LogicalFlow> came = new LinkedHashMap<>();
        for (LogicalFlow f : added) {
            came.put(id(f), f);
        }
        List<LogicalFlow> r = new ArrayList<>();
        List<LogicalFlow> a = new ArrayList<>();
        for (Map.Entry<LogicalProgram.FlowId, LogicalFlow> e : gone.entrySet()) {
            LogicalFlow now = flows.get(e.getKey());
            if (!e.getValue().equals(now)) {
                r.add(e.getValue());
            }
        }
        for (Map.Entry<LogicalProgram.FlowId, LogicalFlow> e : came.entrySet()) {
            LogicalFlow now = flows.get(e.getKey());
            LogicalFlow was = gone.get(e.getKey());
            if (now != null && now.equals(e.getValue()) && !now.equals(was)) {
                a.add(now);
            }
        }
        return new LogicalDelta(tenant, tenantKey, r, a);
    }

    /**
     * The isolation flows: one per endpoint and direction that any service isolates. Remade only
     * when the isolated endpoints or the endpoints themselves changed.
     */
    private void isolation(TenantDocument next, boolean sameWorld, List<LogicalFlow> removed, List<LogicalFlow> added) {
        Map<Direction, Set<String>> isolated = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            Set<String> s = new TreeSet<>();
            for (Map<Direction, SortedSet<String>> m : isolatedBy.values()) {
                s.addAll(m.get(d));
            }
            isolated.put(d, s);
        }
        if (sameWorld && isolated.equals(lastIsolated)) {
            return;
        }
        lastIsolated = isolated;
        Map<LogicalProgram.FlowId, LogicalFlow> want = new HashMap<>();
        for (Direction d : Direction.values()) {
            Stage stage = d == Direction.EGRESS ? Stage.EGRESS_ISOLATION : Stage.INGRESS_ISOLATION;
            for (String e : isolated.get(d)) {
                if (!next.endpoints().containsKey(e)) {
                    continue;
                }
                Owner owner = Owner.of(next.tenantId(), tenantKey, Owner.Kind.ISOLATION, e + "/" + d.wireName(),
                        endpointKey(next.tenantId(), e));
                LogicalFlow f = LogicalFlow.rule(stage, 0, owner, new TreeSet<>(List.of(EndpointTerm.of(e))), null, null,
                        Verdict.of(RuleAction.DENY, true, false, false));
                want.put(id(f), f);
            }
        }
        replace(isolationFlows, want, removed, added);
    }

    /** Makes the core flows {@code mine} (a part of {@link #flows}) those of {@code want}, recording the change. */
    private void replace(Map<LogicalProgram.FlowId, LogicalFlow> mine, Map<LogicalProgram.FlowId, LogicalFlow> want,
                         List<LogicalFlow> removed, List<LogicalFlow> added) {
        for (LogicalFlow f : new ArrayList<>(mine.values())) {
            if (!f.equals(want.get(id(f)))) {
                mine.remove(id(f));
                flows.remove(id(f));
                removed.add(f);
            }
        }
        for (LogicalFlow f : want.values()) {
            if (!f.equals(mine.get(id(f)))) {
                mine.put(id(f), f);
                flows.put(id(f), f);
                added.add(f);
            }
        }
    }

    /** Returns the owner key of an endpoint (its binding and its isolation flows). */
    public static int endpointKey(String tenantId, String endpoint) {
        return Keys.ownerKey(tenantId + "/endpoint/", endpoint);
    }

    private static LogicalProgram.FlowId id(LogicalFlow f) {
        return new LogicalProgram.FlowId(f.stage(), f.owner());
    }

    /** The endpoints of {@code doc} whose addresses the active services make private to the tenant. */
    public static java.util.Set<String> scopedEndpoints(TenantDocument doc, Services services) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (ServiceApp s : services.apps()) {
            out.addAll(s.scopedEndpoints(doc));
        }
        return out;
    }

    /** The shared resources the sections of {@code services} hold in a validated document ({@link ServiceApp#claims}). */
    public static Map<String, String> serviceClaims(TenantDocument doc, Services services) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (ServiceApp s : services.apps()) {
            s.claims(doc).forEach(out::putIfAbsent);
        }
        return out;
    }
}
