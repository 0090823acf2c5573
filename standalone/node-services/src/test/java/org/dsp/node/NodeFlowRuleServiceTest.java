package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.driver.ovs.Table;
import org.dsp.node.openflow.OpenFlowServer;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;

/** The node's flow rule service keeps flows, not rules: the rules it hands back are the ones it was given. */
class NodeFlowRuleServiceTest {
    private static final DeviceId DSN = DeviceId.deviceId("of:00000000000000e1");

    @Test
    void theEntriesOfAppliedRulesAreTheRulesAsAppliedPendingWhileNoSwitchHoldsThem() {
        NodeFlowRuleService s = new NodeFlowRuleService(new OpenFlowServer(5), false, d -> List.of());
        List<FlowRule> rules = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            List<DsnAction> actions = new ArrayList<>();
            for (int c = 0; c < i % 7; c++) {
                actions.add(DsnAction.conjunction(0x100 + c, 1, 2));
            }
            actions.add(i % 2 == 0 ? DsnAction.gotoTable(Table.OUTPUT) : DsnAction.output(i));
            DsnFlow f = new DsnFlow(new DsnFlow.Key(Table.CLASSIFY, 100 + i, DsnMatch.builder().inPort(i + 1).build()),
                    actions, 0x1234_0000_0000L | i, List.of());
            rules.add(FlowRuleTranslator.toFlowRule(DSN, f, (short) 61));
        }
        // and one made elsewhere, not by the translator
        rules.add(org.onosproject.net.flow.DefaultFlowRule.builder().forDevice(DSN).forTable(0).withPriority(7)
                .withCookie(0x3d00_0000_0000_0099L).makePermanent().withSelector(rules.get(3).selector())
                .withTreatment(rules.get(4).treatment()).build());
        FlowRuleOperations.Builder b = FlowRuleOperations.builder();
        rules.forEach(b::add);
        s.apply(b.build());   // no switch connected: the batch waits, the rules are desired

        assertEquals(rules.size(), s.getFlowRuleCount());
        for (FlowRule r : rules) {
            FlowEntry e = s.getFlowEntry(r);
            assertEquals(r.id(), e.id());
            assertEquals(r.appId(), e.appId());
            assertEquals(r.selector(), e.selector());
            assertEquals(r.treatment(), e.treatment());
            assertEquals(r.priority(), e.priority());
            assertEquals(r.tableId(), e.tableId());
            assertEquals(FlowEntry.FlowEntryState.PENDING_ADD, e.state());
        }
        List<FlowEntry> all = new ArrayList<>();
        s.getFlowEntries(DSN).forEach(all::add);
        assertEquals(rules.size(), all.size());

        s.apply(FlowRuleOperations.builder().remove(rules.get(5)).build());
        assertEquals(rules.size() - 1, s.getFlowRuleCount());
        assertNull(s.getFlowEntry(rules.get(5)));
    }
}
