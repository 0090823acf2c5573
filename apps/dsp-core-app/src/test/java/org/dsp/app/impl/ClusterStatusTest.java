package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.TenantStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * Two cluster members on one store, each mastering one DSN: each programs only its own DSN, and
 * the status either member reports for the other's DSN is what that DSN's master reported for
 * the same version - FAILED when it failed - never an unchecked INSTALLED.
 */
class ClusterStatusTest {
    static final DeviceId D1 = DspManagerTest.D1;
    static final DeviceId D2 = DspManagerTest.D2;
    private final SharedStorageService store = new SharedStorageService();
    private final RecordingFlowRules flowsA = new RecordingFlowRules();
    private final RecordingFlowRules flowsB = new RecordingFlowRules();
    private DspManager a;
    private DspManager b;

    @AfterEach
    void stop() {
        a.deactivate();
        b.deactivate();
    }

    private static RealizationState await(Supplier<TenantStatus> status, DeviceId dsn, RealizationState want) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        RealizationState s = null;
        while (System.currentTimeMillis() < deadline) {
            TenantStatus st = status.get();
            s = st == null || st.dsns().get(dsn) == null ? null : st.dsns().get(dsn).state();
            if (s == want) {
                return s;
            }
            Thread.sleep(10);
        }
        return s;
    }

    @Test
    void eachMemberReportsWhatTheDsnsMasterReported() throws Exception {
        a = TestManagers.member(flowsA, store, D1::equals);
        b = TestManagers.member(flowsB, store, D2::equals);
        flowsB.failing.add(D2); // the switch refuses the batch at D2's master
        a.apply(DspManagerTest.example());
        assertEquals(java.util.Set.of(D1), flowsA.installed.keySet(), "member A programs only the DSN it masters");
        assertEquals(RealizationState.INSTALLED, await(() -> a.status("acme"), D1, RealizationState.INSTALLED));
        assertEquals(RealizationState.FAILED, await(() -> a.status("acme"), D2, RealizationState.FAILED),
                "A shows what B, D2's master, saw: " + a.status("acme").dsns());
        assertEquals(RealizationState.FAILED, await(() -> b.status("acme"), D2, RealizationState.FAILED));
        assertEquals(RealizationState.INSTALLED, await(() -> b.status("acme"), D1, RealizationState.INSTALLED),
                "and B shows A's report for D1");
        assertTrue(flowsB.installed.keySet().equals(java.util.Set.of(D2)), "member B programs only D2");
    }

    @Test
    void aReportForAnEarlierVersionDoesNotCount() throws Exception {
        a = TestManagers.member(flowsA, store, D1::equals);
        b = TestManagers.member(flowsB, store, D2::equals);
        a.apply(DspManagerTest.example());
        assertEquals(RealizationState.INSTALLED, await(() -> a.status("acme"), D2, RealizationState.INSTALLED));
        b.deactivate(); // D2's master goes quiet; the next version is never reported for D2
        b = TestManagers.member(new RecordingFlowRules(), new SharedStorageService(), d -> false); // (stopped in @AfterEach)
        a.apply(org.dsp.firewall.Firewall.removeRule(DspManagerTest.example().toBuilder(), "db-in").build());
        TenantStatus st = a.status("acme");
        assertEquals(RealizationState.PENDING, st.dsns().get(D2).state(), st.dsns().toString());
        assertTrue(st.dsns().get(D2).reason().contains("has not reported"), st.dsns().get(D2).reason());
    }
}
