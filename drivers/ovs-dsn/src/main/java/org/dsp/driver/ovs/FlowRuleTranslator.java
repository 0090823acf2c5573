package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.TpPort;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.DefaultTrafficSelector;
import org.onosproject.net.flow.DefaultTrafficTreatment;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.TrafficTreatment;
import org.onosproject.net.flow.criteria.ArpHaCriterion;
import org.onosproject.net.flow.criteria.ArpPaCriterion;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.EthCriterion;
import org.onosproject.net.flow.criteria.EthTypeCriterion;
import org.onosproject.net.flow.criteria.ExtensionCriterion;
import org.onosproject.net.flow.criteria.IPCriterion;
import org.onosproject.net.flow.criteria.IPProtocolCriterion;
import org.onosproject.net.flow.criteria.Icmpv6TypeCriterion;
import org.onosproject.net.flow.criteria.PortCriterion;
import org.onosproject.net.flow.criteria.TcpPortCriterion;
import org.onosproject.net.flow.criteria.UdpPortCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.flow.instructions.Instructions.ExtensionInstructionWrapper;

/**
 * Turns a DSN program's flows into ONOS {@link FlowRule}s (for FlowRuleService, in ONOS and in
 * the standalone node) and back. Standard fields and actions use ONOS criteria and
 * instructions; registers, conntrack, conjunction, controller userdata and sampling use DSP's
 * extensions ({@link DspMatchExtension}, {@link DspActionExtension}). The flow's cookie is kept:
 * it names the owner, so the rule is built with {@code withCookie}, not {@code fromApp}.
 */
public final class FlowRuleTranslator {
    /**
     * Each thread's rule builder, reused: ONOS's builder makes an empty selector and treatment
     * when it is created, garbage once ours are set (every field is set on every use).
     */
    private static final ThreadLocal<FlowRule.Builder> BUILDER = ThreadLocal.withInitial(DefaultFlowRule::builder);

    /** The flow each rule made here stands for, while {@link #rememberFlows} is on; weak keys, compared by identity. */
    private static volatile java.util.concurrent.ConcurrentMap<FlowRule, DsnFlow> made;

    private FlowRuleTranslator() {
    }

    /**
     * From now on this JVM remembers the flow of each rule {@link #toFlowRule} makes, for as long
     * as the rule lives, and {@link #fromFlowRule} returns it instead of decoding the rule again.
     * The standalone node turns it on: the rules it is handed are the ones its realizer just made
     * from flows. (Not in ONOS, whose flow store keeps every rule it holds: the flows would be kept too.)
     */
    public static void rememberFlows() {
        synchronized (FlowRuleTranslator.class) {
            if (made == null) {
                made = new com.google.common.collect.MapMaker().weakKeys().makeMap();
            }
        }
    }

    /** Returns the ONOS flow rule of a DSN flow on device {@code dsn}, with the compiled cookie (application id 0). */
    public static FlowRule toFlowRule(DeviceId dsn, DsnFlow f) {
        return toFlowRule(dsn, f, (short) 0);
    }

