package org.dsp.driver.ovs.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.Registers;
import org.dsp.driver.ovs.Table;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Golden OpenFlow 1.3 encodings, one FLOW_MOD per kind of match field and action DSP writes by
 * hand or through openflowj's Nicira support. Each hex string was checked with
 * {@code ovs-ofctl ofp-print <hex>}, which decodes it to the flow written next to it; a change of
 * the encoding fails here without any switch.
 */
class OfCodecGoldenTest {
    static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);

    /** The cases: name -> flow. */
    static Map<String, DsnFlow> cases() {
        Map<String, DsnFlow> c = new LinkedHashMap<>();
        c.put("reg-match-conjunction", flow(Table.byNumber(11), 1100,
                DsnMatch.builder().reg(Registers.TENANT, 0x3452).inPort(2), DsnAction.conjunction(7, 2, 3)));
        c.put("conj-id-load-goto", flow(Table.byNumber(11), 1100, DsnMatch.builder().conjId(7),
                DsnAction.load(Registers.EGRESS_RULE, 7), DsnAction.gotoTable(Table.byNumber(20))));
        // a service's field in reg7 next to conj_id: both survive (conj_id borrows a slot no DSP flow uses), and reg7 is
        // written with its own header (openflowj's reg7Masked writes 0x00011008, which OVS refuses: OFPBMC_BAD_FIELD)
        c.put("conj-id-and-reg7", flow(Table.byNumber(5), 2000, DsnMatch.builder().conjId(7)
                .set(org.dsp.driver.ovs.Field.REG7, org.dsp.driver.ovs.MatchValue.masked(0x5, 0xff)), DsnAction.gotoTable(Table.byNumber(6))));
        c.put("ct-recirculate", flow(Table.CONNTRACK, 100, DsnMatch.builder().ethType(DsnMatch.IPV4), DsnAction.ct(Table.CT_STATE)));
        c.put("ct-commit-exec", flow(Table.COMMIT, 100, DsnMatch.builder().ethType(DsnMatch.IPV6).reg(Registers.NOT_PERSIST, 0),
                DsnAction.ctCommit(List.of(DsnAction.load(Registers.CT_PERSIST, 1))), DsnAction.gotoTable(Table.OUTPUT)));
        // the deciding rules kept in the connection's label (node target): moves from reg3, reg4 into ct_label
        c.put("ct-commit-exec-label", flow(Table.COMMIT, 100, DsnMatch.builder().ethType(DsnMatch.IPV4).reg(Registers.NOT_PERSIST, 0),
                DsnAction.ctCommit(List.of(DsnAction.load(Registers.CT_PERSIST, 1), DsnAction.move(Registers.EGRESS_RULE,
                        Registers.CT_EGRESS_RULE), DsnAction.move(Registers.INGRESS_RULE, Registers.CT_INGRESS_RULE))),
                DsnAction.gotoTable(Table.OUTPUT)));
        c.put("ct-state-mark-controller-userdata", flow(Table.byNumber(21), 1200,
                DsnMatch.builder().ctState(0x21, 0x0e).set(org.dsp.driver.ovs.Field.CT_MARK,
                        org.dsp.driver.ovs.MatchValue.masked(0, 2)), DsnAction.controller(0x3452000700000300L),
                DsnAction.gotoTable(Table.DENY)));
        // a logged rule's replies, sampled by the rules' keys kept in the connection's label (node target)
        c.put("ct-label-match-sample", flow(Table.CT_STATE, 60004, DsnMatch.builder().ctState(0x2a, 0)
                .reg(Registers.TENANT, 0x3452).reg(Registers.CT_EGRESS_RULE, 0x23ed8c6).reg(Registers.CT_INGRESS_RULE, 0x7),
                DsnAction.sample(0x3452, 0x423ed8c6L), DsnAction.gotoTable(Table.OUTPUT)));
        c.put("sample-output-normal", flow(Table.OUTPUT, 5, DsnMatch.builder().inPort(10),
                DsnAction.sample(0x3452, 7), DsnAction.output(3), DsnAction.normal()));
        c.put("lldp-punt", flow(Table.CLASSIFY, 64000, DsnMatch.builder().ethType(DsnMatch.LLDP),
                DsnAction.output(DsnAction.CONTROLLER_PORT)));
        // encoded for later services (NAT, overlay); DSP's pipeline does not use them yet
        c.put("ct-zone-tun-id-resubmit-move", flow(Table.CT_STATE, 300, DsnMatch.builder().ethType(DsnMatch.IPV4)
                .set(org.dsp.driver.ovs.Field.CT_ZONE, org.dsp.driver.ovs.MatchValue.exact(5))
                .set(org.dsp.driver.ovs.Field.TUN_ID, org.dsp.driver.ovs.MatchValue.exact(0x1234)),
                DsnAction.move(Registers.EGRESS_RULE, Registers.INGRESS_RULE), DsnAction.resubmit(Table.OUTPUT)));
        c.put("ct-commit-nat", flow(Table.COMMIT, 200, DsnMatch.builder().ethType(DsnMatch.IPV4),
                DsnAction.ctCommitNat(true, org.onlab.packet.Ip4Address.valueOf("192.0.2.1"), 0, null), DsnAction.gotoTable(Table.OUTPUT)));
        // a NAT pool: a fixed zone (the tenant's NAT zone), an address and a port range (docs/nat.md)
        c.put("ct-zone-nat-pool", flow(Table.COMMIT, 200, DsnMatch.builder().ethType(DsnMatch.IPV4),
                DsnAction.ctInZone(50338, true, DsnAction.Nat.range(true, org.onlab.packet.Ip4Address.valueOf("203.0.113.110"),
                        org.onlab.packet.Ip4Address.valueOf("203.0.113.111"), 1024, 65535), Table.OUTPUT)));
        // a service's label field (bits 64-66) set by a commit, and matched with the rules' key bits: one ct_label
        org.dsp.ir.LogicalField tag = org.dsp.ir.LogicalField.label("tagger", "tag", 3);
        org.dsp.driver.ovs.RegField inLabel = org.dsp.driver.ovs.FieldPlan.empty().with(List.of(org.dsp.testing.TestServices.app(
                "tagger", List.of(), List.of(), List.of(), List.of(tag)))).of(tag);
        c.put("ct-label-upper-exec-and-match", flow(Table.byNumber(37), 10, DsnMatch.builder().ethType(DsnMatch.IPV4)
                .reg(inLabel, 5).reg(Registers.CT_EGRESS_RULE, 0x23ed8c6), DsnAction.ctCommit(List.of(DsnAction.load(inLabel, 6))),
                DsnAction.gotoTable(Table.byNumber(38))));
        return c;
    }

    static DsnFlow flow(Table t, int prio, DsnMatch.Builder m, DsnAction... actions) {
        return new DsnFlow(new DsnFlow.Key(t, prio, m.build()), List.of(actions), 0x1234, List.of());
    }

    /** The FLOW_MOD (ADD, xid 1) of a flow, as hex. */
    static String hex(DsnFlow f) {
        ByteBuf b = Unpooled.buffer();
        F.buildFlowAdd().setXid(1).setCookie(U64.of(f.cookie())).setTableId(TableId.of(f.table().number()))
                .setPriority(f.priority()).setBufferId(OFBufferId.NO_BUFFER).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY)
                .setMatch(OfCodec.match(f)).setInstructions(OfCodec.instructions(f)).build().writeTo(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        StringBuilder sb = new StringBuilder();
        for (byte x : out) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    /** Golden hex; the ofp-print text of each is the flow rendered in the failure message. */
    static final Map<String, String> GOLDEN = Map.ofEntries(
            Map.entry("reg-match-conjunction",
                    "040e006000000001000000000000123400000000000000000b0000000000044cffffffffffffffffffffffff0000000000010018800000040000000200010508000034520000ffff0004001800000000ffff0010000023200022010300000007"),
            Map.entry("conj-id-load-goto",
                    "040e006800000001000000000000123400000000000000000b0000000000044cffffffffffffffffffffffff000000000001000c00014a0400000007000000000004002000000000ffff0018000023200007001f0001060400000000000000070001000814000000"),
            Map.entry("ct-recirculate",
                    "040e006000000001000000000000123400000000000000000300000000000064ffffffffffffffffffffffff000000000001000a80000a0208000000000000000004002000000000ffff0018000023200023000000010404000f040000000000"),
            Map.entry("ct-commit-exec",
                    "040e008800000001000000000000123400000000000000001e00000000000064ffffffffffffffffffffffff000000000001001680000a0286dd00010308000000000000000800000004003800000000ffff0030000023200023000100010404000fff0000000000ffff001800002320000700000001d60400000000000000010001000828000000"),
            Map.entry("ct-commit-exec-label",
                    "040e00b800000001000000000000123400000000000000001e00000000000064ffffffffffffffffffffffff000000000001001680000a02080000010308000000000000000800000004006800000000ffff0060000023200023000100010404000fff0000000000ffff001800002320000700000001d6040000000000000001ffff0018000023200006002000000000000106040001d810ffff0018000023200006002000000020000108040001d8100001000828000000"),
            Map.entry("ct-state-mark-controller-userdata",
                    "040e0080000000010000000000001234000000000000000015000000000004b0ffffffffffffffffffffffff000000000001001c0001d308000000210000002f0001d7080000000000000002000000000004002800000000ffff00200000232000250000000000000003000c345200070000030000000000000100081f000000"),
            Map.entry("conj-id-and-reg7",
                    "040e0050000000010000000000001234000000000000000005000000000007d0ffffffffffffffffffffffff000000000001001800014a040000000700010f0800000005000000ff0001000806000000"),
            Map.entry("ct-label-match-sample",
                    "040e00980000000100000000000012340000000000000000040000000000ea64ffffffffffffffffffffffff00000000000100400001d3080000002a0000002a0001d920000000000000000000000007023ed8c60000000000000000ffffffffffffffff00010508000034520000ffff0004002000000000ffff001800002320001dffff0000000100003452423ed8c60001000828000000"),
            Map.entry("sample-output-normal",
                    "040e008000000001000000000000123400000000000000002800000000000005ffffffffffffffffffffffff000000000001000c800000040000000a000000000004004000000000ffff001800002320001dffff0000000100003452000000070000001000000003ffff00000000000000000010fffffffaffff000000000000"),
            Map.entry("lldp-punt",
                    "040e00580000000100000000000012340000000000000000000000000000fa00ffffffffffffffffffffffff000000000001000a80000a0288cc000000000000000400180000000000000010fffffffdffff000000000000"),
            Map.entry("ct-zone-tun-id-resubmit-move",
                    "040e00800000000100000000000012340000000000000000040000000000012cffffffffffffffffffffffff000000000001001c80000a02080080004c0800000000000012340001d4020005000000000004003000000000ffff00180000232000060020000000000001060400010804ffff001000002320000efff828000000"),
            Map.entry("ct-zone-nat-pool",
                    "040e008000000001000000000000123400000000000000001e000000000000c8ffffffffffffffffffffffff000000000001000a80000a0208000000000000000004004000000000ffff0038000023200023000100000000c4a2280000000000ffff0020000023200024000000010033cb00716ecb00716f0400ffff00000000"),
            Map.entry("ct-label-upper-exec-and-match",
                    "040e00a00000000100000000000012340000000000000000250000000000000affffffffffffffffffffffff000000000001002e80000a0208000001d920000000000000000500000000023ed8c6000000000000000700000000ffffffff00000004003800000000ffff0030000023200023000100010404000fff0000000000ffff001800002320000710020001d81000000000000000060001000826000000"),
            Map.entry("ct-commit-nat",
                    "040e008000000001000000000000123400000000000000001e000000000000c8ffffffffffffffffffffffff000000000001000a80000a0208000000000000000004003800000000ffff0030000023200023000100010404000fff0000000000ffff0018000023200024000000010001c0000201000000000001000828000000"));

    @Test
    void everyExtensionEncodesToItsGoldenBytes() {
        assertEquals(GOLDEN.keySet(), cases().keySet());
        for (Map.Entry<String, DsnFlow> e : cases().entrySet()) {
            assertEquals(GOLDEN.get(e.getKey()), hex(e.getValue()), e.getKey() + ": " + e.getValue().render());
        }
    }
}
