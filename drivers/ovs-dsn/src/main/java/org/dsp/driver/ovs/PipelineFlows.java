package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.model.Direction;
import org.onosproject.net.PortNumber;

/** The fixed flows every DSN carries: table defaults, uplink classification, conntrack and dispatch. */
final class PipelineFlows {
    private static final int ND_NEIGHBOR_SOLICIT = 135;
    private static final int ND_NEIGHBOR_ADVERT = 136;

    private PipelineFlows() {
    }

    /**
     * A DSN's pipeline flows; {@code tunnel} (or null): its overlay endpoint, whose underlay traffic
     * the bridge's own interface carries; with {@code labels}, a committed connection keeps the keys
     * of the rules that let it in, from {@code egress_rule} and {@code ingress_rule}, in its label
     * ({@link Registers#CT_EGRESS_RULE}, {@link Registers#CT_INGRESS_RULE}).
     */
    static List<Contribution> of(PortNumber uplink, TunnelEndpoint tunnel, TablePlan plan, boolean labels) {
        return of(uplink, tunnel, null, plan, labels);
    }

    /** As {@link #of(PortNumber, TunnelEndpoint, TablePlan, boolean)}, and the WireGuard endpoint's traffic of {@code secure} (null: none). */
    static List<Contribution> of(PortNumber uplink, TunnelEndpoint tunnel, SecureEndpoint secure, TablePlan plan, boolean labels) {
        Owner o = Owner.pipeline();
        long cookie = Cookies.of(o);
        List<Contribution> cs = new ArrayList<>();
        Builder b = new Builder(cs, o, cookie);
        // classify: uplink traffic; unknown ports drop (table miss)
        b.add(Table.CLASSIFY, Priority.DEFAULT.value(), DsnMatch.builder());
        if (uplink != null) {
            long u = uplink.toLong();
            int p = Priority.ENDPOINT.value();
            // ARP from the network is looked up like IP (IPv6 neighbour discovery goes with IPv6): only a local target gets it
            b.add(Table.CLASSIFY, p, DsnMatch.builder().inPort(u).ethType(DsnMatch.ARP),
                    DsnAction.load(Registers.FROM_NET, 1), DsnAction.gotoTable(Table.DESTINATION));
            b.add(Table.CLASSIFY, p, DsnMatch.builder().inPort(u).ethType(DsnMatch.IPV4),
                    DsnAction.load(Registers.FROM_NET, 1), DsnAction.gotoTable(Table.DESTINATION));
            b.add(Table.CLASSIFY, p, DsnMatch.builder().inPort(u).ethType(DsnMatch.IPV6),
                    DsnAction.load(Registers.FROM_NET, 1), DsnAction.gotoTable(Table.DESTINATION));
            if (tunnel != null) {
                underlay(b, u, tunnel);
            }
            if (secure != null) {
                wireguard(b, u, secure);
            }
        }
        b.add(Table.PORT_SECURITY, Priority.DEFAULT.value(), DsnMatch.builder());
        // destination: from the network, only local endpoints are accepted; local sources may go remote
        b.add(Table.DESTINATION, Priority.LOW.value(), DsnMatch.builder().reg(Registers.FROM_NET, 1));
        b.add(Table.DESTINATION, Priority.DEFAULT.value(), DsnMatch.builder(), DsnAction.gotoTable(Table.CONNTRACK));
        // a local workload's address resolution with no local target leaves through the uplink (none: dropped), never flooded
        List<DsnAction> out = uplink == null ? List.of() : List.of(DsnAction.output(uplink.toLong()));
        b.add(Table.DESTINATION, Priority.RESOLUTION.value(), DsnMatch.builder().ethType(DsnMatch.ARP), out.toArray(new DsnAction[0]));
        for (int type : new int[] {ND_NEIGHBOR_SOLICIT, ND_NEIGHBOR_ADVERT}) {
            b.add(Table.DESTINATION, Priority.RESOLUTION.value(), DsnMatch.builder().ethType(DsnMatch.IPV6).ipProto(58)
                    .set(Field.ICMPV6_TYPE, MatchValue.exact(type)), out.toArray(new DsnAction[0]));
        }
        // conntrack in the tenant's zone
        b.add(Table.CONNTRACK, Priority.ENDPOINT.value(), DsnMatch.builder().ethType(DsnMatch.IPV4), DsnAction.ctNat(Table.CT_STATE));
        b.add(Table.CONNTRACK, Priority.ENDPOINT.value(), DsnMatch.builder().ethType(DsnMatch.IPV6), DsnAction.ctNat(Table.CT_STATE));
        b.add(Table.CONNTRACK, Priority.DEFAULT.value(), DsnMatch.builder());
        ctState(b, plan);
        stageDefaults(b, plan);
        cs.addAll(plan.fixedFlows()); // translated once, with the plan
        // remote destinations skip ingress here: their own DSN evaluates it
        b.add(plan.entry(Direction.INGRESS), Priority.DISPATCH.value(), DsnMatch.builder().reg(Registers.DST_PORT, 0),
                DsnAction.gotoTable(Table.COMMIT));
        // commit: re-evaluated and stateless packets are not committed; persistence goes into the mark
        Table delivery = plan.delivery();
        b.add(Table.COMMIT, Priority.DISPATCH.plus(1), DsnMatch.builder().reg(Registers.REEVAL, 1), DsnAction.gotoTable(delivery));
        b.add(Table.COMMIT, Priority.DISPATCH.value(), DsnMatch.builder().reg(Registers.STATELESS, 1), DsnAction.gotoTable(delivery));
        for (int family : new int[] {DsnMatch.IPV4, DsnMatch.IPV6}) {
            // conntrack actions need an IP match
            List<DsnAction> rules = labels ? List.of(DsnAction.move(Registers.EGRESS_RULE, Registers.CT_EGRESS_RULE),
                    DsnAction.move(Registers.INGRESS_RULE, Registers.CT_INGRESS_RULE)) : List.of();
            List<DsnAction> persist = new ArrayList<>(rules);
            persist.add(0, DsnAction.load(Registers.CT_PERSIST, 1));
            b.add(Table.COMMIT, Priority.ENDPOINT.value(), DsnMatch.builder().ethType(family).reg(Registers.NOT_PERSIST, 0),
                    DsnAction.ctCommit(persist), DsnAction.gotoTable(delivery));
            b.add(Table.COMMIT, Priority.LOW.value(), DsnMatch.builder().ethType(family), DsnAction.ctCommit(rules),
                    DsnAction.gotoTable(delivery));
            // deny: a re-evaluated connection that is no longer allowed is marked dead, then the packet drops
            b.add(Table.DENY, Priority.DISPATCH.value(), DsnMatch.builder().ethType(family).reg(Registers.REEVAL, 1),
                    DsnAction.ctCommit(List.of(DsnAction.load(Registers.CT_DEAD, 1))));
        }
        b.add(Table.COMMIT, Priority.DEFAULT.value(), DsnMatch.builder());
        b.add(Table.DENY, Priority.DEFAULT.value(), DsnMatch.builder());
        if (uplink != null) {
            b.add(Table.OUTPUT, Priority.DEFAULT.value(), DsnMatch.builder(), DsnAction.output(uplink.toLong()));
        } else {
            b.add(Table.OUTPUT, Priority.DEFAULT.value(), DsnMatch.builder());
        }
        return cs;
    }