    /**
     * Returns the ONOS flow rule of a DSN flow on device {@code dsn}, its cookie carrying
     * {@code appId} in the top 16 bits (ONOS attributes a rule to the app whose id is there).
     */
    public static FlowRule toFlowRule(DeviceId dsn, DsnFlow f, short appId) {
        TrafficSelector.Builder s = DefaultTrafficSelector.builder();
        MatchValue proto = f.match().get(Field.IP_PROTO);
        java.util.EnumMap<Field, MatchValue> extensionFields = new java.util.EnumMap<>(Field.class);
        for (java.util.Map.Entry<Field, MatchValue> e : f.match().fields().entrySet()) {
            Field field = e.getKey();
            MatchValue v = e.getValue();
            switch (field) {
                case IN_PORT:
                    s.matchInPort(PortNumber.portNumber(v.value()));
                    break;
                case ETH_TYPE:
                    s.matchEthType((short) v.value());
                    break;
                case ETH_SRC:
                    s.matchEthSrc(v.mac());
                    break;
                case ETH_DST:
                    s.matchEthDst(v.mac());
                    break;
                case IP_PROTO:
                    s.matchIPProtocol((byte) v.value());
                    break;
                case IPV4_SRC:
                    s.matchIPSrc(v.prefix());
                    break;
                case IPV4_DST:
                    s.matchIPDst(v.prefix());
                    break;
                case IPV6_SRC:
                    s.matchIPv6Src(v.prefix());
                    break;
                case IPV6_DST:
                    s.matchIPv6Dst(v.prefix());
                    break;
                case ARP_SPA:
                    s.matchArpSpa(v.prefix().address().getIp4Address());
                    break;
                case ARP_SHA:
                    s.matchArpSha(v.mac());
                    break;
                case ARP_OP:
                    s.matchArpOp((int) v.value());
                    break;
                case ARP_TPA:
                    s.matchArpTpa(v.prefix().address().getIp4Address());
                    break;
                case ICMPV6_TYPE:
                    s.matchIcmpv6Type((byte) v.value());
                    break;
                case ND_TARGET:
                    s.matchIPv6NDTargetAddress(v.prefix().address().getIp6Address());
                    break;
                case TUN_ID:
                    if (v.mask() == -1L) {
                        s.matchTunnelId(v.value());
                    } else {
                        extensionFields.put(field, v); // ONOS's tunnel id criterion has no mask
                    }
                    break;
                case TP_SRC:
                    TpPort src = TpPort.tpPort((int) v.value());
                    if (proto != null && proto.value() == 17) {
                        s.matchUdpSrc(src);
                    } else {
                        s.matchTcpSrc(src);
                    }
                    break;
                case TP_DST:
                    TpPort port = TpPort.tpPort((int) v.value());
                    TpPort mask = TpPort.tpPort((int) (v.mask() & 0xffff));
                    if (proto != null && proto.value() == 17) {
                        s.matchUdpDstMasked(port, mask);
                    } else if (proto != null && proto.value() == 132) {
                        s.matchSctpDstMasked(port, mask);
                    } else {
                        s.matchTcpDstMasked(port, mask);
                    }
                    break;
                default:
                    extensionFields.put(field, v);
            }
        }
        extensionFields.forEach((field, v) -> s.extension(new DspMatchExtension(field, v), dsn));
        FlowRule rule = BUILDER.get().forDevice(dsn).forTable(f.table().number()).withPriority(f.priority())
                .withCookie(Cookies.withApp(f.cookie(), appId)).makePermanent().withSelector(s.build())
                .withTreatment(treatment(dsn, f.actions())).build();
        java.util.concurrent.ConcurrentMap<FlowRule, DsnFlow> memo = made;
        if (memo != null) {
            memo.put(rule, f);
        }
        return rule;
    }

    /**
     * The ONOS treatment of DSN actions (a flow's, or a group bucket's): standard instructions
     * where ONOS has them, {@link DspActionExtension} for the rest; no action is a drop.
     */
    public static TrafficTreatment treatment(DeviceId dsn, List<DsnAction> actions) {
        TrafficTreatment.Builder t = DefaultTrafficTreatment.builder();
        if (actions.isEmpty()) {
            t.drop();
        }
        for (DsnAction a : actions) {
            if (a instanceof DsnAction.Output) {
                t.setOutput(PortNumber.portNumber(((DsnAction.Output) a).port()));
            } else if (a instanceof DsnAction.Normal) {
                t.setOutput(PortNumber.NORMAL);
            } else if (a instanceof DsnAction.Goto) {
                t.transition(((DsnAction.Goto) a).table().number());
            } else if (a instanceof DsnAction.SetField && (((DsnAction.SetField) a).field() == Field.TUN_ID
                    || ((DsnAction.SetField) a).field() == Field.TUN_DST || ((DsnAction.SetField) a).field() == Field.IN_PORT)) {
                // the tunnel's two together, as the node's encoder sends them (Nicira); in_port has no ONOS instruction
                t.extension(new DspActionExtension(a), dsn);
            } else if (a instanceof DsnAction.SetField) {
                setField(t, (DsnAction.SetField) a);
            } else if (a instanceof DsnAction.DecTtl) {
                t.decNwTtl();
            } else if (a instanceof DsnAction.Group) {
                t.group(org.onosproject.core.GroupId.valueOf((int) ((DsnAction.Group) a).id()));
            } else {
                t.extension(new DspActionExtension(a), dsn);
            }
        }
        return t.build();
    }

    /**
     * Returns the DSN flow an ONOS flow rule made by {@link #toFlowRule} stands for, with the
     * rule's cookie (owners are not kept): the remembered one (see {@link #rememberFlows}), else
     * decoded from the rule.
     */
    public static DsnFlow fromFlowRule(FlowRule r) {
        java.util.concurrent.ConcurrentMap<FlowRule, DsnFlow> memo = made;
        DsnFlow known = memo == null ? null : memo.get(r);
        if (known != null) {
            return new DsnFlow(known.key(), known.actions(), r.id().value(), List.of());
        }
        return decode(r);
    }

