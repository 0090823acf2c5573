package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The trace of an established packet walks the connection's first packet and its reply first, so
 * the DSNs' modelled conntrack holds it established as Open vSwitch's would (re-evaluated, or for a
 * persistent connection passed by conntrack); the connection-state flows that sample a logged
 * rule's replies do not count as deciding.
 */
class PacketTraceTest {
    private static final Map<DeviceId, PortNumber> UPLINKS = Map.of(DeviceId.deviceId("of:0000000000000001"), PortNumber.portNumber(10),
            DeviceId.deviceId("of:0000000000000002"), PortNumber.portNumber(10));

    private static Map<String, Object> trace(String extra, String state) throws Exception {
        String json = org.dsp.testing.Examples.threeTier()
                .replace("\"ports\": [5432]}], \"action\": \"allow\"}", "\"ports\": [5432]}], \"action\": \"allow\"" + extra + "}");
        TenantDocument doc = TenantDocumentCodec.decode(json);
        Inventory inventory = Inventory.of(UPLINKS);
        Map<DeviceId, DsnProgram> programs = DsnCompiler.compile(List.of(LogicalCompiler.compile(doc)), inventory);
        return PacketTrace.trace(List.of(doc), "acme", programs, inventory, "app-1", "db-1", "tcp/5432", 40000, state);
    }

    /** The flows of table 4 the traced packet hit. */
    @SuppressWarnings("unchecked")
    private static List<String> ctState(Map<String, Object> t) {
        List<String> out = new java.util.ArrayList<>();
        for (Object hop : (List<Object>) t.get("hops")) {
            for (Object f : (List<Object>) ((Map<String, Object>) hop).get("flows")) {
                Map<String, Object> flow = (Map<String, Object>) f;
                if (((Integer) flow.get("table")) == 4) {
                    out.add((String) flow.get("flow"));
                }
            }
        }
        return out;
    }

    @Test
    void anEstablishedPacketIsReevaluatedOrPassedByConntrack() throws Exception {
        Map<String, Object> est = trace("", "established");
        assertTrue(ctState(est).get(0).contains("ct_state=+trk+est-rpl") && ctState(est).get(0).contains("load:0x1->NXM_NX_REG1[1]"),
                "re-evaluated: " + ctState(est));
        assertTrue(((String) est.get("result")).startsWith("delivered to port 2"), est.get("text").toString());
        Map<String, Object> persistent = trace(", \"onChange\": \"persist\"", "established");
        assertTrue(ctState(persistent).get(0).contains("ct_mark=0x1/0x1"), "the persistent connection's pass: " + ctState(persistent));
        assertEquals(List.of(), persistent.get("decidedBy"), "conntrack decided: " + persistent.get("text"));
        assertTrue(ctState(trace("", "new")).get(0).contains("+new"));
    }

    @Test
    void aLoggedRulesReplySamplingIsNotADecision() throws Exception {
        Map<String, Object> reply = trace(", \"log\": true", "reply");
        assertTrue(ctState(reply).get(0).contains("ct_label="), "sampled by the rule in the label: " + ctState(reply));
        assertEquals(List.of(), reply.get("decidedBy"), reply.get("text").toString());
        assertTrue(reply.get("text").toString().contains("decided by: conntrack"), reply.get("text").toString());
    }
}
