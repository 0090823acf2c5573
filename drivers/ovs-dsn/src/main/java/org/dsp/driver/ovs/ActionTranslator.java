package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalField;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;

/**
 * The OVS actions of a non-policy logical flow's actions, over a {@link TablePlan}. After its
 * actions a packet continues at the next stage of its phase (after the last post-policy stage:
 * output), unless an action sent it elsewhere. A {@code commit} (with its marks and labels) and a
 * {@code nat} become one conntrack action in the tenant's zone that commits the connection,
 * translates it and sets the marks and labels, and continues at the next stage after conntrack
 * (recirculated, so that stage sees the connection's state: Open vSwitch clears it after a ct
 * that does not recirculate); nothing may follow them but {@code next}. Actions this driver does
 * not carry yet are refused with an error naming them (the DSN's realization then fails with it).
 */
final class ActionTranslator {
    private ActionTranslator() {
    }

    static List<DsnAction> translate(TablePlan plan, LogicalFlow f) {
        LogicalAction.SelectBackend select = SelectFlows.select(f);
        if (select != null) {
            return SelectTranslator.selectActions(plan, f, select, SelectTranslator.place(select, null), true);
        }
        List<DsnAction> out = new ArrayList<>();
        boolean continues = false;
        LogicalAction.CtCommit commit = null;
        LogicalAction.Nat nat = null;
        for (LogicalAction a : f.actions()) {
            if (continues) {
                throw new IllegalArgumentException(f.owner() + ": actions after 'next' in stage " + f.stage());
            }
            if ((commit != null || nat != null) && !(a instanceof LogicalAction.Next)
                    && !(a instanceof LogicalAction.CtCommit && commit == null) && !(a instanceof LogicalAction.Nat && nat == null)) {
                throw new IllegalArgumentException(f.owner() + " in stage " + f.stage() + ": '" + a
                        + "' after a commit or nat (they end the stage's actions: only 'next' may follow, and one of each)");
            }
            if (a instanceof LogicalAction.SetField) {
                LogicalAction.SetField s = (LogicalAction.SetField) a;
                if (s.field().equals(LogicalField.IP_DSCP)) {
                    out.add(DsnAction.setField(Field.IP_DSCP, s.value()));
                } else if (s.field().service() != null && !s.field().conntrack()) {
                    out.add(DsnAction.load(plan.fields().of(s.field()), s.value())); // a service's register field
                } else {
                    throw unsupported(f, a); // conntrack fields are set by a commit; other packet fields later
                }
            } else if (a instanceof LogicalAction.CtCommit) {
                commit = (LogicalAction.CtCommit) a;
            } else if (a instanceof LogicalAction.Nat) {
                nat = (LogicalAction.Nat) a;
            } else if (a instanceof LogicalAction.Next) {
                continues = true;
            } else {
                throw unsupported(f, a);
            }
        }
        if (commit != null || nat != null) {
            out.add(conntrack(plan, f, commit, nat));
            return out;
        }
        out.add(DsnAction.gotoTable(plan.after(f.stage())));
        return out;
    }

    /** The one ct action of a flow's commit and nat: committed in the tenant's zone, recirculated into the next stage. */
    private static DsnAction conntrack(TablePlan plan, LogicalFlow f, LogicalAction.CtCommit commit, LogicalAction.Nat nat) {
        List<DsnAction> exec = new ArrayList<>();
        for (LogicalAction.SetField m : commit == null ? List.<LogicalAction.SetField>of() : commit.marks()) {
            if (m.field().service() == null) {
                throw new IllegalArgumentException(f.owner() + " in stage " + f.stage() + ": a commit sets only fields a service"
                        + " declared (ServiceApp.fields), not " + m.field());
            }
            exec.add(DsnAction.load(plan.fields().of(m.field()), m.value()));
        }
        if (nat != null && f.stage().phase() == Phase.POST_POLICY) {
            // the core commits every new connection after policy (table 30), without a translation, and a committed
            // connection keeps what it was committed with: a translation must come before
            throw new IllegalArgumentException(f.owner() + " in stage " + f.stage() + ": a nat after policy would translate"
                    + " nothing (the core has committed the connection by then); translate in a pre-policy stage");
        }
        DsnAction.Nat translation = nat == null ? null : DsnAction.Nat.range(nat.source(), nat.first(), nat.last(),
                nat.portFirst(), nat.portLast());
        return new DsnAction.Ct(true, plan.after(f.stage()), Registers.TENANT, exec, translation);
    }

    private static IllegalArgumentException unsupported(LogicalFlow f, LogicalAction a) {
        return new IllegalArgumentException(f.owner() + " in stage " + f.stage() + ": the OVS DSN driver does not carry '"
                + a + "' (no active service gives it a translation for this action)");
    }
}