    /**
     * The underlay's own traffic: the DSN's underlay address lives on the bridge's interface
     * (LOCAL), so what that interface sends (tunnelled packets, its ARP) leaves through the uplink,
     * and what the uplink brings for that address (tunnelled packets, which Open vSwitch
     * decapsulates on their way there, and ARP) goes to it. Above the uplink's ARP and IP flows.
     */
    private static void underlay(Builder b, long uplink, TunnelEndpoint tunnel) {
        b.add(Table.CLASSIFY, Priority.ENDPOINT.value(), DsnMatch.builder().inPort(DsnAction.LOCAL_PORT), DsnAction.output(uplink));
        fromUplink(b, uplink, tunnel.underlay(), DsnAction.LOCAL_PORT);
    }

    /** What the uplink brings for {@code address} (its ARP, its IP packets) goes to {@code port}, above the uplink's own flows. */
    private static void fromUplink(Builder b, long uplink, org.onlab.packet.Ip4Address address, long port) {
        int above = Priority.ENDPOINT.plus(1);
        b.add(Table.CLASSIFY, above, DsnMatch.builder().inPort(uplink).ethType(DsnMatch.ARP)
                .set(Field.ARP_TPA, MatchValue.prefix(address.toIpPrefix())), DsnAction.output(port));
        b.add(Table.CLASSIFY, above, DsnMatch.builder().inPort(uplink).ipDst(address.toIpPrefix()), DsnAction.output(port));
    }

