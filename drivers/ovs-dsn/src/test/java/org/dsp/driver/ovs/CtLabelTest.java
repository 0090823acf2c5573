package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.ir.LogicalProgram;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * A committed connection keeps the keys of the rules that let it in, in its conntrack label: the
 * egress rule's in bits 0-31, the ingress rule's in bits 32-63 (node target); the ONOS target
 * leaves the label alone.
 */
class CtLabelTest {
    private static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");

    private static DsnCompiler compiled(DsnTarget target) throws Exception {
        DsnCompiler c = new DsnCompiler(Inventory.of(Map.of(DeviceId.deviceId("of:0000000000000001"), PortNumber.portNumber(10),
                D2, PortNumber.portNumber(10))), target);
        LogicalProgram p = LogicalCompiler.compile(TenantDocumentCodec.decode(org.dsp.testing.Examples.threeTier()));
        c.apply(new org.dsp.ir.LogicalDelta("acme", p.tenantKey(), List.of(), List.copyOf(p.flows().values())));
        return c;
    }

    /** The key (cookie's low 26 bits) of a rule's flows on the DSN. */
    private static long key(DsnProgram program, String owner) {
        return program.flows().values().stream().filter(f -> f.owners().contains(owner)).findFirst().orElseThrow().cookie() & 0x3ffffff;
    }

    @Test
    void theConnectionRemembersItsRules() throws Exception {
        DsnProgram program = compiled(DsnTarget.OVS_NICIRA).program(D2);
        Conntrack ct = new Conntrack();
        SimPacket appToDb = new SimPacket(MacAddress.valueOf("02:00:00:00:03:01"), MacAddress.valueOf("02:00:00:00:04:01"),
                IpAddress.valueOf("10.0.0.31"), IpAddress.valueOf("10.0.0.41"), SimPacket.TCP, 40000, 5432);
        FlowSimulator.Result r = new FlowSimulator(program, ct).process(appToDb, 1);
        assertEquals(List.of(2L), r.outputs(), "delivered to db-1");
        long zone = Cookies.tenantKey(program.flows().values().stream().filter(f -> f.owners().contains("acme/rule/db-in")).findFirst()
                .orElseThrow().cookie());
        long label = ct.label(zone, appToDb.reply());
        assertEquals(key(program, "acme/rule/app-out"), label & 0xffffffffL, "egress: app-out");
        assertEquals(key(program, "acme/rule/db-in"), label >>> 32, "ingress: db-in");
    }

    @Test
    void theOnosTargetLeavesTheLabel() throws Exception {
        DsnProgram program = compiled(DsnTarget.ONOS_OPENFLOW).program(D2);
        assertEquals(List.of(), program.flows().values().stream().map(DsnFlow::render).filter(f -> f.contains("CT_LABEL")).collect(java.util.stream.Collectors.toList()));
    }
}
