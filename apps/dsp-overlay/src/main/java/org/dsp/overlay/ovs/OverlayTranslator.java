package org.dsp.overlay.ovs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.driver.ovs.AddressResolution;
import org.dsp.driver.ovs.Contribution;
import org.dsp.driver.ovs.Cookies;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.Field;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.MatchValue;
import org.dsp.driver.ovs.Priority;
import org.dsp.driver.ovs.RegField;
import org.dsp.driver.ovs.Registers;
import org.dsp.driver.ovs.ServiceTranslator;
import org.dsp.driver.ovs.Table;
import org.dsp.driver.ovs.TablePlan;
import org.dsp.driver.ovs.TranslationContext;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.driver.ovs.Tunnels;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.onlab.packet.IpAddress;
import org.onosproject.net.DeviceId;

/**
 * Translates a virtual network ({@link LogicalAction.Network}: its members are the flow's local
 * endpoints) into the flows of every DSN that holds a scoped endpoint of the tenant
 * (docs/overlay.md):
 * <ul>
 *   <li>classify: what the DSN's tunnel brings with the network's id belongs to the tenant and
 *       came from the network (only ingress is evaluated here);</li>
 *   <li>port security: the tenant's ARP requests for a member's IPv4 address or a gateway are
 *       answered in place (a member asking for its own address gets no answer); its neighbour
 *       solicitations for an IPv6 one go to the controller, which answers them (when the network
 *       names a punt kind);</li>
 *   <li>destination: what a workload of the tenant sends to the router's MAC is routed to the
 *       member with that destination address - MACs rewritten, TTL decremented, and the member's
 *       port looked up when it is local;</li>
 *   <li>the overlay stage (after policy): a packet of the tenant for a member on another DSN leaves
 *       through the tunnel with the network's id as key and that DSN's underlay address as
 *       destination; any other packet of the tenant for no local workload drops - an overlay
 *       tenant's traffic never reaches the shared fabric.</li>
 * </ul>
 * A DSN without a tunnel endpoint in the inventory gets no tunnel flows: its members reach only
 * workloads on the same DSN until the node learns its tunnel.
 *
 * <p>The overlay's step 2 for the OVS driver ({@link ServiceTranslator}), given by
 * {@code OverlayApp.translation}: the driver itself knows nothing of networks.
 */
public final class OverlayTranslator implements ServiceTranslator {
    @Override
    public String service() {
        return org.dsp.overlay.model.OverlayStages.SERVICE;
    }

    @Override
    public boolean takes(LogicalFlow f) {
        return network(f) != null;
    }

    @Override
    public String carries() {
        return "overlay tunnels";
    }

    @Override
    public Map<DeviceId, List<Contribution>> translate(LogicalFlow f, TranslationContext context) {
        return translate(f, network(f), context.bindings(), context.inventory(), context.plan());
    }

    /** Returns the network action of {@code f}, or null. */
    static LogicalAction.Network network(LogicalFlow f) {
        if (f.verdict() != null || f.actions().size() != 1 || !(f.actions().get(0) instanceof LogicalAction.Network)) {
            return null;
        }
        return (LogicalAction.Network) f.actions().get(0);
    }

    private static Map<DeviceId, List<Contribution>> translate(LogicalFlow f, LogicalAction.Network net, Map<String, EndpointBinding> tenant,
                                                       Inventory inventory, TablePlan plan) {
        Owner owner = f.owner();
        int key = owner.tenantKey();
        long cookie = Cookies.of(owner);
        List<EndpointBinding> members = new ArrayList<>();
        for (EndpointTerm t : f.local()) {
            EndpointBinding b = tenant.get(t.endpoint());
            if (b != null && b.scoped()) {
                members.add(b);
            }
        }
        Set<DeviceId> dsns = Tunnels.memberDsns(tenant);
        Table overlay = plan.table(f.stage());
        Owner punt = net.puntKind() == null ? null : owner.withKind(net.puntKind());
        RegField tooBig = net.tooBig() == null ? null : plan.fields().of(net.tooBig());
        Map<DeviceId, List<Contribution>> out = new HashMap<>();
        for (DeviceId d : dsns) {
            List<Contribution> cs = new ArrayList<>();
            TunnelEndpoint here = inventory.tunnel(d, net.isEncrypted());
            boolean membersHere = false;
            for (EndpointBinding m : members) {
                boolean local = m.attachment().dsn().equals(d);
                membersHere |= local;
                for (IpAddress a : m.addresses()) {
                    // routing: to the router's MAC and this member's address
                    DsnMatch.Builder routed = DsnMatch.builder().ethDst(net.router()).ipDst(org.onlab.packet.IpPrefix.valueOf(a, a.isIp4() ? 32 : 128));
                    List<DsnAction> rewrite = new ArrayList<>(List.of(DsnAction.setField(Field.ETH_SRC, net.router().toLong()),
                            DsnAction.setField(Field.ETH_DST, m.mac().toLong()), DsnAction.decTtl()));
                    if (local) {
                        rewrite.add(DsnAction.load(Registers.DST_PORT, m.attachment().port().toLong()));
                    }
                    rewrite.add(DsnAction.gotoTable(Table.CONNTRACK));
                    cs.add(direct(Table.DESTINATION, Priority.ENDPOINT.value(), routed, key, owner, rewrite, cookie));
                }
                TunnelEndpoint there = inventory.tunnel(m.attachment().dsn(), net.isEncrypted());
                if (local || here == null || there == null) {
                    continue;
                }
                DsnMatch.Builder toMember = DsnMatch.builder().reg(Registers.DST_PORT, 0).ethDst(m.mac());
                if (tooBig != null) { // measured first: a frame over the network's MTU (plus its Ethernet header) is marked
                    cs.add(direct(plan.table(net.measure()), Priority.ENDPOINT.value(), toMember, key, owner, List.of(
                            DsnAction.checkPktLarger(net.mtu() + Tunnels.ETHERNET_HEADER, tooBig),
                            DsnAction.gotoTable(plan.after(net.measure()))), cookie));
                }
                cs.add(direct(overlay, Priority.ENDPOINT.value(), toMember, key, owner, Tunnels.intoTunnel(net.id(), here, there), cookie));
            }
            // what the tenant sends to no local workload and no known member drops here, never reaching the fabric
            cs.add(direct(overlay, Priority.LOW.value(), DsnMatch.builder().reg(Registers.DST_PORT, 0), key, owner, List.of(), cookie));
            if (tooBig != null && here != null) { // too large for the tunnel: to the controller, which answers the sender
                cs.add(puntFlow(overlay, Priority.ENDPOINT.plus(1), DsnMatch.builder().reg(Registers.DST_PORT, 0).reg(tooBig, 1), key, punt));
            }
            if (membersHere) {
                if (here != null) {
                    // the tenant's networks (the id's upper 16 bits), only from the tenant's other DSNs: a tunnel packet
                    // from anywhere else (a host on the underlay guessing a network id) reaches nothing
                    for (DeviceId other : dsns) {
                        TunnelEndpoint from = other.equals(d) ? null : inventory.tunnel(other, net.isEncrypted());
                        if (from != null) {
                            cs.add(Tunnels.fromTenantDsn(here, from, net.id(), Priority.ENDPOINT.value(), owner, cookie));
                        }
                    }
                }
                arp(cs, net, members, d, owner, key);
                if (punt != null) {
                    neighbourDiscovery(cs, net, members, d, owner, punt, key);
                }
            }
            out.put(d, cs);
        }
        return out;
    }

