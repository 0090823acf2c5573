package org.dsp.driver.ovs.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.Test;
import org.onosproject.net.PortNumber;

/** Every flow of the largest documents the validator accepts fits in one OpenFlow message. */
class WireSizeTest {
    @Test
    void twentyThousandRulesOnOneGroupEncodeWithinTheLimit() {
        for (int n : new int[] {5000, 10000, 20000}) {
            Map<org.onosproject.net.DeviceId, DsnProgram> programs = DsnCompiler.compile(
                    List.of(LogicalCompiler.compile(ScaleDocs.economy(n, 20, 3))),
                    Inventory.of(Map.of(ScaleDocs.dsn(0), PortNumber.portNumber(100))));
            List<DsnFlow> flows = new ArrayList<>(programs.get(ScaleDocs.dsn(0)).flows().values());
            DsnFlow largest = WireSize.largest(flows);
            int bytes = WireSize.flowMod(largest);
            long conj = largest.actions().stream().filter(a -> a instanceof DsnAction.Conjunction).count();
            assertEquals(org.dsp.firewall.FirewallCompiler.MAX_RULES_PER_PRIORITY, conj, "N=" + n);
            assertTrue(bytes <= WireSize.MAX_FLOW_MOD, "N=" + n + ": " + bytes + " bytes");
            for (DsnFlow f : flows) {
                int size = WireSize.flowMod(f);
                assertTrue(size <= bytes, "N=" + n + ": a flow of " + size + " bytes is larger than the largest, " + bytes);
            }
        }
    }

    @Test
    void sizeIsTheEncodedFlowMod() {
        DsnProgram p = DsnCompiler.compile(List.of(LogicalCompiler.compile(ScaleDocs.economy(3, 2, 2))),
                Inventory.of(Map.of(ScaleDocs.dsn(0), PortNumber.portNumber(100)))).get(ScaleDocs.dsn(0));
        for (DsnFlow f : p.flows().values()) {
            // OpenFlow 1.3 FLOW_MOD: 48 bytes fixed + the match (padded to 8) + the instructions
            io.netty.buffer.ByteBuf m = io.netty.buffer.Unpooled.buffer();
            OfCodec.match(f).writeTo(m);
            int padded = m.readableBytes(); // ofp_match is written padded to 8 bytes
            int instructions = 0;
            for (org.projectfloodlight.openflow.protocol.instruction.OFInstruction i : OfCodec.instructions(f)) {
                io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
                i.writeTo(b);
                instructions += b.readableBytes();
            }
            assertEquals(0, padded % 8);
            assertEquals(48 + padded + instructions, WireSize.flowMod(f), f.render());
        }
    }
}