    /** The UDP port WireGuard listens and sends on (docs/encryption.md). */
    static final int WIREGUARD_UDP = 51820;

    /**
     * The server's WireGuard endpoint (docs/encryption.md) is a port of the bridge with an underlay
     * address of its own: what it sends leaves through the uplink - only WireGuard's own packets
     * (UDP from its address and port) and its ARP, so nothing else its namespace might route
     * there ever reaches the underlay - and what the uplink brings for its address goes to it.
     * Above the uplink's ARP and IP flows.
     */
    private static void wireguard(Builder b, long uplink, SecureEndpoint secure) {
        long port = secure.wireguardPort().toLong();
        b.add(Table.CLASSIFY, Priority.ENDPOINT.value(), DsnMatch.builder().inPort(port).ipSrc(secure.wireguardAddress().toIpPrefix())
                .ipProto(17).tpSrc(WIREGUARD_UDP), DsnAction.output(uplink));
        b.add(Table.CLASSIFY, Priority.ENDPOINT.value(), DsnMatch.builder().inPort(port).ethType(DsnMatch.ARP)
                .set(Field.ARP_SPA, MatchValue.prefix(secure.wireguardAddress().toIpPrefix())), DsnAction.output(uplink));
        fromUplink(b, uplink, secure.wireguardAddress(), port);
    }

    /**
     * Translates the fixed flows of the active services (every packet their terms match, whatever
     * its tenant), once per table plan; throws naming what this driver cannot carry.
     */
    static List<Contribution> fixedFlows(TablePlan plan) {
        List<Contribution> cs = new java.util.ArrayList<>();
        for (org.dsp.ir.LogicalFlow f : plan.fixed()) {
            List<DsnAction> actions = ActionTranslator.translate(plan, f);
            List<DsnMatch.Builder> matches = new java.util.ArrayList<>();
            DsnMatch.Builder base = FieldMatches.apply(DsnMatch.builder(), f, plan);
            if (f.services() == null) {
                matches.add(base);
            } else {
                for (org.dsp.ir.ServiceMatch s : f.services()) {
                    matches.addAll(Fragments.service(base, s));
                }
            }
            long cookie = Cookies.of(f.owner());
            for (DsnMatch.Builder m : Fragments.forActions(matches, actions)) {
                cs.add(Contribution.direct(new DsnFlow.Key(plan.table(f.stage()), Priority.rule(f.priority()), m.build()),
                        f.owner(), actions, cookie));
            }
        }
        return cs;
    }

