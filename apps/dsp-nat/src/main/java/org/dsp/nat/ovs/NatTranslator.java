package org.dsp.nat.ovs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.driver.ovs.Contribution;
import org.dsp.driver.ovs.Cookies;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.Priority;
import org.dsp.driver.ovs.RegField;
import org.dsp.driver.ovs.Registers;
import org.dsp.driver.ovs.SelectFlows;
import org.dsp.driver.ovs.ServiceTranslator;
import org.dsp.driver.ovs.Table;
import org.dsp.driver.ovs.TablePlan;
import org.dsp.driver.ovs.TranslationContext;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.driver.ovs.Tunnels;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.ExternalAccess;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onosproject.net.DeviceId;

/**
 * Translates a tenant's {@link ExternalAccess} into the flows of its members' DSNs and of its
 * gateways (docs/nat.md). The gateways are the inventory's available external ports. A member
 * with a floating IP whose own DSN is a gateway is translated there (distributed); everything
 * else of the tenant - pools, port forwards, other floating IPs - at the tenant's gateway: the
 * gateway holding most of the tenant's NAT members (they need no tunnel hop), then one with a
 * tunnel endpoint, then by device id. When that gateway leaves the inventory the next one is
 * chosen and the flows move.
 * <ul>
 *   <li>member's DSN, route stage (after conntrack and policy, which see the private source and the
 *       real external destination): what a member sent to the router that no route took - still for
 *       the router's MAC, no local port, not for the tenant's own subnets - is marked external (TTL
 *       decremented) and goes into the translation zone when the member's gateway is this DSN, else
 *       through the tunnel to the gateway (the tenant's external tunnel id);</li>
 *   <li>gateway, classify: the tunnel's external packets from the tenant's DSNs, and what the
 *       external port brings for one of the tenant's external addresses, into the translation zone
 *       (the tenant's own NAT zone, apart from its policy zone); ARP for those addresses answered;</li>
 *   <li>gateway, out stage: a translated packet leaves by the external port to the next hop (from
 *       its external address's MAC); a new connection is committed with its floating IP or pool
 *       (marked tried first); a tried packet still untranslated (the pool is exhausted) goes to the
 *       controller with the punt kind and drops; anything else drops;</li>
 *   <li>gateway, in stage: a packet translated to a member goes on to delivery; a new connection to
 *       a floating IP or a forwarded port is committed with the member's address (and port);</li>
 *   <li>gateway, deliver stage: to the member, routed (router MAC, TTL decremented): into the
 *       pipeline from the network when it is local (ingress policy sees the external source),
 *       else through the tunnel with the member's network id.</li>
 * </ul>
 */
public final class NatTranslator implements ServiceTranslator {
    /** In the route stage, the tenant's own subnets are matched above the external route. */
    private static final int BELOW_MEMBERS = Priority.ENDPOINT.value() - 1;
    private static final int EXTERNAL_ROUTE = Priority.ENDPOINT.value() - 2;
    /** The mark's values: bit 0 set on the external path; to be translated (1); translation tried (3). */
    static final long ON_PATH = 1;
    static final long TO_TRANSLATE = 1;
    static final long TRIED = 3;

    @Override
    public String service() {
        return "nat";
    }

    @Override
    public boolean takes(LogicalFlow f) {
        return access(f) != null;
    }

    @Override
    public Map<DeviceId, List<Contribution>> translate(LogicalFlow f, TranslationContext c) {
        return translate(f, access(f), c.bindings(), c.inventory(), c.plan(), c.selects());
    }

    /** The gateways (the inventory's external ports) and the tenant's load balancers (a published VIP's backends). */
    @Override
    public Set<Input> reads() {
        return java.util.EnumSet.of(Input.GATEWAYS, Input.SELECTS);
    }

    @Override
    public String carries() {
        return "NAT (tunnels, conntrack zones of its own)";
    }

    /** Returns the external access of {@code f}, or null. */
    static ExternalAccess access(LogicalFlow f) {
        if (f.verdict() != null || f.actions().size() != 1 || !(f.actions().get(0) instanceof ExternalAccess)) {
            return null;
        }
        return (ExternalAccess) f.actions().get(0);
    }

