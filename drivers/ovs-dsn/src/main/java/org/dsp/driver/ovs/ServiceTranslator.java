package org.dsp.driver.ovs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.ir.LogicalFlow;
import org.onosproject.net.DeviceId;

/**
 * A service's step-2 translation for the OVS driver: the logical flows of a kind only that service
 * writes (a virtual network, a tenant's external access, its service chains), which the driver's
 * generic translation of rules and actions does not carry. A service app gives it through
 * {@code ServiceApp.translation(ServiceTranslator.class)}; the driver's compiler asks each active
 * service's translator, in turn, whether it {@link #takes} a flow before translating it as a rule
 * (docs/services.md, "Step 2").
 *
 * <p>The flows a translator takes are <em>tenant-wide</em>: their translation may read every
 * endpoint binding of the tenant and the inventory, so the compiler translates them again whenever
 * a binding of the tenant changes, the DSNs' tunnel endpoints change, and whatever else
 * {@link #reads} names; a flow keeps the translator that took it until it is withdrawn. A
 * translation is a pure function of its {@link TranslationContext}. The register and conntrack
 * bits it uses are its service's declared fields ({@code context.plan().fields().of(field)}),
 * placed and checked against every other service's by the driver; a {@link RegField} of its own
 * only in a conntrack zone of its own (as the chains' mark bits in a chain's zone).
 */
public interface ServiceTranslator {
    /** What, besides the tenant's bindings and the DSNs' tunnel endpoints, a translation reads. */
    enum Input {
        /** The fabric's links (the DSNs' distances: a chain's instances are placed nearest first). */
        FABRIC,
        /** The external gateways (the inventory's external ports). */
        GATEWAYS,
        /** The tenant's select flows (its load balancers' VIPs and backends). */
        SELECTS
    }

    /** Returns the name of the service this translates for (logs and errors). */
    String service();

    /**
     * Returns whether this translator translates {@code f}. Called for every logical flow the
     * compiler places, so it must be cheap (look at the flow's action kinds).
     */
    boolean takes(LogicalFlow f);

    /**
     * Translates one flow this translator takes into the contributions of each DSN that holds a part
     * of it (a DSN absent from the map holds nothing of it).
     *
     * @param f the logical flow
     * @param context the tenant's bindings, the inventory, the table plan and the target
     * @return per DSN, the flow's contributions
     * @throws IllegalArgumentException naming what cannot be translated
     */
    Map<DeviceId, List<Contribution>> translate(LogicalFlow f, TranslationContext context);

    /** Returns what else the translation reads (by default nothing). */
    default Set<Input> reads() {
        return Set.of();
    }

    /**
     * Returns what the translated flows carry, for the refusal on a southbound target without tunnels,
     * e.g. {@code "overlay tunnels"}.
     */
    String carries();
}
