package org.dsp.node.openflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.driver.ovs.Cookies;
import org.dsp.driver.ovs.DsnFlow;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Reconciliation, never flush: from what a switch holds and what it should hold, the FLOW_MODs
 * that make it so. Flows already right are not touched (their counters and durations continue);
 * a flow whose actions differ is modified in place; one with another cookie is re-added; flows
 * nobody wants are deleted (those of other controllers too, unless told to keep them). Flows in
 * the table the switch learns into ({@link org.dsp.driver.ovs.Table#LEARNED}) are left alone.
 */
public final class Reconciler {
    private Reconciler() {
    }

    /** What reconciling a switch sends, and which desired flows it already holds unchanged. */
    public static final class Plan {
        private final List<OFMessage> messages;
        private final Map<DsnFlow.Key, WireFlow> held;
        private final Map<String, Integer> changes;

        Plan(List<OFMessage> messages, Map<DsnFlow.Key, WireFlow> held, Map<String, Integer> changes) {
            this.messages = messages;
            this.held = held;
            this.changes = changes;
        }

        /** Returns the messages to send, in order: deletes, then adds and modifies. */
        public List<OFMessage> messages() {
            return messages;
        }

        /** Returns, per desired flow the switch already holds as it should, the switch's entry (with its counters). */
        public Map<DsnFlow.Key, WireFlow> held() {
            return held;
        }

        /**
         * Returns what the messages change, counted by command, table and owner (kind and tenant
         * key of the cookie), most first: e.g. {@code "ADD t40 chain/5 x12, DELETE t40 chain/5 x12"}
         * ("" when there is nothing to send). Says in a log line which rule or service a
         * reconciliation found out of step.
         */
        public String summary() {
            StringBuilder b = new StringBuilder();
            changes.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).forEach(e ->
                    b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue()));
            return b.toString();
        }
    }

    /** The messages to send, in order: deletes, then adds and modifies. */
    public static List<OFMessage> plan(List<WireFlow> installed, List<DsnFlow> desired, boolean keepForeign,
                                       java.util.function.LongSupplier xids) {
        return reconcile(installed, desired, keepForeign, xids).messages();
    }

    /**
     * The messages that make a switch hold {@code desired} flows and {@code desiredGroups}, in the
     * order one bundle can apply them: groups added or changed (before any flow refers to them),
     * flows deleted, flows added or changed, groups deleted (after no flow refers to them). A
     * group is compared by type and bucket bytes; one nobody wants is deleted unless foreign state
     * is kept.
     */
    public static Plan reconcile(List<WireFlow> installed, List<DsnFlow> desired, List<WireGroup> installedGroups,
                                 java.util.Collection<org.dsp.driver.ovs.DsnGroup> desiredGroups, boolean keepForeign,
                                 java.util.function.LongSupplier xids) {
        Map<Long, WireGroup> have = new HashMap<>();
        for (WireGroup g : installedGroups) {
            have.put(g.id(), g);
        }
        List<OFMessage> groupWrites = new ArrayList<>();
        Map<String, Integer> changes = new java.util.LinkedHashMap<>();
        java.util.Set<Long> wanted = new java.util.HashSet<>();
        for (org.dsp.driver.ovs.DsnGroup g : desiredGroups) {
            wanted.add(g.id());
            WireGroup h = have.get(g.id());
            org.projectfloodlight.openflow.protocol.OFGroupMod add = GroupModEncoder.encode(g, GroupModEncoder.Command.ADD, 0);
            if (h == null) {
                groupWrites.add(add.createBuilder().setXid(xids.getAsLong()).build());
                changes.merge("ADD group", 1, Integer::sum);
            } else if (!h.same(WireGroup.of(add))) {
                groupWrites.add(GroupModEncoder.encode(g, GroupModEncoder.Command.MODIFY, xids.getAsLong()));
                changes.merge("MODIFY group", 1, Integer::sum);
            }
        }
        List<OFMessage> groupDeletes = new ArrayList<>();
        if (!keepForeign) {
            for (WireGroup h : installedGroups) {
                if (!wanted.contains(h.id())) {
                    groupDeletes.add(GroupModEncoder.delete(h.id(), xids.getAsLong()));
                    changes.merge("DELETE group", 1, Integer::sum);
                }
            }
        }
        Plan flows = reconcile(installed, desired, keepForeign, xids);
        List<OFMessage> out = new ArrayList<>(groupWrites);
        out.addAll(flows.messages());
        out.addAll(groupDeletes);
        flows.changes.forEach((k, v) -> changes.merge(k, v, Integer::sum));
        return new Plan(out, flows.held(), changes);
    }

    /** The messages to send and the desired flows already held (each desired flow is encoded once). */
    public static Plan reconcile(List<WireFlow> installed, List<DsnFlow> desired, boolean keepForeign,
                                 java.util.function.LongSupplier xids) {
        Map<WireFlow.Key, WireFlow> have = new HashMap<>();
        for (WireFlow w : installed) {
            have.put(w.key(), w);
        }
        List<OFMessage> deletes = new ArrayList<>();
        List<OFMessage> writes = new ArrayList<>();
        Map<WireFlow.Key, DsnFlow> want = new HashMap<>();
        Map<DsnFlow.Key, WireFlow> held = new HashMap<>();
        Map<String, Integer> changes = new java.util.LinkedHashMap<>();
        for (DsnFlow f : desired) {
            OFFlowMod add = FlowModEncoder.encode(f, FlowModEncoder.Command.ADD, 0);
            WireFlow w = WireFlow.of(add);
            want.put(w.key(), f);
            WireFlow h = have.get(w.key());
            if (h == null || h.cookie() != w.cookie()) {
                writes.add(add.createBuilder().setXid(xids.getAsLong()).build());
                changes.merge(change("ADD", f.table().number(), f.cookie()), 1, Integer::sum);
            } else if (!h.sameInstructions(w)) {
                writes.add(FlowModEncoder.encode(f, FlowModEncoder.Command.MODIFY_STRICT, xids.getAsLong()));
                changes.merge(change("MODIFY", f.table().number(), f.cookie()), 1, Integer::sum);
            } else {
                held.put(f.key(), h);
            }
        }
        for (WireFlow h : installed) {
            if (want.containsKey(h.key()) || org.dsp.driver.ovs.Table.byNumber(h.key().table()).learned()) {
                continue; // wanted, or learned by the switch itself (no controller's to delete)
            }
            if (keepForeign && Cookies.kind(h.cookie()) == null) {
                continue;
            }
            deletes.add(WireDeletes.strict(h, xids.getAsLong()));
            changes.merge(change("DELETE", h.key().table(), h.cookie()), 1, Integer::sum);
        }
        List<OFMessage> out = new ArrayList<>(deletes);
        out.addAll(writes);
        return new Plan(out, held, changes);
    }

    /** A change's label in {@link Plan#summary()}: command, table, and the cookie's owner kind and tenant key. */
    private static String change(String command, int table, long cookie) {
        org.dsp.ir.Owner.Kind kind = Cookies.kind(cookie);
        return command + " t" + table + " " + (kind == null ? "foreign" : kind + "/" + Cookies.tenantKey(cookie));
    }
}
