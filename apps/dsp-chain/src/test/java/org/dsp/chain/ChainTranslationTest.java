package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dsp.chain.ovs.ChainTranslator;
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
import org.dsp.spi.ServiceApp;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * The chains' step 2 comes from their app (docs/services.md, "Step 2"): the OVS driver places a
 * tenant's chains only with the translation the chain app gives it, and refuses them, naming the
 * action, when it was not given; the overlay's translation alone does not carry them.
 */
class ChainTranslationTest {
    private static final Inventory INV = ChainCompileTest.tunnels(ChainCompileTest.D1, ChainCompileTest.D2);

    private static LogicalProgram red() throws Exception {
        return LogicalCompiler.compile(TenantDocumentCodec.decode(ChainCompileTest.red()), Keys.tenantKey("red"));
    }

    private static Map<DeviceId, List<String>> programs(DsnCompiler c, LogicalProgram p) {
        c.apply(new LogicalDelta(p.tenant(), p.tenantKey(), List.of(), List.copyOf(p.flows().values())));
        return DsnProgram.rendered(c.programs());
    }

    private static DsnCompiler compiler(List<ServiceTranslator> translators) {
        return new DsnCompiler(INV, DsnTarget.OVS_NICIRA, new TablePlan(StagePlan.core()).grownBy(Services.discovered()), translators);
    }

    private static ServiceApp app(String name) {
        return Services.discovered().app(name);
    }

    @Test
    void theChainAppGivesTheDriverItsTranslation() {
        assertTrue(new ChainApp().translation(ServiceTranslator.class) instanceof ChainTranslator);
        assertNull(new ChainApp().translation(Runnable.class));
    }

    @Test
    void withTheActiveServicesTranslationsTheChainsAreSteeredAsWithThoseOnTheClassPath() throws Exception {
        LogicalProgram p = red();
        List<ServiceTranslator> active = DsnCompiler.translatorsOf(Services.of(List.of(app("overlay"), app("chain"))));
        Map<DeviceId, List<String>> given = programs(compiler(active), p);
        assertEquals(programs(new DsnCompiler(INV, DsnTarget.OVS_NICIRA,
                new TablePlan(StagePlan.core()).grownBy(Services.discovered())), p), given);
        assertTrue(given.get(ChainCompileTest.D1).stream().anyMatch(f -> f.startsWith("table=38,priority=200,")), "steering flows are there");
    }

    @Test
    void withoutTheChainsTranslationTheDriverRefusesThemNamingTheAction() throws Exception {
        LogicalProgram p = red();
        DsnCompiler c = compiler(DsnCompiler.translatorsOf(Services.of(List.of(app("overlay")))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> programs(c, p));
        assertTrue(e.getMessage().contains("no active service gives it a translation"), e.getMessage());
        assertTrue(c.programs().isEmpty(), "nothing of the tenant was placed: " + c.programs().keySet());
    }
}