    /**
     * The gateway that serves everything of the tenant not translated at a member's own DSN
     * ({@code own}: members with a floating IP on a DSN that is a gateway), or null when none is
     * available: among the available gateways, one that can reach every member it would serve (a
     * tunnel endpoint, unless they are all on it), then the one holding most of them (no tunnel hop
     * for those), then by device id.
     */
    static DeviceId tenantGateway(Map<String, EndpointBinding> members, Set<String> own, Inventory inventory) {
        Map<DeviceId, Integer> local = new HashMap<>();
        members.forEach((m, b) -> {
            if (!own.contains(m)) {
                local.merge(b.attachment().dsn(), 1, Integer::sum);
            }
        });
        int all = members.size() - own.size();
        return inventory.externals().keySet().stream().min(Comparator
                .<DeviceId, Boolean>comparing(d -> inventory.tunnel(d) == null && local.getOrDefault(d, 0) < all)
                .thenComparingInt(d -> -local.getOrDefault(d, 0))
                .thenComparing(DeviceId::toString)).orElse(null);
    }

    /** A load balancer's VIP port published on a floating IP: the backends the load balancer has now. */
    static final class Published {
        final ExternalAccess.Inbound inbound;
        final int protocol;
        final int port;
        final List<LogicalAction.SelectBackend.Backend> backends = new ArrayList<>();

        Published(ExternalAccess.Inbound inbound, int protocol, int port) {
            this.inbound = inbound;
            this.protocol = protocol;
            this.port = port;
        }
    }

    /**
     * The published load balancers' ports with their backends: from the tenant's select flows of
     * each (owner named {@code LB/VIP/PROTOCOL/PORT}), IPv4 VIPs, backends that are network members.
     */
    static List<Published> published(ExternalAccess x, List<LogicalFlow> selects, Map<String, EndpointBinding> tenant) {
        List<Published> out = new ArrayList<>();
        for (ExternalAccess.Inbound i : x.inbound()) {
            if (i.loadBalancer() == null) {
                continue;
            }
            for (LogicalFlow s : selects) {
                LogicalAction.SelectBackend select = SelectFlows.select(s);
                if (select == null || !s.owner().name().startsWith(i.loadBalancer() + "/") || !SelectFlows.vip(s).isIp4()) {
                    continue;
                }
                Published p = new Published(i, SelectFlows.protocol(s), SelectFlows.port(s));
                for (LogicalAction.SelectBackend.Backend b : select.backends()) {
                    EndpointBinding binding = tenant.get(b.endpoint());
                    if (b.address().isIp4() && binding != null && binding.scoped() && x.networks().containsKey(b.endpoint())) {
                        p.backends.add(b);
                    }
                }
                out.add(p);
            }
        }
        return out;
    }

