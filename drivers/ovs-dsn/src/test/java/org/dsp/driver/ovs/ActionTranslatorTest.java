package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeSet;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalField;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.ir.StagePlan;
import org.dsp.model.Direction;
import org.junit.jupiter.api.Test;

/** Actions of non-policy stages: what the driver renders, where the packet goes next, what it refuses. */
class ActionTranslatorTest {
    static final Stage FIRST = Stage.of("mark_a", Phase.POST_POLICY, 0, "a");
    static final Stage SECOND = Stage.of("mark_b", Phase.POST_POLICY, 3, "b");
    static final Stage PRE = Stage.of("pre_last", Phase.PRE_POLICY, 2, "c");
    static final TablePlan PLAN = new TablePlan(StagePlan.core().with(List.of(FIRST, SECOND, PRE)));

    private static LogicalFlow flow(Stage s, List<LogicalAction> actions) {
        return LogicalFlow.actions(s, 100, Owner.of("t", 7, Owner.Kind.of(61, "test"), "m", 1), Direction.EGRESS,
                new TreeSet<>(List.of(EndpointTerm.of("e1"))), null, null, actions);
    }

    @Test
    void aMarkContinuesAtTheNextStageOfItsPhaseThenAtOutput() {
        assertEquals(Table.byNumber(32), PLAN.table(FIRST));
        assertEquals(Table.byNumber(35), PLAN.table(SECOND));
        assertEquals(List.of(DsnAction.setField(Field.IP_DSCP, 10), DsnAction.gotoTable(Table.byNumber(35))),
                ActionTranslator.translate(PLAN, flow(FIRST, List.of(LogicalAction.set(LogicalField.IP_DSCP, 10),
                        LogicalAction.next()))));
        assertEquals(List.of(DsnAction.setField(Field.IP_DSCP, 46), DsnAction.gotoTable(Table.OUTPUT)),
                ActionTranslator.translate(PLAN, flow(SECOND, List.of(LogicalAction.set(LogicalField.IP_DSCP, 46)))));
        assertEquals("set_field:46->ip_dscp", DsnAction.setField(Field.IP_DSCP, 46).render());
    }

    @Test
    void whatTheDriverDoesNotCarryIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActionTranslator.translate(PLAN,
                flow(FIRST, List.of(LogicalAction.set(LogicalField.TUNNEL_ID, 5)))));
        assertTrue(e.getMessage().contains("mark_a") && e.getMessage().contains("does not carry"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ActionTranslator.translate(PLAN,
                flow(FIRST, List.of(LogicalAction.next(), LogicalAction.set(LogicalField.IP_DSCP, 1)))));
        assertTrue(e.getMessage().contains("after 'next'"), e.getMessage());
        // the last pre-policy stage cannot fall through: policy entry is chosen by direction, not by order
        e = assertThrows(IllegalArgumentException.class, () -> ActionTranslator.translate(PLAN,
                flow(PRE, List.of(LogicalAction.set(LogicalField.IP_DSCP, 1)))));
        assertTrue(e.getMessage().contains("last of phase"), e.getMessage());
    }
}
