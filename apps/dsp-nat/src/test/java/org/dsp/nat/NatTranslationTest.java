package org.dsp.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.ServiceTranslator;
import org.dsp.driver.ovs.TablePlan;
import org.dsp.ir.LogicalDelta;
import org.dsp.ir.LogicalProgram;
import org.dsp.ir.StagePlan;
import org.dsp.nat.ovs.NatTranslator;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * NAT's step 2 comes from its app (docs/services.md, "Step 2"): the OVS driver translates a
 * tenant's external access only with the translation the NAT app gives it, and refuses it, naming
 * the action, without.
 */
class NatTranslationTest {
    private static final Inventory INV = NatCompileTest.gateways(NatCompileTest.D2);

    private static LogicalProgram red() throws Exception {
        return LogicalCompiler.compile(TenantDocumentCodec.decode(NatCompileTest.red()), Keys.tenantKey("red"));
    }

    private static Map<DeviceId, List<String>> programs(DsnCompiler c, LogicalProgram p) {
        c.apply(new LogicalDelta(p.tenant(), p.tenantKey(), List.of(), List.copyOf(p.flows().values())));
        return DsnProgram.rendered(c.programs());
    }

    private static DsnCompiler compiler(String... services) {
        List<org.dsp.spi.ServiceApp> apps = new java.util.ArrayList<>();
        for (String s : services) {
            apps.add(Services.discovered().app(s));
        }
        return new DsnCompiler(INV, DsnTarget.OVS_NICIRA, new TablePlan(StagePlan.core()).grownBy(Services.discovered()),
                DsnCompiler.translatorsOf(Services.of(apps)));
    }

    @Test
    void theNatAppGivesTheDriverItsTranslation() {
        assertTrue(new NatApp().translation(ServiceTranslator.class) instanceof NatTranslator);
        assertNull(new NatApp().translation(Runnable.class));
    }

    @Test
    void withTheActiveServicesTranslationsTheTenantsExternalAccessIsAsWithThoseOnTheClassPath() throws Exception {
        LogicalProgram p = red();
        Map<DeviceId, List<String>> given = programs(compiler("overlay", "nat"), p);
        assertEquals(programs(new DsnCompiler(INV, DsnTarget.OVS_NICIRA,
                new TablePlan(StagePlan.core()).grownBy(Services.discovered())), p), given);
        assertTrue(given.get(NatCompileTest.D2).stream().anyMatch(f -> f.contains("nat(")), "the gateway translates");
    }

    @Test
    void withoutNatsTranslationTheDriverRefusesTheExternalAccessNamingIt() throws Exception {
        LogicalProgram p = red();
        DsnCompiler c = compiler("overlay");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> programs(c, p));
        assertTrue(e.getMessage().contains("no active service gives it a translation"), e.getMessage());
        assertTrue(c.programs().isEmpty(), "nothing of the tenant was placed: " + c.programs().keySet());
    }
}
