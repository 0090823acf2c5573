package org.dsp.dscp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowSimulator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/** The DSCP service, compiled with the platform's compilers: its stage, its flows, its validation. */
class DscpCompileTest {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");

    /** The three-tier example with a marking: what web-1 (of:...01 port 2) sends gets DSCP 46. */
    static ObjectNode marked(int dscp, String group) throws Exception {
        ObjectNode doc = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/three-tier.json")));
        doc.putArray("dscp").addObject().put("name", "web-ef").put("appliedTo", group).put("dscp", dscp);
        return doc;
    }

    @Test
    void theServiceIsFoundAndItsStageJoinsThePipeline() {
        assertTrue(Services.discovered().app(DscpApp.NAME) != null, "found on the class path: " + Services.discovered());
        assertTrue(Services.discovered().plan().contains(DscpApp.STAGE));
    }

    @Test
    void markedWorkloadsSendWithTheirDscpOthersDoNot() throws Exception {
        TenantDocument doc = TenantDocumentCodec.decode(marked(46, "web"));
        assertEquals(TenantDocumentCodec.decode(TenantDocumentCodec.encode(doc)), doc, "the section round-trips");
        DsnProgram p = DsnCompiler.compile(List.of(LogicalCompiler.compile(doc)),
                Inventory.of(Map.of(D1, PortNumber.portNumber(10)))).get(D1);
        List<String> marking = new java.util.ArrayList<>();
        for (DsnFlow f : p.flows().values()) {
            if (f.render().contains("ip_dscp")) {
                marking.add(f.render().replaceAll("cookie=0x[0-9a-f]+,", ""));
            }
        }
        // then the next post-policy stage (the load balancer's hairpin stage, on the class path with the node), else output
        org.dsp.driver.ovs.Table after = org.dsp.driver.ovs.TablePlan.standard().nextInPhase(DscpApp.STAGE);
        int next = after == null ? 40 : after.number();
        assertEquals(List.of("table=32,priority=2000,ip,in_port=2,reg2=0x3452/0xffff,actions=set_field:46->ip_dscp,goto_table:" + next,
                "table=32,priority=2000,ipv6,in_port=2,reg2=0x3452/0xffff,actions=set_field:46->ip_dscp,goto_table:" + next),
                marking.stream().sorted().collect(java.util.stream.Collectors.toList()));
        assertTrue(p.flows().values().stream().anyMatch(f -> f.render().startsWith("table=32,priority=0")
                && f.render().endsWith("actions=goto_table:" + next)), "the stage passes the rest on (to output, or the next stage)");
        // web-1 opens tcp/8080 to app-1 (remote, behind the uplink; web-out allows it): marked on its way out;
        // client-1 opens tcp/80 to web-1 (both local; clients-out and web-in allow it): not marked
        FlowSimulator.Result web = send(p, 2, "02:00:00:00:02:01", "10.0.0.21", "10.0.0.31", 8080);
        FlowSimulator.Result client = send(p, 1, "02:00:00:00:01:01", "10.0.0.11", "10.0.0.21", 80);
        assertEquals(List.of(10L), web.outputs(), web.toString());
        assertEquals(46, web.dscp(), web.toString());
        assertEquals(List.of(2L), client.outputs(), client.toString());
        assertEquals(-1, client.dscp(), client.toString());
    }

    private static FlowSimulator.Result send(DsnProgram p, long inPort, String mac, String src, String dst, int port) {
        String dstMac = dst.equals("10.0.0.21") ? "02:00:00:00:02:01" : "02:00:00:00:99:99";
        SimPacket packet = new SimPacket(MacAddress.valueOf(mac), MacAddress.valueOf(dstMac),
                IpAddress.valueOf(src), IpAddress.valueOf(dst), SimPacket.TCP, 40000, port);
        return new FlowSimulator(p, new Conntrack()).process(packet, inPort);
    }

    @Test
    void badMarkingsAreRefusedAtTheirPaths() throws Exception {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> TenantDocumentCodec.decode(marked(64, "web")));
        assertEquals("$.dscp[0].dscp", e.errors().get(0).path());
        assertEquals(ErrorCode.BAD_VALUE, e.errors().get(0).code());
        e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(marked(10, "nobody")));
        assertEquals("$.dscp[0].appliedTo", e.errors().get(0).path());
        assertEquals(ErrorCode.UNKNOWN_GROUP, e.errors().get(0).code());
    }
}
