package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/**
 * Walks a packet through a compiled DSN program the way Open vSwitch does: highest priority first,
 * conjunctive matches completed per priority, registers, goto_table, conntrack lookups with
 * recirculation and commits (against a {@link Conntrack} model). It is the correctness oracle of
 * the compiler's output and the base of the flow tracer.
 */
public final class FlowSimulator {
    /** Limit on table visits per packet, so a looping program cannot hang the simulator. */
    private static final int MAX_STEPS = 64;
    /** The most resubmits one packet's processing takes (Open vSwitch stops a translation nested 64 deep). */
    private static final int MAX_RESUBMITS = 64;

    /** What happened to a packet in one switch. */
    public static final class Result {
        int dscp = -1;

        /** Returns the DSCP the packet was marked with, or -1 when none was set. */
        public int dscp() {
            return dscp;
        }

        private final List<Long> outputs = new ArrayList<>();
        /** The resubmits taken so far. */
        int resubmits;
        private long tunnelId = -1;
        private long tunnelDst = -1;
        private boolean normal;

        /** Returns the tunnel id the packet was given (the overlay's network id), or -1. */
        public long tunnelId() {
            return tunnelId;
        }

        /** Returns the tunnel destination the packet was given (an underlay IPv4 address as an int), or -1. */
        public long tunnelDst() {
            return tunnelDst;
        }
        private final List<Long> controller = new ArrayList<>();
        private final List<Long> samples = new ArrayList<>();
        private final List<String> trace = new ArrayList<>();
        private final List<DsnFlow> matched = new ArrayList<>();

        private SimPacket packet;

        /** Returns the packet as it was at the end (headers a flow or conntrack rewrote). */
        public SimPacket packet() {
            return packet;
        }

        /** Returns the ports the packet was output to. */
        public List<Long> outputs() {
            return outputs;
        }

        /** Returns whether the packet was handed to NORMAL. */
        public boolean normal() {
            return normal;
        }

        /** Returns the observation points of the sample actions executed (logged rules: {@link SamplePoint}). */
        public List<Long> samples() {
            return samples;
        }

        /** Returns the userdata of controller actions executed (rejections). */
        public List<Long> controller() {
            return controller;
        }

        /** Returns one line per flow hit. */
        public List<String> trace() {
            return trace;
        }

        /** Returns the flows hit, in order. */
        public List<DsnFlow> matched() {
            return matched;
        }

        @Override
        public String toString() {
            return "outputs=" + outputs + (normal ? " NORMAL" : "") + (controller.isEmpty() ? "" : " controller") + "\n  "
                    + String.join("\n  ", trace);
        }
    }

    private final Map<Table, List<DsnFlow>> tables = new java.util.HashMap<>();
    private final Conntrack conntrack;

    /** Creates a simulator of {@code program} using {@code conntrack} as the switch's connection tracker. */
    public FlowSimulator(DsnProgram program, Conntrack conntrack) {
        for (DsnFlow f : program.flows().values()) {
            tables.computeIfAbsent(f.table(), k -> new ArrayList<>()).add(f);
        }
        for (List<DsnFlow> l : tables.values()) {
            l.sort((a, b) -> Integer.compare(b.priority(), a.priority()));
        }
        this.conntrack = conntrack;
    }

    /** Processes a packet arriving on {@code inPort}. */
    public Result process(SimPacket packet, long inPort) {
        SimPacket p = packet.fresh(inPort);
        Result r = new Result();
        run(Table.CLASSIFY, p, r, "");
        r.packet = p;
        return r;
    }

    /** Looks the packet up in {@code t} and goes on (gotos, recirculations) until nothing follows; the trace lines start with {@code indent}. */
    private void run(Table t, SimPacket p, Result r, String indent) {
        int steps = 0;
        while (t != null) {
            if (++steps > MAX_STEPS) {
                r.trace.add(indent + "loop limit reached");
                return;
            }
            DsnFlow f = lookup(t, p);
            if (f == null) {
                r.trace.add(indent + t.number() + " " + t.label() + ": no match (drop)");
                return;
            }
            r.trace.add(indent + t.number() + " " + t.label() + ": " + f.render());
            r.matched.add(f);
            t = execute(f, p, r);
        }
    }

    private Table execute(DsnFlow f, SimPacket p, Result r) {
        return execute(f.actions(), p, r);
    }

