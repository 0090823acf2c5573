package org.dsp.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.ServiceTranslator;
import org.dsp.driver.ovs.TablePlan;
import org.dsp.ir.LogicalDelta;
import org.dsp.ir.LogicalProgram;
import org.dsp.ir.StagePlan;
import org.dsp.overlay.ovs.OverlayTranslator;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * The overlay's step 2 comes from its app (docs/services.md, "Step 2"): the OVS driver translates a
 * network only with the translation the overlay gives it, and refuses, naming the action, a network
 * flow when none was given.
 */
class OverlayTranslationTest {
    private static LogicalProgram red() throws Exception {
        return LogicalCompiler.compile(TenantDocumentCodec.decode(OverlayCompileTest.red()), 7);
    }

    private static DsnCompiler compiler(List<ServiceTranslator> translators) {
        return new DsnCompiler(OverlayCompileTest.INVENTORY, DsnTarget.OVS_NICIRA,
                new TablePlan(StagePlan.core()).grownBy(Services.discovered()), translators);
    }

    private static Map<DeviceId, DsnProgram> programs(DsnCompiler c, LogicalProgram p) {
        c.apply(new LogicalDelta(p.tenant(), p.tenantKey(), List.of(), List.copyOf(p.flows().values())));
        return c.programs();
    }

    @Test
    void theOverlayAppGivesTheDriverItsTranslationAndNothingElse() {
        OverlayApp app = new OverlayApp();
        assertTrue(app.translation(ServiceTranslator.class) instanceof OverlayTranslator);
        assertNull(app.translation(Runnable.class), "no translation for an API it does not know");
        assertEquals(1, DsnCompiler.translatorsOf(Services.of(List.of(app))).size());
    }

    @Test
    void withTheOverlaysTranslationTheNetworkIsTranslatedAsWithTheServicesOnTheClassPath() throws Exception {
        LogicalProgram p = red();
        Map<DeviceId, DsnProgram> given = programs(compiler(List.of(new OverlayTranslator())), p);
        Map<DeviceId, DsnProgram> found = programs(new DsnCompiler(OverlayCompileTest.INVENTORY, DsnTarget.OVS_NICIRA,
                new TablePlan(StagePlan.core()).grownBy(Services.discovered())), p);
        assertEquals(DsnProgram.rendered(found), DsnProgram.rendered(given));
        long tunnelFlows = given.get(OverlayCompileTest.D1).flows().values().stream()
                .filter(f -> f.render().contains("tun_id")).count();
        assertTrue(tunnelFlows > 0, "the network's tunnel flows are there");
    }

    @Test
    void withoutItTheDriverRefusesTheNetworkNamingIt() throws Exception {
        LogicalProgram p = red();
        DsnCompiler c = compiler(List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> programs(c, p));
        assertTrue(e.getMessage().contains("no active service gives it a translation"), e.getMessage());
        assertTrue(c.programs().isEmpty(), "nothing of the tenant was placed: " + c.programs().keySet());
    }

    @Test
    void aPlacedNetworkKeepsItsTranslatorWhenTheServicesChangeAndIsStillRePlaced() throws Exception {
        DsnCompiler c = compiler(List.of(new OverlayTranslator()));
        programs(c, red());
        c.setTranslators(List.of()); // the overlay went, but the tenant kept its program (its change was refused)
        org.onlab.packet.Ip4Address moved = org.onlab.packet.Ip4Address.valueOf("192.168.100.22");
        c.setInventory(org.dsp.driver.ovs.Inventory.of(
                Map.of(OverlayCompileTest.D1, org.onosproject.net.PortNumber.portNumber(OverlayCompileTest.UPLINK),
                        OverlayCompileTest.D2, org.onosproject.net.PortNumber.portNumber(OverlayCompileTest.UPLINK)),
                Map.of(OverlayCompileTest.D1, org.dsp.driver.ovs.TunnelEndpoint.of(org.onosproject.net.PortNumber.portNumber(OverlayCompileTest.TUN),
                                OverlayCompileTest.U1),
                        OverlayCompileTest.D2, org.dsp.driver.ovs.TunnelEndpoint.of(org.onosproject.net.PortNumber.portNumber(OverlayCompileTest.TUN),
                                moved))));
        assertTrue(c.program(OverlayCompileTest.D1).flows().values().stream().anyMatch(f -> f.render().contains("192.168.100.22")),
                "D1's tunnel flows follow D2's new underlay address");
    }
}
