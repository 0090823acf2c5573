package org.dsp.lb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dsp.compiler.Keys;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.PeerTerm;
import org.dsp.ir.ServiceMatch;
import org.dsp.lb.model.Backends;
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
 * connections to its own VIP are not balanced (docs/lb.md). Recompiled whole on every change.
 */
final class LbCompiler implements ServiceCompiler {
    private List<LogicalFlow> last = List.of();

    @Override
    public ServiceDelta update(TenantContext ctx) {
        LoadBalancers section = ctx.document().section(LbCodec.KEY, LoadBalancers.class);
        List<LogicalFlow> now = new ArrayList<>();
        if (section != null) {
            for (LoadBalancer lb : section.list()) {
                now.addAll(flows(ctx, lb));
            }
        }
        ServiceDelta d = new ServiceDelta(last, now, Map.of());
        last = now;
        return d;
    }

    private static List<LogicalFlow> flows(TenantContext ctx, LoadBalancer lb) {
        List<String> members = members(ctx, lb.backends());
        TreeSet<EndpointTerm> clients = new TreeSet<>();
        for (String e : ctx.document().endpoints().keySet()) {
            if (!members.contains(e)) {
                clients.add(EndpointTerm.of(e));
            }
        }
        List<LogicalFlow> out = new ArrayList<>();
        if (clients.isEmpty()) {
            return out;
        }
        for (IpAddress vip : lb.vips()) {
            for (LbPort port : lb.ports()) {
                List<LogicalAction.SelectBackend.Backend> backends = new ArrayList<>();
                for (String name : members) {
                    Endpoint e = ctx.document().endpoints().get(name);
                    IpAddress address = e.addresses().stream().filter(a -> a.version() == vip.version()).findFirst().orElse(null);
                    int target = port.targetPortName() == null ? port.targetPort() : named(e, port);
                    if (address != null && target > 0) {
                        backends.add(new LogicalAction.SelectBackend.Backend(name, address, target, lb.backends().weight(name)));
                    }
                }
                // one owner per VIP and port: each has its own flows and cookie (counters per VIP and port)
                String selection = lb.name() + "/" + vip + "/" + port.protocol().wireName() + "/" + port.port();
                Owner owner = Owner.of(ctx.tenantId(), ctx.tenantKey(), LbApp.LOAD_BALANCER, selection,
                        Keys.ownerKey(ctx.tenantId() + "/lb/", selection));
                LogicalAction select = LogicalAction.select(selection, backends, lb.selection() == SelectionMode.SOURCE_IP,
                        lb.whenNoBackend() == NoBackendAction.REJECT);
                TreeSet<PeerTerm> peers = new TreeSet<>(List.of(PeerTerm.of(vip.toIpPrefix())));
                TreeSet<ServiceMatch> services = new TreeSet<>(List.of(ServiceMatch.of(port.protocol(), port.port(), port.port())));
                out.add(LogicalFlow.actions(LbApp.VIP, 1000, owner, Direction.EGRESS, clients, peers, services, List.of(select)));
            }
        }
        return out;
    }

    private static int named(Endpoint e, LbPort port) {
        NamedPort np = e.namedPort(port.targetPortName(), port.protocol());
        return np == null ? 0 : np.port();
    }

    /** The endpoints the backends name that the document holds, sorted (a stable order for the selection). */
    private static List<String> members(TenantContext ctx, Backends b) {
        Collection<String> names;
        if (b.group() != null) {
            names = ctx.document().groups().containsKey(b.group()) ? ctx.groups().members(b.group()).endpoints() : List.of();
        } else if (b.endpoints() != null) {
            names = b.endpoints();
        } else {
            names = ctx.groups().select(b.selector());
        }
        List<String> out = new ArrayList<>(new TreeSet<>(names));
        out.removeIf(n -> !ctx.document().endpoints().containsKey(n));
        return out;
    }

    @Override
    public ServiceDelta clear() {
        ServiceDelta d = new ServiceDelta(last, List.of(), Map.of());
        last = List.of();
        return d;
    }
}
