package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.ir.Owner;
import org.dsp.model.TenantDocument;
import org.dsp.testing.Golden;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

class GoldenProgramTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");

    static Map<DeviceId, DsnProgram> compileExample() {
        TenantDocument d = TenantDocumentCodec.decode(org.dsp.testing.Examples.threeTier());
        return DsnCompiler.compile(List.of(LogicalCompiler.compile(d)),
                Inventory.of(Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10))));
    }

    @Test
    void exampleProgramsMatchGolden() {
        Golden.assertGolden("three-tier.flows", OfctlWriter.write(compileExample()));
    }

    @Test
    void eachDsnGetsOnlyTheFlowsOfItsOwnWorkloads() {
        Map<DeviceId, DsnProgram> p = compileExample();
        for (DsnFlow f : p.get(D1).flows().values()) {
            for (String o : f.owners()) {
                assertTrue(!o.contains("app-") && !o.contains("db-"), "DSN 1 holds a flow of a DSN-2 workload: " + f + " " + o);
            }
        }
        for (DsnFlow f : p.get(D2).flows().values()) {
            for (String o : f.owners()) {
                assertTrue(!o.contains("client-") && !o.contains("web-1"), "DSN 2 holds a flow of a DSN-1 workload: " + f);
            }
        }
    }

    @Test
    void everyCookieNamesItsOwner() {
        for (DsnProgram p : compileExample().values()) {
            for (DsnFlow f : p.flows().values()) {
                Owner.Kind k = Cookies.kind(f.cookie());
                assertTrue(k != null, "cookie without DSP kind: " + f);
                if (k == Owner.Kind.PIPELINE) {
                    assertEquals(List.of("pipeline"), f.owners());
                } else {
                    assertEquals(org.dsp.compiler.Keys.tenantKey("acme"), Cookies.tenantKey(f.cookie()), f.render());
                    assertTrue(f.owners().stream().allMatch(o -> o.startsWith("acme/")), f.render());
                }
            }
        }
    }

    @Test
    void outputIsDeterministic() {
        assertEquals(OfctlWriter.write(compileExample()), OfctlWriter.write(compileExample()));
    }
}
