package org.dsp.cli;

import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loads `dsp compile` output into a real userspace Open vSwitch bridge with ovs-ofctl and checks
 * ofproto/trace verdicts for allowed, denied, rejected and spoofed packets. Needs a running OVS
 * (./dsp test starts one).
 */
class OvsTraceIT {
    static final String BR = "dspit" + (ProcessHandle.current().pid() % 100000);
    static final String DSN = "of:0000000000000002";
    static int expectedFlows;

    @BeforeAll
    static void bridge() throws Exception {
        sh("ovs-vsctl", "--timeout=10", "show"); // fails clearly when Open vSwitch is not running
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "--may-exist", "add-br", BR, "--", "set", "bridge", BR,
                "datapath_type=netdev", "fail-mode=secure", "protocols=OpenFlow13",
                "other-config:datapath-id=0000000000000002"));
        for (int port : new int[] {1, 2, 10}) {
            String name = BR + "p" + port;
            cmd.addAll(List.of("--", "add-port", BR, name, "--", "set", "interface", name, "type=internal",
                    "ofport_request=" + port));
        }
        sh(cmd.toArray(new String[0]));
        Object[] r = CompileCommandTest.run("-f", CompileCommandTest.EXAMPLE.toString(), "--dsn", DSN, "--uplink", DSN + "=10");
        assertEquals(0, r[0], (String) r[2]);
        Path f = Files.createTempFile("dsp-flows", ".txt");
        Files.writeString(f, (String) r[1]);
        Matcher m = Pattern.compile("(?m)^# dsn " + DSN + ": (\\d+) flows$").matcher((String) r[1]);
        assertTrue(m.find());
        expectedFlows = Integer.parseInt(m.group(1));
        sh("ovs-ofctl", "-O", "OpenFlow13", "add-flows", "--bundle", BR, f.toString());
        Files.delete(f);
    }

    @AfterAll
    static void teardown() throws Exception {
        sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", BR);
    }

    static String trace(String flow, String ctNext) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "ofproto/trace", BR, flow));
        if (ctNext != null) {
            cmd.add("--ct-next");
            cmd.add(ctNext);
        }
        return sh(cmd.toArray(new String[0]));
    }

    static final String APP = "dl_src=02:00:00:00:03:01,nw_src=10.0.0.31";
    static final String TO_DB = "dl_dst=02:00:00:00:04:01,nw_dst=10.0.0.41";
    static final String TO_APP = "dl_dst=02:00:00:00:03:01,nw_dst=10.0.0.31";

    @Test
    void bridgeHoldsExactlyTheCompiledFlows() throws Exception {
        String agg = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-aggregate", BR);
        assertTrue(agg.contains("flow_count=" + expectedFlows), agg);
    }

    @Test
    void appOpensToDbOnItsPort() throws Exception {
        String t = trace("in_port=1,tcp," + APP + "," + TO_DB + ",tp_src=40000,tp_dst=5432", "trk,new");
        assertTrue(t.contains("output:2"), t);
        assertTrue(t.contains("ct(commit"), t);
    }

    @Test
    void appToDbOnAnotherPortDrops() throws Exception {
        String t = trace("in_port=1,tcp," + APP + "," + TO_DB + ",tp_src=40000,tp_dst=5433", "trk,new");
        assertFalse(t.contains("output:"), t);
        assertTrue(t.contains("goto_table:31"), t);
    }

    @Test
    void webFromTheNetworkReachesApp() throws Exception {
        String t = trace("in_port=10,tcp,dl_src=02:00:00:00:02:01,nw_src=10.0.0.21," + TO_APP + ",tp_src=40001,tp_dst=8080", "trk,new");
        assertTrue(t.contains("output:1"), t);
    }

    @Test
    void clientFromTheNetworkCannotReachApp() throws Exception {
        String t = trace("in_port=10,tcp,dl_src=02:00:00:00:01:01,nw_src=10.0.0.11," + TO_APP + ",tp_src=40002,tp_dst=8080", "trk,new");
        assertFalse(t.contains("output:"), t);
    }

    @Test
    void telnetIsRejectedThroughTheController() throws Exception {
        String t = trace("in_port=10,tcp,dl_src=02:00:00:00:02:01,nw_src=10.0.0.21," + TO_APP + ",tp_src=40003,tp_dst=23", "trk,new");
        assertTrue(t.contains("controller("), t);
        assertFalse(t.contains("output:"), t);
    }

    @Test
    void spoofedSourceDropsAtPortSecurity() throws Exception {
        String t = trace("in_port=1,tcp,dl_src=02:00:00:00:03:01,nw_src=10.0.0.99," + TO_DB + ",tp_src=40000,tp_dst=5432", null);
        assertTrue(t.contains("Datapath actions: drop"), t);
        assertFalse(t.contains("ct("), t);
    }

    @Test
    void repliesOfEstablishedConnectionsPass() throws Exception {
        String t = trace("in_port=2,tcp,dl_src=02:00:00:00:04:01,nw_src=10.0.0.41,dl_dst=02:00:00:00:03:01,nw_dst=10.0.0.31,tp_src=5432,tp_dst=40000",
                "trk,est,rpl");
        assertTrue(t.contains("output:1"), t);
    }
}
