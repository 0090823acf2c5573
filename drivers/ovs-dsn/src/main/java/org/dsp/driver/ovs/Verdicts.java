package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.ir.Verdict;
import org.dsp.model.Direction;

/** The action lists that carry out a verdict in a policy stage, over a {@link TablePlan}. */
final class Verdicts {
    private Verdicts() {
    }

    /** Where an allowed packet continues after a direction's evaluation. */
    static Table afterAllow(TablePlan plan, Direction d) {
        return d == Direction.EGRESS ? plan.entry(Direction.INGRESS) : Table.COMMIT;
    }

    static List<OfAction> actions(TablePlan plan, Stage stage, Owner owner, Verdict v, DsnTarget target) {
        List<OfAction> out = new ArrayList<>();
        Direction d = stage.direction();
        if (owner.kind().equals(Owner.Kind.RULE)) {
            out.add(OfAction.load(d == Direction.EGRESS ? Registers.EGRESS_RULE : Registers.INGRESS_RULE, owner.key()));
        }
        if (v.log() && target.sample()) {
            out.add(OfAction.sample(owner.tenantKey(), owner.key()));
        }
        switch (v.action()) {
            case ALLOW:
                if (!v.stateful()) {
                    out.add(OfAction.load(Registers.STATELESS, 1));
                }
                if (!v.persist()) {
                    out.add(OfAction.load(Registers.NOT_PERSIST, 1));
                }
                out.add(OfAction.gotoTable(afterAllow(plan, d)));
                break;
            case DENY:
                out.add(OfAction.gotoTable(Table.DENY));
                break;
            case REJECT:
                out.add(target.controllerUserdata() ? OfAction.controller(Cookies.of(owner))
                        : OfAction.output(OfAction.CONTROLLER_PORT));
                out.add(OfAction.gotoTable(Table.DENY));
                break;
            case PASS:
                out.add(OfAction.gotoTable(plan.next(stage)));
                break;
            default:
                throw new IllegalStateException(v.action().toString());
        }
        return out;
    }
}
