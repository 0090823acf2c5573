package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleServiceAdapter;

/** A FlowRuleService that keeps the installed rules per device and confirms every batch. */
public final class RecordingFlowRules extends FlowRuleServiceAdapter {
    public final Map<DeviceId, Map<FlowRule, FlowRule>> installed = new HashMap<>();
    public final List<FlowRuleOperations> batches = new ArrayList<>();
    public final Set<DeviceId> failing = new HashSet<>();

    @Override
    public void apply(FlowRuleOperations ops) {
        batches.add(ops);
        DeviceId dev = null;
        for (Set<FlowRuleOperation> stage : ops.stages()) {
            for (FlowRuleOperation op : stage) {
                dev = op.rule().deviceId();
                Map<FlowRule, FlowRule> m = installed.computeIfAbsent(dev, k -> new HashMap<>());
                if (op.type() == FlowRuleOperation.Type.REMOVE) {
                    assertNotNull(m.remove(op.rule()), "removed a flow that was not installed: " + op.rule());
                } else {
                    m.remove(op.rule()); // FlowRule equality ignores the treatment: replace the key too
                    m.put(op.rule(), op.rule());
                }
            }
        }
        if (dev != null && failing.contains(dev)) {
            ops.callback().onError(ops);
        } else {
            ops.callback().onSuccess(ops);
        }
    }

    @Override
    public void removeFlowRules(FlowRule... rules) {
        for (FlowRule r : rules) {
            installed.getOrDefault(r.deviceId(), new HashMap<>()).remove(r);
        }
    }

    /**
     * The installed flows, each as "device rendering" (table, priority, cookie, match and actions):
     * ONOS's FlowRule equality ignores treatment and cookie, so sets of FlowRules would not show a
     * changed action.
     */
    public java.util.Set<String> rendered() {
        java.util.Set<String> all = new java.util.HashSet<>();
        installed.forEach((d, m) -> m.keySet().forEach(r -> all.add(d + " "
                + org.dsp.driver.ovs.FlowRuleTranslator.fromFlowRule(r).render())));
        return all;
    }

    public int count() {
        return installed.values().stream().mapToInt(Map::size).sum();
    }
}

