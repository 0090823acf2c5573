package org.dsp.app.impl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.TenantStatus;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;

/** Words for realization failures and for DSNs whose state cannot be vouched for. */
final class Refusals {
    private Refusals() {
    }

    /**
     * Describes a failed batch: how many operations failed, the rules (owners) their flows
     * belong to, and what the switch said, when the southbound knows it.
     */
    static String describe(DeviceId dsn, FlowRuleOperations failed, String refusal, Realizer realizer) {
        DsnProgram program = realizer.program(dsn);
        TreeSet<String> owners = new TreeSet<>();
        int n = 0;
        for (java.util.Set<FlowRuleOperation> stage : failed.stages()) {
            for (FlowRuleOperation op : stage) {
                n++;
                DsnFlow f = FlowRuleTranslator.fromFlowRule(op.rule());
                DsnFlow compiled = program == null ? null : program.flows().get(f.key());
                if (compiled != null) {
                    owners.addAll(compiled.owners());
                } else {
                    owners.add(String.format("cookie 0x%x", op.rule().id().value()));
                }
            }
        }
        List<String> named = List.copyOf(owners);
        String who = named.size() <= 10 ? String.join(", ", named)
                : String.join(", ", named.subList(0, 10)) + " and " + (named.size() - 10) + " more";
        return dsn + " refused " + n + " flow operation(s) of " + who + "; nothing of the change was applied"
                + (refusal == null ? "" : ": " + refusal);
    }

    /**
     * The status as far as it can be vouched for now: a DSN that is not connected is PENDING, never
     * INSTALLED; and when the southbound verifies switches ({@code refusal} not null), a DSN it
     * knows not to hold the tenant's flows is FAILED with its reason, and one that FAILED but was
     * seen holding them since (repaired by an audit) is INSTALLED.
     */
    static TenantStatus checked(TenantStatus s, Predicate<DeviceId> available,
                                java.util.function.Function<DeviceId, String> refusal) {
        Map<DeviceId, TenantStatus.DsnStatus> dsns = new HashMap<>();
        boolean changed = false;
        for (Map.Entry<DeviceId, TenantStatus.DsnStatus> e : s.dsns().entrySet()) {
            TenantStatus.DsnStatus d = e.getValue();
            TenantStatus.DsnStatus was = d;
            String against = refusal == null ? null : refusal.apply(e.getKey());
            if (against != null && d.state() != RealizationState.FAILED) {
                d = d.with(RealizationState.FAILED, d.millis(), "the switch does not hold the tenant's flows: " + against);
            } else if (refusal != null && against == null && d.state() == RealizationState.FAILED) {
                d = d.with(RealizationState.INSTALLED, d.millis(), "repaired since: " + d.reason());
            }
            if (d.state() == RealizationState.INSTALLED && !available.test(e.getKey())) {
                d = d.with(RealizationState.PENDING, d.millis(),
                        "DSN not connected: what it holds is confirmed again when it reconnects and is reconciled");
            }
            changed |= d != was;
            dsns.put(e.getKey(), d);
        }
        return changed ? s.withDsns(dsns) : s;
    }
}