    /** The DSN flow of a rule, read from its selector and treatment. */
    static DsnFlow decode(FlowRule r) {
        DsnMatch.Builder m = DsnMatch.builder();
        for (Criterion c : r.selector().criteria()) {
            switch (c.type()) {
                case IN_PORT:
                    m.inPort(((PortCriterion) c).port().toLong());
                    break;
                case ETH_TYPE:
                    m.ethType(((EthTypeCriterion) c).ethType().toShort() & 0xffff);
                    break;
                case ETH_SRC:
                    m.ethSrc(((EthCriterion) c).mac());
                    break;
                case ETH_DST:
                    m.ethDst(((EthCriterion) c).mac());
                    break;
                case IP_PROTO:
                    m.ipProto(((IPProtocolCriterion) c).protocol());
                    break;
                case IPV4_SRC:
                    m.set(Field.IPV4_SRC, MatchValue.prefix(((IPCriterion) c).ip()));
                    break;
                case IPV4_DST:
                    m.set(Field.IPV4_DST, MatchValue.prefix(((IPCriterion) c).ip()));
                    break;
                case IPV6_SRC:
                    m.set(Field.IPV6_SRC, MatchValue.prefix(((IPCriterion) c).ip()));
                    break;
                case IPV6_DST:
                    m.set(Field.IPV6_DST, MatchValue.prefix(((IPCriterion) c).ip()));
                    break;
                case ARP_SPA:
                    Ip4Address spa = ((ArpPaCriterion) c).ip();
                    m.set(Field.ARP_SPA, MatchValue.prefix(IpPrefix.valueOf(spa, 32)));
                    break;
                case ARP_SHA:
                    m.set(Field.ARP_SHA, MatchValue.mac(((ArpHaCriterion) c).mac()));
                    break;
                case ARP_OP:
                    m.set(Field.ARP_OP, MatchValue.exact(((org.onosproject.net.flow.criteria.ArpOpCriterion) c).arpOp()));
                    break;
                case ARP_TPA:
                    m.set(Field.ARP_TPA, MatchValue.prefix(IpPrefix.valueOf(((ArpPaCriterion) c).ip(), 32)));
                    break;
                case ICMPV6_TYPE:
                    m.set(Field.ICMPV6_TYPE, MatchValue.exact(((Icmpv6TypeCriterion) c).icmpv6Type()));
                    break;
                case IPV6_ND_TARGET:
                    m.set(Field.ND_TARGET, MatchValue.prefix(IpPrefix.valueOf(
                            ((org.onosproject.net.flow.criteria.IPv6NDTargetAddressCriterion) c).targetAddress(), 128)));
                    break;
                case TUNNEL_ID:
                    m.set(Field.TUN_ID, MatchValue.exact(((org.onosproject.net.flow.criteria.TunnelIdCriterion) c).tunnelId()));
                    break;
                case TCP_SRC:
                    m.tpSrc(((TcpPortCriterion) c).tcpPort().toInt());
                    break;
                case UDP_SRC:
                    m.tpSrc(((UdpPortCriterion) c).udpPort().toInt());
                    break;
                case TCP_DST_MASKED:
                case TCP_DST:
                    TcpPortCriterion tc = (TcpPortCriterion) c;
                    m.tpDst(tc.tcpPort().toInt(), tc.mask() == null ? 0xffff : tc.mask().toInt());
                    break;
                case UDP_DST_MASKED:
                case UDP_DST:
                    UdpPortCriterion uc = (UdpPortCriterion) c;
                    m.tpDst(uc.udpPort().toInt(), uc.mask() == null ? 0xffff : uc.mask().toInt());
                    break;
                case SCTP_DST_MASKED:
                case SCTP_DST:
                    org.onosproject.net.flow.criteria.SctpPortCriterion sc = (org.onosproject.net.flow.criteria.SctpPortCriterion) c;
                    m.tpDst(sc.sctpPort().toInt(), sc.mask() == null ? 0xffff : sc.mask().toInt());
                    break;
                case EXTENSION:
                    DspMatchExtension x = (DspMatchExtension) ((ExtensionCriterion) c).extensionSelector();
                    m.set(x.field(), x.value());
                    break;
                default:
                    throw new IllegalArgumentException("not a DSP flow rule criterion: " + c);
            }
        }
        Table table = Table.byNumber(r.tableId());
        return new DsnFlow(new DsnFlow.Key(table, r.priority(), m.build()), actions(r.treatment()), r.id().value(), List.of());
    }

