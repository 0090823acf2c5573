package org.dsp.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dsp.chain.model.Chain;
import org.dsp.chain.model.Chains;
import org.dsp.chain.model.Step;
import org.dsp.compiler.Keys;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.ServicePaths;
import org.dsp.model.Direction;
import org.dsp.overlay.model.Network;
import org.dsp.overlay.model.Networks;
import org.dsp.overlay.model.OverlayStages;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;

/**
 * A tenant's {@code chains} section to one logical flow ({@link ServicePaths}): each chain's
 * class resolved to its endpoints, its service-function hops with a steering index per instance
 * (1, 2, ... over the tenant's chains in order), the members' network ids and the tenant's
 * steering key (a zone-sized number of its own, {@link TenantContext#zone}). Its local endpoints
 * are every endpoint the chains name, so the flow is placed again when one of them moves.
 * Recompiled whole on every change.
 */
final class ChainCompiler implements ServiceCompiler {
    private final ChainHealth health;
    private final ChainLoad load;
    private final Map<String, Explained> explained;
    private List<LogicalFlow> last = List.of();
    private String tenant;

    /** What a tenant's latest compile holds for explanations: its chains and where its endpoints are attached. */
    static final class Explained {
        final ServicePaths paths;
        final Map<String, org.dsp.model.Attachment> where;

        Explained(ServicePaths paths, Map<String, org.dsp.model.Attachment> where) {
            this.paths = paths;
            this.where = where;
        }
    }

    ChainCompiler(ChainHealth health, ChainLoad load, Map<String, Explained> explained) {
        this.health = health;
        this.load = load;
        this.explained = explained;
    }

    @Override
    public ServiceDelta update(TenantContext ctx) {
        Chains chains = ctx.document().section(ChainCodec.KEY, Chains.class);
        Networks networks = ctx.document().section("networks", Networks.class);
        List<LogicalFlow> now = new ArrayList<>();
        if (tenant != null && !tenant.equals(ctx.tenantId())) {
            health.forget(tenant);
            load.forget(tenant);
            explained.remove(tenant);
        }
        tenant = ctx.tenantId();
        if (chains != null && !chains.list().isEmpty() && networks != null) {
            List<ChainHealth.Target> targets = targets(ctx, chains, networks);
            LogicalFlow f = flow(ctx, chains, networks, health.track(tenant, targets), load.track(tenant, targets));
            now.add(f);
            Map<String, org.dsp.model.Attachment> where = new LinkedHashMap<>();
            ctx.document().endpoints().values().forEach(e -> where.put(e.name(), e.attachment()));
            explained.put(tenant, new Explained((ServicePaths) f.actions().get(0), where));
        } else {
            health.track(tenant, List.of()); // nothing probed; health kept (this may be a trial compile)
            load.track(tenant, List.of());
            explained.remove(tenant);
        }
        ServiceDelta d = new ServiceDelta(last, now, Map.of());
        last = now;
        return d;
    }

