package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.ir.Verdict;
import org.dsp.model.Direction;

/** The action lists that carry out a verdict in a policy stage, over a {@link TablePlan}; {@link #punt} for translations. */
public final class Verdicts {
    private Verdicts() {
    }

    /** Where an allowed packet continues after a direction's evaluation. */
    static Table afterAllow(TablePlan plan, Direction d) {
        return d == Direction.EGRESS ? plan.entry(Direction.INGRESS) : Table.COMMIT;
    }

    static List<DsnAction> actions(TablePlan plan, Stage stage, Owner owner, Verdict v, DsnTarget target) {
        List<DsnAction> out = new ArrayList<>();
        Direction d = stage.direction();
        if (owner.kind().equals(Owner.Kind.RULE)) {
            out.add(DsnAction.load(d == Direction.EGRESS ? Registers.EGRESS_RULE : Registers.INGRESS_RULE, owner.key()));
        }
        if (v.log() && target.sample()) {
            out.add(DsnAction.sample(owner.tenantKey(), SamplePoint.of(owner.key(), v.action(), d)));
        }
        switch (v.action()) {
            case ALLOW:
                if (!v.stateful()) {
                    out.add(DsnAction.load(Registers.STATELESS, 1));
                }
                if (!v.persist()) {
                    out.add(DsnAction.load(Registers.NOT_PERSIST, 1));
                }
                out.add(DsnAction.gotoTable(afterAllow(plan, d)));
                break;
            case DENY:
                out.add(DsnAction.gotoTable(Table.DENY));
                break;
            case REJECT:
                out.addAll(reject(owner, target.controllerUserdata()));
                break;
            case PASS:
                out.add(DsnAction.gotoTable(plan.next(stage)));
                break;
            default:
                throw new IllegalStateException(v.action().toString());
        }
        return out;
    }

    /** To the controller with the flow's cookie (with it as userdata where the target carries it). */
    public static DsnAction punt(long cookie, boolean controllerUserdata) {
        return controllerUserdata ? DsnAction.controller(cookie) : DsnAction.output(DsnAction.CONTROLLER_PORT);
    }

    /** A reject: the packet to the controller (which answers it) with the owner's cookie, then deny. */
    static List<DsnAction> reject(Owner owner, boolean controllerUserdata) {
        return List.of(punt(Cookies.of(owner), controllerUserdata), DsnAction.gotoTable(Table.DENY));
    }
}
