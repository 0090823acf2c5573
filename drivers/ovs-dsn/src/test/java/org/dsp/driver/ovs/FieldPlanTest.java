package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.FieldMatch;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalField;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.LogicalProgram;
import org.dsp.ir.Owner;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.model.Direction;
import org.dsp.model.TenantDocument;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The driver places the services' own fields: first-fit in reg5-reg7 (per packet), conntrack
 * mark bits 2-31 and label bits 64-127 (per connection), stable as services come and go, refused
 * by name when full; a field one stage sets and a later stage matches carries state between them
 * on the packet, and a commit keeps the connection fields for the connection's later packets.
 */
class FieldPlanTest {
    /** A service that only declares fields (and stages, when given). */
    static ServiceApp app(String name, List<LogicalField> fields, List<Stage> stages) {
        return org.dsp.testing.TestServices.app(name, List.of(), stages, List.of(), fields);
    }

    static LogicalField reg(String service, String name, int bits) {
        return LogicalField.service(service, name, bits, false);
    }

    @Test
    void fieldsArePlacedFirstFitAndNeverMove() {
        ServiceApp lb = app("lb", List.of(reg("lb", "backend", 16), LogicalField.service("lb", "affinity", 4, true)), List.of());
        ServiceApp nat = app("nat", List.of(reg("nat", "pool", 24)), List.of());
        FieldPlan p = FieldPlan.empty().with(List.of(nat, lb)); // placed by service name: lb first
        assertEquals(new RegField("reg.lb.backend", RegField.Container.REG5, 0, 15), p.of(reg("lb", "backend", 16)));
        assertEquals(new RegField("reg.nat.pool", RegField.Container.REG6, 0, 23), p.of(reg("nat", "pool", 24)),
                "24 bits do not fit beside lb's 16 in reg5");
        assertEquals(new RegField("ct.lb.affinity", RegField.Container.CT_MARK, 2, 5),
                p.of(LogicalField.service("lb", "affinity", 4, true)), "above the core's mark bits 0-1");
        // lb leaves and a new service arrives: lb's bits stay taken, nat's do not move
        ServiceApp qos = app("qos", List.of(reg("qos", "class", 8)), List.of());
        FieldPlan q = p.with(List.of(nat, qos));
        assertEquals(p.of(reg("nat", "pool", 24)), q.of(reg("nat", "pool", 24)));
        assertEquals(new RegField("reg.qos.class", RegField.Container.REG5, 16, 23), q.of(reg("qos", "class", 8)));
        assertEquals(p.of(reg("lb", "backend", 16)), q.with(List.of(lb)).of(reg("lb", "backend", 16)), "and lb comes back to its bits");
    }

