package org.dsp.nat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.compiler.Keys;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.ExternalAccess;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.model.Direction;
import org.dsp.nat.model.FloatingIp;
import org.dsp.nat.model.NatRules;
import org.dsp.nat.model.PortForward;
import org.dsp.overlay.model.Network;
import org.dsp.overlay.model.Networks;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;

/**
 * A tenant's {@code nat} section to one logical flow ({@link ExternalAccess}): its local
 * endpoints are the members that take part (translated by a pool, holding a floating IP, or the
 * target of a port forward), with each member's network id, the pool rules with their resolved
 * members, the floating IPs and port forwards, and the tenant's NAT conntrack zone. The driver
 * places it at gateways and on the members' DSNs. Recompiled whole on every change.
 */
final class NatCompiler implements ServiceCompiler {
    /** The network id (low 8 bits of the tunnel id) of the tenant's external packets between its DSNs and a gateway. */
    static final int EXTERNAL_NETWORK = 0;

    private final NatState state;
    private List<LogicalFlow> last = List.of();
    private String tenant;

    NatCompiler(NatState state) {
        this.state = state;
    }

    @Override
    public ServiceDelta update(TenantContext ctx) {
        NatRules rules = ctx.document().section(NatCodec.KEY, NatRules.class);
        Networks networks = ctx.document().section("networks", Networks.class);
        List<LogicalFlow> now = new ArrayList<>();
        if (rules != null && !rules.isEmpty() && networks != null) {
            now.add(flow(ctx, rules, networks));
        }
        if (tenant != null && !tenant.equals(ctx.tenantId())) {
            state.forget(tenant);
        }
        tenant = ctx.tenantId();
        state.tenant(tenant, ctx.tenantKey(), now.isEmpty() ? null : (ExternalAccess) now.get(0).actions().get(0));
        ServiceDelta d = new ServiceDelta(last, now, Map.of());
        last = now;
        return d;
    }

    private static LogicalFlow flow(TenantContext ctx, NatRules rules, Networks networks) {
        Map<String, Network> placed = networks.placement(ctx.document());
        Map<String, Long> networkIds = networks.tunnelIds(placed, ctx.tenantKey());
        Set<String> members = new TreeSet<>();
        List<ExternalAccess.Snat> snat = new ArrayList<>();
        rules.poolMembers(placed, ctx.groups()).forEach((r, mine) -> {
            members.addAll(mine);
            snat.add(new ExternalAccess.Snat(r.name(), mine, r.first(), r.last(), r.portFirst(), r.portLast()));
        });
        List<ExternalAccess.Inbound> inbound = new ArrayList<>();
        for (FloatingIp f : rules.floatingIps()) {
            if (f.endpoint() == null) { // a published load balancer: the driver finds its backends in its select flows
                inbound.add(ExternalAccess.Inbound.published(f.address(), f.loadBalancer()));
                continue;
            }
            inbound.add(ExternalAccess.Inbound.floating(f.address(), f.endpoint()));
            members.add(f.endpoint());
        }
        for (PortForward f : rules.portForwards()) {
            inbound.add(ExternalAccess.Inbound.forward(f.address(), f.protocolNumber(), f.port(), f.endpoint(), f.targetPort()));
            members.add(f.endpoint());
        }
        Owner owner = Owner.of(ctx.tenantId(), ctx.tenantKey(), NatApp.NAT, "nat", Keys.ownerKey(ctx.tenantId() + "/nat/", "nat"));
        List<org.onlab.packet.IpPrefix> internal = new ArrayList<>();
        networks.list().forEach(n -> n.subnets().stream().filter(s -> s.cidr().isIp4()).forEach(s -> internal.add(s.cidr())));
        ExternalAccess access = new ExternalAccess(ctx.zone(NatApp.NAME), Networks.tunnelId(ctx.tenantKey(), EXTERNAL_NETWORK), Networks.ROUTER_MAC,
                networkIds, internal, snat, inbound, NatApp.MARK, NatApp.PUNT, NatApp.STAGES);
        java.util.SortedSet<EndpointTerm> local = new TreeSet<>();
        members.forEach(m -> local.add(EndpointTerm.of(m)));
        return LogicalFlow.actions(NatApp.ROUTE, 1000, owner, Direction.EGRESS, local, null, null, List.of(access));
    }

    @Override
    public ServiceDelta clear() {
        ServiceDelta d = new ServiceDelta(last, List.of(), Map.of());
        last = List.of();
        if (tenant != null) {
            state.forget(tenant);
            tenant = null;
        }
        return d;
    }
}
