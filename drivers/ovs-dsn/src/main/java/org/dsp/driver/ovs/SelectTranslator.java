package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.onlab.packet.MacAddress;

/**
 * How the OVS driver carries {@code select} (load balancing) at the client's DSN, in two
 * stages of one phase and an OpenFlow select group. The flow holding the select marks a new
 * connection {@link Registers#SELECTING} and goes to the next stage; there, a flow sends it to the
 * select's group, whose buckets (one per backend, its weight the bucket's) set the destination
 * MAC to the backend's and commit the connection to conntrack translating the destination
 * address and port, recirculating to the destination lookup - so the translated packet is looked
 * up, policed and delivered like any packet to that backend. Conntrack keeps each connection's
 * translation, so established connections keep their backend whatever the group becomes. With
 * no backend, a new connection is rejected (as a firewall reject) or dropped. A select with source
 * affinity hashes in the VIP stage instead ({@code multipath} into {@link Registers#SELECTED}) and
 * has a flow per slot that learns the client's backend and translates to it (see affinityFlows).
 */
final class SelectTranslator {
    private SelectTranslator() {
    }

    /** A backend with its MAC and where it is attached. */
    static final class Placed {
        final LogicalAction.SelectBackend.Backend backend;
        final MacAddress mac;
        final org.dsp.model.Attachment attachment;

        Placed(LogicalAction.SelectBackend.Backend backend, EndpointBinding binding) {
            this.backend = backend;
            this.mac = binding == null ? null : binding.mac();
            this.attachment = binding == null ? null : binding.attachment();
        }
    }

    /**
     * The backends whose endpoint is bound (attached, with its MAC; others are left out: the DSN
     * cannot address them); {@code bindings} null places every backend (for
     * checks that precede placement) with no MAC.
     */
    static List<Placed> place(LogicalAction.SelectBackend s, Map<String, EndpointBinding> bindings) {
        List<Placed> out = new ArrayList<>();
        for (LogicalAction.SelectBackend.Backend b : s.backends()) {
            EndpointBinding binding = bindings == null ? null : bindings.get(b.endpoint());
            if (bindings != null && (binding == null || !binding.addresses().contains(b.address()))) {
                continue;
            }
            if (b.port() == 0) {
                throw new IllegalArgumentException("backend " + b + " of " + s.group() + ": a select needs the backend's port");
            }
            out.add(new Placed(b, binding));
        }
        return out;
    }

    /** The most slots a select with affinity takes (weights that would need more are scaled down, each backend keeps one). */
    static final int MAX_SLOTS = 256;

    /** The slots of each placed backend of a select with affinity, in order: its weight over the weights' divisor, at most 256 in all. */
    static int[] slotsOf(List<Placed> placed) {
        java.math.BigInteger g = java.math.BigInteger.ZERO;
        long sum = 0;
        for (Placed p : placed) {
            g = g.gcd(java.math.BigInteger.valueOf(p.backend.weight()));
            sum += p.backend.weight();
        }
        long wanted = g.signum() == 0 ? 0 : sum / g.longValue();
        int[] out = new int[placed.size()];
        for (int i = 0; i < out.length; i++) {
            int w = placed.get(i).backend.weight();
            out[i] = wanted <= MAX_SLOTS ? w / g.intValue() : (int) Math.max(1, Math.round((double) w * MAX_SLOTS / sum));
        }
        return out;
    }

    private static int slots(List<Placed> placed) {
        return java.util.Arrays.stream(slotsOf(placed)).sum();
    }

    /** The table holding the backends of a select in {@code f}'s stage: the next stage of its phase. */
    static Table backendTable(TablePlan plan, LogicalFlow f) {
        Table t = plan.nextInPhase(f.stage());
        if (t == null) {
            throw new IllegalArgumentException(f.owner() + " in stage " + f.stage()
                    + ": a select needs the next stage of its phase to hold the backends");
        }
        return t;
    }

