package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsp.app.api.RealizationState;
import org.dsp.app.api.TenantStatus;
import org.junit.jupiter.api.Test;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;

/**
 * A flow batch the flow rule service never answers: its DSN turns FAILED, naming the missing
 * answer, once the confirmation deadline passes; an answer that comes later still counts.
 */
class UnansweredBatchTest {
    static final DeviceId D1 = DspManagerTest.D1;
    static final DeviceId D2 = DspManagerTest.D2;

    /** A manager that masters every device and programs through {@code flows}. */
    private static DspManager master(LateConfirmationTest.Unanswered flows) {
        return TestManagers.clusterMember(flows, new SharedStorageService(), new MastershipServiceAdapter() {
            @Override
            public MastershipRole getLocalRole(DeviceId deviceId) {
                return MastershipRole.MASTER;
            }
        });
    }

    @Test
    void aBatchWithoutAnswerFailsItsDsnAtTheDeadlineAndALateAnswerStillCounts() throws Exception {
        LateConfirmationTest.Unanswered flows = new LateConfirmationTest.Unanswered();
        DspManager m = master(flows);
        try {
            m.confirmTimeoutMillis = 400;
            m.apply(DspManagerTest.example());
            flows.confirm(D1, 0); // D1 answers; D2 never does
            TenantStatus st = TestManagers.awaitStatus(m, "acme", s -> s.dsns().get(D2).state() == RealizationState.FAILED);
            assertEquals(RealizationState.FAILED, st.dsns().get(D2).state(), "no answer within the deadline");
            assertTrue(st.dsns().get(D2).reason().contains("no answer from " + D2), st.dsns().get(D2).reason());
            assertEquals(RealizationState.INSTALLED, st.dsns().get(D1).state(), "the DSN that answered is not touched");
            assertEquals(RealizationState.FAILED, st.state());

            flows.confirm(D2, 0); // the answer comes after all
            st = TestManagers.awaitStatus(m, "acme", s -> s.state() == RealizationState.INSTALLED);
            assertEquals(RealizationState.INSTALLED, st.dsns().get(D2).state(), "a late confirmation is the DSN's state");
            assertEquals(null, st.dsns().get(D2).reason());
        } finally {
            m.deactivate();
        }
    }

    @Test
    void anEarlierChangesDeadlineDoesNotUndoALaterChangesConfirmation() throws Exception {
        LateConfirmationTest.Unanswered flows = new LateConfirmationTest.Unanswered();
        DspManager m = master(flows);
        try {
            m.confirmTimeoutMillis = 600;
            org.dsp.model.TenantDocument doc = DspManagerTest.example();
            org.dsp.app.api.TenantRecord v1 = m.apply(doc);
            m.apply(org.dsp.firewall.Firewall.removeRule(doc.withVersion(v1.version()).toBuilder(), "app-in").build()); // changes D2
            java.util.List<org.onosproject.net.flow.FlowRuleOperations> d2 = new java.util.ArrayList<>();
            for (org.onosproject.net.flow.FlowRuleOperations o : flows.waiting) {
                if (o.stages().stream().flatMap(java.util.Set::stream).anyMatch(op -> op.rule().deviceId().equals(D2))) {
                    d2.add(o);
                }
            }
            assertEquals(2, d2.size(), "two batches for D2");
            flows.confirm(D1, 0);
            d2.get(1).callback().onSuccess(d2.get(1)); // the later change is confirmed; the earlier one never is
            TenantStatus st = TestManagers.awaitStatus(m, "acme", s -> s.state() == RealizationState.INSTALLED);
            assertEquals(RealizationState.INSTALLED, st.dsns().get(D2).state());
            Thread.sleep(1200); // both deadlines pass
            st = m.status("acme");
            assertEquals(RealizationState.INSTALLED, st.dsns().get(D2).state(), "the earlier change's deadline: " + st.dsns().get(D2));
        } finally {
            m.deactivate();
        }
    }

    @Test
    void theDeadlinePropertyIsSecondsFromOneToAnHour() {
        assertEquals(45, DspManager.confirmSeconds(" 45 "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DspManager.confirmSeconds("0"));
        assertTrue(e.getMessage().contains("dsp.confirmSeconds must be 1 to 3600 seconds"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DspManager.confirmSeconds("30s"));
        assertTrue(e.getMessage().contains("whole number of seconds, not '30s'"), e.getMessage());
    }
}