    /** The ARP answers on a DSN of members: the gateways, every member's IPv4 addresses (not to the member itself). */
    private static void arp(List<Contribution> cs, LogicalAction.Network net, List<EndpointBinding> members, DeviceId d,
                            Owner owner, int key) {
        int answer = Priority.ENDPOINT.plus(1);
        for (IpAddress g : net.gateways()) {
            if (g.isIp4()) {
                cs.add(AddressResolution.answer(g.getIp4Address(), net.router(), answer, owner, key));
            }
        }
        for (EndpointBinding m : members) {
            for (IpAddress a : m.addresses()) {
                if (!a.isIp4()) {
                    continue;
                }
                cs.add(AddressResolution.answer(a.getIp4Address(), m.mac(), answer, owner, key));
                if (m.attachment().dsn().equals(d)) { // probing its own address (duplicate detection) must stay unanswered
                    cs.add(direct(Table.PORT_SECURITY, Priority.ENDPOINT.plus(2), DsnMatch.builder()
                            .inPort(m.attachment().port().toLong()).ethType(DsnMatch.ARP).set(Field.ARP_OP, MatchValue.exact(1))
                            .set(Field.ARP_TPA, MatchValue.prefix(a.getIp4Address().toIpPrefix())), key, owner, List.of(),
                            Cookies.of(owner)));
                }
            }
        }
    }

    /**
     * The neighbour solicitations sent to the controller on a DSN of members (above the load
     * balancer's VIP solicitations, which name other targets): the gateways' and every member's
     * IPv6 addresses, with the cookie of the network's punt kind; not a member's own address
     * (duplicate address detection must stay unanswered).
     */
    private static void neighbourDiscovery(List<Contribution> cs, LogicalAction.Network net, List<EndpointBinding> members,
                                           DeviceId d, Owner owner, Owner punt, int key) {
        List<IpAddress> targets = new ArrayList<>(net.gateways());
        members.forEach(m -> targets.addAll(m.addresses()));
        for (IpAddress t : targets) {
            if (t.isIp6()) {
                cs.add(puntFlow(Table.PORT_SECURITY, Priority.ENDPOINT.plus(2), AddressResolution.solicitation(t), key, punt));
            }
        }
        for (EndpointBinding m : members) {
            if (!m.attachment().dsn().equals(d)) {
                continue;
            }
            long port = m.attachment().port().toLong();
            boolean v6 = false;
            for (IpAddress a : m.addresses()) {
                if (a.isIp6()) {
                    v6 = true;
                    cs.add(direct(Table.PORT_SECURITY, Priority.ENDPOINT.plus(3), AddressResolution.solicitation(a).inPort(port), key, owner, List.of(),
                            Cookies.of(owner)));
                }
            }
            if (v6) { // any other neighbour discovery of a member stops here (never to the shared fabric's resolution)
                for (int type : new int[] {135, 136}) {
                    cs.add(direct(Table.PORT_SECURITY, Priority.ENDPOINT.plus(1), DsnMatch.builder().ethType(DsnMatch.IPV6).ipProto(58)
                            .set(Field.ICMPV6_TYPE, MatchValue.exact(type)).inPort(port), key, owner, List.of(), Cookies.of(owner)));
                }
            }
        }
    }

    /** A flow sending its packets to the controller with the cookie of {@code punt} (a punt kind). */
    private static Contribution puntFlow(Table t, int prio, DsnMatch.Builder m, int key, Owner punt) {
        return Contribution.punt(DsnFlow.Key.of(t, prio, m, key), punt, true);
    }

    private static Contribution direct(Table t, int prio, DsnMatch.Builder m, int key, Owner owner,
                                       List<DsnAction> actions, long cookie) {
        return Contribution.direct(DsnFlow.Key.of(t, prio, m, key), owner, actions, cookie);
    }
}
