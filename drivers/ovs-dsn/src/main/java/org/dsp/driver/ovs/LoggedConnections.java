package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.ir.Verdict;
import org.dsp.model.Direction;
import org.dsp.model.RuleAction;

/**
 * The ct_state flows that sample the established packets of a logged rule's connections, which
 * never reach the rule's own flow: replies go straight to delivery, and so does a persistent
 * rule's own direction. They match the rule's key where the commit kept it in the connection's
 * label ({@link Registers#CT_EGRESS_RULE}, {@link Registers#CT_INGRESS_RULE}), sample and go where
 * the dispatch they stand above would send the packet (delivery), so they change no packet's
 * path; the invalid and dead dispatch stays above them. A reply's observation point carries the
 * reply bit ({@link SamplePoint#reply}): the collector adds it to its connection's record. Where
 * both of a connection's rules are logged on one DSN, its replies count for the egress rule (a
 * packet takes one flow of a table). Only where the target keeps labels and samples.
 */
final class LoggedConnections {
    private LoggedConnections() {
    }

    /** Returns the flows of rule {@code owner}'s verdict {@code v} in {@code stage}: none unless it logs a stateful allow. */
    static List<Contribution> flows(TablePlan plan, Stage stage, Owner owner, Verdict v, DsnTarget target) {
        if (!v.log() || !target.sample() || !target.ctLabels() || v.action() != RuleAction.ALLOW || !v.stateful()
                || !owner.kind().equals(Owner.Kind.RULE)) {
            return List.of();
        }
        Direction d = stage.direction();
        RegField label = d == Direction.EGRESS ? Registers.CT_EGRESS_RULE : Registers.CT_INGRESS_RULE;
        int prio = Priority.DISPATCH.plus(d == Direction.EGRESS ? 4 : 3);
        long cookie = Cookies.of(owner);
        int tenantKey = owner.tenantKey();
        List<Contribution> out = new ArrayList<>();
        DsnMatch.Builder replies = DsnMatch.builder().ctState(CtState.TRK | CtState.EST | CtState.RPL, 0).reg(label, owner.key());
        out.add(Contribution.direct(DsnFlow.Key.of(Table.CT_STATE, prio, replies, tenantKey), owner,
                List.of(DsnAction.sample(tenantKey, SamplePoint.reply(owner.key(), v.action(), d)), DsnAction.gotoTable(plan.delivery())),
                cookie));
        if (v.persist()) {
            DsnMatch.Builder own = DsnMatch.builder().ctState(CtState.TRK | CtState.EST, CtState.RPL).reg(Registers.CT_PERSIST, 1)
                    .reg(label, owner.key());
            out.add(Contribution.direct(DsnFlow.Key.of(Table.CT_STATE, prio, own, tenantKey), owner,
                    List.of(DsnAction.sample(tenantKey, SamplePoint.of(owner.key(), v.action(), d)), DsnAction.gotoTable(plan.delivery())),
                    cookie));
        }
        return out;
    }
}
