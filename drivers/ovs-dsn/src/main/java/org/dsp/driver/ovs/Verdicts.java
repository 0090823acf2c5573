package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.LogicalStage;
import org.dsp.ir.Owner;
import org.dsp.ir.Verdict;
import org.dsp.model.Direction;

/** The action lists that carry out a verdict in a given stage, and the stage-to-table map. */
final class Verdicts {
    private Verdicts() {
    }

    static Table table(LogicalStage s) {
        switch (s) {
            case EGRESS_PLATFORM:
                return Table.EGRESS_PLATFORM;
            case EGRESS_TENANT:
                return Table.EGRESS_TENANT;
            case EGRESS_BASELINE:
                return Table.EGRESS_BASELINE;
            case EGRESS_ISOLATION:
                return Table.EGRESS_ISOLATION;
            case INGRESS_PLATFORM:
                return Table.INGRESS_PLATFORM;
            case INGRESS_TENANT:
                return Table.INGRESS_TENANT;
            case INGRESS_BASELINE:
                return Table.INGRESS_BASELINE;
            case INGRESS_ISOLATION:
                return Table.INGRESS_ISOLATION;
            default:
                throw new IllegalArgumentException("no table for stage " + s);
        }
    }

    /** The table after a tier table: the next tier, or the isolation table. */
    static Table nextTier(Table t) {
        switch (t) {
            case EGRESS_PLATFORM:
                return Table.EGRESS_TENANT;
            case EGRESS_TENANT:
                return Table.EGRESS_BASELINE;
            case EGRESS_BASELINE:
                return Table.EGRESS_ISOLATION;
            case INGRESS_PLATFORM:
                return Table.INGRESS_TENANT;
            case INGRESS_TENANT:
                return Table.INGRESS_BASELINE;
            case INGRESS_BASELINE:
                return Table.INGRESS_ISOLATION;
            default:
                throw new IllegalArgumentException("no tier after " + t);
        }
    }

    /** Where an allowed packet continues after a direction's evaluation. */
    static Table afterAllow(Direction d) {
        return d == Direction.EGRESS ? Table.INGRESS_PLATFORM : Table.COMMIT;
    }

    static List<OfAction> actions(LogicalStage stage, Owner owner, Verdict v, DsnTarget target) {
        List<OfAction> out = new ArrayList<>();
        Direction d = stage.direction();
        if (owner.kind() == Owner.Kind.RULE) {
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
                out.add(OfAction.gotoTable(afterAllow(d)));
                break;
            case DENY:
                out.add(OfAction.gotoTable(Table.DENY));
                break;
            case REJECT:
                out.add(target.controllerUserdata() ? OfAction.controller(Cookies.of(owner, Cookies.ROLE_ACTION))
                        : OfAction.output(OfAction.CONTROLLER_PORT));
                out.add(OfAction.gotoTable(Table.DENY));
                break;
            case PASS:
                out.add(OfAction.gotoTable(nextTier(table(stage))));
                break;
            default:
                throw new IllegalStateException(v.action().toString());
        }
        return out;
    }
}
