package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.app.api.DsnLoad;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.ValidationError;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.FlowDelta;
import org.dsp.driver.ovs.openflow.WireSize;
import org.onosproject.net.DeviceId;

/**
 * The flow budget: how many flows one tenant may hold in all and one DSN may hold, and the
 * OpenFlow message limit. A change is measured after it is compiled and before it is stored; one
 * over budget is refused whole, naming the DSN, the count and the limit.
 */
final class FlowBudget {
    /** Framework/system property: most flows on one DSN. */
    static final String MAX_PER_DSN = "dsp.flows.maxPerDsn";
    /** Framework/system property: most flows of one tenant over all DSNs. */
    static final String MAX_PER_TENANT = "dsp.flows.maxPerTenant";
    /** Default limit per DSN: above OVN's 240,230 flows for 5,000 ACLs on one chassis, well within OVS. */
    static final int DEFAULT_PER_DSN = 500_000;
    /** Default limit per tenant. */
    static final int DEFAULT_PER_TENANT = 250_000;

    final int perDsn;
    final int perTenant;

    FlowBudget(int perDsn, int perTenant) {
        this.perDsn = perDsn;
        this.perTenant = perTenant;
    }

    /** Reads the limits from {@code property} (framework or system properties), with the defaults. */
    static FlowBudget from(java.util.function.UnaryOperator<String> property) {
        return new FlowBudget(limit(property, MAX_PER_DSN, DEFAULT_PER_DSN), limit(property, MAX_PER_TENANT, DEFAULT_PER_TENANT));
    }

    /** Reads a positive whole-number property (absent or blank: {@code fallback}; anything else throws naming it). */
    static int limit(java.util.function.UnaryOperator<String> property, String name, int fallback) {
        String v = property.apply(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim().replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "=" + v + ": expected a positive whole number");
    }

    /** The load of each changed DSN after {@code admitted}, as the realizer holds it now. */
    static Map<DeviceId, DsnLoad> loads(String tenantId, Realizer.Admission admitted, Realizer realizer) {
        Map<DeviceId, Integer> held = realizer.held(tenantId);
        Map<DeviceId, DsnLoad> out = new HashMap<>();
        for (FlowDelta d : admitted.deltas.values()) {
            List<DsnFlow> sent = new ArrayList<>(d.adds());
            sent.addAll(d.modifies());
            DsnFlow largest = WireSize.largest(sent);
            out.put(d.dsn(), new DsnLoad(held.getOrDefault(d.dsn(), 0), realizer.size(d.dsn()),
                    largest == null ? 0 : WireSize.flowMod(largest)));
        }
        return out;
    }

    /** Returns why the change is over budget (empty when it is within). */
    List<ValidationError> check(String tenantId, Realizer.Admission admitted, Map<DeviceId, DsnLoad> loads, Realizer realizer) {
        List<ValidationError> errors = new ArrayList<>();
        int total = realizer.held(tenantId).values().stream().mapToInt(Integer::intValue).sum();
        if (total > perTenant) {
            errors.add(ValidationError.of("$", ErrorCode.FLOW_BUDGET, String.format(
                    "the tenant would hold %,d flows, over the limit of %,d flows per tenant (%s)", total, perTenant, MAX_PER_TENANT)));
        }
        java.util.TreeMap<DeviceId, DsnLoad> sorted = new java.util.TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        sorted.putAll(loads);
        for (Map.Entry<DeviceId, DsnLoad> e : sorted.entrySet()) {
            DsnLoad l = e.getValue();
            if (l.dsnFlows() > perDsn && admitted.deltas.get(e.getKey()).adds().size() > admitted.deltas.get(e.getKey()).removes().size()) {
                errors.add(ValidationError.of("$", ErrorCode.FLOW_BUDGET, String.format(
                        "DSN %s would hold %,d flows (%,d of them this tenant's), over the limit of %,d flows per DSN (%s)",
                        e.getKey(), l.dsnFlows(), l.tenantFlows(), perDsn, MAX_PER_DSN)));
            }
            if (l.largestMessage() > WireSize.MAX_FLOW_MOD) {
                FlowDelta d = admitted.deltas.get(e.getKey());
                List<DsnFlow> sent = new ArrayList<>(d.adds());
                sent.addAll(d.modifies());
                errors.add(ValidationError.of("$", ErrorCode.MESSAGE_TOO_LARGE, String.format(
                        "a flow for DSN %s of %s would take a %,d-byte OpenFlow message, over the %,d bytes one can carry",
                        e.getKey(), String.join(", ", WireSize.largest(sent).owners()), l.largestMessage(), WireSize.MAX_FLOW_MOD)));
            }
        }
        return errors;
    }
}