    private static Map<DeviceId, List<Contribution>> translate(LogicalFlow f, ExternalAccess x, Map<String, EndpointBinding> tenant,
                                                       Inventory inventory, TablePlan plan, List<LogicalFlow> selects) {
        Owner owner = f.owner();
        int key = owner.tenantKey();
        long cookie = Cookies.of(owner);
        Map<String, EndpointBinding> members = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        f.local().forEach(t -> names.add(t.endpoint()));
        List<Published> published = published(x, selects, tenant);
        published.forEach(p -> p.backends.forEach(b -> names.add(b.endpoint()))); // a published load balancer's backends answer too
        for (String m : names) {
            EndpointBinding b = tenant.get(m);
            if (b != null && b.scoped() && x.networks().containsKey(m)) {
                members.put(m, b);
            }
        }
        Map<DeviceId, List<Contribution>> out = new HashMap<>();
        Map<String, ExternalAccess.Inbound> floating = new HashMap<>();
        x.inbound().stream().filter(ExternalAccess.Inbound::floating).forEach(i -> floating.put(i.endpoint(), i));
        Set<String> own = new HashSet<>(); // translated at their own DSN: a floating IP there, and the DSN is a gateway
        members.forEach((m, b) -> {
            if (floating.containsKey(m) && inventory.external(b.attachment().dsn()) != null) {
                own.add(m);
            }
        });
        DeviceId tg = tenantGateway(members, own, inventory);
        if (tg == null) {
            return out; // no gateway: the members' external packets drop in the overlay's stage, as without NAT
        }
        Map<String, DeviceId> gatewayOf = new LinkedHashMap<>();
        members.forEach((m, b) -> gatewayOf.put(m, own.contains(m) ? b.attachment().dsn() : tg));
        RegField mark = plan.fields().of(x.mark());
        Map<DeviceId, Map<String, EndpointBinding>> byDsn = new LinkedHashMap<>();
        members.forEach((m, b) -> byDsn.computeIfAbsent(b.attachment().dsn(), k -> new LinkedHashMap<>()).put(m, b));
        // the members' DSNs: after conntrack and policy, what a member sent to the router that no route took (no member's
        // address, so still for the router's MAC, no local port) leaves for its gateway - unless it is for the tenant's own
        // subnets (an unused address: on to the overlay's stage, which drops it, as without NAT); and what the gateway
        // tunnels back is accepted
        Table route = plan.table(x.stages().route());
        for (Map.Entry<DeviceId, Map<String, EndpointBinding>> onDsn : byDsn.entrySet()) {
            DeviceId d = onDsn.getKey();
            List<Contribution> cs = out.computeIfAbsent(d, k -> new ArrayList<>());
            TunnelEndpoint here = inventory.tunnel(d);
            Set<DeviceId> remoteGateways = new LinkedHashSet<>();
            onDsn.getValue().forEach((m, b) -> {
                DeviceId g = gatewayOf.get(m);
                DsnMatch.Builder leaving = DsnMatch.builder().inPort(b.attachment().port().toLong()).ethType(DsnMatch.IPV4)
                        .ethDst(x.router()).reg(Registers.DST_PORT, 0);
                List<DsnAction> actions = new ArrayList<>(List.of(DsnAction.load(mark, TO_TRANSLATE), DsnAction.decTtl()));
                TunnelEndpoint there = inventory.tunnel(g);
                if (g.equals(d)) {
                    actions.add(NatGateway.lookup(x, plan.table(x.stages().out())));
                } else if (here != null && there != null) {
                    remoteGateways.add(g);
                    actions.addAll(Tunnels.intoTunnel(x.tunnelId(), here, there));
                } else {
                    return; // no tunnel to its gateway: its external packets drop in the overlay's stage
                }
                cs.add(direct(route, EXTERNAL_ROUTE, leaving, key, owner, actions, cookie));
            });
            for (org.onlab.packet.IpPrefix p : x.internal()) {
                cs.add(direct(route, BELOW_MEMBERS, DsnMatch.builder().ethDst(x.router()).ipDst(p).reg(Registers.DST_PORT, 0), key, owner,
                        List.of(DsnAction.gotoTable(plan.after(x.stages().route()))), cookie));
            }
            for (DeviceId g : remoteGateways) { // the gateway delivers inbound packets with the member's network id
                cs.add(Tunnels.fromTenantDsn(here, inventory.tunnel(g), x.tunnelId(), BELOW_MEMBERS, owner, cookie));
            }
        }
        // the gateways
        Set<DeviceId> gateways = new LinkedHashSet<>(gatewayOf.values());
        gateways.add(tg);
        for (DeviceId g : gateways) {
            NatGateway.gateway(out.computeIfAbsent(g, k -> new ArrayList<>()), g, g.equals(tg), x, members, gatewayOf, floating, inventory,
                    plan, mark, owner, cookie);
        }
        for (Published p : published) { // new connections to a published port: to one of the backends, by weight
            NatGateway.balance(out.get(tg), p, x, plan, mark, owner, cookie);
        }
        return out;
    }

    static List<Ip4Address> v4(EndpointBinding b) {
        List<Ip4Address> out = new ArrayList<>();
        for (IpAddress a : b.addresses()) {
            if (a.isIp4()) {
                out.add(a.getIp4Address());
            }
        }
        return out;
    }

    static Contribution direct(Table t, int prio, DsnMatch.Builder m, int key, Owner owner, List<DsnAction> actions, long cookie) {
        return Contribution.direct(DsnFlow.Key.of(t, prio, m, key), owner, actions, cookie);
    }
}
