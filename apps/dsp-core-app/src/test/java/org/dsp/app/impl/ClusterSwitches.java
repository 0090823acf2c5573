package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.onosproject.cluster.NodeId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.FlowRuleServiceAdapter;

/**
 * The switches of an emulated cluster together with ONOS's distributed flow rule store: each
 * device holds a table of rules; any member reads it (as ONOS's store answers every member); a
 * member's batch reaches the device on the devices' own thread and is answered there, applied
 * whole, or refused whole (nothing applied) when the device refuses. Records every operation
 * with the member that sent it, and every batch a member sent for a device it did not master.
 * A member that is cut off (dying) sends nothing: its batches never arrive and get no answer.
 */
final class ClusterSwitches implements AutoCloseable {
    private final ClusterMastership mastership;
    private final Map<DeviceId, Map<FlowRule, FlowRule>> tables = new HashMap<>();
    /** Every operation that reached a device: "member TYPE device rule" (the rule rendered), in order. */
    private final List<String> log = new ArrayList<>();
    /** Batches sent by a member that was not the device's master when it sent them. */
    final List<String> notMaster = Collections.synchronizedList(new ArrayList<>());
    /** Members whose batches are lost. */
    final Set<NodeId> cutOff = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Devices that refuse every batch. */
    final Set<DeviceId> refusing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Rules the store holds but the switch has not confirmed (PENDING_ADD) until sent again. */
    private final Set<FlowRule> unconfirmed = new java.util.HashSet<>();
    private final ExecutorService devices = Executors.newSingleThreadExecutor(r -> new Thread(r, "cluster-switches"));

    ClusterSwitches(ClusterMastership mastership) {
        this.mastership = mastership;
    }

    /** Returns the flow rule service member {@code member} sees. */
    FlowRuleService viewOf(NodeId member) {
        return new FlowRuleServiceAdapter() {
            @Override
            public void apply(FlowRuleOperations ops) {
                DeviceId dev = null;
                for (Set<FlowRuleOperation> stage : ops.stages()) {
                    for (FlowRuleOperation op : stage) {
                        dev = op.rule().deviceId();
                    }
                }
                if (dev == null) {
                    ops.callback().onSuccess(ops);
                    return;
                }
                if (!member.equals(mastership.master(dev))) {
                    notMaster.add(member + " sent a batch for " + dev + ", mastered by " + mastership.master(dev));
                }
                if (cutOff.contains(member)) {
                    return;
                }
                DeviceId device = dev;
                devices.execute(() -> {
                    if (refusing.contains(device)) {
                        ops.callback().onError(ops);
                        return;
                    }
                    synchronized (ClusterSwitches.this) {
                        Map<FlowRule, FlowRule> table = tables.computeIfAbsent(device, k -> new HashMap<>());
                        for (Set<FlowRuleOperation> stage : ops.stages()) {
                            for (FlowRuleOperation op : stage) {
                                log.add(member + " " + op.type() + " " + device + " " + render(op.rule()));
                                if (op.type() == FlowRuleOperation.Type.REMOVE) {
                                    table.remove(op.rule());
                                } else {
                                    table.remove(op.rule()); // equality ignores actions and cookie: replace the key too
                                    table.put(op.rule(), op.rule());
                                    unconfirmed.remove(op.rule());
                                }
                            }
                        }
                    }
                    ops.callback().onSuccess(ops);
                });
            }

            @Override
            public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
                List<FlowEntry> out = new ArrayList<>();
                synchronized (ClusterSwitches.this) {
                    table(deviceId).forEach(r -> out.add(new DefaultFlowEntry(r, unconfirmed.contains(r)
                            ? FlowEntry.FlowEntryState.PENDING_ADD : FlowEntry.FlowEntryState.ADDED)));
                }
                return out;
            }

            @Override
            public void removeFlowRules(FlowRule... rules) {
                synchronized (ClusterSwitches.this) {
                    for (FlowRule r : rules) {
                        log.add(member + " REMOVE " + r.deviceId() + " " + render(r));
                        tables.getOrDefault(r.deviceId(), new HashMap<>()).remove(r);
                    }
                }
            }
        };
    }

    /** Returns the rules a device holds now. */
    synchronized List<FlowRule> table(DeviceId device) {
        return new ArrayList<>(tables.getOrDefault(device, Map.of()).values());
    }

    /** Renders a rule with its table, priority, cookie, match and actions (as DSP's flows render). */
    static String render(FlowRule r) {
        return org.dsp.driver.ovs.FlowRuleTranslator.fromFlowRule(r).render();
    }

    /** Returns DSP's rules on a device now (its app id's), rendered. */
    Set<String> rendered(DeviceId device) {
        Set<String> out = new TreeSet<>();
        table(device).stream().filter(r -> r.appId() == TestManagers.APP_ID).forEach(r -> out.add(render(r)));
        return out;
    }

    /** Marks a rule the device holds as not confirmed by the switch (the store says PENDING_ADD). */
    synchronized void unconfirm(FlowRule rule) {
        unconfirmed.add(rule);
    }

    /** Takes a rule off a device behind every member's back (a rule the switch lost). */
    synchronized void lose(FlowRule rule) {
        tables.get(rule.deviceId()).remove(rule);
    }

    /** Puts a rule on a device behind every member's back. */
    synchronized void plant(FlowRule rule) {
        Map<FlowRule, FlowRule> table = tables.computeIfAbsent(rule.deviceId(), k -> new HashMap<>());
        table.remove(rule); // a rule equal by ONOS's equality (other actions) is replaced
        table.put(rule, rule);
    }

    /** Returns how many operations have reached devices (a mark for {@link #since}). */
    synchronized int mark() {
        return log.size();
    }

    /** Returns the operations that reached {@code device} after {@code mark}. */
    synchronized List<String> since(int mark, DeviceId device) {
        List<String> out = new ArrayList<>();
        for (String op : log.subList(mark, log.size())) {
            if (op.contains(" " + device + " ")) {
                out.add(op);
            }
        }
        return out;
    }

    /** Waits until every batch that reached the devices so far has been answered. */
    void drain() throws Exception {
        devices.submit(() -> { }).get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        devices.shutdownNow();
    }
}
