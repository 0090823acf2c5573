package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.ir.LogicalProgram;
import org.dsp.model.Direction;
import org.dsp.model.RuleAction;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * A logged rule's established packets, which never reach the rule's own flow, are sampled in
 * ct_state by the rule's key in their connection's label: replies with the reply bit, a persistent
 * rule's own direction without it; the packets' path is the same as without logging.
 */
class LoggedConnectionsTest {
    private static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    private static final SimPacket APP_TO_DB = new SimPacket(MacAddress.valueOf("02:00:00:00:03:01"),
            MacAddress.valueOf("02:00:00:00:04:01"), IpAddress.valueOf("10.0.0.31"), IpAddress.valueOf("10.0.0.41"), SimPacket.TCP,
            40000, 5432);

    /** The three-tier example with app-out and db-in logged ({@code onChange} as given, or the default when null). */
    private static DsnProgram program(boolean log, String onChange, DsnTarget target) throws Exception {
        String extra = (log ? ", \"log\": true" : "") + (onChange == null ? "" : ", \"onChange\": \"" + onChange + "\"");
        String doc = org.dsp.testing.Examples.threeTier()
                .replace("\"ports\": [5432]}], \"action\": \"allow\"}", "\"ports\": [5432]}], \"action\": \"allow\"" + extra + "}");
        assertEquals(log || onChange != null ? 2 : 0, doc.split(java.util.regex.Pattern.quote(extra.isEmpty() ? "\u0000" : extra), -1).length - 1,
                "both rules changed");
        DsnCompiler c = new DsnCompiler(Inventory.of(Map.of(DeviceId.deviceId("of:0000000000000001"), PortNumber.portNumber(10),
                D2, PortNumber.portNumber(10))), target);
        LogicalProgram p = LogicalCompiler.compile(TenantDocumentCodec.decode(doc));
        c.apply(new org.dsp.ir.LogicalDelta("acme", p.tenantKey(), List.of(), List.copyOf(p.flows().values())));
        return c.program(D2);
    }

    private static long key(DsnProgram program, String owner) {
        return program.flows().values().stream().filter(f -> f.owners().contains(owner)).findFirst().orElseThrow().cookie() & 0x3ffffff;
    }

    private static List<String> labelFlows(DsnProgram p) {
        return p.flows().values().stream().map(DsnFlow::render).filter(r -> r.contains("ct_label=")).sorted().collect(Collectors.toList());
    }

    @Test
    void repliesAreSampledForTheRuleThatLetTheConnectionIn() throws Exception {
        DsnProgram p = program(true, null, DsnTarget.OVS_NICIRA);
        long appOut = key(p, "acme/rule/app-out");
        long dbIn = key(p, "acme/rule/db-in");
        assertEquals(2, labelFlows(p).size(), "a reply flow per logged rule, none for the own direction (not persistent): " + labelFlows(p));
        FlowSimulator sim = new FlowSimulator(p, new Conntrack());
        FlowSimulator.Result first = sim.process(APP_TO_DB, 1);
        assertEquals(List.of(2L), first.outputs());
        assertEquals(List.of(SamplePoint.of(appOut, RuleAction.ALLOW, Direction.EGRESS), SamplePoint.of(dbIn, RuleAction.ALLOW, Direction.INGRESS)),
                first.samples(), "the first packet: both rules' verdicts");
        FlowSimulator.Result reply = sim.process(APP_TO_DB.reply(), 2);
        assertEquals(List.of(1L), reply.outputs(), "the reply is delivered");
        assertEquals(List.of(SamplePoint.reply(appOut, RuleAction.ALLOW, Direction.EGRESS)), reply.samples(),
                "sampled once, for the egress rule (both logged on one DSN): " + reply);
        FlowSimulator.Result again = sim.process(APP_TO_DB, 1);
        assertEquals(first.samples(), again.samples(), "an established packet of its own direction is re-evaluated: sampled by the verdicts");
        assertEquals(List.of(2L), again.outputs());
    }

    @Test
    void aPersistentRulesOwnDirectionIsSampledInCtState() throws Exception {
        DsnProgram p = program(true, "persist", DsnTarget.OVS_NICIRA);
        long appOut = key(p, "acme/rule/app-out");
        assertEquals(4, labelFlows(p).size(), labelFlows(p).toString());
        FlowSimulator sim = new FlowSimulator(p, new Conntrack());
        sim.process(APP_TO_DB, 1);
        sim.process(APP_TO_DB.reply(), 2);
        FlowSimulator.Result again = sim.process(APP_TO_DB, 1);
        assertEquals(List.of(2L), again.outputs());
        assertEquals(List.of(SamplePoint.of(appOut, RuleAction.ALLOW, Direction.EGRESS)), again.samples(),
                "persistent: not re-evaluated, sampled in ct_state: " + again);
    }

    @Test
    void logsChangeNoPacketsPath() throws Exception {
        for (String onChange : new String[] {null, "persist"}) {
            FlowSimulator logged = new FlowSimulator(program(true, onChange, DsnTarget.OVS_NICIRA), new Conntrack());
            FlowSimulator plain = new FlowSimulator(program(false, onChange, DsnTarget.OVS_NICIRA), new Conntrack());
            for (int i = 0; i < 3; i++) {
                for (boolean reply : new boolean[] {false, true}) {
                    SimPacket pk = reply ? APP_TO_DB.reply() : APP_TO_DB;
                    long port = reply ? 2 : 1;
                    FlowSimulator.Result a = logged.process(pk, port);
                    FlowSimulator.Result b = plain.process(pk, port);
                    assertEquals(b.outputs(), a.outputs(), onChange + " " + pk);
                    assertEquals(b.packet().toString(), a.packet().toString());
                    assertTrue(b.samples().isEmpty());
                }
            }
        }
    }

    @Test
    void noLabelFlowsWithoutLogsOrOnTheOnosTarget() throws Exception {
        assertEquals(List.of(), labelFlows(program(false, "persist", DsnTarget.OVS_NICIRA)));
        assertEquals(List.of(), labelFlows(program(true, "persist", DsnTarget.ONOS_OPENFLOW)));
    }
}