    /** A select group: a bucket by weight, picked by a symmetric hash of the connection (as OVS hashes it, any hash does). */
    private Table group(long id, SimPacket p, Result r) {
        DsnFlow entry = null;
        for (DsnFlow f : tables.getOrDefault(Table.GROUPS, List.of())) {
            if (f.match().get(Field.GROUP_ID).value() == id) {
                entry = f;
            }
        }
        if (entry == null) {
            r.trace.add("  group " + id + ": no such group (drop)");
            return null;
        }
        DsnGroup g = DsnGroups.of(entry);
        int total = g.buckets().stream().mapToInt(DsnGroup.Bucket::weight).sum();
        int h = Math.floorMod(connectionHash(p), total);
        for (DsnGroup.Bucket b : g.buckets()) {
            if (h < b.weight()) {
                r.trace.add("  group " + id + ": " + b);
                return execute(b.actions(), p, r);
            }
            h -= b.weight();
        }
        return null;
    }

    /** A symmetric hash of the connection's addresses, protocol and ports (any hash does: the oracle quantifies over backends). */
    private static int connectionHash(SimPacket p) {
        return (p.ipSrc.hashCode() ^ p.ipDst.hashCode()) * 31 + p.ipProto * 17 + (p.tpSrc ^ p.tpDst);
    }

    private Table execute(List<DsnAction> actions, SimPacket p, Result r) {
        for (DsnAction a : actions) {
            if (a instanceof DsnAction.Load) {
                load(p, (DsnAction.Load) a);
            } else if (a instanceof DsnAction.Move) {
                set(p, ((DsnAction.Move) a).to(), get(p, ((DsnAction.Move) a).from()));
            } else if (a instanceof DsnAction.Goto) {
                return ((DsnAction.Goto) a).table();
            } else if (a instanceof DsnAction.Output) {
                long port = ((DsnAction.Output) a).port();
                if (port == p.inPort) { // as Open vSwitch: never out of the port it came in on (OFPP_IN_PORT does that)
                    r.trace.add("  output:" + port + ": skipping output to input port");
                    continue;
                }
                r.outputs.add(port);
            } else if (a instanceof DsnAction.Normal) {
                r.normal = true;
            } else if (a instanceof DsnAction.Controller) {
                r.controller.add(((DsnAction.Controller) a).userdata());
            } else if (a instanceof DsnAction.Ct) {
                DsnAction.Ct ct = (DsnAction.Ct) a;
                long zone = ct.zone() == null ? ct.zoneValue() : (p.regs[2] & ct.zone().mask()) >>> ct.zone().low();
                if (ct.commit()) {
                    conntrack.commit(zone, p, ct.exec(), ct.nat());
                }
                if (ct.table() != null) {
                    conntrack.lookup(zone, p, ct.nat() != null);
                    p.conjId = 0;
                    return ct.table();
                }
                // as Open vSwitch: a ct that does not recirculate leaves the packet untracked for the rest of this pass
                // (flow_clear_conntrack in its action translation): no state, mark or label for later tables to match
                p.ctState = 0;
                p.ctMark = 0;
                p.ctLabel = 0;
                p.ctLabelUp = 0;
            } else if (a instanceof DsnAction.Resubmit) {
                if (++r.resubmits > MAX_RESUBMITS) { // as Open vSwitch, which stops a translation nested that deep
                    r.trace.add("  resubmit limit reached (drop)");
                    r.outputs.clear();
                    return null;
                }
                r.trace.add("  resubmit " + ((DsnAction.Resubmit) a).table().number() + ":");
                // as Open vSwitch: the pipeline goes on from there (a goto, a recirculation) before processing comes back here
                run(((DsnAction.Resubmit) a).table(), p, r, "    ");
            } else if (a instanceof DsnAction.Group) {
                Table next = group(((DsnAction.Group) a).id(), p, r);
                if (next != null) {
                    return next;
                }
            } else if (a instanceof LearnAction) {
                learn((LearnAction) a, p);
            } else if (a instanceof DsnAction.Multipath) {
                DsnAction.Multipath m = (DsnAction.Multipath) a;
                int h = m.bySource() ? p.ipSrc.hashCode() : connectionHash(p);
                load(p, DsnAction.load(m.dst(), Math.floorMod(h, m.links())));
            } else if (a instanceof DsnAction.SetField && ((DsnAction.SetField) a).field() == Field.IN_PORT) {
                p.inPort = ((DsnAction.SetField) a).value();
            } else if (a instanceof DsnAction.SetField && ((DsnAction.SetField) a).field() == Field.ETH_DST) {
                p.ethDst = org.onlab.packet.MacAddress.valueOf(((DsnAction.SetField) a).value());
            } else if (a instanceof DsnAction.SetField && ((DsnAction.SetField) a).field() == Field.IP_DSCP) {
                r.dscp = (int) ((DsnAction.SetField) a).value();
            } else if (a instanceof DsnAction.SetField && ((DsnAction.SetField) a).field() == Field.TUN_ID) {
                r.tunnelId = ((DsnAction.SetField) a).value();
            } else if (a instanceof DsnAction.SetField && ((DsnAction.SetField) a).field() == Field.TUN_DST) {
                r.tunnelDst = ((DsnAction.SetField) a).value();
            } else if (a instanceof DsnAction.Sample) {
                r.samples.add(((DsnAction.Sample) a).point());
            } else if (a instanceof DsnAction.Conjunction || a instanceof DsnAction.SetField
                    || a instanceof DsnAction.MoveField || a instanceof DsnAction.DecTtl) {
                continue; // the simulator models IP data packets' verdicts, not their other header fields
            } else if (a instanceof DsnAction.CheckPktLarger) {
                RegField f = ((DsnAction.CheckPktLarger) a).dst(); // a simulated packet is never larger: the bit is cleared
                load(p, DsnAction.load(f, 0));
                continue; // the simulator models IP data packets' verdicts, not their other header fields
            } else {
                throw new IllegalStateException("simulator does not know " + a);
            }
        }
        return null;
    }

