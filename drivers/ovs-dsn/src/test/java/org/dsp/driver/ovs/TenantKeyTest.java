package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.ir.LogicalDelta;
import org.dsp.ir.LogicalProgram;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.Test;

class TenantKeyTest {
    @Test
    void collidingTenantIdsGetDistinctKeys() {
        assertEquals(Keys.tenantKey("t58"), Keys.tenantKey("t180")); // a known 16-bit collision
        Map<String, Integer> keys = Keys.tenantKeys(List.of("t58", "t180"));
        assertNotEquals(keys.get("t58"), keys.get("t180"));
    }

    @Test
    void stepTwoRefusesTwoTenantsWithOneKey() {
        DsnCompiler c = new DsnCompiler(Inventory.empty());
        LogicalProgram a = LogicalCompiler.compile(ScaleDocs.economy(1, 1, 1), 42);
        c.apply(new LogicalDelta(a.tenant(), 42, List.of(), List.copyOf(a.flows().values())));
        LogicalProgram b = LogicalCompiler.compile(ScaleDocs.tenant(2, 1, 1, 1), 42);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.apply(new LogicalDelta(b.tenant(), 42, List.of(), List.copyOf(b.flows().values()))));
        assertTrue(e.getMessage().contains("already used by tenant econ"), e.getMessage());
    }

    @Test
    void aWithdrawnTenantGivesItsKeyBack() {
        DsnCompiler c = new DsnCompiler(Inventory.empty());
        LogicalProgram a = LogicalCompiler.compile(ScaleDocs.economy(1, 1, 1), 42);
        c.apply(new LogicalDelta(a.tenant(), 42, List.of(), List.copyOf(a.flows().values())));
        c.apply(new LogicalDelta(a.tenant(), 42, List.copyOf(a.flows().values()), List.of())); // refused and undone
        LogicalProgram b = LogicalCompiler.compile(ScaleDocs.tenant(2, 1, 1, 1), 42);
        c.apply(new LogicalDelta(b.tenant(), 42, List.of(), List.copyOf(b.flows().values())));
        assertTrue(c.programs().values().stream().anyMatch(p -> p.size() > 0), "the next tenant with that key compiles");
    }
}
