package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.ExtensionCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;

/** The translation both ways; the round trips read the rule ({@code decode}), whether or not flows are remembered. */
class FlowRuleTranslatorTest {
    @Test
    void aRememberedFlowIsTheOneItsOwnRuleWasMadeFromAsDecodingWouldGiveIt() {
        FlowRuleTranslator.rememberFlows();
        DeviceId d = DeviceId.deviceId("of:0000000000000001");
        int n = 0;
        for (DsnProgram p : GoldenProgramTest.compileExample().values()) {
            for (DsnFlow f : p.flows().values()) {
                FlowRule r = FlowRuleTranslator.toFlowRule(p.dsn(), f, (short) 7);
                DsnFlow known = FlowRuleTranslator.fromFlowRule(r);
                DsnFlow read = FlowRuleTranslator.decode(r);
                assertEquals(read, known, f.render());
                assertEquals(read.render(), known.render());
                assertEquals(List.of(), known.owners(), "owners are not kept either way");
                assertEquals(Cookies.withApp(f.cookie(), (short) 7), known.cookie());
                assertSame(f.key(), known.key(), "the compiled flow itself, not a copy");
                n++;
            }
        }
        assertTrue(n > 100, "flows " + n);
        // ONOS calls two rules equal when table, priority and selector are: each still stands for its own flow
        DsnFlow.Key key = new DsnFlow.Key(Table.CLASSIFY, 300, DsnMatch.builder().inPort(13).build());
        DsnFlow a = new DsnFlow(key, List.of(DsnAction.output(1)), 0x1234, List.of());
        DsnFlow b = new DsnFlow(key, List.of(DsnAction.output(2)), 0x1235, List.of());
        FlowRule ra = FlowRuleTranslator.toFlowRule(d, a);
        FlowRule rb = FlowRuleTranslator.toFlowRule(d, b);
        assertEquals(ra, rb);
        assertEquals(a, FlowRuleTranslator.fromFlowRule(ra));
        assertEquals(b, FlowRuleTranslator.fromFlowRule(rb));
        // a rule made elsewhere is read
        FlowRule other = org.onosproject.net.flow.DefaultFlowRule.builder().forDevice(d).forTable(0).withPriority(300)
                .withCookie(0x99).makePermanent().withSelector(ra.selector()).withTreatment(rb.treatment()).build();
        assertEquals(new DsnFlow(key, List.of(DsnAction.output(2)), 0x99, List.of()), FlowRuleTranslator.fromFlowRule(other));
    }

    @Test
    void everyFlowOfTheExampleSurvivesTheRoundTripThroughOnosFlowRules() {
        Map<DeviceId, DsnProgram> programs = GoldenProgramTest.compileExample();
        int n = 0;
        for (DsnProgram p : programs.values()) {
            for (DsnFlow f : p.flows().values()) {
                FlowRule r = FlowRuleTranslator.toFlowRule(p.dsn(), f);
                assertEquals(p.dsn(), r.deviceId());
                assertEquals(f.table().number(), r.tableId());
                assertEquals(f.priority(), r.priority());
                assertEquals(f.cookie(), r.id().value());
                assertTrue(r.isPermanent());
                DsnFlow back = FlowRuleTranslator.decode(r);
                assertEquals(f, back, "round trip of " + f.render());
                assertEquals(f.render(), back.render());
                n++;
            }
        }
        assertEquals(programs.values().stream().mapToInt(DsnProgram::size).sum(), n);
    }

    @Test
    void theFieldsAndActionsForLaterServicesRoundTrip() {
        DsnFlow f = new DsnFlow(new DsnFlow.Key(Table.CT_STATE, 300, DsnMatch.builder().ethType(DsnMatch.IPV4)
                .set(Field.CT_ZONE, MatchValue.exact(5)).set(Field.TUN_ID, MatchValue.exact(0x1234)).build()),
                List.of(DsnAction.move(Registers.EGRESS_RULE, Registers.INGRESS_RULE),
                        DsnAction.ctCommitNat(true, org.onlab.packet.Ip4Address.valueOf("192.0.2.1"), 0, null), DsnAction.resubmit(Table.OUTPUT)),
                0x1234, List.of());
        org.onosproject.net.DeviceId d = org.onosproject.net.DeviceId.deviceId("of:0000000000000001");
        FlowRule r = FlowRuleTranslator.toFlowRule(d, f);
        assertEquals(f.render(), FlowRuleTranslator.decode(r).render());
        assertEquals("table=4,priority=300,cookie=0x1234,ip,ct_zone=0x5,tun_id=0x1234,actions=move:NXM_NX_REG3[]->NXM_NX_REG4[],"
                + "ct(commit,zone=NXM_NX_REG2[0..15],nat(src=192.0.2.1)),resubmit(,40)", f.render());
    }

    @Test
    void aLoggedConnectionsLabelMatchRoundTrips() {
        DsnFlow f = new DsnFlow(new DsnFlow.Key(Table.CT_STATE, Priority.DISPATCH.plus(3), DsnMatch.builder()
                .ctState(CtState.TRK | CtState.EST | CtState.RPL, 0).reg(Registers.TENANT, 0x3452)
                .reg(Registers.CT_INGRESS_RULE, 0x23ed8c6).build()),
                List.of(DsnAction.sample(0x3452, SamplePoint.reply(0x23ed8c6, org.dsp.model.RuleAction.ALLOW,
                        org.dsp.model.Direction.INGRESS)), DsnAction.gotoTable(Table.OUTPUT)), 0x1234, List.of());
        FlowRule r = FlowRuleTranslator.toFlowRule(org.onosproject.net.DeviceId.deviceId("of:0000000000000001"), f);
        assertEquals(f, FlowRuleTranslator.decode(r));
        assertEquals("table=4,priority=60003,cookie=0x1234,reg2=0x3452/0xffff,ct_state=+trk+est+rpl,"
                + "ct_label=0x23ed8c600000000/0xffffffff00000000,actions=sample(probability=65535,collector_set_id=1,"
                + "obs_domain_id=13394,obs_point_id=1715394758),goto_table:40", f.render());
    }

