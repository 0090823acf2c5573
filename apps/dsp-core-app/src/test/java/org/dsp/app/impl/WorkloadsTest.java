package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;

/** A workload the network reports away from its declared attachment is named, with where it is declared. */
class WorkloadsTest {
    @Test
    void aWorkloadSeenElsewhereThanDeclaredIsReported() throws Exception {
        DspManager store = TestManagers.active(new RecordingFlowRules());
        store.apply(DspManagerTest.example());
        MacAddress client = MacAddress.valueOf("02:00:00:00:01:01");
        assertNull(Workloads.misplaced(store, client, ConnectPoint.deviceConnectPoint("of:0000000000000001/1")), "where declared");
        String m = Workloads.misplaced(store, client, ConnectPoint.deviceConnectPoint("of:0000000000000002/7"));
        assertTrue(m != null && m.contains("acme/client-1") && m.contains("of:0000000000000001/1"), m);
        assertNull(Workloads.misplaced(store, MacAddress.valueOf("02:00:00:00:99:99"),
                ConnectPoint.deviceConnectPoint("of:0000000000000002/7")), "not a declared workload");
        TestManagers.stop(store);
    }
}
