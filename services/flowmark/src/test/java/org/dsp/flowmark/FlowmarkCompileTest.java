package org.dsp.flowmark;

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
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowSimulator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.OfctlWriter;
import org.dsp.driver.ovs.ProgramVerifier;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.driver.ovs.TablePlan;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The connection-marking service, compiled with the platform's compilers and walked by the flow
 * simulator with one connection tracker: the connections a marking's workloads start are marked
 * both ways, the ones they answer are not, and bad markings are refused at their paths.
 */
class FlowmarkCompileTest {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final String CLIENT_MAC = "02:00:00:00:01:01";
    static final String WEB_MAC = "02:00:00:00:02:01";

    /** The three-tier example with a connection marking of group {@code group} with DSCP {@code dscp}. */
    static ObjectNode marked(int dscp, String group) throws Exception {
        ObjectNode doc = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/three-tier.json")));
        doc.putArray("flowmarks").addObject().put("name", "ef").put("appliedTo", group).put("dscp", dscp);
        return doc;
    }

    static DsnProgram program(ObjectNode json) {
        TenantDocument doc = TenantDocumentCodec.decode(json);
        assertEquals(TenantDocumentCodec.decode(TenantDocumentCodec.encode(doc)), doc, "the section round-trips");
        return DsnCompiler.compile(List.of(LogicalCompiler.compile(doc)), Inventory.of(Map.of(D1, PortNumber.portNumber(10)))).get(D1);
    }

    static FlowSimulator.Result send(FlowSimulator sim, long inPort, String mac, String dstMac, String src, String dst, int proto,
                                     int sport, int dport) {
        return sim.process(new SimPacket(MacAddress.valueOf(mac), MacAddress.valueOf(dstMac), IpAddress.valueOf(src),
                IpAddress.valueOf(dst), proto, sport, dport), inPort);
    }

    /** The lowest conntrack label bit the driver placed the DSCP value at (first-fit among the services' label fields). */
    static int labelLow() {
        String slice = TablePlan.standard().fields().of(FlowmarkApp.DSCP).nxmSlice();
        return Integer.parseInt(slice.replaceAll(".*\\[(\\d+)\\.\\..*", "$1"));
    }

    @Test
    void theServiceDeclaresALabelAndAMarkFieldTheDriverPlaces() {
        assertTrue(Services.discovered().app(FlowmarkApp.NAME) != null, "found on the class path: " + Services.discovered());
        TablePlan plan = TablePlan.standard();
        int low = labelLow();
        assertTrue(low >= 64 && low + 5 <= 127, "the label's upper bits (the rules' keys below; other services' fields beside): "
                + plan.fields().of(FlowmarkApp.DSCP).nxmSlice());
        assertEquals("NXM_NX_CT_LABEL[" + low + ".." + (low + 5) + "]", plan.fields().of(FlowmarkApp.DSCP).nxmSlice());
        assertEquals("NXM_NX_CT_MARK[2..3]", plan.fields().of(FlowmarkApp.STATE).nxmSlice(), "above the core's mark bits");
    }

    @Test
    void theConnectionsAGroupStartsAreMarkedBothWaysTheOnesItAnswersAreNot() throws Exception {
        DsnProgram p = program(marked(46, "clients"));
        String all = OfctlWriter.write(Map.of(D1, p));
        assertEquals(List.of(), ProgramVerifier.problems(p, TablePlan.standard()), all);
        assertTrue(all.contains("in_port=1,reg1=0x0/0x4,reg2=0x3452/0xffff,ct_mark=0x0/0xc,actions=set_field:46->ip_dscp,ct(commit,table="), all);
        int low = labelLow();
        assertTrue(all.contains("exec(load:0x2e->NXM_NX_CT_LABEL[" + low + ".." + (low + 5) + "],load:0x2->NXM_NX_CT_MARK[2..3]))"), all);
        assertTrue(all.contains("ct_mark=0x8/0xc,ct_label=0x" + java.math.BigInteger.valueOf(46).shiftLeft(low).toString(16) + "/0x"
                + java.math.BigInteger.valueOf(0x3f).shiftLeft(low).toString(16)), all);
        assertTrue(all.contains("ip,reg0=0x1,reg1=0x0/0x4,reg2=0x3452/0xffff,ct_mark=0x0/0xc,actions=ct(commit,table="), "claimed, with an IP match"
                + " (conntrack needs one): " + all);
        FlowSimulator sim = new FlowSimulator(p, new Conntrack());
        // client-1 (port 1) opens tcp/80 to web-1 (port 2): marked, and so is web-1's answer
        FlowSimulator.Result syn = send(sim, 1, CLIENT_MAC, WEB_MAC, "10.0.0.11", "10.0.0.21", SimPacket.TCP, 40000, 80);
        assertEquals(List.of(2L), syn.outputs(), syn.toString());
        assertEquals(46, syn.dscp(), syn.toString());
        FlowSimulator.Result answer = send(sim, 2, WEB_MAC, CLIENT_MAC, "10.0.0.21", "10.0.0.11", SimPacket.TCP, 80, 40000);
        assertEquals(List.of(1L), answer.outputs(), answer.toString());
        assertEquals(46, answer.dscp(), "the reply of a marked connection: " + answer);
        FlowSimulator.Result next = send(sim, 1, CLIENT_MAC, WEB_MAC, "10.0.0.11", "10.0.0.21", SimPacket.TCP, 40000, 80);
        assertEquals(46, next.dscp(), "a later packet, by its connection: " + next);
        // web-1 pings client-1 (ping-out, ping-in allow it): client-1 did not start it, so its echo reply is not marked
        FlowSimulator.Result ping = send(sim, 2, WEB_MAC, CLIENT_MAC, "10.0.0.21", "10.0.0.11", SimPacket.ICMP, 7, 0);
        assertEquals(List.of(1L), ping.outputs(), ping.toString());
        assertEquals(-1, ping.dscp(), ping.toString());
        FlowSimulator.Result echo = send(sim, 1, CLIENT_MAC, WEB_MAC, "10.0.0.11", "10.0.0.21", SimPacket.ICMP, 7, 0);
        assertEquals(List.of(2L), echo.outputs(), echo.toString());
        assertEquals(-1, echo.dscp(), "claimed when it reached client-1, so not marked: " + echo);
    }

    @Test
    void badMarkingsAreRefusedAtTheirPaths() throws Exception {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(marked(0, "web")));
        assertEquals("$.flowmarks[0].dscp", e.errors().get(0).path());
        assertEquals(ErrorCode.BAD_VALUE, e.errors().get(0).code());
        e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(marked(10, "nobody")));
        assertEquals("$.flowmarks[0].appliedTo", e.errors().get(0).path());
        assertEquals(ErrorCode.UNKNOWN_GROUP, e.errors().get(0).code());
        ObjectNode many = marked(10, "web");
        for (int i = 0; i < FlowmarkCodec.MAX; i++) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) many.get("flowmarks")).addObject().put("name", "m" + i)
                    .put("appliedTo", "web").put("dscp", 10);
        }
        e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(many));
        assertEquals("$.flowmarks", e.errors().get(0).path());
        assertEquals(ErrorCode.TOO_MANY, e.errors().get(0).code());
    }
}
