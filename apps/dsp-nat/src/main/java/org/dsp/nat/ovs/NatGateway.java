package org.dsp.nat.ovs;

import static org.dsp.nat.ovs.NatTranslator.ON_PATH;
import static org.dsp.nat.ovs.NatTranslator.TO_TRANSLATE;
import static org.dsp.nat.ovs.NatTranslator.TRIED;
import static org.dsp.nat.ovs.NatTranslator.direct;
import static org.dsp.nat.ovs.NatTranslator.v4;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.driver.ovs.AddressResolution;
import org.dsp.driver.ovs.Contribution;
import org.dsp.driver.ovs.CtState;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.DsnGroups;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.ExternalPort;
import org.dsp.driver.ovs.Field;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.MatchValue;
import org.dsp.driver.ovs.Priority;
import org.dsp.driver.ovs.RegField;
import org.dsp.driver.ovs.Registers;
import org.dsp.driver.ovs.Table;
import org.dsp.driver.ovs.TablePlan;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.driver.ovs.Tunnels;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.ExternalAccess;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.Owner;
import org.dsp.ir.VipMac;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.DeviceId;

/**
 * A gateway's part of a tenant's external access (docs/nat.md; {@link NatTranslator} places it):
 * classify (the tenant's external addresses on the external port, ARP answered for them; the
 * tenant's external tunnel from its members' DSNs), the out stage (translated packets out to the
 * next hop; new connections committed with their floating IP or pool, marked tried; an exhausted
 * pool's packets to the controller), the in stage (new connections to a floating IP, a forwarded
 * port or a published load balancer's port translated to their member) and the deliver stage (on
 * to the member, local through the pipeline or through the tunnel).
 */
final class NatGateway {
    private NatGateway() {
    }