    /** The actions of the flow holding the select. */
    static List<DsnAction> selectActions(TablePlan plan, LogicalFlow f, LogicalAction.SelectBackend s, List<Placed> placed,
                                         boolean controllerUserdata) {
        Table backends = backendTable(plan, f);
        if (s.bySource() && s.affinitySeconds() == 0) {
            // a choice by source alone would keep a client on one backend, and never let it move
            throw new IllegalArgumentException(f.owner() + " in stage " + f.stage()
                    + ": a choice by source needs an affinity timeout");
        }
        if (placed.isEmpty()) {
            if (!s.rejectWhenEmpty()) {
                return List.of(DsnAction.gotoTable(Table.DENY));
            }
            return Verdicts.reject(f.owner(), controllerUserdata);
        }
        if (s.affinitySeconds() > 0) {
            // hashed here, in the first pass (Open vSwitch caches the hash per connection, so every new connection reaches
            // the slot flow that learns); a client's learned affinity, if any, then names its backend in AFFINITY
            return List.of(DsnAction.multipath(false, slots(placed), Registers.SELECTED), DsnAction.load(Registers.SELECTING, 1),
                    DsnAction.resubmit(Table.LEARNED), DsnAction.gotoTable(backends));
        }
        return List.of(DsnAction.load(Registers.SELECTING, 1), DsnAction.gotoTable(backends));
    }

    /**
     * A new connection's translation to backend {@code p}: its MAC, not persistent (re-evaluated on
     * policy changes), committed translating the destination, back to the destination lookup.
     */
    private static List<DsnAction> translate(Placed p) {
        return List.of(DsnAction.setField(Field.ETH_DST, p.mac.toLong()), DsnAction.load(Registers.NOT_PERSIST, 1),
                DsnAction.ctCommitNat(false, p.backend.address(), p.backend.port(), Table.DESTINATION));
    }

    /**
     * What a translated packet of a connection to backend {@code p} matches once conntrack has
     * translated it ({@code +dnat}, original direction, from a local workload): the backend's
     * address and port.
     */
    static DsnMatch.Builder translatedTo(Placed p, int protocol) {
        return DsnMatch.builder().ethType(p.backend.address().isIp4() ? DsnMatch.IPV4 : DsnMatch.IPV6).ipProto(protocol)
                .ipDst(p.backend.address().toIpPrefix()).tpDst(p.backend.port(), 0xffff).reg(Registers.FROM_NET, 0)
                .ctState(CtState.TRK | CtState.DNAT, CtState.RPL);
    }

