package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.onlab.packet.IpAddress;
import org.onosproject.net.DeviceId;

/**
 * Hairpin for a select: a backend that is also a client of its VIP, whose connection the select
 * sends back to itself. Policy decides on the real addresses (the backend to itself); then the
 * connection's source is translated to the VIP in a second conntrack zone
 * ({@link Registers#HAIRPIN_ZONE}), so the backend sees a connection from the VIP and its replies,
 * addressed to the VIP, come back through its DSN, where they are untranslated in that zone first
 * and then in the tenant's, and leave by the port they came in on. At the backend's DSN, per backend:
 *
 * <ul>
 *   <li>backend stage, above the established flows: a translated packet from the backend to
 *       itself gets its MAC and port as usual and {@link Registers#HAIRPIN};</li>
 *   <li>hairpin stage (post-policy): such a packet gets the VIP's MAC as source, is committed in
 *       the hairpin zone with its source translated to the VIP and goes back out of its port; a
 *       reply marked {@link Registers#HAIRPIN_BACK} goes back out of its port;</li>
 *   <li>admission: what the backend sends from its target port to the VIP is looked up in the
 *       hairpin zone first (untracked packets only: once, then admission again); a reply found
 *       there, now from the backend to itself, gets its MAC as destination and
 *       {@link Registers#HAIRPIN_BACK}, and goes on to the destination lookup.</li>
 * </ul>
 *
 * A backend of several VIPs has one source translation per IP version: the VIP of the lowest
 * owner (flows at one key merge to the lowest owner's).
 */
final class HairpinTranslator {
    private HairpinTranslator() {
    }

    static List<Contribution> flows(TablePlan plan, LogicalFlow f, LogicalAction.SelectBackend s, IpAddress vip, Table backendTable,
                                    int prio, int protocol, List<SelectTranslator.Placed> placed, DeviceId dsn,
                                    Set<String> localClients) {
        List<Contribution> out = new ArrayList<>();
        if (s.hairpin() == null) {
            return out;
        }
        Table hairpin = plan.table(s.hairpin());
        Owner owner = f.owner();
        int tenantKey = owner.tenantKey();
        Table egress = plan.entry(org.dsp.model.Direction.EGRESS);
        long vipMac = org.dsp.ir.VipMac.of(vip).toLong();
        Set<String> seen = new HashSet<>();
        for (SelectTranslator.Placed p : placed) {
            IpAddress b = p.backend.address();
            if (!p.attachment.dsn().equals(dsn) || !localClients.contains(p.backend.endpoint()) || b.version() != vip.version()
                    || !seen.add(p.backend.endpoint() + ":" + p.backend.port())) {
                continue;
            }
            long port = p.attachment.port().toLong();
            Owner mine = SelectTranslator.backendOwner(owner, p.backend.endpoint()); // counted with the backend's flows
            long cookie = Cookies.of(mine);
            int family = b.isIp4() ? DsnMatch.IPV4 : DsnMatch.IPV6;
            // the backend's own connection, translated back to itself
            DsnMatch.Builder self = SelectTranslator.translatedTo(p, protocol).ipSrc(b.toIpPrefix());
            out.add(Contribution.direct(DsnFlow.Key.of(backendTable, prio + 1, self, tenantKey), mine,
                    List.of(DsnAction.setField(Field.ETH_DST, p.mac.toLong()), DsnAction.load(Registers.DST_PORT, port),
                            DsnAction.load(Registers.HAIRPIN, 1), DsnAction.gotoTable(egress)), cookie));
            // after policy: from the VIP, back out of its port
            DsnMatch.Builder marked = DsnMatch.builder().ethType(family).reg(Registers.HAIRPIN, 1).ipSrc(b.toIpPrefix());
            out.add(Contribution.direct(DsnFlow.Key.of(hairpin, Priority.ENDPOINT.value(), marked, tenantKey), mine,
                    List.of(DsnAction.setField(Field.ETH_SRC, vipMac),
                            DsnAction.ctInZone(Registers.HAIRPIN_ZONE, true, DsnAction.Nat.source(vip), null),
                            DsnAction.output(DsnAction.IN_PORT)), cookie));
            // replies: untranslated in the hairpin zone, then as any reply
            DsnMatch.Builder toVip = DsnMatch.builder().inPort(port).ethSrc(p.mac).ethType(family).ipProto(protocol)
                    .ipSrc(b.toIpPrefix()).ipDst(vip.toIpPrefix()).tpSrc(p.backend.port()).ctState(0, CtState.TRK);
            out.add(Contribution.direct(DsnFlow.Key.of(Table.PORT_SECURITY, Priority.ENDPOINT.plus(3), toVip, tenantKey), mine,
                    List.of(DsnAction.ctInZone(Registers.HAIRPIN_ZONE, false, DsnAction.Nat.own(), Table.PORT_SECURITY)), cookie));
            DsnMatch.Builder back = DsnMatch.builder().inPort(port).ethSrc(p.mac).ethType(family).ipSrc(b.toIpPrefix())
                    .ipDst(b.toIpPrefix()).ctState(CtState.TRK | CtState.RPL, 0);
            out.add(Contribution.direct(DsnFlow.Key.of(Table.PORT_SECURITY, Priority.ENDPOINT.plus(3), back, tenantKey), mine,
                    List.of(DsnAction.setField(Field.ETH_DST, p.mac.toLong()), DsnAction.load(Registers.HAIRPIN_BACK, 1),
                            DsnAction.gotoTable(Table.DESTINATION)), cookie));
        }
        if (!seen.isEmpty()) { // the tenant's one flow for hairpin replies on this DSN
            DsnMatch.Builder backOut = DsnMatch.builder().reg(Registers.HAIRPIN_BACK, 1);
            out.add(Contribution.direct(DsnFlow.Key.of(hairpin, Priority.ENDPOINT.plus(1), backOut, tenantKey), owner,
                    List.of(DsnAction.output(DsnAction.IN_PORT)), Cookies.of(owner)));
        }
        return out;
    }
}
