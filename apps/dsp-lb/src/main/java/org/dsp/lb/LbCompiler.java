package org.dsp.lb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.compiler.Keys;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.PeerTerm;
import org.dsp.ir.ServiceMatch;
import org.dsp.lb.model.LbPort;
import org.dsp.lb.model.LoadBalancer;
import org.dsp.lb.model.LoadBalancers;
import org.dsp.lb.model.NoBackendAction;
import org.dsp.lb.model.SelectionMode;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.NamedPort;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;
import org.onlab.packet.IpAddress;

/**
 * Each virtual service (VIP x port) to one logical flow in {@code lb_vip}: the tenant's workloads,
 * as clients on the sending side, opening a connection to the VIP's protocol/port get
 * {@code select} over the backends - each member endpoint's address of the VIP's IP version, on the
 * target port (a named port resolved per endpoint; an endpoint without it is left out), with its
 * weight. A backend is never its own client: hairpin is not carried yet, so a backend's
 * connections to its own VIP are not balanced (docs/lb.md). A backend whose health check says it
 * is down is left out; the probed backends ride on the flow of the IPv4 VIP's first port, so the
 * driver punts their answers to the probes. Recompiled whole on every change.
 */
final class LbCompiler implements ServiceCompiler {
    private final HealthMonitor monitor;
    private final Neighbours neighbours;
    private List<LogicalFlow> last = List.of();
    private String tenant;

    LbCompiler(HealthMonitor monitor, Neighbours neighbours) {
        this.monitor = monitor;
        this.neighbours = neighbours;
    }

    @Override
    public ServiceDelta update(TenantContext ctx) {
        LoadBalancers section = ctx.document().section(LbCodec.KEY, LoadBalancers.class);
        List<LogicalFlow> now = new ArrayList<>();
        if (tenant != null && !tenant.equals(ctx.tenantId())) {
            monitor.forget(tenant);
            neighbours.vips(tenant, Set.of());
        }
        tenant = ctx.tenantId();
        Set<org.onlab.packet.Ip6Address> vip6 = new java.util.HashSet<>();
        if (section != null) {
            // owner keys (conj_id and cookie bits) probed so no two selections of the tenant share one
            List<String> selections = new ArrayList<>();
            for (LoadBalancer lb : section.list()) {
                for (IpAddress vip : lb.vips()) {
                    lb.ports().forEach(p -> selections.add(selection(lb, vip, p)));
                }
            }
            Map<String, Integer> keys = distinctLow(Keys.ownerKeys(ctx.tenantId() + "/lb/", selections));
            for (LoadBalancer lb : section.list()) {
                now.addAll(flows(ctx, lb, monitor, keys));
                lb.vips().stream().filter(IpAddress::isIp6).forEach(v -> vip6.add(v.getIp6Address()));
            }
        }
        // the load balancers the document no longer has are probed no more
        monitor.retain(ctx.tenantId(), section == null ? Set.of()
                : section.list().stream().map(LoadBalancer::name).collect(java.util.stream.Collectors.toSet()));
        neighbours.vips(ctx.tenantId(), vip6);
        ServiceDelta d = new ServiceDelta(last, now, Map.of());
        last = now;
        return d;
    }

    private static String selection(LoadBalancer lb, IpAddress vip, LbPort port) {
        return lb.name() + "/" + vip + "/" + port.protocol().wireName() + "/" + port.port();
    }

    /**
     * The selections' owner keys made distinct in their low 15 bits too (probing upwards, in name
     * order): the OVS driver names a selection's group by the tenant key and those bits.
     */
    static Map<String, Integer> distinctLow(Map<String, Integer> keys) {
        Map<String, Integer> out = new java.util.HashMap<>();
        Set<Integer> low = new java.util.HashSet<>();
        Set<Integer> used = new java.util.HashSet<>();
        for (String name : new java.util.TreeSet<>(keys.keySet())) {
            int k = keys.get(name);
            while (k == 0 || low.contains(k & 0x7fff) || used.contains(k)) {
                k = (k + 1) & Keys.OWNER_KEY_MASK;
            }
            low.add(k & 0x7fff);
            used.add(k);
            out.put(name, k);
        }
        return out;
    }

