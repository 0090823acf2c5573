package org.dsp.node.openflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.Field;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.driver.ovs.MatchValue;
import org.dsp.driver.ovs.OfAction;
import org.dsp.driver.ovs.RegField;
import org.onlab.packet.IpPrefix;
import org.onosproject.net.flow.FlowRule;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv6Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;
import org.projectfloodlight.openflow.types.U8;

/**
 * Encodes DSP flows (or the ONOS FlowRules {@link FlowRuleTranslator} made of them) as OpenFlow
 * 1.3 FLOW_MOD messages for Open vSwitch: standard OXMs and Nicira ct / reg-load actions through
 * openflowj, the rest with DSP's own writers. Pure: no channel, no state.
 */
public final class FlowModEncoder {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);

    /** The kind of FLOW_MOD. */
    public enum Command {
        /** OFPFC_ADD (also replaces a flow with the same table, priority and match). */
        ADD,
        /** OFPFC_MODIFY_STRICT: new actions and cookie for an existing flow. */
        MODIFY_STRICT,
        /** OFPFC_DELETE_STRICT: removes exactly this flow. */
        DELETE_STRICT
    }

    private FlowModEncoder() {
    }

    /** Returns the FLOW_MOD for a DSP-made ONOS flow rule. */
    public static OFFlowMod encode(FlowRule rule, Command command, long xid) {
        return encode(FlowRuleTranslator.fromFlowRule(rule), command, xid);
    }

    /** Returns the FLOW_MOD for a DSN flow. */
    public static OFFlowMod encode(DsnFlow flow, Command command, long xid) {
        OFFlowMod.Builder b;
        switch (command) {
            case ADD:
                b = F.buildFlowAdd();
                break;
            case MODIFY_STRICT:
                b = F.buildFlowModifyStrict();
                break;
            default:
                b = F.buildFlowDeleteStrict();
        }
        b.setXid(xid).setCookie(U64.of(flow.cookie())).setTableId(TableId.of(flow.table().number()))
                .setPriority(flow.priority()).setBufferId(OFBufferId.NO_BUFFER).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setMatch(match(flow));
        if (command != Command.DELETE_STRICT) {
            b.setInstructions(instructions(flow));
        }
        return b.build();
    }

    /** Returns the OXM match of a flow. */
    static Match match(DsnFlow flow) {
        OFOxms x = F.oxms();
        List<OFOxm<?>> oxms = new ArrayList<>();
        MatchValue proto = flow.match().get(Field.IP_PROTO);
        for (Map.Entry<Field, MatchValue> e : flow.match().fields().entrySet()) {
            MatchValue v = e.getValue();
            switch (e.getKey()) {
                case IN_PORT:
                    oxms.add(x.inPort(OFPort.of((int) v.value())));
                    break;
                case ETH_TYPE:
                    oxms.add(x.ethType(EthType.of((int) v.value())));
                    break;
                case ETH_SRC:
                    oxms.add(x.ethSrc(MacAddress.of(v.mac().toBytes())));
                    break;
                case ETH_DST:
                    oxms.add(x.ethDst(MacAddress.of(v.mac().toBytes())));
                    break;
                case IP_PROTO:
                    oxms.add(x.ipProto(IpProtocol.of((short) v.value())));
                    break;
                case IPV4_SRC:
                    oxms.add(x.ipv4SrcMasked(v4(v.prefix()), v4Mask(v.prefix())));
                    break;
                case IPV4_DST:
                    oxms.add(x.ipv4DstMasked(v4(v.prefix()), v4Mask(v.prefix())));
                    break;
                case IPV6_SRC:
                    oxms.add(x.ipv6SrcMasked(v6(v.prefix()), IPv6Address.ofCidrMaskLength(v.prefix().prefixLength())));
                    break;
                case IPV6_DST:
                    oxms.add(x.ipv6DstMasked(v6(v.prefix()), IPv6Address.ofCidrMaskLength(v.prefix().prefixLength())));
                    break;
                case ARP_SPA:
                    oxms.add(x.arpSpa(v4(v.prefix())));
                    break;
                case ARP_SHA:
                    oxms.add(x.arpSha(MacAddress.of(v.mac().toBytes())));
                    break;
                case ICMPV6_TYPE:
                    oxms.add(x.icmpv6Type(U8.of((short) v.value())));
                    break;
                case TP_DST:
                    TransportPort port = TransportPort.of((int) v.value());
                    TransportPort mask = TransportPort.of((int) (v.mask() & 0xffff));
                    boolean udp = proto != null && proto.value() == 17;
                    oxms.add(udp ? x.udpDstMasked(port, mask) : x.tcpDstMasked(port, mask));
                    break;
                case REG0:
                    oxms.add(x.reg0Masked(U32.of(v.value()), U32.of(v.mask())));
                    break;
                case REG1:
                    oxms.add(x.reg1Masked(U32.of(v.value()), U32.of(v.mask())));
                    break;
                case REG2:
                    oxms.add(x.reg2Masked(U32.of(v.value()), U32.of(v.mask())));
                    break;
                case REG3:
                    oxms.add(x.reg3Masked(U32.of(v.value()), U32.of(v.mask())));
                    break;
                case REG4:
                    oxms.add(x.reg4Masked(U32.of(v.value()), U32.of(v.mask())));
                    break;
                case CT_STATE:
                    oxms.add(x.conntrackStateMasked(U32.of(v.value()), U32.of(v.mask())));
                    break;
                case CT_MARK:
                    oxms.add(x.conntrackMarkMasked(U32.of(v.value()), U32.of(v.mask())));
                    break;
                case CONJ_ID:
                    oxms.add(new NxmConjId(v.value()));
                    break;
                default:
                    throw new IllegalArgumentException("cannot encode match field " + e.getKey());
            }
        }
        return F.buildMatchV3().setOxmList(org.projectfloodlight.openflow.protocol.OFOxmList.ofList(oxms)).build();
    }

    private static IPv4Address v4(IpPrefix p) {
        return IPv4Address.of(p.address().toOctets());
    }

    private static IPv4Address v4Mask(IpPrefix p) {
        return IPv4Address.ofCidrMaskLength(p.prefixLength());
    }

    private static IPv6Address v6(IpPrefix p) {
        return IPv6Address.of(p.address().toOctets());
    }

    /** Returns the instructions: apply-actions for every action but goto, then goto-table. */
    static List<OFInstruction> instructions(DsnFlow flow) {
        List<OFAction> apply = new ArrayList<>();
        List<OFInstruction> out = new ArrayList<>();
        OfAction.Goto next = null;
        for (OfAction a : flow.actions()) {
            if (a instanceof OfAction.Goto) {
                next = (OfAction.Goto) a;
            } else {
                apply.add(action(a));
            }
        }
        if (!apply.isEmpty()) {
            out.add(F.instructions().applyActions(apply));
        }
        if (next != null) {
            out.add(F.instructions().gotoTable(TableId.of(next.table().number())));
        }
        return out;
    }

    static OFAction action(OfAction a) {
        if (a instanceof OfAction.Output) {
            return F.actions().output(OFPort.of((int) ((OfAction.Output) a).port()), 0xffff);
        }
        if (a instanceof OfAction.Normal) {
            return F.actions().output(OFPort.NORMAL, 0xffff);
        }
        if (a instanceof OfAction.Load) {
            return load((OfAction.Load) a);
        }
        if (a instanceof OfAction.Ct) {
            OfAction.Ct ct = (OfAction.Ct) a;
            List<OFAction> exec = new ArrayList<>();
            for (OfAction.Load l : ct.exec()) {
                exec.add(load(l));
            }
            RegField zone = ct.zone();
            return F.actions().buildNiciraCt().setFlags(ct.commit() ? 1 : 0)
                    .setZoneSrc(Nx.reg(zone.container().ordinal()) & 0xffffffffL)
                    .setZone((zone.low() << 6) | (zone.high() - zone.low()))
                    .setRecircTable((short) (ct.table() == null ? 0xff : ct.table().number()))
                    .setAlg(0).setActions(exec).build();
        }
        if (a instanceof OfAction.Conjunction) {
            OfAction.Conjunction c = (OfAction.Conjunction) a;
            return new NxConjunction(c.id(), c.clause(), c.clauses());
        }
        if (a instanceof OfAction.Controller) {
            return new NxController2(((OfAction.Controller) a).userdata());
        }
        if (a instanceof OfAction.Sample) {
            OfAction.Sample s = (OfAction.Sample) a;
            return new NxSample(s.domain(), s.point());
        }
        throw new IllegalArgumentException("cannot encode action " + a);
    }

    private static OFAction load(OfAction.Load l) {
        RegField f = l.field();
        int dst = f.container() == RegField.Container.CT_MARK ? Nx.CT_MARK : Nx.reg(f.container().ordinal());
        return F.actions().buildNiciraLoad().setOfsNbits((f.low() << 6) | (f.high() - f.low()))
                .setDst(dst & 0xffffffffL).setValue(U64.of(l.value())).build();
    }

    /** Helper for callers that need the value type of a generic OXM. */
    static <T extends OFValueType<T>> T value(OFOxm<T> oxm) {
        return oxm.getValue();
    }
}
