package org.dsp.node.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dsp.driver.ovs.Cookies;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.Table;
import org.dsp.ir.Owner;
import org.junit.jupiter.api.Test;

/** A reconciliation's plan says what it changes: by command, table and owner (the log line of a switch found out of step). */
class ReconcilerSummaryTest {
    private static DsnFlow flow(int port, long cookie) {
        return new DsnFlow(new DsnFlow.Key(Table.OUTPUT, 10, DsnMatch.builder().inPort(port).build()),
                List.of(DsnAction.output(port + 1)), cookie, List.of());
    }

    @Test
    void countsByCommandTableAndOwnerMostFirst() {
        long rule = Cookies.of(Owner.of("acme", 5, Owner.Kind.RULE, "db-in", 7));
        long endpoint = Cookies.of(Owner.of("acme", 5, Owner.Kind.ENDPOINT, "web-1", 2));
        DsnFlow held = flow(1, rule);
        DsnFlow changed = flow(2, endpoint);
        WireFlow heldWire = WireFlow.of(FlowModEncoder.encode(held, FlowModEncoder.Command.ADD, 0));
        WireFlow foreign = WireFlow.of(FlowModEncoder.encode(flow(9, 0), FlowModEncoder.Command.ADD, 0));
        WireFlow stale = WireFlow.of(FlowModEncoder.encode(new DsnFlow(changed.key(), List.of(DsnAction.output(30)), endpoint,
                List.of()), FlowModEncoder.Command.ADD, 0));
        long[] xid = {1};
        Reconciler.Plan plan = Reconciler.reconcile(List.of(heldWire, foreign, stale),
                List.of(held, changed, flow(3, rule), flow(4, rule)), false, () -> xid[0]++);
        assertEquals("ADD t40 rule/5 x2, MODIFY t40 endpoint/5 x1, DELETE t40 foreign x1", plan.summary());
        assertEquals("", Reconciler.reconcile(List.of(heldWire), List.of(held), false, () -> xid[0]++).summary());
    }
}