    private static List<LogicalFlow> flows(TenantContext ctx, LoadBalancer lb, HealthMonitor monitor, Map<String, Integer> keys) {
        java.util.SortedSet<String> members = lb.backends().members(ctx.groups());
        // health: the backends probed from the IPv4 VIP, and which of them are up
        IpAddress vip4 = lb.vips().stream().filter(IpAddress::isIp4).findFirst().orElse(null);
        List<ProbeTarget> targets = new ArrayList<>();
        if (lb.healthCheck() != null && vip4 != null) {
            for (String name : members) {
                ProbeTarget t = target(ctx, lb, ctx.document().endpoints().get(name), vip4);
                if (t != null) {
                    targets.add(t);
                }
            }
        }
        Set<String> up = monitor.track(ctx.tenantId(), lb.name(), targets);
        Set<String> down = new java.util.HashSet<>();
        targets.stream().filter(t -> !up.contains(t.key())).forEach(t -> down.add(t.endpoint));
        // every endpoint of the tenant is a client, its backends too (hairpin: one that reaches itself gets it from the VIP)
        TreeSet<EndpointTerm> clients = new TreeSet<>();
        for (String e : ctx.document().endpoints().keySet()) {
            clients.add(EndpointTerm.of(e));
        }
        List<LogicalFlow> out = new ArrayList<>();
        if (clients.isEmpty()) {
            return out;
        }
        for (IpAddress vip : lb.vips()) {
            for (LbPort port : lb.ports()) {
                List<LogicalAction.SelectBackend.Backend> backends = new ArrayList<>();
                for (String name : members) {
                    if (down.contains(name)) {
                        continue; // failed its health check: new connections go to the others
                    }
                    Endpoint e = ctx.document().endpoints().get(name);
                    IpAddress address = e.addresses().stream().filter(a -> a.version() == vip.version()).findFirst().orElse(null);
                    int target = port.targetPortName() == null ? port.targetPort() : named(e, port);
                    if (address != null && target > 0) {
                        backends.add(new LogicalAction.SelectBackend.Backend(name, address, target, lb.backends().weight(name)));
                    }
                }
                // one owner per VIP and port: each has its own flows and cookie (counters per VIP and port)
                String selection = selection(lb, vip, port);
                Owner owner = Owner.of(ctx.tenantId(), ctx.tenantKey(), LbApp.LOAD_BALANCER, selection, keys.get(selection));
                boolean bySource = lb.selection() == SelectionMode.SOURCE_IP;
                boolean reject = lb.whenNoBackend() == NoBackendAction.REJECT;
                // the probes' answers are punted where the flow of the IPv4 VIP's first port is placed
                List<LogicalAction.SelectBackend.Backend> probedHere = !targets.isEmpty() && vip.equals(vip4)
                        && port.equals(lb.ports().get(0)) ? probed(targets) : List.of();
                LogicalAction.SelectBackend select = LogicalAction.select(selection, backends, bySource, reject, LbApp.PUNT, probedHere);
                if (bySource) {
                    select = select.withAffinity(lb.affinitySeconds());
                }
                select = select.withHairpin(LbApp.HAIRPIN);
                TreeSet<PeerTerm> peers = new TreeSet<>(List.of(PeerTerm.of(vip.toIpPrefix())));
                TreeSet<ServiceMatch> services = new TreeSet<>(List.of(ServiceMatch.of(port.protocol(), port.port(), port.port())));
                out.add(LogicalFlow.actions(LbApp.VIP, 1000, owner, Direction.EGRESS, clients, peers, services, List.of(select)));
            }
        }
        return out;
    }

    /** The probe target of a member: where it is, its IPv4 address, the port probed; null when it cannot be probed. */
    private static ProbeTarget target(TenantContext ctx, LoadBalancer lb, Endpoint e, IpAddress vip4) {
        IpAddress a = e.addresses().stream().filter(IpAddress::isIp4).findFirst().orElse(null);
        if (a == null || e.attachment() == null || e.mac() == null) {
            return null;
        }
        org.dsp.lb.model.HealthCheck c = lb.healthCheck();
        int port = c.port() > 0 ? c.port() : c.portName() != null ? namedTcp(e, c.portName())
                : lb.ports().get(0).targetPortName() == null ? lb.ports().get(0).targetPort() : named(e, lb.ports().get(0));
        if (port <= 0) {
            return null;
        }
        return new ProbeTarget(ctx.tenantId(), lb.name(), e.name(), e.attachment().dsn(), e.attachment().port().toLong(), e.mac(),
                a.getIp4Address(), port, c, vip4.getIp4Address());
    }

    private static List<LogicalAction.SelectBackend.Backend> probed(List<ProbeTarget> targets) {
        List<LogicalAction.SelectBackend.Backend> out = new ArrayList<>();
        targets.forEach(t -> out.add(new LogicalAction.SelectBackend.Backend(t.endpoint, t.address, t.port, 1)));
        return out;
    }

    private static int namedTcp(Endpoint e, String name) {
        NamedPort np = e.namedPort(name, org.dsp.model.Protocol.TCP);
        return np == null ? 0 : np.port();
    }

    private static int named(Endpoint e, LbPort port) {
        NamedPort np = e.namedPort(port.targetPortName(), port.protocol());
        return np == null ? 0 : np.port();
    }

    @Override
    public ServiceDelta clear() {
        if (tenant != null) {
            monitor.forget(tenant);
            neighbours.vips(tenant, Set.of());
        }
        ServiceDelta d = new ServiceDelta(last, List.of(), Map.of());
        last = List.of();
        return d;
    }
}