    @Test
    void theArpResponderRoundTrips() {
        Contribution c = SelectTranslator.arpResponder(org.onlab.packet.Ip4Address.valueOf("10.0.0.100"),
                org.dsp.ir.Owner.of("shop", 0x48ee, org.dsp.ir.Owner.Kind.of(16, "load-balancer"), "web", 7), 0x48ee);
        DsnFlow f = new DsnFlow(c.key, c.actions, c.cookie, List.of());
        assertEquals("table=1,priority=101,cookie=0x48ee40000007,arp,reg2=0x48ee/0xffff,arp_op=0x1,arp_tpa=10.0.0.100,actions="
                + "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:0a:00:0a:00:00:64->eth_src,set_field:2->arp_op,"
                + "move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],set_field:0a:00:0a:00:00:64->arp_sha,"
                + "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],set_field:10.0.0.100->arp_spa,IN_PORT", f.render());
        FlowRule r = FlowRuleTranslator.toFlowRule(org.onosproject.net.DeviceId.deviceId("of:0000000000000001"), f);
        assertEquals(f.render(), FlowRuleTranslator.decode(r).render());
    }

    @Test
    void theLoadBalancersActionsRoundTrip() {
        DsnFlow f = new DsnFlow(new DsnFlow.Key(Table.byNumber(6), 2000, DsnMatch.builder().ethType(DsnMatch.IPV6)
                .reg(Registers.AFFINITY, 3).build()),
                List.of(DsnAction.multipath(false, 7, Registers.SELECTED), DsnAction.load(Registers.AFFINITY, 9), DsnAction.resubmit(Table.LEARNED),
                        DsnAction.setField(Field.ETH_DST, 0x020000000a01L), DsnAction.load(Registers.SELECTING, 0),
                        DsnAction.ctCommitNat(false, org.onlab.packet.IpAddress.valueOf("fd00::21"), 8080, Table.DESTINATION),
                        DsnAction.ctNat(Table.CT_STATE), DsnAction.group(0x2a0001)),
                0x1234, List.of());
        org.onosproject.net.DeviceId d = org.onosproject.net.DeviceId.deviceId("of:0000000000000001");
        FlowRule r = FlowRuleTranslator.toFlowRule(d, f);
        assertEquals(f.render(), FlowRuleTranslator.decode(r).render());
        assertEquals("table=6,priority=2000,cookie=0x1234,ipv6,reg1=0xc0/0xffffffc0,actions="
                + "multipath(symmetric_l3l4+udp,0,modulo_n,7,0,NXM_NX_REG2[16..30]),load:0x9->NXM_NX_REG1[6..31],resubmit(,50),"
                + "set_field:02:00:00:00:0a:01->eth_dst,load:0x0->NXM_NX_REG2[31],"
                + "ct(commit,table=2,zone=NXM_NX_REG2[0..15],nat(dst=[fd00::21]:8080)),ct(table=4,zone=NXM_NX_REG2[0..15],nat),"
                + "group:2752513", f.render());
    }

    @Test
    void aSetInPortRoundTrips() {
        DsnFlow f = new DsnFlow(new DsnFlow.Key(Table.CLASSIFY, 300, DsnMatch.builder().inPort(13).build()),
                List.of(DsnAction.load(Registers.TENANT, 0x3452), DsnAction.setField(Field.IN_PORT, 11), DsnAction.resubmit(Table.OUTPUT)),
                0x1234, List.of());
        FlowRule r = FlowRuleTranslator.toFlowRule(org.onosproject.net.DeviceId.deviceId("of:0000000000000001"), f);
        assertEquals(f.render(), FlowRuleTranslator.decode(r).render());
        assertEquals("table=0,priority=300,cookie=0x1234,in_port=13,actions=load:0x3452->NXM_NX_REG2[0..15],"
                + "set_field:11->in_port,resubmit(,40)",
                f.render());
    }

    @Test
    void extensionsSerializeAndDeserializeEqual() {
        int checked = 0;
        for (DsnProgram p : GoldenProgramTest.compileExample().values()) {
            for (DsnFlow f : p.flows().values()) {
                FlowRule r = FlowRuleTranslator.toFlowRule(p.dsn(), f);
                for (Criterion c : r.selector().criteria()) {
                    if (c instanceof ExtensionCriterion) {
                        DspMatchExtension x = (DspMatchExtension) ((ExtensionCriterion) c).extensionSelector();
                        DspMatchExtension y = new DspMatchExtension(x.type());
                        y.deserialize(x.serialize());
                        assertEquals(x, y);
                        assertEquals(x.field(), DspMatchExtension.fieldOf(x.type()));
                        checked++;
                    }
                }
                long extensions = r.selector().criteria().stream().filter(c -> c instanceof ExtensionCriterion).count();
                assertEquals(f.match().fields().keySet().stream().filter(DspMatchExtension::isExtension).count(), extensions,
                        "one extension criterion per extension field: " + f.render());
                for (Instruction i : r.treatment().allInstructions()) {
                    if (i instanceof Instructions.ExtensionInstructionWrapper) {
                        DspActionExtension x = (DspActionExtension) ((Instructions.ExtensionInstructionWrapper) i).extensionInstruction();
                        DspActionExtension y = new DspActionExtension();
                        y.deserialize(x.serialize());
                        assertEquals(x, y);
                        assertEquals(x.toString(), y.toString());
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 100, "checked " + checked);
    }
}
