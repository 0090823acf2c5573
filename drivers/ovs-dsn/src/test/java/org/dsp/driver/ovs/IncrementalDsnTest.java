package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.model.TenantDocument;
import org.dsp.testing.RandomDocs;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/** The per-DSN deltas of an update, applied to the old programs, give exactly the full compile of the new document. */
class IncrementalDsnTest {
    static Inventory inventory() {
        Map<DeviceId, PortNumber> up = new HashMap<>();
        for (DeviceId d : RandomDocs.DSNS) {
            up.put(d, PortNumber.portNumber(RandomDocs.UPLINK));
        }
        return Inventory.of(up);
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
    void deltasAreExact(@ForAll long seed) {
        Random rnd = new Random(seed);
        TenantDocument a = RandomDocs.generate(rnd);
        TenantDocument b = RandomDocs.mutate(a, rnd);
        int key = Keys.tenantKey(a.tenantId());
        LogicalCompiler lc = new LogicalCompiler(key);
        DsnCompiler dc = new DsnCompiler(inventory());
        dc.apply(lc.update(a));
        Map<DeviceId, Map<DsnFlow.Key, DsnFlow>> state = new HashMap<>();
        dc.programs().forEach((d, p) -> state.put(d, new HashMap<>(p.flows())));
        Map<DeviceId, FlowDelta> deltas = dc.apply(lc.update(b));
        for (FlowDelta fd : deltas.values()) {
            Map<DsnFlow.Key, DsnFlow> s = state.computeIfAbsent(fd.dsn(), k -> new HashMap<>());
            for (DsnFlow f : fd.removes()) {
                assertEquals(f, s.remove(f.key()), "seed " + seed + ": removed flow was not installed");
            }
            for (DsnFlow f : fd.modifies()) {
                assertTrue(s.containsKey(f.key()), "seed " + seed + ": modified flow was not installed");
                s.put(f.key(), f);
            }
            for (DsnFlow f : fd.adds()) {
                assertEquals(null, s.put(f.key(), f), "seed " + seed + ": added flow already installed");
            }
        }
        Map<DeviceId, DsnProgram> full = DsnCompiler.compile(List.of(LogicalCompiler.compile(b, key)), inventory());
        for (DeviceId d : RandomDocs.DSNS) {
            Map<DsnFlow.Key, DsnFlow> expected = full.containsKey(d) ? full.get(d).flows() : Map.of();
            assertEquals(expected, state.getOrDefault(d, Map.of()), "seed " + seed + " DSN " + d);
            assertEquals(OfctlWriter.write(new DsnProgram(d, expected.values())), OfctlWriter.write(dc.program(d)), "seed " + seed);
        }
        assertEquals(full.keySet(), dc.programs().keySet());
    }
}
