package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.model.TenantDocument;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Rules beyond what one priority can carry: a run of N same-verdict rules on one target group is
 * cut into levels of at most {@link org.dsp.firewall.FirewallCompiler#MAX_RULES_PER_PRIORITY} rules, so no flow
 * carries more conjunction actions than that (OpenFlow's 64 KiB message limit), and every rule
 * still decides what it should - also the rules in the lower levels.
 */
class LargeRunTest {
    static final Table INGRESS_TENANT = TablePlan.standard().table(org.dsp.firewall.Tiers.stage(
            org.dsp.model.Direction.INGRESS, org.dsp.firewall.model.Tier.TENANT));
    static final long UPLINK = 100;

    private static int conjunctions(DsnFlow f) {
        return (int) f.actions().stream().filter(a -> a instanceof DsnAction.Conjunction).count();
    }

    @Test
    void fiveThousandRulesOnOneGroupFormLevelsWithBoundedConjunctions() {
        int n = 5000;
        TenantDocument d = ScaleDocs.economy(n, 10, 3);
        DeviceId dsn = ScaleDocs.dsn(0);
        DsnProgram p = DsnCompiler.compile(List.of(LogicalCompiler.compile(d)),
                Inventory.of(Map.of(dsn, PortNumber.portNumber(UPLINK)))).get(dsn);
        int max = p.flows().values().stream().mapToInt(LargeRunTest::conjunctions).max().orElse(0);
        assertEquals(org.dsp.firewall.FirewallCompiler.MAX_RULES_PER_PRIORITY, max, "the most conjunction actions on one flow");
        TreeSet<Integer> levels = new TreeSet<>();
        for (DsnFlow f : p.table(INGRESS_TENANT)) {
            if (f.priority() > Priority.RULE_BASE.value() && f.priority() < Priority.DISPATCH.value()) {
                levels.add(f.priority());
            }
        }
        assertEquals(3, levels.size(), "5,000 rules in levels of 2,000: " + levels);
        // per level: one flow per source address and per target port; per rule: port clause (v4, v6) and action
        assertEquals(3 * (10 + 3) + 3 * n + 1, p.table(INGRESS_TENANT).size());
        // rules of every level decide: rule r allows tcp/1000+r from a source, nothing else passes
        for (int r : new int[] {0, 1999, 2000, 3999, 4000, 4999}) {
            assertEquals(List.of(1L), deliver(p, 1000 + r, 0).outputs(), "rule r" + r);
            assertEquals(List.of(3L), deliver(p, 1000 + r, 2).outputs(), "rule r" + r + " to the third target");
        }
        assertEquals(List.of(), deliver(p, 1000 + n, 0).outputs(), "a port no rule allows");
    }

    /** A new TCP connection from source s0 (behind the uplink) to target {@code target} on {@code port}. */
    private static FlowSimulator.Result deliver(DsnProgram p, int port, int target) {
        SimPacket packet = new SimPacket(MacAddress.valueOf(0x020000100001L), MacAddress.valueOf(0x020000000001L + target),
                IpAddress.valueOf(0x0a100001), IpAddress.valueOf(0x0a000001 + target), SimPacket.TCP, 40000, port);
        return new FlowSimulator(p, new Conntrack()).process(packet, UPLINK);
    }
}
