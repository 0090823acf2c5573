package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.Owner;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/**
 * Translates an endpoint binding into its DSN's classification, anti-spoofing, destination and
 * delivery flows. A {@link EndpointBinding#scoped scoped} endpoint (its addresses private to the
 * tenant) gets no delivery from the shared fabric and no address resolution of the shared fabric:
 * the service that scoped it (the overlay) answers and carries those. Address resolution of the
 * other (flat) workloads is delivered by flows too, never flooded: ARP for an address and
 * neighbour solicitations for it reach the one port that holds it, from the same tenant's local
 * workloads or from the uplink; what has no local target leaves through the uplink.
 */
final class EndpointTranslator {
    private static final int ND_NEIGHBOR_SOLICIT = 135;
    private static final int ND_NEIGHBOR_ADVERT = 136;

    private EndpointTranslator() {
    }

    static List<Contribution> translate(Owner owner, EndpointBinding b) {
        List<Contribution> cs = new ArrayList<>();
        long cookie = Cookies.of(owner);
        long port = b.attachment().port().toLong();
        int tenant = owner.tenantKey();
        int prio = Priority.ENDPOINT.value();
        add(cs, owner, cookie, Table.CLASSIFY, prio, DsnMatch.builder().inPort(port),
                DsnAction.load(Registers.TENANT, tenant), DsnAction.gotoTable(Table.PORT_SECURITY));
        boolean v6 = false;
        for (IpAddress a : b.addresses()) {
            IpPrefix host = IpPrefix.valueOf(a, a.isIp4() ? 32 : 128);
            v6 |= a.isIp6();
            add(cs, owner, cookie, Table.PORT_SECURITY, prio, DsnMatch.builder().inPort(port).ethSrc(b.mac()).ipSrc(host),
                    DsnAction.gotoTable(Table.DESTINATION));
            if (a.isIp4() && !b.scoped()) {
                add(cs, owner, cookie, Table.PORT_SECURITY, prio, DsnMatch.builder().inPort(port).ethType(DsnMatch.ARP)
                        .ethSrc(b.mac()).set(Field.ARP_SHA, MatchValue.mac(b.mac())).set(Field.ARP_SPA, MatchValue.prefix(host)),
                        DsnAction.gotoTable(Table.DESTINATION));
                // ARP for this address (requests, and the replies to its own requests) reaches only this port
                deliver(cs, owner, cookie, tenant, prio, DsnMatch.builder().ethType(DsnMatch.ARP)
                        .set(Field.ARP_TPA, MatchValue.prefix(host)), port);
            }
            if (a.isIp6() && !b.scoped()) { // neighbour solicitations for this address reach only this port (above its IPv6 flow)
                deliver(cs, owner, cookie, tenant, Priority.ENDPOINT.plus(1), AddressResolution.solicitation(a), port);
            }
            add(cs, owner, cookie, Table.DESTINATION, prio, DsnMatch.builder().reg(Registers.TENANT, tenant)
                    .ethDst(b.mac()).ipDst(host), DsnAction.load(Registers.DST_PORT, port), DsnAction.gotoTable(Table.CONNTRACK));
            if (!b.scoped()) {
                add(cs, owner, cookie, Table.DESTINATION, prio, DsnMatch.builder().reg(Registers.FROM_NET, 1)
                        .ethDst(b.mac()).ipDst(host), DsnAction.load(Registers.DST_PORT, port),
                        DsnAction.load(Registers.TENANT, tenant), DsnAction.gotoTable(Table.CONNTRACK));
            }
        }
        if (v6 && !b.scoped()) {
            // above the address flows: a solicitation sent from the workload's own global address matches both
            for (int type : new int[] {ND_NEIGHBOR_SOLICIT, ND_NEIGHBOR_ADVERT}) {
                add(cs, owner, cookie, Table.PORT_SECURITY, Priority.ENDPOINT.plus(1), DsnMatch.builder().inPort(port).ethType(DsnMatch.IPV6)
                        .ipProto(58).ethSrc(b.mac()).set(Field.ICMPV6_TYPE, MatchValue.exact(type)),
                        DsnAction.gotoTable(Table.DESTINATION));
            }
            // advertisements answering its own solicitations (sent to its MAC) reach only this port
            deliver(cs, owner, cookie, tenant, Priority.ENDPOINT.plus(1), DsnMatch.builder().ethType(DsnMatch.IPV6).ipProto(58)
                    .set(Field.ICMPV6_TYPE, MatchValue.exact(ND_NEIGHBOR_ADVERT)).ethDst(b.mac()), port);
        }
        add(cs, owner, cookie, Table.DESTINATION, Priority.ENDPOINT_GUARD.value(), DsnMatch.builder().ethDst(b.mac()));
        add(cs, owner, cookie, Table.OUTPUT, prio, DsnMatch.builder().reg(Registers.DST_PORT, port), DsnAction.output(port));
        return cs;
    }

    /**
     * Delivers address resolution matching {@code what} to {@code port} only (destination table): from
     * the workload's own tenant's local workloads, or from the network (the uplink).
     */
    private static void deliver(List<Contribution> cs, Owner owner, long cookie, int tenant, int prio, DsnMatch.Builder what, long port) {
        add(cs, owner, cookie, Table.DESTINATION, prio, what.copy().reg(Registers.TENANT, tenant), DsnAction.output(port));
        add(cs, owner, cookie, Table.DESTINATION, prio, what.copy().reg(Registers.FROM_NET, 1), DsnAction.output(port));
    }

    private static void add(List<Contribution> cs, Owner owner, long cookie, Table t, int prio, DsnMatch.Builder m,
                            DsnAction... actions) {
        cs.add(Contribution.direct(new DsnFlow.Key(t, prio, m.build()), owner, List.of(actions), cookie));
    }
}
