package org.dsp.compiler;

import org.dsp.microseg.Microseg;
import org.dsp.firewall.Firewall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.ir.LogicalDelta;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.LogicalProgram;
import org.dsp.ir.Stage;
import org.dsp.firewall.model.Rule;
import org.dsp.model.RuleAction;
import org.dsp.model.TenantDocument;
import org.dsp.firewall.model.Tier;
import org.dsp.testing.Golden;
import org.dsp.testing.RandomDocs;
import org.junit.jupiter.api.Test;

class LogicalCompilerTest {
    static TenantDocument example() {
        return TenantDocumentCodec.decode(org.dsp.testing.Examples.threeTier());
    }

    @Test
    void exampleLogicalFlowsMatchGolden() {
        Golden.assertGolden("three-tier.logical", LogicalCompiler.compile(example()).print());
    }

    @Test
    void sameInputSameOutput() {
        assertEquals(LogicalCompiler.compile(example()).print(), LogicalCompiler.compile(example()).print());
    }

    @Test
    void consecutiveRulesWithTheSameVerdictShareAPriorityAndADenySplitsTheRun() {
        TenantDocument d = example();
        LogicalProgram p = LogicalCompiler.compile(d);
        Map<String, Integer> prio = priorities(p);
        assertEquals(prio.get("web-in"), prio.get("app-in"));
        Rule deny = Rule.builder().name("no-db-from-web").direction(org.dsp.model.Direction.INGRESS).appliedTo("db")
                .peer(org.dsp.firewall.model.Peer.group("web")).action(RuleAction.DENY).build();
        TenantDocument.Builder b = Microseg.posture(TenantDocument.builder().tenantId(d.tenantId()), Microseg.posture(d));
        d.endpoints().values().forEach(b::endpoint);
        d.groups().values().forEach(b::group);
        for (Rule r : Firewall.rules(d, Tier.TENANT)) {
            if (r.name().equals("app-in")) {
                Firewall.rule(b, Tier.TENANT, deny);
            }
            Firewall.rule(b, Tier.TENANT, r);
        }
        Map<String, Integer> after = priorities(LogicalCompiler.compile(b.build()));
        assertTrue(after.get("web-in") > after.get("no-db-from-web"));
        assertTrue(after.get("no-db-from-web") > after.get("app-in"));
        assertEquals(prio.get("web-in"), after.get("web-in"));
    }

    private static Map<String, Integer> priorities(LogicalProgram p) {
        Map<String, Integer> m = new HashMap<>();
        for (LogicalFlow f : p.flows().values()) {
            if (!f.stage().equals(Stage.ENDPOINT)) {
                m.put(f.owner().name(), f.priority());
            }
        }
        return m;
    }

    @Property(tries = 1000, shrinking = ShrinkingMode.OFF)
    void incrementalUpdateEqualsFullCompileAndItsDeltaIsExact(@ForAll long seed) {
        Random rnd = new Random(seed);
        TenantDocument a = RandomDocs.generate(rnd);
        TenantDocument b = RandomDocs.mutate(a, rnd);
        if (rnd.nextInt(4) == 0) {
            b = RandomDocs.mutate(b, rnd);
        }
        assertEquals(List.of(), TenantDocumentCodec.validate(b), "seed " + seed + ": the generator made an invalid document");
        LogicalCompiler c = new LogicalCompiler(7);
        LogicalProgram before = copy(c, a);
        LogicalDelta delta = c.update(b);
        LogicalProgram full = LogicalCompiler.compile(b, 7);
        assertEquals(full.print(), c.program().print(), "seed " + seed);
        Map<LogicalProgram.FlowId, LogicalFlow> applied = new HashMap<>(before.flows());
        for (LogicalFlow f : delta.removed()) {
            assertEquals(f, applied.remove(new LogicalProgram.FlowId(f.stage(), f.owner())), "seed " + seed + " removed " + f);
        }
        for (LogicalFlow f : delta.added()) {
            applied.put(new LogicalProgram.FlowId(f.stage(), f.owner()), f);
        }
        assertEquals(full.flows(), applied, "seed " + seed);
        for (LogicalFlow f : delta.added()) {
            assertNotEquals(f, before.flows().get(new LogicalProgram.FlowId(f.stage(), f.owner())), "unchanged flow in delta");
        }
    }

    private static LogicalProgram copy(LogicalCompiler c, TenantDocument d) {
        c.update(d);
        return c.program();
    }

    @Test
    void ruleOnlyChangeRecompilesOnlyThatRule() {
        TenantDocument d = example();
        LogicalCompiler c = new LogicalCompiler(1);
        c.update(d);
        TenantDocument.Builder b = d.toBuilder();
        Rule old = Firewall.rules(d, Tier.TENANT).get(2);
        Firewall.replaceRule(b, Rule.builder().name(old.name()).direction(old.direction()).appliedTo(old.appliedTo())
                .peer(old.peers().get(0)).service(org.dsp.firewall.model.Service.of(org.dsp.model.Protocol.TCP,
                        List.of(org.dsp.firewall.model.PortSpec.port(8443)))).action(RuleAction.ALLOW).build());
        LogicalDelta delta = c.update(b.build());
        assertEquals(1, delta.removed().size());
        assertEquals(1, delta.added().size());
        assertEquals("web-out", delta.added().get(0).owner().name());
    }
}
