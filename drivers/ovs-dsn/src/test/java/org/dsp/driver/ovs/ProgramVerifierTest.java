package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.ir.LogicalProgram;
import org.dsp.model.TenantDocument;
import org.dsp.testing.RandomDocs;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The pipeline verifier on the programs DSP compiles (examples, random and scale documents, for
 * both southbound targets): none has an ambiguous priority level, an undeclared field or a dangling
 * goto; and the verifier does find each kind of problem when it is there.
 */
class ProgramVerifierTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");

    private static List<String> problems(List<LogicalProgram> tenants, Inventory inv, DsnTarget target) {
        DsnCompiler c = new DsnCompiler(inv, target);
        for (LogicalProgram p : tenants) {
            c.apply(new org.dsp.ir.LogicalDelta(p.tenant(), p.tenantKey(), List.of(), List.copyOf(p.flows().values())));
        }
        List<String> out = new ArrayList<>();
        for (DeviceId d : c.dsns()) {
            out.addAll(ProgramVerifier.problems(c.program(d), c.plan()));
        }
        return out;
    }

    @Test
    void theProgramsDspCompilesAreSound() {
        List<List<LogicalProgram>> corpus = new ArrayList<>();
        corpus.add(List.of(LogicalCompiler.compile(TenantDocumentCodec.decode(org.dsp.testing.Examples.threeTier()))));
        Random rnd = new Random(7);
        for (int i = 0; i < 150; i++) {
            TenantDocument d = RandomDocs.generate(rnd);
            corpus.add(List.of(LogicalCompiler.compile(i % 2 == 0 ? d : RandomDocs.mutate(d, rnd))));
        }
        Map<DeviceId, PortNumber> uplinks = new java.util.HashMap<>();
        RandomDocs.DSNS.forEach(d -> uplinks.put(d, PortNumber.portNumber(RandomDocs.UPLINK)));
        Inventory inv = Inventory.of(uplinks);
        List<List<LogicalProgram>> scale = List.of(List.of(LogicalCompiler.compile(ScaleDocs.tenant(300, 3000, 10, 3))),
                List.of(LogicalCompiler.compile(ScaleDocs.ovnBench(2000, 20, D1))));
        // without conjunction (ONOS's provider) rules expand to cross products: a smaller document (about 120,000 flows)
        List<List<LogicalProgram>> scaleOnos = List.of(List.of(LogicalCompiler.compile(ScaleDocs.tenant(60, 600, 10, 3))),
                List.of(LogicalCompiler.compile(ScaleDocs.ovnBench(500, 20, D1))));
        Map<DeviceId, PortNumber> far = new java.util.HashMap<>();
        for (int i = 0; i < 3; i++) {
            far.put(ScaleDocs.dsn(i), PortNumber.portNumber(4000)); // above every workload's port
        }
        List<String> all = new ArrayList<>();
        for (DsnTarget t : DsnTarget.values()) {
            for (List<LogicalProgram> tenants : corpus) {
                all.addAll(problems(tenants, inv, t));
            }
            for (List<LogicalProgram> tenants : t == DsnTarget.OVS_NICIRA ? scale : scaleOnos) {
                all.addAll(problems(tenants, Inventory.of(far), t));
            }
        }
        assertEquals(List.of(), all.subList(0, Math.min(20, all.size())), all.size() + " problem(s)");
    }

    private static DsnFlow flow(Table t, int prio, DsnMatch.Builder m, DsnAction... actions) {
        return new DsnFlow(new DsnFlow.Key(t, prio, m.build()), List.of(actions), 0x4000000L, List.of("test"));
    }

    private static List<String> verify(DsnFlow... flows) {
        List<DsnFlow> all = new ArrayList<>(List.of(flows));
        // every table a test flow continues to holds a flow
        for (Table t : new Table[] {Table.PORT_SECURITY, Table.DESTINATION, Table.CONNTRACK, Table.COMMIT, Table.DENY,
            Table.OUTPUT, Table.byNumber(10), Table.byNumber(11), Table.byNumber(20)}) {
            all.add(flow(t, 0, DsnMatch.builder()));
        }
        return ProgramVerifier.problems(new DsnProgram(D1, all), TablePlan.standard());
    }

    @Test
    void overlappingFlowsOfOnePriorityThatDecideDifferentlyAreFound() {
        List<String> p = verify(
                flow(Table.byNumber(10), 31000, DsnMatch.builder().inPort(1).ethType(DsnMatch.IPV4),
                        DsnAction.gotoTable(Table.byNumber(11))),
                flow(Table.byNumber(10), 31000, DsnMatch.builder().ethType(DsnMatch.IPV4).ipDst(org.onlab.packet.IpPrefix.valueOf("10.0.0.0/8")),
                        DsnAction.gotoTable(Table.DENY)));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("table 10 priority 31000: overlapping matches with different actions"), p.get(0));
        // disjoint: another port, another family, another /32, another priority
        assertEquals(List.of(), verify(
                flow(Table.byNumber(10), 31000, DsnMatch.builder().inPort(1).ethType(DsnMatch.IPV4), DsnAction.gotoTable(Table.DENY)),
                flow(Table.byNumber(10), 31000, DsnMatch.builder().inPort(2).ethType(DsnMatch.IPV4), DsnAction.gotoTable(Table.COMMIT)),
                flow(Table.byNumber(10), 31000, DsnMatch.builder().inPort(1).ethType(DsnMatch.IPV6), DsnAction.gotoTable(Table.COMMIT)),
                flow(Table.byNumber(10), 30999, DsnMatch.builder().inPort(1).ethType(DsnMatch.IPV4), DsnAction.gotoTable(Table.COMMIT))));
    }

    @Test
    void ruleAttributionMayDifferWithinARunAndPipelineInvariantsSeparateFlows() {
        // two rules of one run: the same verdict, different rule registers: allowed (docs/api.md 3.8)
        assertEquals(List.of(), verify(
                flow(Table.byNumber(10), 31000, DsnMatch.builder().inPort(1), DsnAction.load(Registers.EGRESS_RULE, 7),
                        DsnAction.gotoTable(Table.byNumber(20))),
                flow(Table.byNumber(10), 31000, DsnMatch.builder().inPort(1).ethType(DsnMatch.IPV4),
                        DsnAction.load(Registers.EGRESS_RULE, 9), DsnAction.gotoTable(Table.byNumber(20)))));
        // new and established are exclusive; FROM_NET and a local tenant are exclusive
        assertEquals(List.of(), verify(
                flow(Table.CT_STATE, 60000, DsnMatch.builder().ctState(CtState.TRK | CtState.NEW, 0), DsnAction.gotoTable(Table.byNumber(10))),
                flow(Table.CT_STATE, 60000, DsnMatch.builder().ctState(CtState.TRK | CtState.EST, CtState.RPL),
                        DsnAction.load(Registers.REEVAL, 1), DsnAction.gotoTable(Table.byNumber(10))),
                flow(Table.DESTINATION, 100, DsnMatch.builder().reg(Registers.FROM_NET, 1), DsnAction.gotoTable(Table.CONNTRACK)),
                flow(Table.DESTINATION, 100, DsnMatch.builder().reg(Registers.TENANT, 5), DsnAction.load(Registers.DST_PORT, 1),
                        DsnAction.gotoTable(Table.CONNTRACK))));
        // but a tracked new connection and a related one may be one packet
        assertEquals(1, verify(
                flow(Table.CT_STATE, 60000, DsnMatch.builder().ctState(CtState.TRK | CtState.NEW, 0), DsnAction.gotoTable(Table.byNumber(10))),
                flow(Table.CT_STATE, 60000, DsnMatch.builder().ctState(CtState.TRK | CtState.REL, 0), DsnAction.gotoTable(Table.OUTPUT)))
                .size());
    }

    @Test
    void undeclaredFieldsAndBadGotosAreFound() {
        List<String> p = verify(flow(Table.OUTPUT, 100, DsnMatch.builder().reg(Registers.DST_PORT, 1).ethType(DsnMatch.IPV4),
                DsnAction.output(1)));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("table 40 (OUTPUT) does not declare field dl_type"), p.get(0));
        p = verify(flow(Table.byNumber(20), 100, DsnMatch.builder().inPort(1), DsnAction.gotoTable(Table.byNumber(11))));
        assertTrue(p.size() == 1 && p.get(0).contains("goto_table:11 from table 20 (OpenFlow goes only forward)"), p.toString());
        p = verify(flow(Table.byNumber(20), 100, DsnMatch.builder().inPort(1), DsnAction.gotoTable(Table.byNumber(25))));
        assertTrue(p.size() == 1 && p.get(0).contains("goto_table:25, a table with no flow"), p.toString());
    }

    @Test
    void aConntrackActionInAFlowOfNoIpFamilyIsFound() {
        DsnAction commit = new DsnAction.Ct(true, null, Registers.TENANT, List.of());
        List<String> p = verify(flow(Table.byNumber(20), 100, DsnMatch.builder().inPort(1), commit));
        assertTrue(p.size() == 1 && p.get(0).contains("a conntrack action in a flow that matches no IP family"), p.toString());
        assertEquals(List.of(), verify(flow(Table.byNumber(20), 100, DsnMatch.builder().inPort(1).ethType(DsnMatch.IPV4), commit)));
    }
}