    /** Adds (or replaces) the flow {@code l} learns from {@code p}; timeouts are not modelled. */
    private void learn(LearnAction l, SimPacket p) {
        DsnMatch.Builder m = DsnMatch.builder();
        List<DsnAction> loads = new ArrayList<>();
        for (LearnAction.Spec s : l.specs()) {
            if (s.kind() == LearnAction.Spec.Kind.LOAD_VALUE) {
                loads.add(DsnAction.load(s.reg(), s.value()));
            } else if (s.reg() != null) {
                RegField f = s.reg();
                m.reg(f, get(p, f));
            } else {
                LearnAction.Field f = s.field();
                boolean copy = s.kind() == LearnAction.Spec.Kind.MATCH_COPY;
                switch (f) {
                    case ETH_TYPE:
                        m.ethType((int) s.value());
                        break;
                    case IP_PROTO:
                        m.ipProto((int) s.value());
                        break;
                    case IPV4_SRC:
                    case IPV6_SRC:
                        m.ipSrc(p.ipSrc.toIpPrefix());
                        break;
                    case IPV4_DST:
                    case IPV6_DST:
                        m.ipDst(copy ? p.ipDst.toIpPrefix() : s.address().toIpPrefix());
                        break;
                    default:
                        m.tpDst(copy ? p.tpDst : (int) s.value(), 0xffff);
                        break;
                }
            }
        }
        DsnFlow learned = new DsnFlow(new DsnFlow.Key(l.table(), l.priority(), m.build()), loads, l.cookie(), List.of());
        List<DsnFlow> flows = tables.computeIfAbsent(l.table(), k -> new ArrayList<>());
        flows.removeIf(f -> f.key().equals(learned.key()));
        flows.add(learned);
        flows.sort((a, b) -> Integer.compare(b.priority(), a.priority()));
    }

    private static void load(SimPacket p, DsnAction.Load l) {
        set(p, l.field(), l.value());
    }

    /** Sets field {@code f} of the packet (a register, its connection's mark or label) to {@code value}. */
    static void set(SimPacket p, RegField f, long value) {
        long v = (value << f.low()) & f.mask();
        if (f.container() == RegField.Container.CT_MARK) {
            p.ctMark = (p.ctMark & ~f.mask()) | v;
        } else if (f.container().upperLabel()) {
            int o = f.container().offset() - 64;
            p.ctLabelUp = (p.ctLabelUp & ~(f.mask() << o)) | (v << o);
        } else if (f.container().label()) {
            int o = f.container().offset();
            p.ctLabel = (p.ctLabel & ~(f.mask() << o)) | (v << o);
        } else {
            int i = f.container().ordinal();
            p.regs[i] = (p.regs[i] & ~f.mask()) | v;
        }
    }