    /**
     * The affinity numbers of a select's backends: stable across backend-set changes (from the
     * endpoint's name, 1..2^26-1), distinct within the select (a clash moves the later backend on).
     */
    static Map<String, Long> affinityIds(List<Placed> placed) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        java.util.Set<Long> taken = new java.util.HashSet<>();
        long max = Registers.AFFINITY.mask() >>> Registers.AFFINITY.low();
        for (Placed p : placed) {
            String name = p.backend.endpoint();
            if (out.containsKey(name)) {
                continue;
            }
            long id = (name.hashCode() & 0xffffffffL) % max + 1;
            while (!taken.add(id)) {
                id = id % max + 1;
            }
            out.put(name, id);
        }
        return out;
    }

    /**
     * The flow a new connection's translation learns for source affinity: in {@link Table#LEARNED},
     * for this tenant, client address, VIP and port, it loads the backend's affinity number, and
     * leaves after the affinity timeout without a new connection of the client's.
     */
    static LearnAction affinityLearn(LogicalAction.SelectBackend s, org.onlab.packet.IpAddress vip, int vipPort, int protocol,
                                     Placed p, long id, long cookie) {
        boolean v4 = p.backend.address().isIp4();
        return DsnAction.learn(Table.LEARNED, s.affinitySeconds(), Priority.ENDPOINT.value(), cookie, List.of(
                LearnAction.Spec.copy(Registers.TENANT),
                LearnAction.Spec.value(LearnAction.Field.ETH_TYPE, v4 ? DsnMatch.IPV4 : DsnMatch.IPV6),
                LearnAction.Spec.value(LearnAction.Field.IP_PROTO, protocol),
                LearnAction.Spec.copy(v4 ? LearnAction.Field.IPV4_SRC : LearnAction.Field.IPV6_SRC),
                LearnAction.Spec.address(v4 ? LearnAction.Field.IPV4_DST : LearnAction.Field.IPV6_DST, vip),
                LearnAction.Spec.value(protocol == 6 ? LearnAction.Field.TCP_DST : LearnAction.Field.UDP_DST, vipPort),
                LearnAction.Spec.load(Registers.AFFINITY, id)));
    }

    /**
     * The backend stage's flows of one select, and its group: per fragment of the selected traffic
     * ({@code selected}: the VIP and port matches), a flow to the group, whose buckets (one per
     * backend, by weight) translate the connection to their backend. With affinity, the slot flows
     * of {@link #affinityFlows} instead.
     */
    static List<Contribution> backendFlows(Table table, int prio, List<DsnMatch.Builder> selected, List<Placed> placed,
                                           LogicalAction.SelectBackend s, org.onlab.packet.IpAddress vip, int vipPort, int protocol,
                                           Owner owner, int tenantKey) {
        List<Contribution> out = new ArrayList<>();
        if (placed.isEmpty()) {
            return out;
        }
        if (s.affinitySeconds() > 0) {
            return affinityFlows(table, prio, selected, placed, s, vip, vipPort, protocol, owner, tenantKey);
        }
        List<DsnGroup.Bucket> buckets = new ArrayList<>();
        for (Placed p : placed) {
            buckets.add(new DsnGroup.Bucket(p.backend.weight(), translate(p)));
        }
        long group = DsnGroups.id(owner);
        long cookie = Cookies.of(owner);
        out.add(Contribution.direct(DsnGroups.key(group, tenantKey), owner, DsnGroups.actions(buckets), cookie));
        for (DsnMatch.Builder m : selected) {
            out.add(Contribution.direct(DsnFlow.Key.of(table, prio, m.copy().reg(Registers.SELECTING, 1), tenantKey), owner,
                    List.of(DsnAction.load(Registers.SELECTING, 0), DsnAction.group(group)), cookie));
        }
        return out;
    }

    /**
     * A select with affinity, in the backend stage: per slot of the VIP stage's hash (a backend of
     * weight w holds w/g slots), a flow that learns the client's affinity to the slot's backend
     * and translates to it; above them, per backend, the flow for clients whose learned affinity
     * names it. (No group: Open vSwitch picks a select group's bucket after a recirculation whose
     * cached flows several connections share, so a learn after it would not run for each new
     * connection; the VIP stage's hash makes every new connection its own upcall, where the slot
     * flow's learn runs.)
     */
    private static List<Contribution> affinityFlows(Table table, int prio, List<DsnMatch.Builder> selected, List<Placed> placed,
                                                    LogicalAction.SelectBackend s, org.onlab.packet.IpAddress vip, int vipPort,
                                                    int protocol, Owner owner, int tenantKey) {
        List<Contribution> out = new ArrayList<>();
        Map<String, Long> ids = affinityIds(placed);
        int[] slots = slotsOf(placed);
        java.util.Set<String> known = new java.util.HashSet<>();
        int slot = 0;
        for (int i = 0; i < placed.size(); i++) {
            Placed p = placed.get(i);
            Owner mine = backendOwner(owner, p.backend.endpoint());
            long cookie = Cookies.of(mine);
            long id = ids.get(p.backend.endpoint());
            List<DsnAction> translate = List.of(DsnAction.load(Registers.AFFINITY, 0), DsnAction.setField(Field.ETH_DST, p.mac.toLong()),
                    DsnAction.load(Registers.SELECTED, 0), DsnAction.load(Registers.SELECTING, 0), DsnAction.load(Registers.NOT_PERSIST, 1),
                    DsnAction.ctCommitNat(false, p.backend.address(), p.backend.port(), Table.DESTINATION));
            // a client whose learned affinity names this backend: straight to it, above the slots
            for (DsnMatch.Builder m : known.add(p.backend.endpoint()) ? selected : List.<DsnMatch.Builder>of()) {
                out.add(Contribution.direct(DsnFlow.Key.of(table, prio + 1, m.copy().reg(Registers.SELECTING, 1)
                        .reg(Registers.AFFINITY, id), tenantKey), mine, translate, cookie));
            }
            List<DsnAction> learning = new ArrayList<>(List.of(affinityLearn(s, vip, vipPort, protocol, p, id, cookie)));
            learning.addAll(translate);
            for (int k = 0; k < slots[i]; k++, slot++) {
                for (DsnMatch.Builder m : selected) {
                    out.add(Contribution.direct(DsnFlow.Key.of(table, prio, m.copy().reg(Registers.SELECTED, slot)
                            .reg(Registers.SELECTING, 1), tenantKey), mine, learning, cookie));
                }
            }
        }
        return out;
    }

    /**
     * The backend stage's flows on {@code dsn} for the established packets of translated
     * connections: conntrack (table 3) translates their destination after the destination lookup
     * (table 2) saw the VIP, so here, by the translated address and port ({@code +dnat}), they get
     * the backend's MAC and, when the backend is on this DSN, its port - then go on to egress
     * policy. (Load-balanced connections are never committed persistent, so every established
     * packet passes here.) Below them, a translated packet to a backend no select holds any more
     * is denied: the connection is cut when its backend is removed.
     */
    static List<Contribution> establishedFlows(Table table, int prio, int protocol, List<Placed> placed,
                                               org.onosproject.net.DeviceId dsn, Owner owner, int tenantKey, Table egress) {
        List<Contribution> out = new ArrayList<>();
        long cookie = Cookies.of(owner);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Placed p : placed) {
            if (!seen.add(p.backend.address() + ":" + p.backend.port())) {
                continue;
            }
            long port = p.attachment.dsn().equals(dsn) ? p.attachment.port().toLong() : 0;
            DsnMatch.Builder m = translatedTo(p, protocol);
            Owner mine = backendOwner(owner, p.backend.endpoint());
            out.add(Contribution.direct(DsnFlow.Key.of(table, prio, m, tenantKey), mine,
                    List.of(DsnAction.setField(Field.ETH_DST, p.mac.toLong()), DsnAction.load(Registers.DST_PORT, port),
                            DsnAction.gotoTable(egress)), Cookies.of(mine)));
        }
        // a translated connection whose backend is no longer any select's: cut (re-evaluated, so the
        // deny table marks it dead and its replies stop too)
        DsnMatch.Builder gone = DsnMatch.builder().reg(Registers.FROM_NET, 0).ctState(CtState.TRK | CtState.DNAT, CtState.RPL);
        out.add(Contribution.direct(DsnFlow.Key.of(table, Priority.LOW.value(), gone, tenantKey), owner,
                List.of(DsnAction.gotoTable(Table.DENY)), cookie));
        return out;
    }


    /**
     * The ARP responder of an IPv4 VIP on a DSN of its clients (port security, above the
     * workloads' own ARP): a request of the tenant's for the VIP is turned into the reply, with
     * {@link org.dsp.ir.VipMac} as the VIP's address, and sent back out of the port it came in on. The MAC
     * only gets the client's packets to the DSN: the backend stage rewrites it to the backend's.
     */
    static Contribution arpResponder(org.onlab.packet.Ip4Address vip, Owner owner, int tenantKey) {
        return AddressResolution.answer(vip, org.dsp.ir.VipMac.of(vip), Priority.ENDPOINT.plus(1), owner, tenantKey);
    }

    /**
     * The flows at a probed backend's DSN that send its answers to the controller's health
     * probes there (port security, above the workloads' own flows, before conntrack would call a
     * SYN-ACK it never saw invalid): what the backend sends from its port and address to the VIP,
     * the probes' source, with the cookie of the select's owner re-kinded to the probe kind.
     * Returns them by DSN; with the VIP's ARP responder where the backend has no client.
     */
    static Map<org.onosproject.net.DeviceId, List<Contribution>> probeFlows(LogicalFlow f, LogicalAction.SelectBackend s,
                                                                            Map<String, EndpointBinding> bindings,
                                                                            java.util.Set<org.onosproject.net.DeviceId> clients,
                                                                            boolean controllerUserdata) {
        Map<org.onosproject.net.DeviceId, List<Contribution>> out = new java.util.HashMap<>();
        if (s.probeKind() == null || s.probed().isEmpty()) {
            return out;
        }
        org.onlab.packet.IpPrefix vip = f.peers().first().prefix();
        Owner owner = f.owner();
        Owner probe = puntOwner(f, s);
        long cookie = Cookies.of(probe);
        DsnAction punt = Verdicts.punt(cookie, controllerUserdata);
        java.util.Set<org.onosproject.net.DeviceId> answered = new java.util.HashSet<>(); // the DSNs given the ARP responder
        for (LogicalAction.SelectBackend.Backend b : s.probed()) {
            EndpointBinding binding = bindings.get(b.endpoint());
            if (binding == null || !binding.addresses().contains(b.address()) || b.address().version() != vip.address().version()) {
                continue;
            }
            org.onosproject.net.DeviceId dsn = binding.attachment().dsn();
            List<Contribution> cs = out.computeIfAbsent(dsn, k -> new ArrayList<>());
            // from the probed port only: the backend's own connections to its VIP (it is a client too) are not answers
            DsnMatch.Builder m = DsnMatch.builder().inPort(binding.attachment().port().toLong()).ipProto(6)
                    .ipSrc(b.address().toIpPrefix()).ipDst(vip).tpSrc(b.port());
            cs.add(Contribution.direct(DsnFlow.Key.of(Table.PORT_SECURITY, Priority.ENDPOINT.value() + 2, m, owner.tenantKey()),
                    probe, List.of(punt), cookie));
            if (vip.isIp4() && !clients.contains(dsn) && answered.add(dsn)) {
                cs.add(arpResponder(vip.address().getIp4Address(), owner, owner.tenantKey()));
            }
        }
        return out;
    }

    /**
     * The flow at a client's DSN that sends neighbour solicitations for an IPv6 VIP (from the
     * tenant's workloads) to the controller, with the cookie of the select's punt kind: the
     * service answers them with a neighbour advertisement (OVS flows cannot build one), as the
     * ARP responder answers for an IPv4 VIP. Null when the select has no punt kind.
     */
    static Contribution neighbourPunt(LogicalFlow f, LogicalAction.SelectBackend s, org.onlab.packet.Ip6Address vip,
                                      boolean controllerUserdata) {
        if (s.probeKind() == null) {
            return null;
        }
        return Contribution.punt(DsnFlow.Key.of(Table.PORT_SECURITY, Priority.ENDPOINT.value() + 2, AddressResolution.solicitation(vip),
                f.owner().tenantKey()), puntOwner(f, s), controllerUserdata);
    }

    /**
     * How clients resolve the select's VIP: the ARP responder for an IPv4 VIP, the punt of
     * neighbour solicitations for an IPv6 one (when the select has a punt kind).
     */
    static List<Contribution> vipAnswers(LogicalFlow f, LogicalAction.SelectBackend s, boolean controllerUserdata) {
        List<Contribution> out = new ArrayList<>();
        for (org.dsp.ir.PeerTerm vip : f.peers()) {
            if (vip.prefix().isIp4() && vip.prefix().prefixLength() == 32) {
                out.add(arpResponder(vip.prefix().address().getIp4Address(), f.owner(), f.owner().tenantKey()));
            } else if (vip.prefix().isIp6() && vip.prefix().prefixLength() == 128) {
                Contribution nd = neighbourPunt(f, s, vip.prefix().address().getIp6Address(), controllerUserdata);
                if (nd != null) {
                    out.add(nd);
                }
            }
        }
        return out;
    }

    /**
     * The owner of a select's flows for one backend (its affinity flows and the flows they learn,
     * its established packets, its hairpin): the select's owner named with the backend, so the
     * switch counts each backend's packets under a cookie of its own.
     */
    static Owner backendOwner(Owner select, String endpoint) {
        String name = select.name() + "/" + endpoint;
        return Owner.of(select.tenant(), select.tenantKey(), select.kind(), name,
                org.dsp.compiler.Keys.ownerKey(select.tenant() + "/", name));
    }

    /** The select's owner with the select's punt kind: the cookie of the flows whose packets go to the service. */
    private static Owner puntOwner(LogicalFlow f, LogicalAction.SelectBackend s) {
        return f.owner().withKind(s.probeKind());
    }
}