    @Test
    void aServiceWhoseFieldsDoNotFitIsRefusedNamingTheField() {
        List<ServiceApp> big = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            big.add(app("s" + i, List.of(reg("s" + i, "x", 32)), List.of()));
        }
        FieldPlan full = FieldPlan.empty().with(big);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> full.with(List.of(app("late", List.of(reg("late", "y", 1)), List.of()))));
        assertTrue(e.getMessage().contains("field reg.late.y (1 bits) of service late does not fit in the registers reg5-reg7")
                && e.getMessage().contains("reg.s0.x in REG5[0..31]"), e.getMessage());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class,
                () -> Services.of(List.of(app("d", List.of(reg("d", "x", 2), reg("d", "x", 2)), List.of()))));
        assertTrue(dup.getMessage().contains("declares field reg.d.x twice"), dup.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> Services.of(List.of(app("e", List.of(reg("f", "x", 2)), List.of()))));
        assertTrue(foreign.getMessage().contains("declares field reg.f.x of service f"), foreign.getMessage());
    }

    @Test
    void aFieldCarriesStateFromOneStageToALaterOne() {
        LogicalField tag = reg("tagger", "tag", 3);
        Stage set = Stage.of("tag_set", Phase.POST_POLICY, 5, "tagger"); // tables 37, 38
        Stage use = Stage.of("tag_use", Phase.POST_POLICY, 6, "tagger");
        ServiceApp tagger = app("tagger", List.of(tag), List.of(set, use));
        TablePlan plan = new TablePlan(Services.discovered().plan().with(List.of(set, use)), FieldPlan.empty().with(List.of(tagger)));
        TenantDocument doc = TenantDocumentCodec.decode(org.dsp.testing.Examples.threeTier());
        LogicalProgram p = LogicalCompiler.compile(doc);
        Owner o = Owner.of("acme", p.tenantKey(), Owner.Kind.of(50, "tag"), "t", 1);
        TreeSet<EndpointTerm> web = new TreeSet<>(List.of(EndpointTerm.of("web-1")));
        List<LogicalFlow> flows = new ArrayList<>(p.flows().values());
        // web-1's packets get tag 5 in the first stage; the second marks DSCP 10 on what carries tag 5
        flows.add(LogicalFlow.actions(set, 10, o, Direction.EGRESS, web, null, null, List.of(LogicalAction.set(tag, 5))));
        flows.add(LogicalFlow.actions(use, 10, Owner.of("acme", p.tenantKey(), Owner.Kind.of(50, "tag"), "u", 2),
                Direction.EGRESS, web, null, null, List.of(FieldMatch.exact(tag, 5)),
                List.of(LogicalAction.set(LogicalField.IP_DSCP, 10))));
        DeviceId d1 = DeviceId.deviceId("of:0000000000000001");
        DsnCompiler c = new DsnCompiler(Inventory.of(Map.of(d1, PortNumber.portNumber(10))), DsnTarget.OVS_NICIRA, plan);
        c.apply(new org.dsp.ir.LogicalDelta("acme", p.tenantKey(), List.of(), flows));
        DsnProgram prog = c.program(d1);
        assertTrue(prog.flows().values().stream().anyMatch(f -> f.render().contains("load:0x5->NXM_NX_REG5[0..2]")),
                OfctlWriter.write(Map.of(d1, prog)));
        assertTrue(prog.flows().values().stream().anyMatch(f -> f.render().contains("reg5=0x5/0x7")), "matched in the later stage");
        assertEquals(List.of(), ProgramVerifier.problems(prog, plan));
        SimPacket web1 = new SimPacket(MacAddress.valueOf("02:00:00:00:02:01"), MacAddress.valueOf("02:00:00:00:99:99"),
                IpAddress.valueOf("10.0.0.21"), IpAddress.valueOf("10.0.0.31"), SimPacket.TCP, 40000, 8080);
        FlowSimulator.Result r = new FlowSimulator(prog, new Conntrack()).process(web1, 2);
        assertEquals(List.of(10L), r.outputs(), r.toString());
        assertEquals(10, r.dscp(), "the tag set in table 37 was seen in table 38: " + r);
    }

    @Test
    void labelFieldsAreInTheLabelsUpperBitsAndRefusedByNameWhenFull() {
        LogicalField a = LogicalField.label("lb", "conn", 20);
        LogicalField b = LogicalField.label("nat", "pool", 16);
        FieldPlan p = FieldPlan.empty().with(List.of(app("lb", List.of(a), List.of()), app("nat", List.of(b), List.of())));
        assertEquals(new RegField("ctl.lb.conn", RegField.Container.CT_LABEL_2, 0, 19), p.of(a), "bits 64-83");
        assertEquals(new RegField("ctl.nat.pool", RegField.Container.CT_LABEL_3, 0, 15), p.of(b), "16 bits do not fit beside 20");
        assertEquals("NXM_NX_CT_LABEL[96..111]", p.of(b).nxmSlice());
        assertTrue(a.conntrack() && a.label() && !LogicalField.service("x", "y", 1, true).label());
        FieldPlan full = p.with(List.of(app("big", List.of(LogicalField.label("big", "z", 16)), List.of())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> full.with(List.of(app("late", List.of(LogicalField.label("late", "y", 13)), List.of()))));
        assertTrue(e.getMessage().contains("field ctl.late.y (13 bits) of service late does not fit in the conntrack label bits 64-127")
                && e.getMessage().contains("ctl.nat.pool in CT_LABEL_3[0..15]"), e.getMessage());
    }

    @Test
    void aCommitKeepsAServicesStateWithTheConnectionForItsLaterPacketsAndReplies() {
        LogicalField tag = LogicalField.label("tagger", "tag", 3);
        LogicalField seen = LogicalField.service("tagger", "seen", 1, true);
        Stage set = Stage.of("tag_set", Phase.POST_POLICY, 5, "tagger"); // tables 37, 38
        Stage use = Stage.of("tag_use", Phase.POST_POLICY, 6, "tagger");
        ServiceApp tagger = app("tagger", List.of(tag, seen), List.of(set, use));
        TablePlan plan = new TablePlan(Services.discovered().plan().with(List.of(set, use)), FieldPlan.empty().with(List.of(tagger)));
        TenantDocument doc = TenantDocumentCodec.decode(org.dsp.testing.Examples.threeTier());
        LogicalProgram p = LogicalCompiler.compile(doc);
        TreeSet<EndpointTerm> web = new TreeSet<>(List.of(EndpointTerm.of("web-1")));
        List<LogicalFlow> flows = new ArrayList<>(p.flows().values());
        Owner.Kind kind = Owner.Kind.of(50, "tag");
        // what web-1 starts is committed with tag 5 (and the seen mark); both directions of a tagged connection get a DSCP
        flows.add(LogicalFlow.actions(set, 10, Owner.of("acme", p.tenantKey(), kind, "t", 1), Direction.EGRESS, web, null, null,
                List.of(LogicalAction.commit(List.of(LogicalAction.set(tag, 5), LogicalAction.set(seen, 1))))));
        flows.add(LogicalFlow.actions(use, 10, Owner.of("acme", p.tenantKey(), kind, "u", 2), Direction.EGRESS, web, null, null,
                List.of(FieldMatch.exact(tag, 5)), List.of(LogicalAction.set(LogicalField.IP_DSCP, 10))));
        flows.add(LogicalFlow.actions(use, 11, Owner.of("acme", p.tenantKey(), kind, "r", 3), Direction.INGRESS, web, null, null,
                List.of(FieldMatch.exact(tag, 5), FieldMatch.exact(seen, 1)), List.of(LogicalAction.set(LogicalField.IP_DSCP, 12))));
        DeviceId d1 = DeviceId.deviceId("of:0000000000000001");
        DsnCompiler c = new DsnCompiler(Inventory.of(Map.of(d1, PortNumber.portNumber(10))), DsnTarget.OVS_NICIRA, plan);
        c.apply(new org.dsp.ir.LogicalDelta("acme", p.tenantKey(), List.of(), flows));
        DsnProgram prog = c.program(d1);
        String all = OfctlWriter.write(Map.of(d1, prog));
        assertTrue(all.contains("actions=ct(commit,table=38,zone=NXM_NX_REG2[0..15],exec(load:0x5->NXM_NX_CT_LABEL[64..66],"
                + "load:0x1->NXM_NX_CT_MARK[2]))"), all);
        assertTrue(all.contains("ct_label=0x50000000000000000/0x70000000000000000"), "matched in the upper 64 bits: " + all);
        assertTrue(all.contains("ct_mark=0x4/0x4"), all);
        assertEquals(List.of(), ProgramVerifier.problems(prog, plan));
        Conntrack ct = new Conntrack();
        FlowSimulator sim = new FlowSimulator(prog, ct);
        SimPacket web1 = new SimPacket(MacAddress.valueOf("02:00:00:00:02:01"), MacAddress.valueOf("02:00:00:00:99:99"),
                IpAddress.valueOf("10.0.0.21"), IpAddress.valueOf("10.0.0.31"), SimPacket.TCP, 40000, 8080);
        FlowSimulator.Result r = sim.process(web1, 2);
        assertEquals(List.of(10L), r.outputs(), r.toString());
        assertEquals(10, r.dscp(), "the stage after the commit sees the connection's label (recirculated): " + r);
        SimPacket reply = new SimPacket(MacAddress.valueOf("02:00:00:00:03:01"), MacAddress.valueOf("02:00:00:00:02:01"),
                IpAddress.valueOf("10.0.0.31"), IpAddress.valueOf("10.0.0.21"), SimPacket.TCP, 8080, 40000);
        r = sim.process(reply, 10);
        assertEquals(List.of(2L), r.outputs(), r.toString());
        assertEquals(12, r.dscp(), "the reply carries the label and the mark the commit set: " + r);
        SimPacket other = new SimPacket(MacAddress.valueOf("02:00:00:00:01:01"), MacAddress.valueOf("02:00:00:00:02:01"),
                IpAddress.valueOf("10.0.0.11"), IpAddress.valueOf("10.0.0.21"), SimPacket.TCP, 40001, 80);
        r = new FlowSimulator(prog, ct).process(other, 10);
        assertEquals(-1, r.dscp(), "a connection web-1 did not start is not tagged: " + r);
        // the ONOS target carries no label: refused, naming the field, before anything changes
        DsnCompiler onos = new DsnCompiler(Inventory.of(Map.of(d1, PortNumber.portNumber(10))), DsnTarget.ONOS_OPENFLOW, plan);
        UnrealizableException e = assertThrows(UnrealizableException.class,
                () -> onos.apply(new org.dsp.ir.LogicalDelta("acme", p.tenantKey(), List.of(), flows)));
        assertTrue(e.getMessage().contains("does not carry conntrack label fields (ctl.tagger.tag)"), e.getMessage());
        assertEquals(0, onos.size(d1));
    }

    @Test
    void aNatRangeIsOneConntrackActionRecirculatedIntoTheNextStageBeforePolicyOnly() {
        Stage s = Stage.of("snat_all", Phase.PRE_POLICY, 2, "natter"); // tables 7, 8
        Stage after = Stage.of("snat_after", Phase.PRE_POLICY, 3, "natter");
        Stage post = Stage.of("snat_post", Phase.POST_POLICY, 5, "natter");
        TablePlan plan = new TablePlan(Services.discovered().plan().with(List.of(s, after, post)), FieldPlan.empty());
        LogicalFlow f = LogicalFlow.actions(s, 10, Owner.of("acme", 7, Owner.Kind.of(52, "nat"), "n", 1), Direction.EGRESS,
                new TreeSet<>(List.of(EndpointTerm.of("web-1"))), null, null, List.of(LogicalAction.nat(true,
                        IpAddress.valueOf("192.0.2.10"), IpAddress.valueOf("192.0.2.19"), 1024, 2047), LogicalAction.next()));
        assertEquals("ct(commit,table=8,zone=NXM_NX_REG2[0..15],nat(src=192.0.2.10-192.0.2.19:1024-2047))",
                ActionTranslator.translate(plan, f).get(0).render());
        LogicalFlow v6 = LogicalFlow.actions(s, 10, f.owner(), Direction.EGRESS, f.local(), null, null, List.of(LogicalAction.nat(false,
                IpAddress.valueOf("2001:db8::5"), IpAddress.valueOf("2001:db8::5"), 0, 0)));
        assertEquals("ct(commit,table=8,zone=NXM_NX_REG2[0..15],nat(dst=[2001:db8::5]))", ActionTranslator.translate(plan, v6).get(0).render());
        // the flows: only the translation's family (OVS refuses a nat of the other), only connections policy tracks
        List<DsnMatch.Builder> m = Fragments.forActions(List.of(DsnMatch.builder().inPort(2)), ActionTranslator.translate(plan, f));
        assertEquals(1, m.size());
        assertEquals("ip,in_port=2,reg1=0x0/0x4", m.get(0).build().render());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ActionTranslator.translate(plan,
                LogicalFlow.actions(s, 10, f.owner(), Direction.EGRESS, f.local(), null, null, List.of(LogicalAction.commit(List.of()),
                        LogicalAction.set(LogicalField.IP_DSCP, 4)))));
        assertTrue(e.getMessage().contains("ip.dscp=4' after a commit or nat"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ActionTranslator.translate(plan, LogicalFlow.actions(post, 10, f.owner(),
                Direction.EGRESS, f.local(), null, null, f.actions())));
        assertTrue(e.getMessage().contains("a nat after policy would translate nothing"), e.getMessage());
    }

    @Test
    void aServicesFixedFlowsAreOnEveryDsnWhileItIsActive() {
        Stage mark = Stage.of("fixed_mark", Phase.POST_POLICY, 7, "marker"); // table 39
        Owner o = Owner.of("marker", 0, Owner.Kind.of(51, "fixed"), "tcp-9999", 1);
        LogicalFlow fixed = LogicalFlow.fixed(mark, 5, o, new TreeSet<>(List.of(org.dsp.ir.ServiceMatch.of(
                org.dsp.model.Protocol.TCP, 9999, 9999))), List.of(), List.of(LogicalAction.set(LogicalField.IP_DSCP, 8)));
        org.dsp.ir.StagePlan stages = Services.discovered().plan().with(List.of(mark));
        TablePlan with = new TablePlan(stages, FieldPlan.empty(), List.of(fixed));
        TablePlan without = new TablePlan(stages, FieldPlan.empty(), List.of());
        DeviceId d1 = DeviceId.deviceId("of:0000000000000001");
        DeviceId d2 = DeviceId.deviceId("of:0000000000000002");
        DsnCompiler c = new DsnCompiler(Inventory.of(Map.of(d1, PortNumber.portNumber(10), d2, PortNumber.portNumber(10))),
                DsnTarget.OVS_NICIRA, without);
        LogicalProgram p = LogicalCompiler.compile(TenantDocumentCodec.decode(org.dsp.testing.Examples.threeTier()));
        c.apply(new org.dsp.ir.LogicalDelta("acme", p.tenantKey(), List.of(), List.copyOf(p.flows().values())));
        Map<DeviceId, FlowDelta> on = c.setPlan(with);
        for (DeviceId d : List.of(d1, d2)) {
            List<String> added = new ArrayList<>();
            on.get(d).adds().forEach(f -> added.add(f.render()));
            assertEquals(List.of("table=39,priority=1005,cookie=0xcc000001,tcp,tp_dst=9999,actions=set_field:8->ip_dscp,goto_table:40",
                    "table=39,priority=1005,cookie=0xcc000001,tcp6,tp_dst=9999,actions=set_field:8->ip_dscp,goto_table:40"),
                    added.stream().sorted().collect(java.util.stream.Collectors.toList()), "exactly the fixed flows join " + d);
            assertEquals(List.of(), ProgramVerifier.problems(c.program(d), with));
        }
        SimPacket toDb = new SimPacket(MacAddress.valueOf("02:00:00:00:03:01"), MacAddress.valueOf("02:00:00:00:04:01"),
                IpAddress.valueOf("10.0.0.31"), IpAddress.valueOf("10.0.0.41"), SimPacket.TCP, 40000, 5432);
        assertEquals(-1, new FlowSimulator(c.program(d2), new Conntrack()).process(toDb, 1).dscp(), "tcp/5432 is not marked");
        Map<DeviceId, FlowDelta> off = c.setPlan(without);
        assertEquals(2, off.get(d1).removes().size(), "and they leave with the service: " + off.get(d1).removes());
        assertEquals(0, off.get(d1).adds().size() + off.get(d1).modifies().size());
    }
}