    /** The DSN actions of a treatment made by {@link #treatment} (a flow's, or a group bucket's). */
    public static List<DsnAction> actions(TrafficTreatment treatment) {
        List<DsnAction> actions = new ArrayList<>();
        for (Instruction i : treatment.allInstructions()) {
            if (i instanceof Instructions.OutputInstruction) {
                PortNumber p = ((Instructions.OutputInstruction) i).port();
                actions.add(p.equals(PortNumber.NORMAL) ? DsnAction.normal() : DsnAction.output(p.toLong()));
            } else if (i instanceof ExtensionInstructionWrapper) {
                actions.add(((DspActionExtension) ((ExtensionInstructionWrapper) i).extensionInstruction()).action());
            } else if (i instanceof Instructions.NoActionInstruction) {
                continue;
            } else if (i instanceof Instructions.GroupInstruction) {
                actions.add(DsnAction.group(((Instructions.GroupInstruction) i).groupId().id() & 0xffffffffL));
            } else {
                DsnAction set = setFieldOf(i);
                if (set == null) {
                    throw new IllegalArgumentException("not a DSP instruction: " + i);
                }
                actions.add(set);
            }
        }
        if (treatment.tableTransition() != null) {
            actions.add(DsnAction.gotoTable(Table.byNumber(treatment.tableTransition().tableId())));
        }
        return actions;
    }

    /** The ONOS instruction of a DSP field set (Ethernet and ARP fields). */
    private static void setField(TrafficTreatment.Builder t, DsnAction.SetField a) {
        long v = a.value();
        switch (a.field()) {
            case IP_DSCP:
                t.setIpDscp((byte) v);
                break;
            case ETH_DST:
                t.setEthDst(org.onlab.packet.MacAddress.valueOf(v));
                break;
            case ETH_SRC:
                t.setEthSrc(org.onlab.packet.MacAddress.valueOf(v));
                break;
            case ARP_SHA:
                t.setArpSha(org.onlab.packet.MacAddress.valueOf(v));
                break;
            case ARP_SPA:
                t.setArpSpa(Ip4Address.valueOf((int) v));
                break;
            case ARP_OP:
                t.setArpOp((short) v);
                break;
            default:
                throw new IllegalArgumentException("no ONOS instruction sets " + a.field());
        }
    }

    /** The DSP field set of an ONOS Ethernet, ARP or DSCP modification (or its TTL decrement), or null. */
    private static DsnAction setFieldOf(Instruction i) {
        if (i instanceof org.onosproject.net.flow.instructions.L3ModificationInstruction.ModTtlInstruction
                && ((org.onosproject.net.flow.instructions.L3ModificationInstruction) i).subtype()
                == org.onosproject.net.flow.instructions.L3ModificationInstruction.L3SubType.DEC_TTL) {
            return DsnAction.decTtl();
        }
        if (i instanceof org.onosproject.net.flow.instructions.L3ModificationInstruction.ModDscpInstruction) {
            return DsnAction.setField(Field.IP_DSCP,
                    ((org.onosproject.net.flow.instructions.L3ModificationInstruction.ModDscpInstruction) i).dscp());
        }
        if (i instanceof org.onosproject.net.flow.instructions.L2ModificationInstruction.ModEtherInstruction) {
            org.onosproject.net.flow.instructions.L2ModificationInstruction.ModEtherInstruction e =
                    (org.onosproject.net.flow.instructions.L2ModificationInstruction.ModEtherInstruction) i;
            switch (e.subtype()) {
                case ETH_DST:
                    return DsnAction.setField(Field.ETH_DST, e.mac().toLong());
                case ETH_SRC:
                    return DsnAction.setField(Field.ETH_SRC, e.mac().toLong());
                default:
                    return null;
            }
        }
        if (i instanceof org.onosproject.net.flow.instructions.L3ModificationInstruction.ModArpEthInstruction) {
            return DsnAction.setField(Field.ARP_SHA,
                    ((org.onosproject.net.flow.instructions.L3ModificationInstruction.ModArpEthInstruction) i).mac().toLong());
        }
        if (i instanceof org.onosproject.net.flow.instructions.L3ModificationInstruction.ModArpIPInstruction) {
            return DsnAction.setField(Field.ARP_SPA, ((org.onosproject.net.flow.instructions.L3ModificationInstruction.ModArpIPInstruction) i)
                    .ip().getIp4Address().toInt() & 0xffffffffL);
        }
        if (i instanceof org.onosproject.net.flow.instructions.L3ModificationInstruction.ModArpOpInstruction) {
            return DsnAction.setField(Field.ARP_OP,
                    ((org.onosproject.net.flow.instructions.L3ModificationInstruction.ModArpOpInstruction) i).op());
        }
        return null;
    }
}
