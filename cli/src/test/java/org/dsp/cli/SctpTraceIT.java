package org.dsp.cli;

import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsp.node.openflow.Ovs;
import org.junit.jupiter.api.Test;

/**
 * SCTP, as a Kubernetes NetworkPolicy may allow it (e.g. Diameter on 3868): the example with app
 * allowed to open sctp/3868 to db, compiled by `dsp compile`, loaded into a real userspace OVS
 * bridge and checked with ofproto/trace: sctp/3868 is delivered and committed, sctp/3869 and
 * tcp/3868 are not.
 */
class SctpTraceIT {
    static final String APP = "dl_src=02:00:00:00:03:01,nw_src=10.0.0.31";
    static final String TO_DB = "dl_dst=02:00:00:00:04:01,nw_dst=10.0.0.41";

    private static void allow(ArrayNode rules, String name, String dir, String applied, String peer) {
        ObjectNode r = rules.addObject().put("name", name).put("direction", dir).put("appliedTo", applied).put("action", "allow");
        r.putArray("peers").addObject().put("group", peer);
        r.putArray("services").addObject().put("protocol", "sctp").putArray("ports").add(3868);
    }

    @Test
    void sctpIsMatchedOnItsOwnPorts() throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode doc = (ObjectNode) m.readTree(Files.readString(CompileCommandTest.EXAMPLE));
        ArrayNode tenant = (ArrayNode) doc.get("firewall").get("tenant");
        allow(tenant, "app-diameter-out", "egress", "app", "db");
        allow(tenant, "db-diameter-in", "ingress", "db", "app");
        Path file = Files.createTempFile("dsp-sctp", ".json");
        String br = "dspsc" + (ProcessHandle.current().pid() % 100000);
        try {
            Files.writeString(file, doc.toString());
            Object[] r = CompileCommandTest.run("-f", file.toString(), "--dsn", "of:0000000000000002", "--uplink",
                    "of:0000000000000002=10");
            assertEquals(0, r[0], (String) r[2]);
            String flows = (String) r[1];
            assertTrue(flows.contains("sctp,") && flows.contains("tp_dst=3868"), flows);
            Ovs.bridge(br, "0000000000000002", 1, 2, 10);
            Path f = Files.createTempFile("dsp-flows", ".txt");
            Files.writeString(f, flows);
            sh("ovs-ofctl", "-O", "OpenFlow13", "add-flows", "--bundle", br, f.toString());
            Files.delete(f);
            String ok = sh("ovs-appctl", "ofproto/trace", br, "in_port=1,sctp," + APP + "," + TO_DB + ",sctp_src=40000,sctp_dst=3868",
                    "--ct-next", "trk,new");
            assertTrue(ok.contains("output:2") && ok.contains("ct(commit"), ok);
            String otherPort = sh("ovs-appctl", "ofproto/trace", br, "in_port=1,sctp," + APP + "," + TO_DB
                    + ",sctp_src=40000,sctp_dst=3869", "--ct-next", "trk,new");
            assertFalse(otherPort.contains("output:"), otherPort);
            String tcp = sh("ovs-appctl", "ofproto/trace", br, "in_port=1,tcp," + APP + "," + TO_DB + ",tp_src=40000,tp_dst=3868",
                    "--ct-next", "trk,new");
            assertFalse(tcp.contains("output:"), tcp);
        } finally {
            Files.deleteIfExists(file);
            Ovs.deleteBridge(br);
        }
    }
}