    /**
     * Connection-state dispatch: invalid and dead connections drop; persistent connections,
     * related packets and replies go to delivery; new connections and re-evaluated established ones
     * go to policy - through the pre-policy stages when there are any, straight to the direction's
     * first stage otherwise.
     */
    private static void ctState(Builder b, TablePlan plan) {
        int hi = Priority.DISPATCH_HIGH.value();
        int d = Priority.DISPATCH.value();
        Table delivery = plan.delivery();
        Table pre = plan.prePolicy();
        Table egress = pre != null ? pre : plan.entry(Direction.EGRESS);
        Table ingress = pre != null ? pre : plan.entry(Direction.INGRESS);
        b.add(Table.CT_STATE, hi, DsnMatch.builder().ctState(CtState.TRK | CtState.INV, 0));
        b.add(Table.CT_STATE, hi, DsnMatch.builder().ctState(CtState.TRK | CtState.EST, 0).reg(Registers.CT_DEAD, 1));
        b.add(Table.CT_STATE, hi, DsnMatch.builder().ctState(CtState.TRK | CtState.REL, 0).reg(Registers.CT_DEAD, 1));
        b.add(Table.CT_STATE, Priority.DISPATCH.plus(2), DsnMatch.builder().ctState(CtState.TRK | CtState.EST, 0).reg(Registers.CT_PERSIST, 1),
                DsnAction.gotoTable(delivery));
        b.add(Table.CT_STATE, Priority.DISPATCH.plus(2), DsnMatch.builder().ctState(CtState.TRK | CtState.REL, 0), DsnAction.gotoTable(delivery));
        b.add(Table.CT_STATE, Priority.DISPATCH.plus(1), DsnMatch.builder().ctState(CtState.TRK | CtState.EST | CtState.RPL, 0),
                DsnAction.gotoTable(delivery));
        b.add(Table.CT_STATE, d, DsnMatch.builder().ctState(CtState.TRK | CtState.EST, CtState.RPL).reg(Registers.FROM_NET, 0),
                DsnAction.load(Registers.REEVAL, 1), DsnAction.gotoTable(egress));
        b.add(Table.CT_STATE, d, DsnMatch.builder().ctState(CtState.TRK | CtState.EST, CtState.RPL).reg(Registers.FROM_NET, 1),
                DsnAction.load(Registers.REEVAL, 1), DsnAction.gotoTable(ingress));
        b.add(Table.CT_STATE, d, DsnMatch.builder().ctState(CtState.TRK | CtState.NEW, 0).reg(Registers.FROM_NET, 0),
                DsnAction.gotoTable(egress));
        b.add(Table.CT_STATE, d, DsnMatch.builder().ctState(CtState.TRK | CtState.NEW, 0).reg(Registers.FROM_NET, 1),
                DsnAction.gotoTable(ingress));
        b.add(Table.CT_STATE, Priority.DEFAULT.value(), DsnMatch.builder());
    }

    /**
     * The default flow of every stage table: policy stages pass to the next stage of their chain;
     * the isolation stages let what no stage decided continue (marked not persistent: a default
     * allow is re-evaluated on change); pre-policy stages continue to the next one and, after the
     * last, to the packet's direction; post-policy stages continue to the next one and then output.
     */
    private static void stageDefaults(Builder b, TablePlan plan) {
        for (Stage s : plan.stages().stages()) {
            if (s.equals(Stage.ENDPOINT)) {
                continue;
            }
            Table t = plan.table(s);
            int p = Priority.DEFAULT.value();
            switch (s.phase()) {
                case EGRESS_POLICY:
                case INGRESS_POLICY:
                    b.add(t, p, DsnMatch.builder(), DsnAction.gotoTable(plan.next(s)));
                    break;
                case EGRESS_DEFAULT:
                    b.add(t, p, DsnMatch.builder(), DsnAction.load(Registers.NOT_PERSIST, 1),
                            DsnAction.gotoTable(plan.entry(Direction.INGRESS)));
                    break;
                case INGRESS_DEFAULT:
                    b.add(t, p, DsnMatch.builder(), DsnAction.load(Registers.NOT_PERSIST, 1), DsnAction.gotoTable(Table.COMMIT));
                    break;
                case PRE_POLICY: {
                    Table next = plan.nextInPhase(s);
                    if (next != null) {
                        b.add(t, p, DsnMatch.builder(), DsnAction.gotoTable(next));
                    } else {
                        b.add(t, p, DsnMatch.builder().reg(Registers.FROM_NET, 0), DsnAction.gotoTable(plan.entry(Direction.EGRESS)));
                        b.add(t, p, DsnMatch.builder().reg(Registers.FROM_NET, 1), DsnAction.gotoTable(plan.entry(Direction.INGRESS)));
                    }
                    break;
                }
                case POST_POLICY: {
                    Table next = plan.nextInPhase(s);
                    b.add(t, p, DsnMatch.builder(), DsnAction.gotoTable(next != null ? next : Table.OUTPUT));
                    break;
                }
                default:
                    throw new IllegalStateException("stage " + s + " in phase " + s.phase());
            }
        }
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

        void add(Table t, int prio, DsnMatch.Builder m, DsnAction... actions) {
            cs.add(Contribution.direct(new DsnFlow.Key(t, prio, m.build()), owner, List.of(actions), cookie));
        }
    }
}
