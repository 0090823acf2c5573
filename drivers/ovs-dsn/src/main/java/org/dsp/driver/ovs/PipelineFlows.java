package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.Owner;
import org.onosproject.net.PortNumber;

/** The fixed flows every DSN carries: table defaults, uplink classification, conntrack and dispatch. */
final class PipelineFlows {
    private static final int ND_NEIGHBOR_SOLICIT = 135;
    private static final int ND_NEIGHBOR_ADVERT = 136;

    private PipelineFlows() {
    }

    static List<Contribution> of(PortNumber uplink) {
        Owner o = Owner.pipeline();
        long cookie = Cookies.of(o, Cookies.ROLE_ACTION);
        List<Contribution> cs = new ArrayList<>();
        Builder b = new Builder(cs, o, cookie);
        // classify: uplink traffic; unknown ports drop (table miss)
        b.add(Table.CLASSIFY, Priority.DEFAULT.value(), OfMatch.builder());
        if (uplink != null) {
            long u = uplink.toLong();
            int p = Priority.ENDPOINT.value();
            b.add(Table.CLASSIFY, p, OfMatch.builder().inPort(u).ethType(OfMatch.ARP), OfAction.normal());
            for (int type : new int[] {ND_NEIGHBOR_SOLICIT, ND_NEIGHBOR_ADVERT}) {
                b.add(Table.CLASSIFY, Priority.ENDPOINT.plus(1), OfMatch.builder().inPort(u).ethType(OfMatch.IPV6).ipProto(58)
                        .set(Field.ICMPV6_TYPE, MatchValue.exact(type)), OfAction.normal());
            }
            b.add(Table.CLASSIFY, p, OfMatch.builder().inPort(u).ethType(OfMatch.IPV4),
                    OfAction.load(Registers.FROM_NET, 1), OfAction.gotoTable(Table.DESTINATION));
            b.add(Table.CLASSIFY, p, OfMatch.builder().inPort(u).ethType(OfMatch.IPV6),
                    OfAction.load(Registers.FROM_NET, 1), OfAction.gotoTable(Table.DESTINATION));
        }
        b.add(Table.PORT_SECURITY, Priority.DEFAULT.value(), OfMatch.builder());
        // destination: from the network, only local endpoints are accepted; local sources may go remote
        b.add(Table.DESTINATION, Priority.LOW.value(), OfMatch.builder().reg(Registers.FROM_NET, 1));
        b.add(Table.DESTINATION, Priority.DEFAULT.value(), OfMatch.builder(), OfAction.gotoTable(Table.CONNTRACK));
        // conntrack in the tenant's zone
        b.add(Table.CONNTRACK, Priority.ENDPOINT.value(), OfMatch.builder().ethType(OfMatch.IPV4), OfAction.ct(Table.CT_STATE));
        b.add(Table.CONNTRACK, Priority.ENDPOINT.value(), OfMatch.builder().ethType(OfMatch.IPV6), OfAction.ct(Table.CT_STATE));
        b.add(Table.CONNTRACK, Priority.DEFAULT.value(), OfMatch.builder());
        ctState(b);
        for (Table t : new Table[] {Table.EGRESS_PLATFORM, Table.EGRESS_TENANT, Table.EGRESS_BASELINE,
                Table.INGRESS_TENANT, Table.INGRESS_BASELINE}) {
            b.add(t, Priority.DEFAULT.value(), OfMatch.builder(), OfAction.gotoTable(Verdicts.nextTier(t)));
        }
        b.add(Table.INGRESS_PLATFORM, Priority.DISPATCH.value(), OfMatch.builder().reg(Registers.DST_PORT, 0),
                OfAction.gotoTable(Table.COMMIT));
        b.add(Table.INGRESS_PLATFORM, Priority.DEFAULT.value(), OfMatch.builder(), OfAction.gotoTable(Table.INGRESS_TENANT));
        b.add(Table.EGRESS_ISOLATION, Priority.DEFAULT.value(), OfMatch.builder(),
                OfAction.load(Registers.NOT_PERSIST, 1), OfAction.gotoTable(Table.INGRESS_PLATFORM));
        b.add(Table.INGRESS_ISOLATION, Priority.DEFAULT.value(), OfMatch.builder(),
                OfAction.load(Registers.NOT_PERSIST, 1), OfAction.gotoTable(Table.COMMIT));
        // commit: re-evaluated and stateless packets are not committed; persistence goes into the mark
        b.add(Table.COMMIT, Priority.DISPATCH.plus(1), OfMatch.builder().reg(Registers.REEVAL, 1), OfAction.gotoTable(Table.OUTPUT));
        b.add(Table.COMMIT, Priority.DISPATCH.value(), OfMatch.builder().reg(Registers.STATELESS, 1), OfAction.gotoTable(Table.OUTPUT));
        for (int family : new int[] {OfMatch.IPV4, OfMatch.IPV6}) {
            // conntrack actions need an IP match
            b.add(Table.COMMIT, Priority.ENDPOINT.value(), OfMatch.builder().ethType(family).reg(Registers.NOT_PERSIST, 0),
                    OfAction.ctCommit(List.of(OfAction.load(Registers.CT_PERSIST, 1))), OfAction.gotoTable(Table.OUTPUT));
            b.add(Table.COMMIT, Priority.LOW.value(), OfMatch.builder().ethType(family), OfAction.ctCommit(List.of()),
                    OfAction.gotoTable(Table.OUTPUT));
            // deny: a re-evaluated connection that is no longer allowed is marked dead, then the packet drops
            b.add(Table.DENY, Priority.DISPATCH.value(), OfMatch.builder().ethType(family).reg(Registers.REEVAL, 1),
                    OfAction.ctCommit(List.of(OfAction.load(Registers.CT_DEAD, 1))));
        }
        b.add(Table.COMMIT, Priority.DEFAULT.value(), OfMatch.builder());
        b.add(Table.DENY, Priority.DEFAULT.value(), OfMatch.builder());
        if (uplink != null) {
            b.add(Table.OUTPUT, Priority.DEFAULT.value(), OfMatch.builder(), OfAction.output(uplink.toLong()));
        } else {
            b.add(Table.OUTPUT, Priority.DEFAULT.value(), OfMatch.builder());
        }
        return cs;
    }

