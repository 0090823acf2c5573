package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.TenantStatus;
import org.dsp.firewall.Firewall;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleServiceAdapter;

/**
 * The switch confirms an earlier change after a later one went out: the DSN stays PENDING until
 * the later change is confirmed (the confirmation of the earlier one says nothing about it).
 */
class LateConfirmationTest {
    static final DeviceId D2 = DspManagerTest.D2;

    /** A FlowRuleService that answers each batch only when told to. */
    static final class Unanswered extends FlowRuleServiceAdapter {
        final List<FlowRuleOperations> waiting = new CopyOnWriteArrayList<>();

        @Override
        public void apply(FlowRuleOperations ops) {
            waiting.add(ops);
        }

        /** Confirms the batches for {@code dsn} sent so far except the last {@code keep}. */
        void confirm(DeviceId dsn, int keep) {
            List<FlowRuleOperations> forDsn = waiting.stream().filter(o -> o.stages().stream().flatMap(java.util.Set::stream)
                    .anyMatch(op -> op.rule().deviceId().equals(dsn))).collect(java.util.stream.Collectors.toList());
            for (FlowRuleOperations o : forDsn.subList(0, forDsn.size() - keep)) {
                waiting.remove(o);
                o.callback().onSuccess(o);
            }
        }
    }

    private static RealizationState at(DspManager m, DeviceId d) {
        TenantStatus st = m.status("acme");
        return st.dsns().get(d).state();
    }

    @Test
    void anEarlierChangesConfirmationDoesNotMakeALaterChangeInstalled() throws Exception {
        Unanswered flows = new Unanswered();
        DspManager m = TestManagers.clusterMember(flows, new SharedStorageService(), new MastershipServiceAdapter() {
            @Override
            public MastershipRole getLocalRole(DeviceId deviceId) {
                return MastershipRole.MASTER;
            }
        });
        try {
            TenantDocument doc = DspManagerTest.example();
            TenantRecord v1 = m.apply(doc);
            assertEquals(RealizationState.PENDING, at(m, D2));
            m.apply(Firewall.removeRule(doc.withVersion(v1.version()).toBuilder(), "app-in").build()); // changes D2 (app-1)
            flows.confirm(D2, 1); // the switch confirms version 1's batch; version 2's is still on its way
            Thread.sleep(100);
            assertEquals(RealizationState.PENDING, at(m, D2), "version 1's confirmation does not cover version 2");
            flows.confirm(D2, 0);
            TenantStatus st = TestManagers.awaitStatus(m, "acme", s -> s.dsns().get(D2).state() == RealizationState.INSTALLED);
            assertEquals(RealizationState.INSTALLED, st.dsns().get(D2).state(), "confirmed once version 2's batch is");
        } finally {
            m.deactivate();
        }
    }
}
