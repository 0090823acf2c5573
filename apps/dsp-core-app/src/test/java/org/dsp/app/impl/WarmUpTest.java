package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;

/**
 * The node's warm-up: a valid synthetic tenant, within the default limits and flow budget, compiled
 * in full and then changed one rule at a time (each change a few flow operations, as through the
 * rule API), bounded by its time and by {@link WarmUp#MAX_CHANGES}; its property parsed strictly.
 */
class WarmUpTest {
    @Test
    void theSyntheticTenantIsCompiledInFullThenChangedOneRuleAtATimeWithinTheDefaultLimits() {
        Services services = Services.discovered();
        // a valid document (as a user's would be read)
        assertEquals(8, TenantDocumentCodec.with(services).readStored(WarmUp.document(WarmUp.RULES)).endpoints().size());
        DocumentLimits limits = DocumentLimits.from(k -> null);
        FlowBudget budget = FlowBudget.from(k -> null);
        WarmUp.Result r = WarmUp.run(services, DsnTarget.OVS_NICIRA, limits, budget, 60_000);
        assertEquals(WarmUp.MAX_CHANGES, r.changes, "bounded by its count when time is left: " + r);
        assertEquals(0, r.refused, r.toString());
        // the full compile is over 3,000 flow operations; each one-rule change a few dozen at most
        assertTrue(r.flowOps > 3_000 && r.flowOps < 3_000 + 2_000 + 100L * r.changes, r.toString());
        // bounded by its time: past it after the full compile, at most the change under way is made
        WarmUp.Result brief = WarmUp.run(services, DsnTarget.OVS_NICIRA, limits, budget, 1);
        assertTrue(brief.changes <= 1, "bounded by its time: " + brief);
    }

    @Test
    void withTheFirewallInactiveItChangesTheRawSectionOnItsJson() {
        Services services = Services.discovered();
        Services noFirewall = services.without(services.owner("firewall").name());
        WarmUp.Result r = WarmUp.run(noFirewall, DsnTarget.OVS_NICIRA, DocumentLimits.from(k -> null), FlowBudget.from(k -> null), 500);
        assertTrue(r.changes >= 2, "changed one rule at a time without the firewall's item edit: " + r);
    }

    @Test
    void itsPropertyIsWholeMillisecondsUpToAMinute() {
        assertEquals(0, WarmUp.millis(null));
        assertEquals(1500, WarmUp.millis(" 1500 "));
        assertThrows(IllegalArgumentException.class, () -> WarmUp.millis("1.5s"));
        assertThrows(IllegalArgumentException.class, () -> WarmUp.millis("-1"));
        assertThrows(IllegalArgumentException.class, () -> WarmUp.millis("60001"));
    }
}
