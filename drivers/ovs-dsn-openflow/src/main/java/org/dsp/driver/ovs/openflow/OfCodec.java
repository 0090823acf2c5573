package org.dsp.driver.ovs.openflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.Field;
import org.dsp.driver.ovs.MatchValue;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.RegField;
import org.dsp.driver.ovs.Registers;
import org.dsp.driver.ovs.Table;
import org.onlab.packet.IpPrefix;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraCt;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraLoad;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxms;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv6Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;
import org.projectfloodlight.openflow.types.U8;

/**
 * OpenFlow 1.3 for DSP's flows, in openflowj objects: standard OXMs, Nicira registers and
 * conntrack fields, Nicira ct and reg-load actions through openflowj, and DSP's own writers for
 * what openflowj lacks (conjunction, conj_id, controller with userdata, sample). Used by the
 * standalone node's FLOW_MOD encoder and by the ONOS driver behaviours. Pure.
 */
public final class OfCodec {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);

    private OfCodec() {
    }

    /** Returns the OXM match of a flow. */
    public static Match match(DsnFlow flow) {
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
                case ARP_OP:
                    oxms.add(x.arpOp(org.projectfloodlight.openflow.types.ArpOpcode.of((int) v.value())));
                    break;
                case ARP_TPA:
                    oxms.add(x.arpTpa(v4(v.prefix())));
                    break;
                case ICMPV6_TYPE:
                    oxms.add(x.icmpv6Type(U8.of((short) v.value())));
                    break;
                case ND_TARGET:
                    oxms.add(x.ipv6NdTarget(v6(v.prefix())));
                    break;
                case TUN_SRC:
                    oxms.add(x.tunnelIpv4Src(IPv4Address.of((int) v.value())));
                    break;
                case TUN_ID:
                    oxms.add(v.mask() == -1L ? x.tunnelId(U64.of(v.value())) : x.tunnelIdMasked(U64.of(v.value()), U64.of(v.mask())));
                    break;
                case TP_SRC:
                    TransportPort src = TransportPort.of((int) v.value());
                    oxms.add(proto != null && proto.value() == 17 ? x.udpSrc(src) : x.tcpSrc(src));
                    break;
                case TP_DST:
                    TransportPort port = TransportPort.of((int) v.value());
                    TransportPort mask = TransportPort.of((int) (v.mask() & 0xffff));
                    int p = proto == null ? 6 : (int) proto.value();
                    oxms.add(p == 17 ? x.udpDstMasked(port, mask) : p == 132 ? x.sctpDstMasked(port, mask) : x.tcpDstMasked(port, mask));
                    break;
                case REG0:
                case REG1:
                case REG2:
                case REG3:
                case REG4:
                case REG5:
                case REG6:
                case REG7:
                case CT_STATE:
                case CT_MARK:
                case CT_ZONE:
                case CONJ_ID:
                    oxms.add(extension(e.getKey(), v));
                    break;
                case CT_LABEL:
                case CT_LABEL_UP: // the two halves of one 128-bit field: written once, at the first
                    if (e.getKey() == Field.CT_LABEL || flow.match().get(Field.CT_LABEL) == null) {
                        oxms.add(label(flow.match().get(Field.CT_LABEL_UP), flow.match().get(Field.CT_LABEL)));
                    }
                    break;
                default:
                    throw new IllegalArgumentException("cannot encode match field " + e.getKey());
            }
        }
        return F.buildMatchV3().setOxmList(org.projectfloodlight.openflow.protocol.OFOxmList.ofList(oxms)).build();
    }

    /** Returns the OXM of a field ONOS has no criterion for (registers, ct_state, ct_mark, ct_label, conj_id). */
    public static OFOxm<?> extension(Field field, MatchValue v) {
        OFOxms x = F.oxms();
        U32 value = U32.of(v.value());
        U32 mask = U32.of(v.mask());
        switch (field) {
            case REG0:
                return x.reg0Masked(value, mask);
            case REG1:
                return x.reg1Masked(value, mask);
            case REG2:
                return x.reg2Masked(value, mask);
            case REG3:
                return x.reg3Masked(value, mask);
            case REG4:
                return x.reg4Masked(value, mask);
            case REG5:
                return x.reg5Masked(value, mask);
            case REG6:
                return x.reg6Masked(value, mask);
            case REG7:
                return new NxmReg7(v.value(), v.mask()); // openflowj's reg7Masked writes a wrong header
            case CT_STATE:
                return x.conntrackStateMasked(value, mask);
            case CT_MARK:
                return x.conntrackMarkMasked(value, mask);
            case CT_ZONE:
                return x.conntrackZone(org.projectfloodlight.openflow.types.U16.of((int) v.value()));
            case CONJ_ID:
                return new NxmConjId(v.value());
            case CT_LABEL:
                return label(null, v);
            case CT_LABEL_UP:
                return label(v, null);
            default:
                throw new IllegalArgumentException(field + " is not an extension field");
        }
    }

    /** The ct_label match of its upper and lower 64 bits (either null: wildcarded). */
    private static OFOxm<?> label(MatchValue up, MatchValue low) {
        return new NxmCtLabel(up == null ? 0 : up.value(), up == null ? 0 : up.mask(), low == null ? 0 : low.value(),
                low == null ? 0 : low.mask());
    }

    /**
     * Returns the field and value of an extension OXM (the inverse of {@link #extension}), or
     * null when the OXM is not one DSP writes. Exact OXMs come back with an all-ones 32-bit mask.
     */
    public static Map.Entry<Field, MatchValue> extension(OFOxm<?> oxm) {
        if (oxm instanceof NxmConjId) {
            return Map.entry(Field.CONJ_ID, MatchValue.exact(((NxmConjId) oxm).getValue().getValue()));
        }
        if (oxm instanceof NxmReg7) {
            return Map.entry(Field.REG7, MatchValue.masked(((NxmReg7) oxm).getValue().getValue(), ((NxmReg7) oxm).getMask().getValue()));
        }
        if (oxm instanceof NxmCtLabel) { // one half: the one DSP wrote (extension(Field, ...) writes one at a time)
            NxmCtLabel l = (NxmCtLabel) oxm;
            return l.getMask().getLsb() != 0 || l.getMask().getMsb() == 0
                    ? Map.entry(Field.CT_LABEL, MatchValue.masked(l.getValue().getLsb(), l.getMask().getLsb()))
                    : Map.entry(Field.CT_LABEL_UP, MatchValue.masked(l.getValue().getMsb(), l.getMask().getMsb()));
        }
        Field f;
        switch (oxm.getMatchField().id) {
            case REG0:
                f = Field.REG0;
                break;
            case REG1:
                f = Field.REG1;
                break;
            case REG2:
                f = Field.REG2;
                break;
            case REG3:
                f = Field.REG3;
                break;
            case REG4:
                f = Field.REG4;
                break;
            case REG5:
                f = Field.REG5;
                break;
            case REG6:
                f = Field.REG6;
                break;
            case REG7:
                f = Field.REG7;
                break;
            case CONNTRACK_STATE:
                f = Field.CT_STATE;
                break;
            case CONNTRACK_MARK:
                f = Field.CT_MARK;
                break;
            case CONNTRACK_ZONE:
                return Map.entry(Field.CT_ZONE, MatchValue.masked(
                        ((org.projectfloodlight.openflow.types.U16) oxm.getValue()).getValue(), 0xffffffffL));
            default:
                return null;
        }
        long value = ((U32) oxm.getValue()).getValue();
        long mask = oxm.isMasked() ? ((U32) oxm.getMask()).getValue() : 0xffffffffL;
        return Map.entry(f, MatchValue.masked(value, mask));
    }

    /**
     * Returns the DSP action of an OpenFlow action that DSP carries as an extension (Nicira
     * reg-load into a DSP register field, Nicira ct in the tenant zone), or null for any other.
     */
    public static DsnAction extension(OFAction a) {
        if (a instanceof OFActionNiciraLoad) {
            return loadOf((OFActionNiciraLoad) a);
        }
        if (a instanceof org.projectfloodlight.openflow.protocol.action.OFActionNiciraResubmitTable) {
            org.projectfloodlight.openflow.protocol.action.OFActionNiciraResubmitTable r =
                    (org.projectfloodlight.openflow.protocol.action.OFActionNiciraResubmitTable) a;
            return r.getInPort() == OFPP_IN_PORT ? DsnAction.resubmit(Table.byNumber(r.getTable() & 0xff)) : null;
        }
        if (a instanceof org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove) {
            return moveOf((org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove) a);
        }
        if (!(a instanceof OFActionNiciraCt)) {
            return null;
        }
        OFActionNiciraCt ct = (OFActionNiciraCt) a;
        RegField zone = Registers.TENANT;
        if (ct.getZoneSrc() != (Nx.reg(zone.container().ordinal()) & 0xffffffffL)
                || ct.getZone() != ((zone.low() << 6) | (zone.high() - zone.low()))) {
            return null;
        }
        List<DsnAction> exec = new ArrayList<>();
        org.projectfloodlight.openflow.protocol.action.OFActionNiciraNat nat = null;
        for (OFAction x : ct.getActions()) {
            if (x instanceof org.projectfloodlight.openflow.protocol.action.OFActionNiciraNat) {
                nat = (org.projectfloodlight.openflow.protocol.action.OFActionNiciraNat) x;
                continue;
            }
            DsnAction l = x instanceof OFActionNiciraLoad ? loadOf((OFActionNiciraLoad) x)
                    : x instanceof org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove
                    ? moveOf((org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove) x) : null;
            if (l == null) {
                return null;
            }
            exec.add(l);
        }
        boolean commit = (ct.getFlags() & 1) != 0;
        int table = ct.getRecircTable() & 0xff;
        if (nat != null) {
            // openflowj reads an address's padding as further addresses: read the action's own bytes
            io.netty.buffer.ByteBuf raw = io.netty.buffer.Unpooled.buffer();
            nat.writeTo(raw);
            NxNat n = NxNat.read(raw);
            if (n == null || !exec.isEmpty()) {
                return null;
            }
            Table next = table == 0xff ? null : Table.byNumber(table);
            if (n.address() == null) {
                return commit || next == null ? null : DsnAction.ctNat(next);
            }
            return commit ? DsnAction.ctCommitNat(n.source(), n.address(), n.port(), next) : null;
        }
        if (commit && table == 0xff) {
            return DsnAction.ctCommit(exec);
        }
        if (!commit && exec.isEmpty() && table != 0xff) {
            return DsnAction.ct(Table.byNumber(table));
        }
        return null;
    }

    /** The DSP register field at {@code header} (an NXM header), bits {@code ofs} .. {@code ofs + nbits - 1}, or null. */
    private static RegField field(long header, int ofs, int nbits) {
        for (RegField f : Registers.ALL) {
            if (header(f) == header && ofs(f) == ofs && f.high() - f.low() + 1 == nbits) {
                return f;
            }
        }
        return null;
    }

    /** The NXM header of the 16-bit in_port field (class 0, field 0). */
    private static final long NXM_OF_IN_PORT = 0x00000002L;

    private static DsnAction loadOf(OFActionNiciraLoad l) {
        if (l.getDst() == NXM_OF_IN_PORT && l.getOfsNbits() == 15) {
            return DsnAction.setField(Field.IN_PORT, l.getValue().getValue());
        }
        int low = l.getOfsNbits() >>> 6;
        RegField f = field(l.getDst(), low, (l.getOfsNbits() & 0x3f) + 1);
        return f == null ? null : DsnAction.load(f, l.getValue().getValue());
    }

    private static DsnAction.Move moveOf(org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove m) {
        RegField from = field(m.getSrc(), m.getSrcOfs(), m.getNBits());
        RegField to = field(m.getDst(), m.getDstOfs(), m.getNBits());
        return from == null || to == null ? null : (DsnAction.Move) DsnAction.move(from, to);
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
    public static List<OFInstruction> instructions(DsnFlow flow) {
        List<OFAction> apply = new ArrayList<>();
        List<OFInstruction> out = new ArrayList<>();
        DsnAction.Goto next = null;
        for (DsnAction a : flow.actions()) {
            if (a instanceof DsnAction.Goto) {
                next = (DsnAction.Goto) a;
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

    /** Returns the OpenFlow action of a DSP action other than goto. */
    public static OFAction action(DsnAction a) {
        if (a instanceof DsnAction.Output) {
            return F.actions().output(OFPort.of((int) ((DsnAction.Output) a).port()), 0xffff);
        }
        if (a instanceof DsnAction.Normal) {
            return F.actions().output(OFPort.NORMAL, 0xffff);
        }
        if (a instanceof DsnAction.Load) {
            return load((DsnAction.Load) a);
        }
        if (a instanceof DsnAction.Ct) {
            DsnAction.Ct ct = (DsnAction.Ct) a;
            List<OFAction> exec = new ArrayList<>();
            if (ct.nat() != null) {
                exec.add(new NxNat(ct.nat().source(), ct.nat().address(), ct.nat().addressLast(), ct.nat().port(), ct.nat().portLast()));
            }
            for (DsnAction x : ct.exec()) {
                exec.add(x instanceof DsnAction.Load ? load((DsnAction.Load) x) : move((DsnAction.Move) x));
            }
            RegField zone = ct.zone();
            return F.actions().buildNiciraCt().setFlags(ct.commit() ? 1 : 0)
                    .setZoneSrc(zone == null ? 0 : Nx.reg(zone.container().ordinal()) & 0xffffffffL)
                    .setZone(zone == null ? ct.zoneValue() : (zone.low() << 6) | (zone.high() - zone.low()))
                    .setRecircTable((short) (ct.table() == null ? 0xff : ct.table().number()))
                    .setAlg(0).setActions(exec).build();
        }
        if (a instanceof DsnAction.Conjunction) {
            DsnAction.Conjunction c = (DsnAction.Conjunction) a;
            return new NxConjunction(c.id(), c.clause(), c.clauses());
        }
        if (a instanceof DsnAction.Resubmit) {
            return F.actions().buildNiciraResubmitTable().setInPort(OFPP_IN_PORT)
                    .setTable((short) ((DsnAction.Resubmit) a).table().number()).build();
        }
        if (a instanceof DsnAction.Move) {
            DsnAction.Move m = (DsnAction.Move) a;
            return move(m);
        }
        if (a instanceof DsnAction.MoveField) {
            DsnAction.MoveField m = (DsnAction.MoveField) a;
            return F.actions().buildNiciraMove().setNBits(DsnAction.MoveField.width(m.from())).setSrcOfs(0).setDstOfs(0)
                    .setSrc(Nx.packetField(m.from()) & 0xffffffffL).setDst(Nx.packetField(m.to()) & 0xffffffffL).build();
        }
        if (a instanceof DsnAction.Controller) {
            return new NxController2(((DsnAction.Controller) a).userdata());
        }
        if (a instanceof DsnAction.Sample) {
            DsnAction.Sample s = (DsnAction.Sample) a;
            return new NxSample(s.domain(), s.point());
        }
        if (a instanceof DsnAction.SetField) {
            long v = ((DsnAction.SetField) a).value();
            switch (((DsnAction.SetField) a).field()) {
                case IP_DSCP:
                    return F.actions().setField(F.oxms().ipDscp(org.projectfloodlight.openflow.types.IpDscp.of((byte) v)));
                case ETH_DST:
                    return F.actions().setField(F.oxms().ethDst(MacAddress.of(v)));
                case ETH_SRC:
                    return F.actions().setField(F.oxms().ethSrc(MacAddress.of(v)));
                case ARP_SHA:
                    return F.actions().setField(F.oxms().arpSha(MacAddress.of(v)));
                case ARP_SPA:
                    return F.actions().setField(F.oxms().arpSpa(IPv4Address.of((int) v)));
                case ARP_OP:
                    return F.actions().setField(F.oxms().arpOp(org.projectfloodlight.openflow.types.ArpOpcode.of((int) v)));
                case TUN_ID:
                    return F.actions().setField(F.oxms().tunnelId(U64.of(v)));
                case TUN_DST:
                    return F.actions().setField(F.oxms().tunnelIpv4Dst(IPv4Address.of((int) v)));
                case IN_PORT: // a Nicira load into NXM_OF_IN_PORT (Open vSwitch refuses an OpenFlow 1.3 set-field of in_port)
                    return F.actions().buildNiciraLoad().setOfsNbits(15).setDst(NXM_OF_IN_PORT).setValue(U64.of(v)).build();
                default:
                    throw new IllegalArgumentException("cannot encode action " + a);
            }
        }
        if (a instanceof DsnAction.CheckPktLarger) {
            DsnAction.CheckPktLarger c = (DsnAction.CheckPktLarger) a;
            return new NxCheckPktLarger(c.length(), header(c.dst()), ofs(c.dst()));
        }
        if (a instanceof DsnAction.DecTtl) {
            return F.actions().decNwTtl();
        }
        if (a instanceof DsnAction.Group) {
            return F.actions().group(org.projectfloodlight.openflow.types.OFGroup.of((int) ((DsnAction.Group) a).id()));
        }
        if (a instanceof org.dsp.driver.ovs.LearnAction) {
            return new NxLearn((org.dsp.driver.ovs.LearnAction) a);
        }
        if (a instanceof DsnAction.Multipath) {
            DsnAction.Multipath m = (DsnAction.Multipath) a;
            RegField f = m.dst();
            return new NxMultipath(m.bySource() ? NxMultipath.FIELDS_NW_SRC : NxMultipath.FIELDS_L3L4_UDP, m.links(),
                    header(f), ofs(f), f.high() - f.low() + 1);
        }
        throw new IllegalArgumentException("cannot encode action " + a);
    }

    /**
     * The OpenFlow buckets of a DSN group: weight and actions (as a flow's), watching no port and
     * no group, as Open vSwitch reports them back.
     */
    public static List<org.projectfloodlight.openflow.protocol.OFBucket> buckets(org.dsp.driver.ovs.DsnGroup g) {
        List<org.projectfloodlight.openflow.protocol.OFBucket> out = new ArrayList<>();
        for (org.dsp.driver.ovs.DsnGroup.Bucket b : g.buckets()) {
            List<OFAction> actions = new ArrayList<>();
            for (DsnAction a : b.actions()) {
                actions.add(action(a));
            }
            out.add(F.buildBucket().setWeight(b.weight()).setWatchPort(OFPort.ANY)
                    .setWatchGroup(org.projectfloodlight.openflow.types.OFGroup.ANY).setActions(actions).build());
        }
        return out;
    }

    /** OFPP_IN_PORT in the 16-bit form resubmit uses. */
    private static final int OFPP_IN_PORT = 0xfff8;

    /** The NXM header of the register (or ct_mark, or ct_label) a field lives in. */
    private static long header(RegField f) {
        int h = f.container() == RegField.Container.CT_MARK ? Nx.CT_MARK
                : f.container().label() ? Nx.CT_LABEL : Nx.reg(f.container().ordinal());
        return h & 0xffffffffL;
    }

    /** The bit of the NXM field a DSP field starts at (ct_label's upper half: 32 and up). */
    private static int ofs(RegField f) {
        return f.low() + f.container().offset();
    }

    private static OFAction load(DsnAction.Load l) {
        RegField f = l.field();
        return F.actions().buildNiciraLoad().setOfsNbits((ofs(f) << 6) | (f.high() - f.low()))
                .setDst(header(f)).setValue(U64.of(l.value())).build();
    }

    private static OFAction move(DsnAction.Move m) {
        return F.actions().buildNiciraMove().setNBits(m.from().high() - m.from().low() + 1)
                .setSrcOfs(ofs(m.from())).setDstOfs(ofs(m.to()))
                .setSrc(header(m.from())).setDst(header(m.to())).build();
    }

}