    /** Returns field {@code f} of the packet. */
    static long get(SimPacket p, RegField f) {
        long container;
        if (f.container() == RegField.Container.CT_MARK) {
            container = p.ctMark;
        } else if (f.container().upperLabel()) {
            container = (p.ctLabelUp >>> (f.container().offset() - 64)) & 0xffffffffL;
        } else if (f.container().label()) {
            container = (p.ctLabel >>> f.container().offset()) & 0xffffffffL;
        } else {
            container = p.regs[f.container().ordinal()];
        }
        return (container & f.mask()) >>> f.low();
    }

    /** OVS lookup: per priority, a plain match wins; otherwise completed conjunctions pick their conj_id flow. */
    private DsnFlow lookup(Table t, SimPacket p) {
        List<DsnFlow> flows = tables.get(t);
        if (flows == null) {
            return null;
        }
        int i = 0;
        while (i < flows.size()) {
            int prio = flows.get(i).priority();
            DsnFlow hard = null;
            Map<Long, TreeSet<Integer>> clauses = new TreeMap<>();
            Map<Long, Integer> needed = new TreeMap<>();
            int j = i;
            for (; j < flows.size() && flows.get(j).priority() == prio; j++) {
                DsnFlow f = flows.get(j);
                if (f.match().get(Field.CONJ_ID) != null || !matches(f.match(), p)) {
                    continue;
                }
                boolean conj = !f.actions().isEmpty() && f.actions().get(0) instanceof DsnAction.Conjunction;
                if (!conj) {
                    if (hard == null) {
                        hard = f;
                    }
                    continue;
                }
                for (DsnAction a : f.actions()) {
                    DsnAction.Conjunction c = (DsnAction.Conjunction) a;
                    clauses.computeIfAbsent(c.id(), k -> new TreeSet<>()).add(c.clause());
                    needed.put(c.id(), c.clauses());
                }
            }
            if (hard != null) {
                return hard;
            }
            for (Map.Entry<Long, TreeSet<Integer>> e : clauses.entrySet()) {
                if (e.getValue().size() == needed.get(e.getKey())) {
                    long saved = p.conjId;
                    p.conjId = e.getKey();
                    for (int k = i; k < j; k++) {
                        DsnFlow f = flows.get(k);
                        if (f.match().get(Field.CONJ_ID) != null && matches(f.match(), p)) {
                            return f;
                        }
                    }
                    p.conjId = saved;
                }
            }
            i = j;
        }
        return null;
    }

    /** Returns whether a packet satisfies every field of a match. */
    static boolean matches(DsnMatch m, SimPacket p) {
        for (Map.Entry<Field, MatchValue> e : m.fields().entrySet()) {
            Field f = e.getKey();
            MatchValue v = e.getValue();
            switch (f) {
                case ETH_SRC:
                    if (!v.mac().equals(p.ethSrc)) {
                        return false;
                    }
                    break;
                case ETH_DST:
                    if (!v.mac().equals(p.ethDst)) {
                        return false;
                    }
                    break;
                case IPV4_SRC:
                case IPV6_SRC:
                    if (!inPrefix(v.prefix(), p.ipSrc)) {
                        return false;
                    }
                    break;
                case IPV4_DST:
                case IPV6_DST:
                    if (!inPrefix(v.prefix(), p.ipDst)) {
                        return false;
                    }
                    break;
                case ARP_SHA:
                case ARP_SPA:
                case ARP_OP:
                case ARP_TPA:
                case ND_TARGET:
                case ICMPV6_TYPE:
                    return false; // the simulator models IP data packets only
                case TP_DST:
                    if (p.isIcmp() || !v.matches(p.tpDst)) {
                        return false;
                    }
                    break;
                case TP_SRC:
                    if (p.isIcmp() || !v.matches(p.tpSrc)) {
                        return false;
                    }
                    break;
                default:
                    if (!v.matches(p.numeric(f))) {
                        return false;
                    }
            }
        }
        return true;
    }

    private static boolean inPrefix(IpPrefix prefix, IpAddress a) {
        return prefix.version() == a.version() && prefix.contains(a);
    }
}
