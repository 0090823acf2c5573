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
 * output), unless an action sent it elsewhere. Actions this driver does not carry yet are refused
 * with an error naming them (the DSN's realization then fails with it).
 */
final class ActionTranslator {
    private ActionTranslator() {
    }

    static List<DsnAction> translate(TablePlan plan, LogicalFlow f) {
        LogicalAction.SelectBackend select = SelectTranslator.select(f);
        if (select != null) {
            return SelectTranslator.selectActions(plan, f, select, SelectTranslator.place(select, null), true);
        }
        List<DsnAction> out = new ArrayList<>();
        boolean continues = false;
        for (LogicalAction a : f.actions()) {
            if (continues) {
                throw new IllegalArgumentException(f.owner() + ": actions after 'next' in stage " + f.stage());
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
            } else if (a instanceof LogicalAction.Next) {
                continues = true;
            } else {
                throw unsupported(f, a);
            }
        }
        out.add(DsnAction.gotoTable(next(plan, f.stage())));
        return out;
    }

    /** The table after {@code s} for a packet that continues: the next stage of its phase, or the phase's exit. */
    static Table next(TablePlan plan, Stage s) {
        Table t = plan.nextInPhase(s);
        if (t != null) {
            return t;
        }
        if (s.phase() == Phase.POST_POLICY) {
            return Table.OUTPUT;
        }
        throw new IllegalArgumentException("stage " + s + " is the last of phase " + s.phase()
                + ": a flow there must send the packet on explicitly");
    }

    private static IllegalArgumentException unsupported(LogicalFlow f, LogicalAction a) {
        return new IllegalArgumentException(f.owner() + " in stage " + f.stage() + ": the OVS DSN driver does not carry '"
                + a + "' yet");
    }
}