    private static void ctState(Builder b) {
        int hi = Priority.DISPATCH_HIGH.value();
        int d = Priority.DISPATCH.value();
        b.add(Table.CT_STATE, hi, OfMatch.builder().ctState(CtState.TRK | CtState.INV, 0));
        b.add(Table.CT_STATE, hi, OfMatch.builder().ctState(CtState.TRK | CtState.EST, 0).reg(Registers.CT_DEAD, 1));
        b.add(Table.CT_STATE, hi, OfMatch.builder().ctState(CtState.TRK | CtState.REL, 0).reg(Registers.CT_DEAD, 1));
        b.add(Table.CT_STATE, Priority.DISPATCH.plus(2), OfMatch.builder().ctState(CtState.TRK | CtState.EST, 0).reg(Registers.CT_PERSIST, 1),
                OfAction.gotoTable(Table.OUTPUT));
        b.add(Table.CT_STATE, Priority.DISPATCH.plus(2), OfMatch.builder().ctState(CtState.TRK | CtState.REL, 0), OfAction.gotoTable(Table.OUTPUT));
        b.add(Table.CT_STATE, Priority.DISPATCH.plus(1), OfMatch.builder().ctState(CtState.TRK | CtState.EST | CtState.RPL, 0),
                OfAction.gotoTable(Table.OUTPUT));
        b.add(Table.CT_STATE, d, OfMatch.builder().ctState(CtState.TRK | CtState.EST, CtState.RPL).reg(Registers.FROM_NET, 0),
                OfAction.load(Registers.REEVAL, 1), OfAction.gotoTable(Table.EGRESS_PLATFORM));
        b.add(Table.CT_STATE, d, OfMatch.builder().ctState(CtState.TRK | CtState.EST, CtState.RPL).reg(Registers.FROM_NET, 1),
                OfAction.load(Registers.REEVAL, 1), OfAction.gotoTable(Table.INGRESS_PLATFORM));
        b.add(Table.CT_STATE, d, OfMatch.builder().ctState(CtState.TRK | CtState.NEW, 0).reg(Registers.FROM_NET, 0),
                OfAction.gotoTable(Table.EGRESS_PLATFORM));
        b.add(Table.CT_STATE, d, OfMatch.builder().ctState(CtState.TRK | CtState.NEW, 0).reg(Registers.FROM_NET, 1),
                OfAction.gotoTable(Table.INGRESS_PLATFORM));
        b.add(Table.CT_STATE, Priority.DEFAULT.value(), OfMatch.builder());
    }

    private static final class Builder {
        final List<Contribution> cs;
        final Owner owner;
        final long cookie;

        Builder(List<Contribution> cs, Owner owner, long cookie) {
            this.cs = cs;
            this.owner = owner;
            this.cookie = cookie;
        }

        void add(Table t, int prio, OfMatch.Builder m, OfAction... actions) {
            cs.add(Contribution.direct(new DsnFlow.Key(t, prio, m.build()), owner, List.of(actions), cookie));
        }
    }
}