    static void gateway(List<Contribution> cs, DeviceId g, boolean tenantGateway, ExternalAccess x,
                                Map<String, EndpointBinding> members, Map<String, DeviceId> gatewayOf,
                                Map<String, ExternalAccess.Inbound> floating, Inventory inventory, TablePlan plan, RegField mark,
                                Owner owner, long cookie) {
        int key = owner.tenantKey();
        ExternalPort ext = inventory.external(g);
        TunnelEndpoint here = inventory.tunnel(g);
        Table outT = plan.table(x.stages().out());
        Table inT = plan.table(x.stages().in());
        Table deliverT = plan.table(x.stages().deliver());
        Map<String, EndpointBinding> served = new LinkedHashMap<>();
        members.forEach((m, b) -> {
            if (gatewayOf.get(m).equals(g)) {
                served.put(m, b);
            }
        });
        // the external addresses this gateway answers and sends from
        Set<Ip4Address> addresses = new LinkedHashSet<>();
        for (ExternalAccess.Inbound i : x.inbound()) {
            if (i.floating() ? served.containsKey(i.endpoint()) : tenantGateway) {
                addresses.add(i.address());
            }
        }
        if (tenantGateway) {
            x.snat().forEach(s -> addresses.addAll(s.addresses()));
        }
        long extPort = ext.port().toLong();
        for (Ip4Address a : addresses) {
            long mac = VipMac.of(a).toLong();
            cs.add(Contribution.direct(new DsnFlow.Key(Table.CLASSIFY, Priority.ENDPOINT.value(), DsnMatch.builder().inPort(extPort)
                    .ipDst(a.toIpPrefix()).build()), owner, List.of(DsnAction.load(Registers.TENANT, key), DsnAction.load(mark, TO_TRANSLATE),
                    lookup(x, inT)), cookie));
            cs.add(Contribution.direct(new DsnFlow.Key(Table.CLASSIFY, Priority.ENDPOINT.plus(1), AddressResolution.request(a)
                    .inPort(extPort).build()), owner, AddressResolution.reply(a, VipMac.of(a)), cookie));
            cs.add(direct(outT, Priority.ENDPOINT.plus(10), DsnMatch.builder().ipSrc(a.toIpPrefix()).reg(mark, ON_PATH, ON_PATH), key, owner, List.of(
                    DsnAction.setField(Field.ETH_SRC, mac), DsnAction.setField(Field.ETH_DST, ext.nextHop().toLong()),
                    DsnAction.output(extPort)), cookie));
        }
        // what the tenant's other DSNs tunnel here
        if (here != null) {
            Set<DeviceId> from = new LinkedHashSet<>();
            served.values().forEach(b -> from.add(b.attachment().dsn()));
            from.remove(g);
            for (DeviceId d : from) {
                TunnelEndpoint t = inventory.tunnel(d);
                if (t != null) {
                    cs.add(Contribution.direct(new DsnFlow.Key(Table.CLASSIFY, Priority.ENDPOINT.plus(1), DsnMatch.builder()
                            .inPort(here.port().toLong()).ethType(DsnMatch.IPV4).set(Field.TUN_ID, MatchValue.exact(x.tunnelId()))
                            .set(Field.TUN_SRC, MatchValue.exact(t.underlay().toInt() & 0xffffffffL)).build()), owner,
                            List.of(DsnAction.load(Registers.TENANT, key), DsnAction.load(mark, TO_TRANSLATE),
                                    lookup(x, outT)), cookie));
                }
            }
        }
        int fresh = CtState.TRK | CtState.NEW;
        int freshMask = fresh | CtState.RPL;
        // outbound: new connections committed with their floating IP, or the first pool rule naming the member
        for (Map.Entry<String, EndpointBinding> e : served.entrySet()) {
            ExternalAccess.Inbound fip = floating.get(e.getKey());
            if (fip == null) {
                continue;
            }
            for (Ip4Address a : v4(e.getValue())) {
                cs.add(direct(outT, Priority.ENDPOINT.plus(5), DsnMatch.builder().ipSrc(a.toIpPrefix()).reg(mark, TO_TRANSLATE)
                        .ctState(fresh, freshMask), key, owner, commit(x, mark, DsnAction.Nat.range(true, fip.address(), fip.address(), 0, 0),
                        outT), cookie));
            }
        }
        if (tenantGateway) {
            for (ExternalAccess.Snat s : x.snat()) {
                for (String m : s.endpoints()) {
                    EndpointBinding b = served.get(m);
                    if (b == null) {
                        continue;
                    }
                    for (Ip4Address a : v4(b)) {
                        cs.add(direct(outT, Priority.ENDPOINT.plus(4), DsnMatch.builder().ipSrc(a.toIpPrefix()).reg(mark, TO_TRANSLATE)
                                .ctState(fresh, freshMask), key, owner, commit(x, mark, DsnAction.Nat.range(true, s.first(), s.last(),
                                s.portFirst(), s.portLast()), outT), cookie));
                    }
                }
            }
        }
        if (x.puntKind() != null) { // tried and still untranslated: the pool has no free address and port
            cs.add(Contribution.punt(DsnFlow.Key.of(outT, Priority.ENDPOINT.plus(2), DsnMatch.builder().reg(mark, TRIED), key),
                    owner.withKind(x.puntKind()), true));
        }
        cs.add(direct(outT, Priority.LOW.value(), DsnMatch.builder().reg(mark, ON_PATH, ON_PATH), key, owner, List.of(), cookie));
        // inbound: translated to a member: deliver; new connections to a floating IP or a forwarded port: translate
        for (ExternalAccess.Inbound i : x.inbound()) {
            EndpointBinding b = i.endpoint() == null ? null : served.get(i.endpoint());
            if (i.loadBalancer() != null || b == null || (!i.floating() && !tenantGateway) || v4(b).isEmpty()) {
                continue;
            }
            Ip4Address to = v4(b).get(0);
            DsnMatch.Builder m = DsnMatch.builder().ipDst(i.address().toIpPrefix()).reg(mark, TO_TRANSLATE).ctState(fresh, freshMask);
            if (!i.floating()) {
                m.ipProto(i.protocol()).tpDst(i.port(), 0xffff);
            }
            cs.add(direct(inT, Priority.ENDPOINT.plus(5), m, key, owner, commit(x, mark, DsnAction.Nat.range(false, to, to, i.targetPort(),
                    i.targetPort()), inT), cookie));
        }
        cs.add(direct(inT, Priority.LOW.value(), DsnMatch.builder().reg(mark, ON_PATH, ON_PATH), key, owner, List.of(), cookie));
        for (Map.Entry<String, EndpointBinding> e : served.entrySet()) {
            EndpointBinding b = e.getValue();
            boolean local = b.attachment().dsn().equals(g);
            TunnelEndpoint there = inventory.tunnel(b.attachment().dsn());
            if (!local && (here == null || there == null)) {
                continue;
            }
            for (Ip4Address a : v4(b)) {
                cs.add(direct(inT, Priority.ENDPOINT.plus(10), DsnMatch.builder().ipDst(a.toIpPrefix()).reg(mark, ON_PATH, ON_PATH), key, owner,
                        List.of(DsnAction.gotoTable(deliverT)), cookie));
                List<DsnAction> to = new ArrayList<>(List.of(DsnAction.setField(Field.ETH_SRC, x.router().toLong()),
                        DsnAction.setField(Field.ETH_DST, b.mac().toLong()), DsnAction.decTtl(), DsnAction.load(mark, 0)));
                if (local) {
                    to.addAll(List.of(DsnAction.load(Registers.DST_PORT, b.attachment().port().toLong()),
                            DsnAction.load(Registers.FROM_NET, 1), DsnAction.resubmit(Table.CONNTRACK)));
                } else {
                    to.addAll(Tunnels.intoTunnel(x.networks().get(e.getKey()), here, there));
                }
                cs.add(direct(deliverT, Priority.ENDPOINT.value(), DsnMatch.builder().ipDst(a.toIpPrefix()).reg(mark, ON_PATH, ON_PATH), key,
                        owner, to, cookie));
            }
        }
    }