    /** Every instance of the tenant's chains, to be probed where its document attaches it. */
    static List<ChainHealth.Target> targets(TenantContext ctx, Chains chains, Networks networks) {
        Map<String, ChainHealth.Target> out = new LinkedHashMap<>();
        for (Chain c : chains.list()) {
            for (Step s : c.steps()) {
                for (String x : s.instances()) {
                    org.dsp.model.Endpoint e = ctx.document().endpoints().get(x);
                    out.putIfAbsent(x, new ChainHealth.Target(ctx.tenantId(), x, e.attachment().dsn(), e.attachment().port().toLong(), e.mac(),
                            s.routed(), ChainClass.gateway(networks, e)));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    /**
     * The chains of a tenant as the IR's service paths, the instances in {@code down} failed their
     * health checks, those in {@code load} at those load levels (the others 0) - also what
     * {@code dsp chain explain} reads.
     */
    static ServicePaths paths(TenantContext ctx, Chains chains, Networks networks, java.util.Set<String> down, Map<String, Integer> load) {
        Map<String, Network> placed = networks.placement(ctx.document());
        Map<String, Long> networkIds = networks.tunnelIds(placed, ctx.tenantKey());
        List<ServicePaths.Path> paths = new ArrayList<>();
        // a tenant that requires encryption has its chains' tunnels encrypted too; a chain with an encryption step, its own
        boolean encrypted = org.dsp.overlay.model.Encryption.required(ctx.document());
        Map<String, Integer> index = SteeringIndexes.assign(SteeringIndexes.instances(chains.list()));
        for (Chain c : chains.list()) {
            List<ServicePaths.Hop> hops = new ArrayList<>();
            List<String> steps = new ArrayList<>();
            for (int at = 0; at < c.steps().size(); at++) {
                Step s = c.steps().get(at);
                steps.add(s.name());
                if (s.function() == null) {
                    continue;
                }
                List<Integer> indexes = new ArrayList<>();
                for (String x : s.instances()) {
                    indexes.add(index.get(x));
                }
                java.util.Set<String> mine = new java.util.TreeSet<>(s.instances());
                mine.retainAll(down);
                hops.add(new ServicePaths.Hop(s.function(), s.routed(), s.bypass(), s.instances(), indexes, mine, load, s.capacity()));
            }
            ServicePaths.Path path = new ServicePaths.Path(c.name(), members(ChainClass.resolve(c.from(), ctx.groups()), placed),
                    members(ChainClass.resolve(c.to(), ctx.groups()), placed), c.protocolNumber(), ChainClass.ports(c, ctx.groups()), steps, hops,
                    encrypted || c.steps().stream().anyMatch(s -> Step.ENCRYPTION.equals(s.service()))); // not a function so named
            ServicePaths.Late late = late(ctx, c);
            if (late != null) {
                path = path.withLate(late);
            }
            List<org.onlab.packet.IpPrefix> external = ChainClass.external(c);
            // to (or from) the external network: handed to NAT's route stage after the functions (a reply of one from it) (validated: NAT is active, so its model is
            // here; a document stored while it was, read without it, has no way out and is not chained)
            org.dsp.ir.Stage route = external.isEmpty() ? null : ChainClass.lb(() -> org.dsp.nat.model.NatStages.ROUTE, null);
            if (external.isEmpty() || route != null) {
                paths.add(external.isEmpty() ? path : ChainClass.inbound(c) ? path.fromExternal(external, route) : path.toExternal(external, route));
            }
        }
        // an encrypted tunnel carries less than the networks' MTU: an encrypted class is measured against that
        Map<String, Integer> mtus = new java.util.TreeMap<>();
        placed.forEach((member, network) -> mtus.put(member, network.mtu()));
        // a chain of several function steps pins its instances at the instances' DSNs too: a zone per step position
        int steps = paths.stream().mapToInt(x -> x.hops().size()).max().orElse(0);
        List<Integer> hopZones = new ArrayList<>();
        for (int i = 0; steps > 1 && i < steps; i++) {
            hopZones.add(ctx.zone(ChainApp.NAME + "-step-" + (i + 1)));
        }
        // a key of doomed packets' tunnel ids only for a tenant with late tiers (allocated durably, as the steering key)
        ServicePaths.Doom doom = paths.stream().anyMatch(x -> x.late() != null) ? new ServicePaths.Doom(ChainApp.DOOM, ctx.zone(ChainApp.DOOMED))
                : null;
        return new ServicePaths(ctx.zone(ChainApp.NAME), Networks.ROUTER_MAC, networkIds, ChainApp.HOP, ChainApp.SLOT,
                OverlayStages.MEASURE, OverlayStages.OUT, paths,
                new ServicePaths.Probe(ChainHealth.PROBE_SOURCE, ChainHealth.PROBE_PORT, ChainApp.PUNT),
                new ServicePaths.Mtu(OverlayStages.TOO_BIG, OverlayStages.PUNT, mtus, org.dsp.overlay.model.Encryption.MAX_MTU,
                        OverlayStages.PUNT_ENCRYPTED), new ServicePaths.Pin(ChainApp.PINNED, ChainApp.ARRIVED, ChainApp.OUT, ChainApp.BACK,
                        ChainApp.VIA, ctx.zone(ChainApp.DELIVERY), hopZones), encrypted, doom);
    }

    /**
     * The firewall tiers chain {@code c} decides late - those of its firewall step after a function
     * ({@link Chain#lateStep}), with how many function steps come before it - as the keys of their deny rules, per direction, the keys
     * the firewall's flows write (the same names, the same {@link Keys#ruleKeys}); null when it has
     * none, or the firewall's model is not here (its app is not active: a stored document read
     * without it decides nothing late).
     */
    static ServicePaths.Late late(TenantContext ctx, Chain c) {
        int at = c.lateStep();
        if (at < 0) {
            return null;
        }
        List<String> tiers = c.steps().get(at).firewallTiers();
        int passed = c.functionsBefore(at);
        return ChainClass.lb(() -> {
            org.dsp.firewall.model.FirewallSection fw = ctx.document().section("firewall", org.dsp.firewall.model.FirewallSection.class);
            if (fw == null) {
                return new ServicePaths.Late(List.of(), List.of(), passed); // no rule: nothing to deny late
            }
            List<org.dsp.firewall.model.Rule> rules = fw.allRules();
            Map<String, Integer> keys = Keys.ruleKeys(ctx.tenantId(), rules.stream().map(org.dsp.firewall.model.Rule::name)
                    .collect(java.util.stream.Collectors.toSet()));
            List<Integer> egress = new ArrayList<>();
            List<Integer> ingress = new ArrayList<>();
            for (String t : tiers) {
                for (org.dsp.firewall.model.Rule r : fw.rules(org.dsp.firewall.model.Tier.parse(t))) {
                    if (r.action() == org.dsp.model.RuleAction.DENY) {
                        (r.direction() == Direction.EGRESS ? egress : ingress).add(keys.get(r.name()));
                    }
                }
            }
            return new ServicePaths.Late(egress, ingress, passed);
        }, null);
    }

    private static List<String> members(SortedSet<String> eps, Map<String, Network> placed) {
        List<String> out = new ArrayList<>();
        eps.forEach(e -> {
            if (placed.containsKey(e)) {
                out.add(e);
            }
        });
        return out;
    }

    private static LogicalFlow flow(TenantContext ctx, Chains chains, Networks networks, java.util.Set<String> down, Map<String, Integer> load) {
        ServicePaths sp = paths(ctx, chains, networks, down, load);
        SortedSet<EndpointTerm> local = new TreeSet<>();
        for (ServicePaths.Path p : sp.paths()) {
            p.from().forEach(e -> local.add(EndpointTerm.of(e)));
            p.to().forEach(e -> local.add(EndpointTerm.of(e)));
            p.hops().forEach(h -> h.instances().forEach(e -> local.add(EndpointTerm.of(e))));
        }
        Owner owner = Owner.of(ctx.tenantId(), ctx.tenantKey(), ChainApp.CHAIN, "chains", Keys.ownerKey(ctx.tenantId() + "/chain/", "chains"));
        return LogicalFlow.actions(OverlayStages.MEASURE, 1000, owner, Direction.EGRESS, local, null, null, List.of(sp));
    }

    @Override
    public ServiceDelta clear() {
        ServiceDelta d = new ServiceDelta(last, List.of(), Map.of());
        last = List.of();
        if (tenant != null) {
            health.forget(tenant);
            load.forget(tenant);
            explained.remove(tenant);
            tenant = null;
        }
        return d;
    }
}
