package org.dsp.driver.ovs;

import org.dsp.firewall.Firewall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.ir.Owner;
import org.dsp.firewall.model.Rule;
import org.dsp.model.TenantDocument;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/** Flow economy and incremental deltas at scale (speed is measured by the JMH benchmarks, not here). */
class ScaleTest {
    private static int ruleFlows(DsnProgram p) {
        int n = 0;
        for (Table t : new Table[] {LargeRunTest.INGRESS_TENANT}) {
            n += p.table(t).size();
        }
        return n;
    }

    @Test
    void flowsGrowWithRulesPlusMembersNotTheirProduct() {
        int[][] shapes = {{10, 10, 10}, {100, 10, 10}, {10, 100, 10}, {10, 10, 100}, {100, 100, 100}, {1000, 100, 100}};
        for (int[] s : shapes) {
            int r = s[0];
            int src = s[1];
            int dst = s[2];
            TenantDocument d = ScaleDocs.economy(r, src, dst);
            Map<DeviceId, DsnProgram> p = DsnCompiler.compile(List.of(LogicalCompiler.compile(d)), Inventory.empty());
            int flows = ruleFlows(p.get(ScaleDocs.dsn(0)));
            // per rule: its port clause (v4 + v6) and its action flow; shared: one flow per source address and
            // per local port; plus the table's default
            assertEquals(src + dst + 3 * r + 1, flows, "R=" + r + " S=" + src + " D=" + dst);
            assertTrue(flows < (long) r * src * dst || r * src * dst < 1000);
        }
    }

    @Test
    void contributionsToOneFlowShareOneKey() {
        // issue 9's workload: 1,000 rules on one target group, each clause flow gets many rules' contributions
        DeviceId dsn = DeviceId.deviceId("of:00000000000000e1");
        TenantDocument d = ScaleDocs.ovnBench(1000, 20, dsn);
        LogicalCompiler lc = new LogicalCompiler(Keys.tenantKey(d.tenantId()));
        DsnCompiler dc = new DsnCompiler(Inventory.empty());
        dc.apply(lc.update(d));
        int[] k = dc.keyObjects(dsn);
        assertTrue(k[0] > 3000, "keys " + k[0]);
        assertEquals(k[0], k[1], "one key object per flow key, whatever the number of rules contributing to it");
        // a changed rule's new contributions join the keys already there
        TenantDocument.Builder b = d.toBuilder();
        Firewall.replaceRule(b, Rule.builder().name("r500").direction(org.dsp.model.Direction.INGRESS).appliedTo("tgt")
                .peer(org.dsp.firewall.model.Peer.group("as_0")).service(org.dsp.firewall.model.Service.of(
                        org.dsp.model.Protocol.TCP, List.of(org.dsp.firewall.model.PortSpec.port(4444))))
                .action(org.dsp.model.RuleAction.ALLOW).build());
        dc.apply(lc.update(b.build()));
        k = dc.keyObjects(dsn);
        assertEquals(k[0], k[1]);
    }

    @Test
    void oneRuleChangeInA10kRuleTenantTouchesOnlyThatRulesFlows() {
        TenantDocument a = ScaleDocs.tenant(10000, 10000, 1000, 100);
        int key = Keys.tenantKey(a.tenantId());
        LogicalCompiler lc = new LogicalCompiler(key);
        DsnCompiler dc = new DsnCompiler(Inventory.empty());
        dc.apply(lc.update(a));
        Rule old = Firewall.rules(a, org.dsp.firewall.model.Tier.TENANT).get(4321);
        TenantDocument.Builder b = a.toBuilder();
        Firewall.replaceRule(b, ScaleDocs.rule(4321, 1000, 4444));
        TenantDocument next = b.build();
        Map<DeviceId, DsnProgram> before = dc.programs();
        Map<DeviceId, FlowDelta> deltas = dc.apply(lc.update(next));
        assertFalse(deltas.isEmpty());
        int total = 0;
        for (FlowDelta fd : deltas.values()) {
            total += fd.size();
            Set<DsnFlow.Key> touched = new HashSet<>();
            fd.adds().forEach(f -> touched.add(f.key()));
            fd.removes().forEach(f -> touched.add(f.key()));
            fd.modifies().forEach(f -> touched.add(f.key()));
            DsnProgram after = dc.program(fd.dsn());
            for (DsnFlow.Key k : touched) {
                DsnFlow was = before.get(fd.dsn()).flows().get(k);
                DsnFlow now = after.flows().get(k);
                boolean ruleOwned = (was != null && was.owners().contains("scale/rule/" + old.name()))
                        || (now != null && now.owners().contains("scale/rule/" + old.name()));
                assertTrue(ruleOwned, "delta touches a flow the rule does not own: " + (now != null ? now : was));
            }
        }
        // the rule applies to 10 endpoints on 10 DSNs: per DSN its v4+v6 port clause flows change
        assertTrue(total > 0 && total <= 4 * deltas.size(), "delta size " + total + " over " + deltas.size() + " DSNs");
        assertEquals(Owner.Kind.RULE, Cookies.kind(deltas.values().iterator().next().adds().get(0).cookie()));
    }
}