    /**
     * The gateway's flow for a published load balancer's port and its select group: a new connection
     * to the floating IP's port goes to the group, whose buckets (one per backend, by weight) commit
     * it translated to the backend in the NAT zone; on to delivery. No backend: no flow (dropped).
     * The group id: {@link #groupId}.
     */
    static void balance(List<Contribution> cs, NatTranslator.Published p, ExternalAccess x, TablePlan plan, RegField mark, Owner owner,
                                long cookie) {
        if (p.backends.isEmpty()) {
            return;
        }
        int key = owner.tenantKey();
        Table inT = plan.table(x.stages().in());
        List<DsnGroup.Bucket> buckets = new ArrayList<>();
        for (LogicalAction.SelectBackend.Backend b : p.backends) {
            buckets.add(new DsnGroup.Bucket(b.weight(), commit(x, mark, DsnAction.Nat.range(false, b.address(), b.address(), b.port(),
                    b.port()), inT)));
        }
        long group = groupId(key, p);
        cs.add(Contribution.direct(DsnGroups.key(group, key), owner, DsnGroups.actions(buckets), cookie));
        int fresh = CtState.TRK | CtState.NEW;
        cs.add(direct(inT, Priority.ENDPOINT.plus(5), DsnMatch.builder().ipDst(p.inbound.address().toIpPrefix()).ipProto(p.protocol)
                .tpDst(p.port, 0xffff).reg(mark, TO_TRANSLATE).ctState(fresh, fresh | CtState.RPL), key, owner,
                List.of(DsnAction.group(group)), cookie));
    }

    /**
     * A published port's group id: bit 31 (a load balancer's own groups never set it), the tenant's
     * key, and a hash of the address, protocol and port below 0x7e00 (so no id reaches OpenFlow's
     * reserved 0xffffff00 and up); the same in every run and on every controller.
     */
    static long groupId(int tenantKey, NatTranslator.Published p) {
        int h = org.dsp.compiler.Keys.fnv1a(p.inbound.address() + "/" + p.protocol + "/" + p.port);
        return (1L << 31) | ((long) tenantKey << 15) | Integer.remainderUnsigned(h, 0x7e00);
    }

    /** Looks the packet up in the tenant's NAT zone, applying its connection's translation, then on in {@code t}. */
    static DsnAction lookup(ExternalAccess x, Table t) {
        return DsnAction.ctInZone(x.zone(), false, DsnAction.Nat.own(), t);
    }

    /** Marks the packet tried and commits its new connection in the NAT zone with {@code nat}, then on in {@code t}. */
    private static List<DsnAction> commit(ExternalAccess x, RegField mark, DsnAction.Nat nat, Table t) {
        return List.of(DsnAction.load(mark, TRIED), DsnAction.ctInZone(x.zone(), true, nat, t));
    }

}
