package org.dsp.overlay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dsp.compiler.Keys;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.model.Direction;
import org.dsp.overlay.model.Network;
import org.dsp.overlay.model.Networks;
import org.dsp.overlay.model.Subnet;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;
import org.onlab.packet.IpAddress;

/**
 * Each network with members to one logical flow in the overlay stage: its members as the local
 * endpoints, and a {@link LogicalAction#network} action with the network's id (the tenant's key
 * and the network's own id: {@link #networkId}), the router's MAC, its gateways and MTU. The
 * driver turns it into tunnels, ARP answers and routes on every DSN of the tenant. Recompiled
 * whole on every change: a tenant has at most 255 networks.
 */
final class OverlayCompiler implements ServiceCompiler {
    private final OverlayNeighbours neighbours;
    private List<LogicalFlow> last = List.of();
    private int tenantKey = -1;

    OverlayCompiler(OverlayNeighbours neighbours) {
        this.neighbours = neighbours;
    }

    /** The network id in the tunnel key: the tenant's 16-bit key, then the network's 8-bit id within it. */
    static long networkId(int tenantKey, int id) {
        return Networks.tunnelId(tenantKey, id);
    }

    @Override
    public ServiceDelta update(TenantContext ctx) {
        Networks section = ctx.document().section(OverlayCodec.KEY, Networks.class);
        List<LogicalFlow> now = new ArrayList<>();
        Map<IpAddress, org.onlab.packet.MacAddress> answers = new java.util.HashMap<>(); // members' addresses, IPv6 gateways
        List<Network> nets = new ArrayList<>();
        if (section != null) {
            Map<Network, TreeSet<EndpointTerm>> members = new java.util.IdentityHashMap<>();
            section.placement(ctx.document()).forEach((e, net) -> {
                members.computeIfAbsent(net, k -> new TreeSet<>()).add(EndpointTerm.of(e));
                org.dsp.model.Endpoint ep = ctx.document().endpoints().get(e);
                ep.addresses().forEach(a -> answers.put(a, ep.mac()));
            });
            boolean encrypted = org.dsp.overlay.model.Encryption.required(ctx.document());
            for (int i = 0; i < section.list().size(); i++) {
                Network declared = section.list().get(i);
                if (!members.containsKey(declared)) {
                    continue;
                }
                // encrypted, a packet carries WireGuard's header too: what a workload may send is capped to fit
                int carried = org.dsp.overlay.model.Encryption.carried(declared.mtu(), encrypted);
                Network n = carried == declared.mtu() ? declared : Network.of(declared.name(), declared.id(), declared.subnets(), carried);
                nets.add(n);
                List<IpAddress> gateways = new ArrayList<>();
                for (Subnet s : n.subnets()) {
                    if (s.gateway() != null) {
                        gateways.add(s.gateway());
                        if (s.gateway().isIp6()) {
                            answers.put(s.gateway(), Router.MAC);
                        }
                    }
                }
                Owner owner = Owner.of(ctx.tenantId(), ctx.tenantKey(), OverlayApp.NETWORK, n.name(),
                        Keys.ownerKey(ctx.tenantId() + "/network/", n.name()));
                long id = networkId(ctx.tenantKey(), section.idOf(i));
                LogicalAction.Network action = LogicalAction.network(id, Router.MAC, gateways, n.mtu(), OverlayApp.PUNT,
                        OverlayApp.TOO_BIG, OverlayApp.MEASURE);
                        now.add(LogicalFlow.actions(OverlayApp.STAGE, 1000, owner, Direction.EGRESS, members.get(declared), null, null,
                        List.of(encrypted ? action.encrypted() : action)));
            }
        }
        if (tenantKey >= 0 && tenantKey != ctx.tenantKey()) {
            neighbours.forget(tenantKey);
        }
        tenantKey = ctx.tenantKey();
        neighbours.tenant(tenantKey, answers, nets);
        ServiceDelta d = new ServiceDelta(last, now, Map.of());
        last = now;
        return d;
    }

    @Override
    public ServiceDelta clear() {
        ServiceDelta d = new ServiceDelta(last, List.of(), Map.of());
        last = List.of();
        if (tenantKey >= 0) {
            neighbours.forget(tenantKey);
            tenantKey = -1;
        }
        return d;
    }
}
