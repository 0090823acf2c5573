package org.dsp.chain.ovs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.driver.ovs.Contribution;
import org.dsp.driver.ovs.Cookies;
import org.dsp.driver.ovs.CtState;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.Field;
import org.dsp.driver.ovs.Fragments;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.MatchValue;
import org.dsp.driver.ovs.Priority;
import org.dsp.driver.ovs.RegField;
import org.dsp.driver.ovs.Registers;
import org.dsp.driver.ovs.ServiceTranslator;
import org.dsp.driver.ovs.Table;
import org.dsp.driver.ovs.TablePlan;
import org.dsp.driver.ovs.TranslationContext;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.driver.ovs.Tunnels;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.ServicePaths;
import org.dsp.ir.ServicePlacement;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onosproject.net.DeviceId;

/**
 * Translates a tenant's {@link ServicePaths} (service chains, docs/chaining.md) into steering
 * flows, on every DSN of the tenant's members:
 * <ul>
 *   <li>steer (the overlay's first post-policy table, after policy and commit): a packet of a
 *   class that a local endpoint sends - forward from the class's {@code from} side, a reply from
 *   its {@code to} side - goes to its first hop (a reply: its last);</li>
 *   <li>measured there against its destination's network MTU ({@code check_pkt_larger}), when the
 *   chains carry MTUs: one too large goes to the controller (the overlay's punt kind, whose answer
 *   tells the sender the MTU) from the dispatch table instead of on to an instance, so no instance
 *   and no tunnel loses it silently;</li>
 *   <li>a hop with several candidates: the connection is hashed (symmetric L3/L4) into one of the
 *   hop's slots (one per instance of its tier, a down instance's slot taken by a live one, so
 *   nobody else's connections move; where the tier's load levels differ, more slots weighed by them:
 *   {@link ServicePlacement#weighted}), and the dispatch table (the overlay's tunnel table) sends the
 *   slot's instance the packet;</li>
 *   <li>to an instance: out of its port on the same DSN, else through the tunnel with the tunnel
 *   id {@code steering key << 8 | the instance's steering index} to its DSN, whose classify table
 *   (from the tenant's DSNs only) sends it out of the instance's port; a routed instance gets the
 *   packet with its own MAC as destination;</li>
 *   <li>health probes: what an instance's port brings from the probes' source to their port goes to
 *   the controller (a punt kind of the chain service);</li>
 *   <li>back from an instance (classify, above the instance's own flows: its port and the class's
 *   addresses and ports, per direction): on to the next hop, or after the last to the
 *   destination - on the same DSN as a packet from the network (the destination decides its
 *   ingress policy as for any packet from another DSN), else through the tunnel with the
 *   destination's network id.</li>
 * </ul>
 * IPv4 and IPv6 alike (each address of one end with each of the other end's family). The steering
 * matches the connection's direction by conntrack: the connection's own packets where its
 * {@code from} side sends them, its replies ({@code +rpl}) where its {@code to} side does. Where
 * the hops run for a pair is {@link ServicePlacement#place}, a DSN reachable when it has a tunnel
 * endpoint, the fabric distances the inventory's links ({@link Inventory#hops}).
 */
public final class ChainTranslator implements ServiceTranslator {
    private static final int PRIORITY = Priority.ENDPOINT.plus(100);
    /**
     * The mark of a connection in a chain's own conntrack zone (its steering key: zone-sized and the
     * tenant's own, docs/chaining.md) - no other field lives in that zone: the chain steered a packet
     * of it at this DSN.
     */
    private static final RegField CHAIN_SEEN = new RegField("chain_seen", RegField.Container.CT_MARK, 0, 0);
    /**
     * In the chain's own zone at an instance's DSN: the connection's last packet sent to the
     * instance was doomed - a firewall tier its class decides late denied it - so what comes back
     * from the instance drops (docs/chaining.md, "A step per firewall tier"). Every packet to such an
     * instance writes it (0 for one policy let through), so a refused attempt never dooms a later
     * allowed connection of the same addresses.
     */
    private static final RegField CHAIN_DOOMED = new RegField("chain_doomed", RegField.Container.CT_MARK, 1, 1);
    /** A doomed packet's steering flows (per pair, above every other steering flow). */
    private static final int DOOM_STEER = PRIORITY + 4;
    /**
     * Where a doomed packet that no class with late tiers steers drops: above every other steering flow (an encrypted
     * class's takes its packets whatever their state), below the doomed ones'.
     */
    private static final int DOOM_DROP = PRIORITY + 3;
    /** The lookup in the chain's zone of what comes back from an instance of a function before a class's late tiers, and the drop of the doomed. */
    private static final int DOOM_CHECK = PRIORITY + 25;
    private static final int UDP = 17;

    @Override
    public String service() {
        return "chain";
    }

    @Override
    public boolean takes(LogicalFlow f) {
        return ServicePaths.of(f) != null;
    }

    @Override
    public Map<DeviceId, List<Contribution>> translate(LogicalFlow f, TranslationContext c) {
        return translate(f, ServicePaths.of(f), c.bindings(), c.inventory(), c.plan());
    }

    /** The fabric: instances are placed nearest first. */
    @Override
    public Set<Input> reads() {
        return java.util.EnumSet.of(Input.FABRIC);
    }

    @Override
    public String carries() {
        return "service chains (steering through tunnels)";
    }

    /** What one translation works with, and its flows per DSN (keyed: a flow two pairs share is made once). */
    private static final class Ctx {
        final Owner owner;
        final long cookie;
        final int key;
        final ServicePaths sp;
        final Map<String, EndpointBinding> tenant;
        final Inventory inventory;
        final RegField hop;
        final RegField slot;
        final Table steer;
        /** Where a packet goes on after the steering table when no steering flow takes it. */
        final Table afterSteer;
        final Table dispatch;
        /** The field a steered packet's measurement goes to, or null (not measured). */
        final RegField tooBig;
        /** The conntrack label bit of a chained connection, and the bit of a packet the chain delivered; null: not pinned. */
        final RegField pinned;
        final RegField arrived;
        /** The conntrack label fields that pin a connection of a one-function chain to its instance, at the sender's and the receiver's DSN; null: hashed only. */
        final RegField out;
        final RegField back;
        /** The per-packet field that carries, at the receiver's DSN, the instance a delivered packet came from; null: hashed only. */
        final RegField via;
        /** The per-packet field of a doomed packet; null: no class has late firewall tiers. */
        final RegField doom;
        /** The instances of functions before classes' late tiers: their packets are recorded doomed or not as they go to them. */
        final Set<String> doomInstances = new java.util.HashSet<>();
        final TablePlan plan;
        final Map<DeviceId, Map<DsnFlow.Key, Contribution>> flows = new HashMap<>();
        /** What {@link #follow} wrote already: per receiver's DSN, a hop's instances and indexes, and the tunnels (every pair of a class shares them). */
        final java.util.Set<List<Object>> followed = new java.util.HashSet<>();
        /** Per DSN, the dispatch id of each hop placement with several candidates. */
        final Map<DeviceId, Map<List<Object>, Integer>> dispatchIds = new HashMap<>();
        /** The slots each dispatch id's flows were written for, by DSN and id (placements sharing an id must agree). */
        final Map<List<Object>, List<String>> dispatchSlots = new HashMap<>();
        /** Per DSN, the flows of pairs of classes, grouped by what they share ({@link #addPair}); written by {@link #writePairs}. */
        final Map<DeviceId, Map<List<Object>, Back>> backs = new LinkedHashMap<>();
        /**
         * Whether the tunnels being made now are the DSNs' encrypted ones: the class being translated
         * is encrypted ({@link ServicePaths.Path#encrypted()}); set per chain, and per chain's
         * instances and deliveries where the tunnels take packets in.
         */
        boolean sealed;

        Ctx(Owner owner, ServicePaths sp, Map<String, EndpointBinding> tenant, Inventory inventory, TablePlan plan) {
            this.owner = owner;
            this.cookie = Cookies.of(owner);
            this.key = owner.tenantKey();
            this.sp = sp;
            this.tenant = tenant;
            this.inventory = inventory;
            this.hop = plan.fields().of(sp.hop());
            this.slot = plan.fields().of(sp.slot());
            this.steer = plan.table(sp.steer());
            Table next = plan.nextInPhase(sp.steer());
            this.afterSteer = next != null ? next : Table.OUTPUT;
            this.dispatch = plan.table(sp.dispatch());
            this.tooBig = sp.mtu() == null ? null : plan.fields().of(sp.mtu().tooBig());
            this.pinned = sp.pin() == null ? null : plan.fields().of(sp.pin().label());
            this.arrived = sp.pin() == null ? null : plan.fields().of(sp.pin().arrived());
            this.out = sp.pin() == null || sp.pin().out() == null ? null : plan.fields().of(sp.pin().out());
            this.back = sp.pin() == null || sp.pin().back() == null ? null : plan.fields().of(sp.pin().back());
            this.via = sp.pin() == null || sp.pin().via() == null ? null : plan.fields().of(sp.pin().via());
            this.doom = sp.doom() == null ? null : plan.fields().of(sp.doom().field());
            sp.paths().forEach(p -> p.beforeLate().forEach(h -> doomInstances.addAll(h.instances())));
            this.plan = plan;
        }

        /** The MTU a packet steered towards endpoint {@code to} is measured against, or 0 (not measured): less through an encrypted tunnel. */
        int mtuOf(EndpointBinding to) {
            return tooBig == null ? 0 : sp.mtu().of(to.endpoint(), sealed);
        }

        void put(DeviceId d, Contribution c) {
            flows.computeIfAbsent(d, k -> new LinkedHashMap<>()).putIfAbsent(c.key(), c);
        }

        /** Adds a flow; past classify it matches the tenant (classify is where a packet's tenant is found: by its port). */
        void add(DeviceId d, Table t, DsnMatch.Builder m, List<DsnAction> actions) {
            add(d, t, PRIORITY, m, actions);
        }

        void add(DeviceId d, Table t, int priority, DsnMatch.Builder m, List<DsnAction> actions) {
            if (!t.equals(Table.CLASSIFY)) {
                m.reg(Registers.TENANT, key);
            }
            // a conntrack action needs an IP family in the match (Open vSwitch refuses it otherwise): one flow per family
            for (DsnMatch.Builder f : actions.stream().anyMatch(a -> a instanceof DsnAction.Ct) ? Fragments.perFamily(List.of(m)) : List.of(m)) {
                put(d, Contribution.direct(new DsnFlow.Key(t, priority, f.build()), owner, actions, cookie));
            }
        }

        /** Adds a flow that marks its packet's connection: as any conntrack flow, only for what policy tracks ({@link Fragments#forActions}). */
        void addPin(DeviceId d, DsnMatch.Builder m) {
            addPin(d, steer, m);
        }

        /** As {@link #addPin(DeviceId, DsnMatch.Builder)}, in table {@code t} (and back into it). */
        void addPin(DeviceId d, Table t, DsnMatch.Builder m) {
            List<DsnAction> actions = List.of(new DsnAction.Ct(true, t, Registers.TENANT, List.of(DsnAction.load(pinned, 1))));
            Fragments.forActions(List.of(m), actions).forEach(x -> add(d, t, PRIORITY + 1, x, actions));
        }

        /** Adds a flow that sends its packets to the controller with the cookie of this owner's punt kind {@code kind}. */
        void addPunt(DeviceId d, Table t, int priority, DsnMatch m, Owner.Kind kind) {
            put(d, Contribution.punt(new DsnFlow.Key(t, priority, m), owner.withKind(kind), true));
        }

        /** Adds, at {@code d}, a classify flow for what the tunnel brings with {@code tunnelId} from each other DSN of {@code dsns}. */
        void addFromTunnel(DeviceId d, Set<DeviceId> dsns, long tunnelId, List<DsnAction> actions) {
            addFromTunnel(d, dsns, tunnelId, PRIORITY, DsnMatch.builder(), actions);
        }

        /** As {@link #addFromTunnel(DeviceId, Set, long, List)}, at {@code priority}, for packets that match {@code what} too. */
        void addFromTunnel(DeviceId d, Set<DeviceId> dsns, long tunnelId, int priority, DsnMatch.Builder what, List<DsnAction> actions) {
            TunnelEndpoint here = tunnel(d);
            for (DeviceId other : here == null ? Set.<DeviceId>of() : dsns) {
                TunnelEndpoint from = other.equals(d) ? null : tunnel(other);
                if (from != null) {
                    put(d, Contribution.direct(new DsnFlow.Key(Table.CLASSIFY, priority, what.copy().inPort(here.port().toLong())
                            .set(Field.TUN_ID, MatchValue.exact(tunnelId)).set(Field.TUN_SRC, MatchValue.exact(from.underlay().toInt() & 0xffffffffL))
                            .build()), owner, actions, cookie));
                }
            }
        }

        /**
         * Adds the flow at {@code d} that takes a packet of a pair of a class back from an instance's
         * port {@code inPort} on with {@code actions}, at {@code priority}: a packet matching {@code base}
         * (the port, and any conntrack state) from {@code src} to {@code dst} with {@code protocol} and the
         * class's {@code port} (its source port when {@code reply}). Kept with the flows of every other pair
         * of the two ends' DSNs {@code ends} that go on the same way, and written once all are in.
         */
        void addBack(DeviceId d, List<DeviceId> ends, long inPort, DsnMatch.Builder base, int priority, int protocol, IpAddress src,
                     IpAddress dst, int port, boolean reply, List<DsnAction> actions) {
            addPair(d, Table.CLASSIFY, inPort, ends, classOf(protocol, src.isIp4(), port, reply).intersect(base.copy().inPort(inPort)), priority,
                    DsnMatch.builder().ipSrc(prefix(src)), DsnMatch.builder().ipDst(prefix(dst)), actions);
        }

        /**
         * Adds a flow of a pair of a class at {@code d} in table {@code t} at {@code priority}: a packet
         * matching {@code fixed}, {@code src} (its sender's part) and {@code dst} (its receiver's) goes on
         * with {@code actions}. Kept in {@code scope} (where all flows are conjunctions or none are) with
         * the flows of every other pair of the two ends' DSNs {@code ends} that match and go on the same
         * way but for the pair's parts, and written by {@link #writePairs} once all are in.
         */
        void addPair(DeviceId d, Table t, Object scope, List<DeviceId> ends, DsnMatch.Builder fixed, int priority, DsnMatch.Builder src,
                     DsnMatch.Builder dst, List<DsnAction> actions) {
            DsnMatch f = (t.equals(Table.CLASSIFY) ? fixed.copy() : fixed.copy().reg(Registers.TENANT, key)).build();
            List<Object> k = List.of(t, ends, f, priority, actions);
            Back b = backs.computeIfAbsent(d, x -> new LinkedHashMap<>()).computeIfAbsent(k, x -> new Back(k, t, List.of(t, scope), f, priority,
                    actions, scope instanceof List && ((List<?>) scope).contains(DELIVERED)));
            DsnMatch s = src.build();
            DsnMatch r = dst.build();
            b.srcs.add(s);
            b.dsts.add(r);
            b.pairs.add(List.of(s, r));
        }

        /**
         * Writes the flows of pairs ({@link #addPair}), per scope: as conjunctions when that is fewer
         * flows than one per pair, else (a small class, as before conjunctions) as a flow per pair.
         * Every group's pairs are all of one DSN's senders with all of another's receivers (or one
         * receiver, where it depends on it), so the scope's conjunctions cost a flow per sender and per
         * receiver of each group's match (shared between its groups: a clause flow carries a
         * conjunction action per group, {@link #BACK_LEVEL} at most at one priority) and one per group:
         * a class of S senders and R receivers costs about S + 2R flows there, not S x R. Conjunctions
         * sit below the scope's flows per pair ({@link #conjunctive}), keeping their order: all of a
         * scope's groups are conjunctions or none are.
         */
        void writePairs() {
            backs.forEach((d, groups) -> {
                java.util.Set<Long> ids = new java.util.HashSet<>();
                Map<List<Object>, List<Back>> scopes = new LinkedHashMap<>();
                groups.values().forEach(b -> scopes.computeIfAbsent(b.scope, x -> new ArrayList<>()).add(b));
                scopes.values().forEach(bs -> {
                    Map<List<Object>, java.util.Set<DsnMatch>> clauses = new HashMap<>(); // per clause match: its values
                    Map<List<Object>, Integer> perMatch = new HashMap<>(); // per group match and priority: its groups
                    long pairs = 0;
                    boolean products = true;
                    // a pair in two groups of one match (two classes' flows for one packet, e.g. an encrypted class's ICMP and an
                    // ICMP class): as flows per pair the first stays, as conjunctions both would complete - so flows per pair
                    boolean shared = false;
                    Map<List<Object>, java.util.Set<List<DsnMatch>>> taken = new HashMap<>();
                    for (Back b : bs) {
                        products &= b.pairs.size() == b.srcs.size() * b.dsts.size();
                        pairs += b.pairs.size();
                        List<Object> m = b.clauseKey();
                        java.util.Set<List<DsnMatch>> before = taken.computeIfAbsent(m, x -> new java.util.HashSet<>());
                        for (List<DsnMatch> pair : b.pairs) {
                            shared |= !before.add(pair);
                        }
                        clauses.computeIfAbsent(List.of(m, 1), x -> new java.util.HashSet<>()).addAll(b.srcs);
                        clauses.computeIfAbsent(List.of(m, 2), x -> new java.util.HashSet<>()).addAll(b.dsts);
                        perMatch.merge(m, 1, Integer::sum);
                    }
                    long cost = bs.size();
                    for (Map.Entry<List<Object>, java.util.Set<DsnMatch>> e : clauses.entrySet()) {
                        cost += (long) e.getValue().size() * ((perMatch.get(e.getKey().get(0)) + BACK_LEVEL - 1) / BACK_LEVEL);
                    }
                    boolean fits = perMatch.values().stream().allMatch(n -> n <= 10 * BACK_LEVEL); // ten levels a priority
                    if (!products || shared || !fits || cost >= pairs && !Boolean.getBoolean(ALWAYS_CONJUNCTIVE)) {
                        for (Back b : bs) {
                            for (List<DsnMatch> pair : b.pairs) {
                                DsnMatch.Builder m = b.fixed.toBuilder().intersect(pair.get(0).toBuilder()).intersect(pair.get(1).toBuilder());
                                put(d, Contribution.direct(new DsnFlow.Key(b.table, b.priority, m.build()), owner, b.actions, cookie));
                            }
                        }
                        return;
                    }
                    Map<List<Object>, Integer> placed = new HashMap<>();
                    for (Back b : bs) {
                        int level = placed.merge(b.clauseKey(), 1, Integer::sum) - 1;
                        int priority = b.above ? conjunctiveAbove(b.priority, level / BACK_LEVEL)
                                : conjunctive(b.priority, level / BACK_LEVEL);
                        long id = conjunctionId(List.of(key, b.key), ids);
                        for (int dim = 1; dim <= 2; dim++) {
                            DsnAction.Conjunction clause = (DsnAction.Conjunction) DsnAction.conjunction(id, dim, 2);
                            for (DsnMatch x : dim == 1 ? b.srcs : b.dsts) {
                                DsnFlow.Key fk = new DsnFlow.Key(b.table, priority, b.fixed.toBuilder().intersect(x.toBuilder()).build());
                                backClauses.computeIfAbsent(d, z -> new ArrayList<>()).add(Contribution.clause(fk, owner, clause, cookie));
                            }
                        }
                        put(d, Contribution.direct(new DsnFlow.Key(b.table, priority, b.fixed.toBuilder().conjId(id).build()), owner, b.actions,
                                cookie));
                    }
                });
            });
        }

        /** Per DSN, the conjunction clauses of the flows of pairs (several may share a match: not keyed). */
        final Map<DeviceId, List<Contribution>> backClauses = new HashMap<>();

        EndpointBinding binding(String endpoint) {
            return tenant.get(endpoint);
        }

        /** The tunnel endpoint of DSN {@code d} the class being translated uses: its encrypted one when the class is encrypted (or null). */
        TunnelEndpoint tunnel(DeviceId d) {
            return inventory.tunnel(d, sealed);
        }
    }

    private static Map<DeviceId, List<Contribution>> translate(LogicalFlow f, ServicePaths sp, Map<String, EndpointBinding> tenant,
                                                       Inventory inventory, TablePlan plan) {
        Ctx c = new Ctx(f.owner(), sp, tenant, inventory, plan);
        for (ServicePaths.Path p : sp.paths()) {
            c.sealed = p.encrypted();
            if (!p.external().isEmpty()) {
                for (String an : p.inbound() ? p.to() : p.from()) {
                    EndpointBinding a = tenant.get(an);
                    if (a != null && c.pinned != null) { // only connections the member's DSN committed are steered
                        external(c, p, a, place(c, p, a, a)); // both ends at the member's DSN, where NAT takes the class on or off
                    }
                }
                continue;
            }
            // where the hops run depends only on the pair's two DSNs (and health): placed once per DSN pair
            Map<List<DeviceId>, List<ServicePlacement.Placed>> placed = new HashMap<>();
            for (String an : p.from()) {
                EndpointBinding a = tenant.get(an);
                if (a == null) {
                    continue;
                }
                for (String bn : p.to()) {
                    EndpointBinding b = tenant.get(bn);
                    if (b != null) {
                        List<DeviceId> dsns = List.of(a.attachment().dsn(), b.attachment().dsn());
                        if (!placed.containsKey(dsns)) { // null (fail-closed) is an answer too
                            placed.put(dsns, place(c, p, a, b));
                        }
                        pair(c, p, a, b, placed.get(dsns));
                    }
                }
            }
        }
        arrivals(c, Tunnels.memberDsns(tenant));
        if (c.doom != null) {
            doomAtDeny(c, Tunnels.memberDsns(tenant));
        }
        c.writePairs();
        Map<DeviceId, List<Contribution>> result = new HashMap<>();
        c.flows.forEach((d, m) -> result.put(d, new ArrayList<>(m.values())));
        c.backClauses.forEach((d, cs) -> result.computeIfAbsent(d, x -> new ArrayList<>()).addAll(cs));
        return result;
    }

    /**
     * The priority of a conjunction of a class's pairs whose flows per pair would be at {@code priority}
     * (one below the steering's to two above it), at {@code level}: below every flow per pair of its
     * table there (the overlay's below the chain's, at 100, stay below) and higher for a higher
     * {@code priority} whatever the level (ten levels a priority), so a pair's flows keep their order.
     */
    static int conjunctive(int priority, int level) {
        if (level >= 10 || priority < PRIORITY - 1 || priority > PRIORITY + 2) {
            throw new IllegalArgumentException("a chain's class as conjunctions: level " + level + " at priority " + priority);
        }
        return PRIORITY - 2 - 10 * (PRIORITY + 2 - priority) - level;
    }

    /**
     * As {@link #conjunctive}, for the checks at a receiver's DSN of what a tunnel delivers (one or two
     * above the steering's priority), which must win over the delivery's own flow at the steering's:
     * above every flow of the chain there (and below the platform's), higher for a higher {@code priority}.
     */
    static int conjunctiveAbove(int priority, int level) {
        if (level >= 10 || priority < PRIORITY + 1 || priority > PRIORITY + 2) {
            throw new IllegalArgumentException("a chain's delivered class as conjunctions: level " + level + " at priority " + priority);
        }
        return PRIORITY + 3 + 10 * (priority - PRIORITY - 1) + level;
    }

    /**
     * The most groups of one scope's conjunctions with one match at one priority: a clause flow
     * carries a conjunction action (16 bytes) for each, so 2,000 keep a FLOW_MOD near 32 KB, as the
     * firewall's levels do (docs/pipeline.md).
     */
    private static final int BACK_LEVEL = 2000;
    /**
     * A system property for tests: when "true", every scope's flows of pairs are conjunctions,
     * however small the class (the property tests walk small classes both ways).
     */
    static final String ALWAYS_CONJUNCTIVE = "dsp.chain.alwaysConjunctive";
    /** In a scope: the checks of what a tunnel delivers at a receiver's DSN, whose conjunctions go above ({@link #conjunctiveAbove}). */
    private static final String DELIVERED = "delivered";

    /** One group of flows of pairs: the same table, ends' DSNs, match but the pair's parts, priority and actions. */
    private static final class Back {
        /** What the group shares: its conjunction id's source. */
        final List<Object> key;
        final Table table;
        /** Where all flows are conjunctions or none are. */
        final List<Object> scope;
        /** Whether its conjunctions go above the steering's flows ({@link #conjunctiveAbove}), not below. */
        final boolean above;
        final DsnMatch fixed;
        final int priority;
        final List<DsnAction> actions;
        final java.util.Set<DsnMatch> srcs = new java.util.LinkedHashSet<>();
        final java.util.Set<DsnMatch> dsts = new java.util.LinkedHashSet<>();
        final java.util.Set<List<DsnMatch>> pairs = new java.util.LinkedHashSet<>();

        Back(List<Object> key, Table table, List<Object> scope, DsnMatch fixed, int priority, List<DsnAction> actions, boolean above) {
            this.above = above;
            this.key = key;
            this.table = table;
            this.scope = scope;
            this.fixed = fixed;
            this.priority = priority;
            this.actions = actions;
        }

        /** What the group's clause flows share with other groups' (so a clause flow carries both): all but the pairs and actions. */
        List<Object> clauseKey() {
            return List.of(table, fixed, priority);
        }
    }

    /** The match of a class's packets but their addresses: the family, the protocol and the class's port (the source port of a reply). */
    static DsnMatch.Builder classOf(int protocol, boolean v4, int port, boolean reply) {
        IpPrefix any = IpPrefix.valueOf(v4 ? IpAddress.valueOf("0.0.0.0") : IpAddress.valueOf("::"), 0);
        DsnMatch.Builder m = match(protocol, any, any, port, reply);
        m.set(v4 ? Field.IPV4_SRC : Field.IPV6_SRC, null);
        m.set(v4 ? Field.IPV4_DST : Field.IPV6_DST, null);
        return m;
    }

    static IpPrefix prefix(IpAddress a) {
        return IpPrefix.valueOf(a, a.isIp4() ? 32 : 128);
    }

    /**
     * A conjunction id at one DSN for what {@code k} names: from its text's CRC-32 (so a change elsewhere
     * leaves it), the next free one after it when {@code used} holds it; never 0.
     */
    static long conjunctionId(List<Object> k, java.util.Set<Long> used) {
        long id = crc(k);
        while (id == 0 || !used.add(id)) {
            id = (id + 1) & 0xffffffffL;
        }
        return id;
    }

    /** Where the chain's hops run for a connection from {@code a} to {@code b} ({@link ServicePlacement#place}). */
    private static List<ServicePlacement.Placed> place(Ctx c, ServicePaths.Path p, EndpointBinding a, EndpointBinding b) {
        return ServicePlacement.place(p, a.endpoint(), b.endpoint(), e -> {
            EndpointBinding x = c.binding(e);
            return x == null ? null : x.attachment().dsn();
        }, d -> c.tunnel(d) != null, c.inventory::hops);
    }

    /**
     * The flows of one (from, to) pair of a chain, its hops placed at {@code hops}: steering at both
     * ends, and the way back from each candidate instance. Each hop's choice of instance is pinned
     * in conntrack where it is made (docs/chaining.md, "Pinned to an instance"): the first hop's at
     * the sender's DSN, the last's (for the replies) at the receiver's, which follows the sender's
     * choice ({@link #follow}), and in a chain of several steps the others where the packet comes
     * back from the instance before them, in that step's zone ({@link #onward}).
     */
    private static void pair(Ctx c, ServicePaths.Path p, EndpointBinding a, EndpointBinding b, List<ServicePlacement.Placed> hops) {
        DeviceId da = a.attachment().dsn();
        DeviceId db = b.attachment().dsn();
        // both ends on one DSN: policy decided both in the first pass, and a connection a load balancer translated
        // there (a class to a backend) has its conntrack entry by its addresses before translation
        boolean oneDsn = da.equals(db);
        // an encrypted class of a tenant whose tunnels are in clear, with no hop (none, or every one bypassed): steered
        // straight to its destination's DSN, through the encrypted tunnels
        boolean direct = hops != null && hops.isEmpty() && p.encrypted() && !c.sp.encrypted() && !oneDsn;
        // an encrypted class of a tenant in clear never crosses the underlay in clear: not only the connections the chain
        // marked and stateless packets are steered (or dropped), but every packet of the class an end sends - a stateless
        // rule's replies (judged as new connections), a connection opened before the chain
        boolean sealedOnly = p.encrypted() && !c.sp.encrypted() && !oneDsn;
        if (hops != null && hops.isEmpty() && !direct) {
            return; // every hop bypassed: the class goes its usual way
        }
        long pa = a.attachment().port().toLong();
        long pb = b.attachment().port().toLong();
        List<IpAddress[]> pairs = new ArrayList<>(); // the two ends' addresses, IPv4 with IPv4, IPv6 with IPv6
        for (boolean v4 : new boolean[] {true, false}) {
            for (IpAddress aa : family(a, v4)) {
                for (IpAddress ba : family(b, v4)) {
                    pairs.add(new IpAddress[] {aa, ba});
                }
            }
        }
        // an encrypted class's way straight to the other end's DSN, each way: with no hop, and for ICMP between the pair (a class
        // of any protocol, or of ICMP, has that already)
        boolean straight = sealedOnly && hops != null && (direct || p.protocol() != 0 && p.protocol() != 1);
        boolean acrossNetworks = !java.util.Objects.equals(c.sp.networks().get(a.endpoint()), c.sp.networks().get(b.endpoint()));
        List<DsnAction> straightThere = straight ? direct(c, da, b, acrossNetworks, c.mtuOf(b)) : null;
        List<DsnAction> straightBack = straight ? direct(c, db, a, acrossNetworks, c.mtuOf(a)) : null;
        List<DsnAction> first = null;
        List<DsnAction> last = null;
        // every hop's choice is pinned in conntrack where it is made, and packets come back from every live instance: the first
        // hop's at the sender's DSN and the last's (for the replies) at the receiver's, in the tenant's zone (each end's conntrack
        // sees both directions); in a chain of several steps the others at the instances' DSNs, in the zone of the step the packet
        // comes back from, which sees both directions there (a hop of one instance: nothing to choose, nothing pinned)
        int n = hops == null ? 0 : hops.size();
        boolean pins = c.sp.pinsInstances(p, hops);
        boolean pinsFirst = pins && pinnable(hops.get(0));
        boolean pinsLast = pins && pinnable(hops.get(n - 1));
        if (direct) {
            first = straightThere;
            last = straightBack;
        } else if (hops != null) {
            // measured where it is steered: it keeps its size to the end (an instance passes it on as it is)
            // on one DSN what the chain steers is seen in its own zone (only that comes back to the receiver): a commit that
            // clears the packet's conntrack state, so where the instance is pinned it comes after the label was read (toHop)
            first = toHop(c, da, hops.get(0), List.of(), c.mtuOf(b), pinsFirst ? c.out : null, oneDsn);
            // with one hop on one DSN the connection's one entry pins both directions in one field: whichever direction chooses
            // first, the other follows; on two, the receiver's DSN follows the sender's choice of the last hop, which each
            // delivered packet carries (follow)
            last = toHop(c, db, hops.get(n - 1), List.of(), c.mtuOf(a), pinsLast ? oneDsn && n == 1 ? c.out : c.back : null, oneDsn);
            if (pinsLast && !oneDsn) {
                follow(c, db, hops.get(n - 1));
            }
        }
        List<DsnAction> tenant = List.of(DsnAction.load(Registers.TENANT, c.key));
        List<DeviceId> ends = List.of(da, db);
        // late firewall tiers: what they deny passes the hops placed before them (none placed: it drops) and drops after the last
        List<ServicePlacement.Placed> doomHops = new ArrayList<>();
        for (ServicePlacement.Placed h : hops == null || c.doom == null ? List.<ServicePlacement.Placed>of() : hops) {
            if (p.beforeLate().contains(h.hop())) {
                doomHops.add(h);
            }
        }
        List<DsnAction> doomed = doomHops.isEmpty() ? null : doomedToHop(c, da, doomHops.get(0));
        // back from an instance of each of those but the last: on, doomed, to the next one's instance (per instance, for every pair)
        Map<String, List<DsnAction>> doomedOn = new HashMap<>();
        for (int i = 0; i + 1 < doomHops.size(); i++) {
            for (String xn : doomHops.get(i).candidates()) {
                List<DsnAction> on = new ArrayList<>(tenant);
                on.addAll(doomedToHop(c, c.binding(xn).attachment().dsn(), doomHops.get(i + 1)));
                doomedOn.put(xn, on);
            }
        }
        for (IpAddress[] pair : pairs) {
            boolean v4 = pair[0].isIp4();
            // the sender's part of a steering flow (its port and address) and the receiver's, each way
            DsnMatch.Builder fromA = DsnMatch.builder().inPort(pa).ipSrc(prefix(pair[0]));
            DsnMatch.Builder toB = DsnMatch.builder().ipDst(prefix(pair[1]));
            DsnMatch.Builder fromB = DsnMatch.builder().inPort(pb).ipSrc(prefix(pair[1]));
            DsnMatch.Builder toA = DsnMatch.builder().ipDst(prefix(pair[0]));
            if (straight && p.protocol() != 0 && p.protocol() != 1) {
                // ICMP between the pair - an error quotes the class's packet (ICMPv6 up to 1232 bytes) - straight to the other
                // end's DSN through the encrypted tunnels too (its ingress decides it there)
                steer(c, da, ends, classOf(1, v4, 0, false), PRIORITY - 1, fromA, toB, straightThere);
                steer(c, db, ends, classOf(1, v4, 0, false), PRIORITY - 1, fromB, toA, straightBack);
            }
            for (int port : p.ports().isEmpty() ? List.of(0) : p.ports()) {
                DsnMatch.Builder own = classOf(p.protocol(), v4, port, false);
                DsnMatch.Builder replies = classOf(p.protocol(), v4, port, true);
                if (doomed != null) { // what a late tier denied at the sender's DSN: to the first hop's instance, where it drops as it comes back
                    c.add(da, c.steer, DOOM_STEER, own.copy().intersect(fromA.copy()).intersect(toB.copy()).reg(c.doom, 1), doomed);
                    // ... or, before the last hop of the late tiers, on to the next one, doomed (above the drop of what comes back doomed)
                    doomedOn.forEach((xn, on) -> {
                        EndpointBinding x = c.binding(xn);
                        c.add(x.attachment().dsn(), Table.CLASSIFY, DOOM_CHECK + 2, own.copy().inPort(x.attachment().port().toLong())
                                .ipSrc(prefix(pair[0])).intersect(toB.copy()).ctState(CtState.TRK, 0).reg(CHAIN_DOOMED, 1), on);
                    });
                }
                // steered where each side sends: the connection's own direction (not a reply) from a, its replies from b.
                // Not "+trk" for the own direction: a new connection's first packet was committed just before
                // (table 30), and Open vSwitch clears the conntrack state after a ct without recirculation
                DsnMatch.Builder fwdSteer = own.copy().ctState(0, CtState.RPL);
                DsnMatch.Builder revSteer = replies.copy().ctState(CtState.TRK | CtState.RPL, 0);
                if (sealedOnly) { // below the steering: what it leaves of the class (whatever its conntrack state) is steered too
                    steer(c, da, ends, own, PRIORITY - 1, fromA, toB, hops == null ? List.of() : first);
                    steer(c, db, ends, replies, PRIORITY - 1, fromB, toA, hops == null ? List.of() : last);
                }
                if (hops == null) { // a hop that fails closed has no live instance: the class drops at the sender's DSN
                    steer(c, da, ends, fwdSteer, PRIORITY, fromA, toB, List.of());
                    steer(c, db, ends, revSteer, PRIORITY, fromB, toA, List.of());
                    continue;
                }
                if (c.pinned == null) {
                    steer(c, da, ends, fwdSteer, PRIORITY, fromA, toB, first);
                    steer(c, db, ends, revSteer, PRIORITY, fromB, toA, last);
                } else {
                    // the mark: ct(commit, exec(pinned=1)) back into this table, where the packet is a marked connection's
                    List<DsnAction> pin = List.of(new DsnAction.Ct(true, c.steer, Registers.TENANT, List.of(DsnAction.load(c.pinned, 1))));
                    for (DsnMatch.Builder m : Fragments.forActions(List.of(own.copy().ctState(0, CtState.TRK)), pin)) { // never a stateless allow's
                        steer(c, da, ends, m, PRIORITY + 1, fromA, toB, pin);
                    }
                    steer(c, da, ends, own.copy().ctState(CtState.TRK, CtState.RPL).reg(Registers.STATELESS, 0).reg(c.pinned, 1), PRIORITY,
                            fromA, toB, first);
                    steer(c, da, ends, own.copy().reg(Registers.STATELESS, 1), PRIORITY, fromA, toB, first);
                    if (!oneDsn) { // one DSN: the sender's mark is the receiver's, and the chain delivers without a second pass (decided)
                        for (DsnMatch.Builder m : Fragments.forActions(List.of(own.copy().reg(c.arrived, 1).ctState(0, CtState.TRK)), pin)) {
                            steer(c, db, ends, m, PRIORITY + 1, DsnMatch.builder().ipSrc(prefix(pair[0])), toB, pin);
                        }
                    }
                    steer(c, db, ends, revSteer.copy().reg(c.pinned, 1), PRIORITY, fromB, toA, last);
                }
                if (oneDsn) {
                    untranslatedReplies(c, db, ends, replies, fromB, toA);
                    if (c.pinned != null) { // a reply the chain does not take is translated back here and goes on (see there)
                        steer(c, db, ends, revSteer.copy().reg(c.pinned, 0), PRIORITY, fromB, toA, List.of(DsnAction.ctNat(c.afterSteer)));
                    }
                }
                for (int i = 0; i < n; i++) {
                    // a chain of several steps: what comes back from an instance of step i passes that step's zone, either way
                    int zone = pins && n > 1 ? c.sp.stepZone(p, hops.get(i)) : 0;
                    for (String xn : pins ? hops.get(i).live() : hops.get(i).candidates()) {
                        EndpointBinding x = c.binding(xn);
                        DeviceId dx = x.attachment().dsn();
                        long xp = x.attachment().port().toLong();
                        boolean routed = hops.get(i).hop().routed();
                        if (i + 1 == n && oneDsn) {
                            decided(c, dx, xp, b, routed, ends, p.protocol(), pair[0], pair[1], port, zone);
                        } else {
                            c.addBack(dx, ends, xp, DsnMatch.builder(), PRIORITY, p.protocol(), pair[0], pair[1], port, false, i + 1 < n
                                    ? onward(c, dx, hops.get(i + 1), tenant, zone, c.out)
                                    : committed(zone, pinsLast ? deliverFrom(c, dx, b, routed, hops.get(i).index(xn)) : deliver(c, dx, b, routed)));
                        }
                        c.addBack(dx, ends, xp, DsnMatch.builder(), PRIORITY, p.protocol(), pair[1], pair[0], port, true, i > 0
                                ? onward(c, dx, hops.get(i - 1), tenant, zone, c.back) : committed(zone, deliver(c, dx, a, routed)));
                    }
                }
            }
        }
    }

    /**
     * The flows of a class between member {@code a} and the external network ({@link ServicePaths.Path#external()},
     * docs/chaining.md "Classes to and from the external network"), its hops placed at {@code hops} as for a
     * pair on {@code a}'s DSN (null: a fail-closed hop has no live instance; empty: all bypassed, NAT takes
     * the class as without the chain). At the member's DSN two directions are steered: what the member
     * sends out - in NAT's route stage, above NAT's own flows - and what comes in from the network -
     * after the member's ingress, where the overlay steers (in_port made the member's first: it may
     * have come by the tunnel it goes on by, and Open vSwitch never outputs to the port a packet came
     * in on). A connection's first packet (going out for a class to the network, coming in for one from
     * it) marks it; only marked connections are steered, both ways, each recorded in the chain's own
     * zone. Out through the hops, then - from the last one's port, or back through the tunnel with the
     * delivery id - a packet the chain recorded goes on to NAT as the member's own (its in_port the
     * member's, the arrived bit set so the steering leaves it; NAT's route flow sends it to its
     * gateway); in through the hops, then delivered to the member. Packets a stateless rule allowed
     * (never committed, so never marked) are steered the class's way as they come, not their replies.
     */
    private static void external(Ctx c, ServicePaths.Path p, EndpointBinding a, List<ServicePlacement.Placed> hops) {
        if (hops != null && hops.isEmpty()) {
            return;
        }
        DeviceId da = a.attachment().dsn();
        long pa = a.attachment().port().toLong();
        Table route = c.plan.table(p.route());
        boolean inbound = p.inbound();
        // the hops in the order each direction takes them
        List<ServicePlacement.Placed> outward = hops == null ? List.of() : new ArrayList<>(hops);
        if (inbound) {
            java.util.Collections.reverse(outward);
        }
        List<ServicePlacement.Placed> inward = new ArrayList<>(outward);
        java.util.Collections.reverse(inward);
        // pinned as a pair's (pair()): both first hops at the member's DSN, in the tenant's zone, which sees both directions there
        // (one hop: one field for both, whichever direction chooses first), the steps between in their zones - or all hashed
        int n = outward.size();
        boolean pins = c.sp.pinsInstances(p, outward);
        // the label of what goes out (the connection's own, or - it came in - its replies) and of what comes in; one hop: chain.out both ways
        RegField going = inbound && n > 1 ? c.back : c.out;
        RegField coming = inbound || n == 1 ? c.out : c.back;
        List<DsnAction> out = outward.isEmpty() ? List.of() : toHop(c, da, outward.get(0), List.of(), 0,
                pins && pinnable(outward.get(0)) ? going : null, true);
        List<DsnAction> in = inward.isEmpty() ? List.of() : toHop(c, da, inward.get(0), List.of(DsnAction.setField(Field.IN_PORT, pa)), 0,
                pins && pinnable(inward.get(0)) ? coming : null, true);
        List<DsnAction> onToNat = List.of(DsnAction.load(Registers.TENANT, c.key), DsnAction.load(c.arrived, 1),
                DsnAction.setField(Field.IN_PORT, pa), DsnAction.resubmit(route));
        for (IpAddress aa : family(a, true)) { // NAT translates IPv4
            IpPrefix member = IpPrefix.valueOf(aa, 32);
            for (IpPrefix outside : p.external()) {
                for (int port : p.ports().isEmpty() ? List.of(0) : p.ports()) {
                    // the class's port is the destination's: the outside's going out, the member's coming in
                    DsnMatch.Builder outbound = match(p.protocol(), member, outside, port, inbound);
                    DsnMatch.Builder incoming = match(p.protocol(), outside, member, port, !inbound);
                    DsnMatch.Builder sent = outbound.copy().inPort(pa).reg(c.arrived, 0);
                    DsnMatch.Builder arriving = incoming.copy().reg(Registers.FROM_NET, 1).reg(c.arrived, 0);
                    if (hops == null) { // fail-closed with no live instance: neither way, new connections or old
                        c.add(da, route, sent, List.of());
                        c.add(da, c.steer, arriving, List.of());
                        continue;
                    }
                    // packets a stateless rule allowed (never committed, so never marked; looked up, so tracked, and no reply) are
                    // steered the class's way as they come; their replies, judged as new connections, are not steered back (as in a
                    // chain between endpoints)
                    if (inbound) { // the connection comes in: marked there, its replies go out marked
                        c.addPin(da, c.steer, arriving.copy().ctState(0, CtState.TRK));
                        c.add(da, c.steer, arriving.copy().ctState(CtState.TRK, CtState.RPL).reg(Registers.STATELESS, 0).reg(c.pinned, 1), in);
                        c.add(da, c.steer, arriving.copy().ctState(CtState.TRK, CtState.RPL).reg(Registers.STATELESS, 1), in);
                        c.add(da, route, sent.copy().ctState(CtState.TRK | CtState.RPL, 0).reg(c.pinned, 1), out);
                    } else { // the connection goes out: marked there, its replies come in marked
                        c.addPin(da, route, sent.copy().ctState(0, CtState.TRK));
                        c.add(da, route, sent.copy().ctState(CtState.TRK, CtState.RPL).reg(Registers.STATELESS, 0).reg(c.pinned, 1), out);
                        c.add(da, route, sent.copy().ctState(CtState.TRK, CtState.RPL).reg(Registers.STATELESS, 1), out);
                        c.add(da, c.steer, arriving.copy().ctState(CtState.TRK | CtState.RPL, 0).reg(c.pinned, 1), in);
                    }
                    along(c, p, a, outward, outbound, onToNat, pins ? going : null);
                    along(c, p, a, inward, incoming, null, pins ? coming : null);
                }
            }
        }
    }

    /**
     * The flows that take packets matching {@code m} back from each instance of {@code seq}, in that
     * order, on to the next; after the last: on to NAT with {@code onToNat} when the chain recorded
     * their connection at the member's DSN (from the instance's port there, or through the tunnel with
     * the delivery id), or (null) delivered to member {@code a}.
     */
    private static void along(Ctx c, ServicePaths.Path p, EndpointBinding a, List<ServicePlacement.Placed> seq, DsnMatch.Builder m,
                              List<DsnAction> onToNat, RegField pin) {
        DeviceId da = a.attachment().dsn();
        List<DsnAction> tenant = List.of(DsnAction.load(Registers.TENANT, c.key));
        for (int i = 0; i < seq.size(); i++) {
            // pinned (pin: the label of this direction): what comes back from an instance passes its step's zone, as in pair()
            int zone = pin != null && seq.size() > 1 ? c.sp.stepZone(p, seq.get(i)) : 0;
            for (String xn : pin != null ? seq.get(i).live() : seq.get(i).candidates()) {
                EndpointBinding x = c.binding(xn);
                DeviceId dx = x.attachment().dsn();
                long xp = x.attachment().port().toLong();
                if (i + 1 < seq.size()) {
                    c.add(dx, Table.CLASSIFY, m.copy().inPort(xp), onward(c, dx, seq.get(i + 1), tenant, zone, pin));
                } else if (onToNat == null) {
                    c.add(dx, Table.CLASSIFY, m.copy().inPort(xp), committed(zone, deliver(c, dx, a, seq.get(i).hop().routed())));
                } else if (dx.equals(da)) {
                    onlySeen(c, PRIORITY, m.copy().inPort(xp), committed(zone, onToNat), (prio, f, actions) -> c.add(dx, Table.CLASSIFY, prio, f,
                            actions));
                } else { // back to the member's DSN, as it is (NAT's gateway takes the member's packets from there)
                    c.add(dx, Table.CLASSIFY, m.copy().inPort(xp), committed(zone, tunnelTo(c, dx, a)));
                    Long id = deliveryId(c, a);
                    onlySeen(c, PRIORITY + 1, m, onToNat, (prio, f, actions) -> c.addFromTunnel(da, Set.of(dx), id, prio, f, actions));
                }
            }
        }
    }

    /**
     * The replies of a pair whose two ends share DSN {@code db}, where a connection a load balancer
     * translated (to a backend of the class) has the conntrack entry of its addresses before
     * translation: the conntrack table looks them up without applying the translation ({@code ct}
     * without {@code nat}), so the steering sees the reply as the functions saw the request (from the
     * backend, not yet from the VIP); the translation is undone when the chain delivers the reply,
     * through conntrack. A reply the chain does not take (a connection opened before it, not pinned)
     * is translated back in the steering table ({@code ct(nat)}) and goes on to the next table - not
     * back to this one: a reply with no translation to undo would match again, and again.
     */
    private static void untranslatedReplies(Ctx c, DeviceId db, List<DeviceId> ends, DsnMatch.Builder replies, DsnMatch.Builder fromB,
                                            DsnMatch.Builder toA) {
        c.addPair(db, Table.CONNTRACK, Table.CONNTRACK, ends, replies, PRIORITY, fromB, toA, List.of(DsnAction.ct(Table.CT_STATE)));
    }

    /** A steering flow of a pair at {@code d}: the class's match {@code m}, the sender's part {@code src}, the receiver's {@code dst}. */
    private static void steer(Ctx c, DeviceId d, List<DeviceId> ends, DsnMatch.Builder m, int priority, DsnMatch.Builder src,
                              DsnMatch.Builder dst, List<DsnAction> actions) {
        c.addPair(d, c.steer, c.steer, ends, m, priority, src, dst, actions);
    }

    /** {@code actions} after committing the packet's connection, with its mark, into the chain's own conntrack zone. */
    private static List<DsnAction> seen(Ctx c, List<DsnAction> actions) {
        List<DsnAction> out = new ArrayList<>();
        out.add(new DsnAction.Ct(true, null, null, c.sp.tunnelKey(), List.of(DsnAction.load(CHAIN_SEEN, 1)), null));
        out.addAll(actions);
        return out;
    }

    /**
     * After the last hop (instance port {@code xp} on DSN {@code d}) of a pair whose two ends share a
     * DSN: on to endpoint {@code to}'s port without a second policy pass - policy decided both ends in
     * the first, and a packet a load balancer translated is no connection the tenant's conntrack knows
     * by its addresses (looked up again it would be a new connection whose reply clashes with the
     * translated one's) - but only a packet of a connection the chain steered there: looked up in the
     * chain's own zone, where the steering committed it ({@link #seen}), and delivered only with its
     * mark, so an instance cannot inject what policy did not let into the chain. From an instance on
     * another DSN it comes through the tunnel with the delivery id ({@link #deliver}), and flows of the
     * pair at {@code to}'s DSN do the same. A chain of several steps commits what it delivers into the
     * last step's zone {@code zone} first (0: none; {@link #committed}).
     */
    private static void decided(Ctx c, DeviceId d, long xp, EndpointBinding to, boolean routed, List<DeviceId> ends, int protocol,
                                IpAddress src, IpAddress dst, int port, int zone) {
        DeviceId db = to.attachment().dsn();
        DsnAction toPort = DsnAction.output(to.attachment().port().toLong());
        if (!db.equals(d)) {
            c.addBack(d, ends, xp, DsnMatch.builder(), PRIORITY, protocol, src, dst, port, false, committed(zone, deliver(c, d, to, routed)));
            Long id = deliveryId(c, to);
            TunnelEndpoint here = c.tunnel(db);
            TunnelEndpoint from = c.tunnel(d);
            if (id != null && here != null && from != null) {
                // onlySeen's flows at the receiver's DSN, for what the tunnel brings with the delivery id from the instance's DSN,
                // each kept with the other pairs' that go on the same way (a large class: conjunctions, above the delivery's own flow)
                DsnMatch.Builder tunnel = DsnMatch.builder().inPort(here.port().toLong()).set(Field.TUN_ID, MatchValue.exact(id))
                        .set(Field.TUN_SRC, MatchValue.exact(from.underlay().toInt() & 0xffffffffL));
                List<Object> scope = List.of(Table.CLASSIFY, DELIVERED, here.port().toLong());
                DsnMatch.Builder s = DsnMatch.builder().ipSrc(prefix(src));
                DsnMatch.Builder t = DsnMatch.builder().ipDst(prefix(dst));
                onlySeen(c, PRIORITY + 1, classOf(protocol, src.isIp4(), port, false).intersect(tunnel), List.of(toPort),
                        (prio, m, actions) -> c.addPair(db, Table.CLASSIFY, scope, ends, m, prio, s, t, actions));
            }
            return;
        }
        List<DsnAction> out = new ArrayList<>();
        if (routed) { // the instance sent it to its gateway: the router's part
            out.add(DsnAction.setField(Field.ETH_SRC, c.sp.router().toLong()));
        }
        out.add(DsnAction.setField(Field.ETH_DST, to.mac().toLong()));
        out.add(toPort);
        out = committed(zone, out);
        // each of onlySeen's flows kept with the other pairs' that go on the same way (a large class: conjunctions)
        onlySeen(c, PRIORITY, DsnMatch.builder(), out, (prio, m, actions) -> c.addBack(d, ends, xp, m, prio, protocol, src, dst, port, false,
                actions));
    }

    /** Adds a classify flow (at a DSN, from where the caller says). */
    private interface ClassifyFlow {
        void add(int priority, DsnMatch.Builder match, List<DsnAction> actions);
    }

    /**
     * The flows for packets matching {@code m} that reach the receiver with {@code deliver} only when
     * the chain saw their connection at this DSN: an untracked one is looked up in the chain's own
     * zone (back into classify), a tracked one with the mark is delivered, one without it dropped.
     */
    private static void onlySeen(Ctx c, int priority, DsnMatch.Builder m, List<DsnAction> deliver, ClassifyFlow add) {
        add.add(priority, m.copy().ctState(0, CtState.TRK), List.of(DsnAction.ctInZone(c.sp.tunnelKey(), false, null, Table.CLASSIFY)));
        add.add(priority + 1, m.copy().ctState(CtState.TRK, 0).reg(CHAIN_SEEN, 1), deliver);
        add.add(priority, m.copy().ctState(CtState.TRK, 0), List.of());
    }

    /** The tunnel id of a packet the chain delivers to {@code to}'s DSN: with pinning the delivery id (steering index 0), else its network's id. */
    private static Long deliveryId(Ctx c, EndpointBinding to) {
        return c.pinned != null ? Long.valueOf(c.sp.steeringId(0)) : c.sp.networks().get(to.endpoint());
    }

    private static DsnMatch.Builder match(int protocol, IpPrefix src, IpPrefix dst, int port, boolean reply) {
        DsnMatch.Builder m = DsnMatch.builder().ipSrc(src).ipDst(dst);
        if (protocol != 0) {
            m.ipProto(protocol == 1 && !src.isIp4() ? 58 : protocol); // icmp: ICMPv6 for IPv6
        }
        if (port != 0) {
            if (reply) {
                m.tpSrc(port);
            } else {
                m.tpDst(port, 0xffff);
            }
        }
        return m;
    }

    /**
     * The actions that send a packet at {@code d} to one of a hop's candidates ({@code before}: actions
     * to run first). With {@code mtu} (else 0) the packet is measured against it first and goes
     * through the dispatch table, where one too large goes to the controller instead (the overlay's
     * answer tells the sender the MTU).
     */
    private static List<DsnAction> toHop(Ctx c, DeviceId d, ServicePlacement.Placed h, List<DsnAction> before, int mtu) {
        return toHop(c, d, h, before, mtu, null, false, 0);
    }

    /** As {@link #toHop(Ctx, DeviceId, ServicePlacement.Placed, List, int, RegField, boolean, int)} in the tenant's zone. */
    private static List<DsnAction> toHop(Ctx c, DeviceId d, ServicePlacement.Placed h, List<DsnAction> before, int mtu, RegField pin,
                                         boolean seen) {
        return toHop(c, d, h, before, mtu, pin, seen, 0);
    }

    /** Whether a hop's instance is pinned per connection: it has more than one to choose from. */
    private static boolean pinnable(ServicePlacement.Placed h) {
        return h.hop().instances().size() > 1;
    }

    /**
     * The actions that send a packet coming back from an instance of a chain's step at {@code d} on to
     * the hop {@code h} after it (a reply: before it), {@code before} first. With {@code zone} (the
     * step's, in a chain of several; else 0: hashed only) the packet passes that zone either way: where
     * the hop has instances to choose from, it is looked up there and its choice pinned in label field
     * {@code pin} of its entry ({@link #pinned}); else committed there as it goes on, so the zone sees
     * both directions of every connection it pins.
     */
    private static List<DsnAction> onward(Ctx c, DeviceId d, ServicePlacement.Placed h, List<DsnAction> before, int zone, RegField pin) {
        if (zone == 0) {
            return toHop(c, d, h, before, 0);
        }
        return pinnable(h) ? toHop(c, d, h, before, 0, pin, false, zone) : committed(zone, toHop(c, d, h, before, 0));
    }

    /** {@code actions} after committing the packet's connection into conntrack zone {@code zone} (0, or no actions: as they are). */
    private static List<DsnAction> committed(int zone, List<DsnAction> actions) {
        if (zone == 0 || actions.isEmpty()) {
            return actions;
        }
        List<DsnAction> out = new ArrayList<>();
        out.add(DsnAction.ctInZone(zone, true, null, null));
        out.addAll(actions);
        return out;
    }

    /**
     * As {@link #toHop(Ctx, DeviceId, ServicePlacement.Placed, List, int)}; with {@code pin} (a
     * conntrack label field, else null) the hop's instance is pinned per connection where the
     * packet is steered, when the hop has several instances: a tracked connection whose label names
     * a live instance of the hop goes to it; one not pinned yet (or to an instance that is no
     * longer live) is hashed over the slots and its label set to the instance it took. So a
     * connection keeps its instance while that instance lives, whatever comes back up or is
     * placed nearer meanwhile (docs/chaining.md, "Pinned to an instance"). With {@code seen} the
     * packet is first committed in the chain's own zone ({@link #seen}; both ends on one DSN) -
     * where the instance is pinned, in the dispatch flows, after the label was read: the commit
     * clears the packet's conntrack state.
     */
    private static List<DsnAction> toHop(Ctx c, DeviceId d, ServicePlacement.Placed h, List<DsnAction> before, int mtu, RegField pin,
                                         boolean seen, int zone) {
        List<DsnAction> out = new ArrayList<>(before);
        List<String> slots = h.slots();
        boolean pinning = pin != null && pinnable(h);
        if (!pinning && seen) {
            out = seen(c, out);
        }
        if (h.candidates().size() == 1 && mtu == 0 && !pinning) {
            out.addAll(toInstance(c, d, h, slots.get(0)));
            return out;
        }
        // named by the tier and the number of slots, not by which instance takes which slot: a change of weights (or of
        // health, unpinned) rewrites the dispatch flows of the slots that change hands, in place, and no steering flow
        int id = pinning
                ? dispatchId(c, d, List.of(h.hop().name(), h.hop().indexes(), h.tier(), slots.size(), c.sealed, pin.name(), h.live(), seen,
                        zone), x -> pinned(c, d, x, h, pin, seen, zone))
                : dispatchId(c, d, List.of(h.hop().name(), h.hop().indexes(), h.tier(), slots.size(), c.sealed), x -> {
                    for (int j = 0; j < slots.size(); j++) {
                        c.add(d, c.dispatch, DsnMatch.builder().reg(c.hop, x).reg(c.slot, j), toInstance(c, d, h, slots.get(j)));
                    }
                });
        // placements that share the id share its flows: their slots must be equal (one health, load and capacity per instance)
        List<String> first = c.dispatchSlots.computeIfAbsent(List.of(d, id), k -> slots);
        if (!first.equals(slots)) {
            throw new IllegalStateException(c.owner + ": hop placement " + id + " on " + d + " has slots " + first + " and " + slots);
        }
        out.addAll(measured(c, d, id, mtu));
        if (slots.size() > 1) {
            out.add(DsnAction.multipath(false, slots.size(), c.slot));
        }
        // pinned in a step's zone: looked up there first (the ends' tenant zone: policy looked it up)
        out.add(pinning && zone != 0 ? DsnAction.ctInZone(zone, false, null, c.dispatch) : DsnAction.gotoTable(c.dispatch));
        return out;
    }

    /**
     * The dispatch flows at {@code d} of hop placement {@code id} pinned in label field {@code pin}:
     * a policy-tracked packet whose connection is pinned to a live instance of the hop goes to it;
     * one not pinned (or pinned to an instance no longer live) goes to its slot's instance, and its
     * connection is pinned to that one (a commit into the tenant's zone, as the chain's mark);
     * anything else - a stateless allow's packet, never committed - to its slot's instance. With
     * {@code seen}, each first commits the packet in the chain's own zone ({@link #seen}).
     */
    private static void pinned(Ctx c, DeviceId d, int id, ServicePlacement.Placed h, RegField pin, boolean seen, int zone) {
        // a commit into the chain's own zone (seen) needs the flow to match an IP family: one flow per family then
        java.util.function.Function<DsnMatch.Builder, List<DsnMatch.Builder>> families = m -> seen ? Fragments.perFamily(List.of(m)) : List.of(m);
        java.util.function.Function<String, List<DsnAction>> to = x -> seen ? seen(c, toInstance(c, d, h, x)) : toInstance(c, d, h, x);
        for (String x : h.live()) {
            for (DsnMatch.Builder m : families.apply(DsnMatch.builder().reg(c.hop, id).reg(Registers.STATELESS, 0).reg(pin, h.index(x)))) {
                c.add(d, c.dispatch, PRIORITY, m, to.apply(x));
            }
        }
        List<String> slots = h.slots();
        for (int j = 0; j < slots.size(); j++) {
            List<DsnAction> there = to.apply(slots.get(j));
            List<DsnAction> pinning = new ArrayList<>();
            List<DsnAction> label = List.of(DsnAction.load(pin, h.index(slots.get(j))));
            pinning.add(zone == 0 ? new DsnAction.Ct(true, null, Registers.TENANT, label) : new DsnAction.Ct(true, null, null, zone, label, null));
            pinning.addAll(there);
            DsnMatch.Builder tracked = DsnMatch.builder().reg(c.hop, id).reg(c.slot, j).ctState(CtState.TRK, CtState.INV | CtState.REL);
            for (DsnMatch.Builder m : Fragments.forActions(List.of(tracked), pinning)) {
                c.add(d, c.dispatch, PRIORITY - 1, m, pinning);
            }
            for (DsnMatch.Builder m : families.apply(DsnMatch.builder().reg(c.hop, id).reg(c.slot, j))) {
                c.add(d, c.dispatch, PRIORITY - 2, m, there); // a stateless allow's too: the chain's own zone is not policy's
            }
        }
    }

    /**
     * The dispatch id at {@code d} of what {@code k} names, made the first time: {@code write} then
     * writes the dispatch table's flows for it. The id comes from what it names - {@link #dispatchStart},
     * the next free one after it when another placement of the tenant on {@code d} holds it - so a
     * change elsewhere (a chain added in front, another hop placed) leaves it and its flows as they
     * were, unless it collides: a packet never meets another version's numbering where the flows are
     * not replaced atomically (ONOS's FlowRuleService).
     */
    private static int dispatchId(Ctx c, DeviceId d, List<Object> k, java.util.function.IntConsumer write) {
        Map<List<Object>, Integer> ids = c.dispatchIds.computeIfAbsent(d, x -> new HashMap<>());
        Integer id = ids.get(k);
        if (id == null) {
            int max = (int) (c.hop.mask() >>> c.hop.low());
            if (ids.size() >= max) {
                throw new IllegalArgumentException(c.owner + ": more hop placements on " + d + " than the field " + c.hop.name() + " holds");
            }
            java.util.Collection<Integer> used = ids.values();
            id = dispatchStart(k, max);
            while (used.contains(id)) {
                id = id % max + 1;
            }
            ids.put(k, id);
            write.accept(id);
        }
        return id;
    }

    /** Where the dispatch id of what {@code k} names starts looking (1 to {@code max}): from its text's CRC-32. */
    static int dispatchStart(List<Object> k, int max) {
        return (int) (crc(k) % max) + 1;
    }

    /** The CRC-32 of what {@code k} names, as text: a number that stays while what it names does. */
    private static long crc(Object k) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(String.valueOf(k).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return crc.getValue();
    }

    /**
     * The actions that measure a packet at {@code d} against {@code mtu} (0: not measured) and name
     * its dispatch id {@code id}: one too large goes to the controller from the dispatch table
     * instead (the overlay's answer tells the sender the MTU).
     */
    private static List<DsnAction> measured(Ctx c, DeviceId d, int id, int mtu) {
        List<DsnAction> out = new ArrayList<>();
        if (mtu > 0) {
            out.add(DsnAction.checkPktLarger(mtu + Tunnels.ETHERNET_HEADER, c.tooBig));
            c.addPunt(d, c.dispatch, PRIORITY + 1, DsnMatch.builder().reg(Registers.TENANT, c.key).reg(c.hop, id).reg(c.tooBig, 1).build(),
                    c.sp.mtu().puntKind(c.sealed));
        }
        out.add(DsnAction.load(c.hop, id));
        return out;
    }

    /**
     * The actions that send a packet of an encrypted class with no hop at {@code d} straight to
     * endpoint {@code to}'s DSN through the encrypted tunnels ({@link #deliver}), measured first
     * against what that carries ({@code mtu}, else 0) through the dispatch table. Addressed to
     * {@code to} before the measurement (an answer to a packet too large is addressed by its IP
     * source, not its MACs), so the dispatch id names only the tunnel: one per DSN and delivery id
     * it goes to, not one per peer (a DSN holds 255).
     */
    private static List<DsnAction> direct(Ctx c, DeviceId d, EndpointBinding to, boolean routed, int mtu) {
        List<DsnAction> tunnel = tunnelTo(c, d, to);
        if (tunnel.isEmpty()) {
            return List.of();
        }
        List<DsnAction> out = addressed(c, to, routed);
        if (mtu == 0) {
            out.addAll(tunnel);
            return out;
        }
        out.addAll(measured(c, d, dispatchId(c, d, List.of("deliver", to.attachment().dsn(), deliveryId(c, to), c.sealed),
                x -> c.add(d, c.dispatch, DsnMatch.builder().reg(c.hop, x).reg(c.slot, 0), tunnel)), mtu));
        out.add(DsnAction.gotoTable(c.dispatch));
        return out;
    }

    /** The actions that send a packet at {@code d} to instance {@code xn}: its port here, else the tunnel to its DSN. */
    private static List<DsnAction> toInstance(Ctx c, DeviceId d, ServicePlacement.Placed h, String xn) {
        return toInstance(c, d, h, xn, false);
    }

    /**
     * As {@link #toInstance(Ctx, DeviceId, ServicePlacement.Placed, String)}; {@code doomed}: a packet
     * a late firewall tier denied, recorded doomed in the chain's zone before it goes out of the port
     * here, else through the tunnel with the instance's doom id (one policy let through is recorded
     * not doomed where the instance is one of a late class's).
     */
    private static List<DsnAction> toInstance(Ctx c, DeviceId d, ServicePlacement.Placed h, String xn, boolean doomed) {
        EndpointBinding x = c.binding(xn);
        List<DsnAction> out = new ArrayList<>();
        if (h.hop().routed()) {
            out.add(DsnAction.setField(Field.ETH_DST, x.mac().toLong()));
        }
        if (x.attachment().dsn().equals(d)) {
            if (doomed || c.doomInstances.contains(xn)) { // at the instance's DSN, in the chain's zone
                out.add(doomed(c, doomed ? 1 : 0));
            }
            out.add(DsnAction.output(x.attachment().port().toLong()));
            return out;
        }
        TunnelEndpoint here = c.tunnel(d);
        TunnelEndpoint there = c.tunnel(x.attachment().dsn());
        if (here == null || there == null) {
            return List.of(); // no tunnel at this DSN: nothing to steer through
        }
        out.addAll(Tunnels.intoTunnel(doomed ? c.sp.doom().id(h.index(xn)) : c.sp.steeringId(h.index(xn)), here, there));
        return out;
    }

    /** The commit, in the chain's own zone, of whether the packet going to an instance is doomed ({@code doomed} 1) or not (0). */
    private static DsnAction doomed(Ctx c, int doomed) {
        return new DsnAction.Ct(true, null, null, c.sp.tunnelKey(), List.of(DsnAction.load(CHAIN_DOOMED, doomed)), null);
    }

    /**
     * The actions that take a doomed packet at {@code d} - a packet of a class with late firewall
     * tiers that one of them denied - to an instance of hop {@code h} (a function before them): hashed over its
     * slots (never pinned: nothing of it is committed in the tenant's zone, as a stateless allow's)
     * through a dispatch placement of its own; at the instance's DSN it is recorded doomed in the
     * chain's zone before it goes out of the instance's port, so it drops as it comes back. Not
     * measured: nothing of it goes further than the instance, so no answer tells its sender an MTU.
     */
    private static List<DsnAction> doomedToHop(Ctx c, DeviceId d, ServicePlacement.Placed h) {
        List<String> slots = h.slots();
        int id = dispatchId(c, d, List.of("doomed", h.hop().name(), h.hop().indexes(), h.tier(), slots, c.sealed), x -> {
            for (int j = 0; j < slots.size(); j++) { // no way to the instance (no tunnel): dropped here, never on by the overlay's flows
                c.add(d, c.dispatch, DsnMatch.builder().reg(c.hop, x).reg(c.slot, j), toInstance(c, d, h, slots.get(j), true));
            }
        });
        List<DsnAction> out = new ArrayList<>();
        out.add(DsnAction.load(c.hop, id));
        if (slots.size() > 1) {
            out.add(DsnAction.multipath(false, slots.size(), c.slot));
        }
        out.add(DsnAction.gotoTable(c.dispatch));
        return out;
    }

    /**
     * After the last hop (a reply: the first), on to the endpoint {@code to}: on this DSN as a packet
     * from the network (its ingress is decided here), else through the tunnel with its network id.
     */
    private static List<DsnAction> deliver(Ctx c, DeviceId d, EndpointBinding to, boolean routed) {
        if (to.attachment().dsn().equals(d)) {
            return arrival(c);
        }
        List<DsnAction> tunnel = tunnelTo(c, d, to);
        if (tunnel.isEmpty()) {
            return List.of();
        }
        List<DsnAction> out = addressed(c, to, routed);
        out.addAll(tunnel);
        return out;
    }

    /**
     * As {@link #deliver}, for a connection pinned to the instance with steering index {@code index},
     * whose port it comes from: the receiver's DSN learns the instance ({@code via}, {@link #follow}) -
     * on this DSN directly, else from the tunnel id, the delivery id of that instance
     * ({@link ServicePaths.Pin#deliveryId}), which its classify flow for the instance's DSN turns
     * into the field.
     */
    private static List<DsnAction> deliverFrom(Ctx c, DeviceId d, EndpointBinding to, boolean routed, int index) {
        DeviceId db = to.attachment().dsn();
        if (db.equals(d)) {
            return arrival(c, index);
        }
        TunnelEndpoint here = c.tunnel(d);
        TunnelEndpoint there = c.tunnel(db);
        if (here == null || there == null) {
            return List.of();
        }
        List<DsnAction> out = addressed(c, to, routed);
        out.addAll(Tunnels.intoTunnel(c.sp.pin().deliveryId(index), here, there)); // taken in there: follow
        return out;
    }

    /**
     * The flows at the receiver's DSN {@code db} of a pair pinned to an instance of hop placement
     * {@code h}, for each instance {@code x} of the hop whatever its health (a DSN reprogrammed before
     * this one may still deliver from one this compile finds down, or already from one it finds up):
     * what the tunnel brings with {@code x}'s delivery id from {@code x}'s DSN is a packet the chain
     * delivered from {@code x} ({@code via}); and a delivered packet of a connection the chain marked,
     * from {@code x}, whose label names anything but {@code x} (one flow per bit of the label in which
     * it differs from {@code x}'s index, and per IP family) sets the label to {@code x} - a commit into
     * the tenant's zone - and is looked up again, where no such flow matches it any more. So the
     * replies take the instance the sender chose, even when the slots changed since (the sender is
     * the one that chooses: at a connection's first packet, or its first after its instance went down).
     */
    private static void follow(Ctx c, DeviceId db, ServicePlacement.Placed h) {
        if (!c.followed.add(List.of(db, h.hop().instances(), h.hop().indexes(), c.sealed))) {
            return; // written for another pair of the class (or another class through the same instances)
        }
        int width = Long.bitCount(c.back.mask());
        List<String> instances = h.hop().instances();
        for (int i = 0; i < instances.size(); i++) {
            EndpointBinding x = c.binding(instances.get(i));
            if (x == null) {
                continue;
            }
            int index = h.hop().indexes().get(i);
            DeviceId dx = x.attachment().dsn();
            if (!dx.equals(db)) {
                c.addFromTunnel(db, Set.of(dx), c.sp.pin().deliveryId(index), arrival(c, index));
            }
            List<DsnAction> pin = List.of(new DsnAction.Ct(true, c.steer, Registers.TENANT, List.of(DsnAction.load(c.back, index))));
            for (int bit = 0; bit < width; bit++) {
                DsnMatch.Builder m = DsnMatch.builder().reg(c.via, index).reg(c.pinned, 1).reg(c.back, ~index, 1L << bit)
                        .ctState(CtState.TRK, CtState.RPL | CtState.INV);
                for (DsnMatch.Builder f : Fragments.forActions(List.of(m), pin)) {
                    c.add(db, c.steer, PRIORITY + 2, f, pin);
                }
            }
        }
    }

    /** The actions that address a packet to endpoint {@code to}: its MAC, and the router's as the source when {@code routed}. */
    private static List<DsnAction> addressed(Ctx c, EndpointBinding to, boolean routed) {
        List<DsnAction> out = new ArrayList<>();
        if (routed) { // the instance sent it to its gateway: the router's part
            out.add(DsnAction.setField(Field.ETH_SRC, c.sp.router().toLong()));
        }
        out.add(DsnAction.setField(Field.ETH_DST, to.mac().toLong()));
        return out;
    }

    /**
     * The actions that send a packet at {@code d} through the tunnel to endpoint {@code to}'s DSN
     * with its delivery id ({@link #deliveryId}: pinned, the chain's delivery - steering index 0 - so
     * the destination's DSN knows it), or none when a tunnel endpoint or the id is missing.
     */
    private static List<DsnAction> tunnelTo(Ctx c, DeviceId d, EndpointBinding to) {
        TunnelEndpoint here = c.tunnel(d);
        TunnelEndpoint there = c.tunnel(to.attachment().dsn());
        Long net = deliveryId(c, to);
        return here == null || there == null || net == null ? List.of() : Tunnels.intoTunnel(net, here, there);
    }

    /** What a packet the chain delivers here becomes: the tenant's, from the network (its ingress decided here), delivered by the chain. */
    private static List<DsnAction> arrival(Ctx c) {
        return arrival(c, 0);
    }

    /** As {@link #arrival(Ctx)}, from the instance with steering index {@code index} (0: not told) of a pinned connection. */
    private static List<DsnAction> arrival(Ctx c, int index) {
        List<DsnAction> out = new ArrayList<>(List.of(DsnAction.load(Registers.TENANT, c.key), DsnAction.load(Registers.FROM_NET, 1)));
        if (c.arrived != null) {
            out.add(DsnAction.load(c.arrived, 1));
        }
        if (index != 0) {
            out.add(DsnAction.load(c.via, index));
        }
        out.add(DsnAction.gotoTable(Table.DESTINATION));
        return out;
    }

    /**
     * At each instance's DSN: its answers to its health probes go to the controller, and what the
     * tunnel brings with its steering id, from the tenant's other DSNs ({@code dsns}), goes out of its port.
     * At each of the tenant's DSNs, when connections are pinned: what the tunnel brings with the
     * delivery id (steering index 0) from another of them is a packet the chain delivers.
     */
    private static void arrivals(Ctx c, Set<DeviceId> dsns) {
        ServicePaths sp = c.sp;
        for (boolean sealed : new boolean[] {false, true}) { // through the tunnels the classes take
            // a chain of built-in steps delivers nothing, unless its class is encrypted in a tenant in clear (direct)
            if (c.pinned != null && sp.paths().stream().anyMatch(p -> p.encrypted() == sealed && (!p.hops().isEmpty() || sealed && !sp.encrypted()))) {
                c.sealed = sealed;
                dsns.forEach(d -> c.addFromTunnel(d, dsns, sp.steeringId(0), arrival(c)));
            }
        }
        for (ServicePaths.Path p : sp.paths()) {
            c.sealed = p.encrypted();
            for (ServicePaths.Hop h : p.hops()) {
                for (int i = 0; i < h.instances().size(); i++) {
                    EndpointBinding x = c.binding(h.instances().get(i));
                    if (x == null) {
                        continue;
                    }
                    DeviceId dx = x.attachment().dsn();
                    long xp = x.attachment().port().toLong();
                    if (sp.probe() != null) {
                        c.addPunt(dx, Table.CLASSIFY, PRIORITY + 1, DsnMatch.builder().inPort(xp).ipSrc(IpPrefix.valueOf(sp.probe().source(), 32))
                                .ipProto(UDP).tpDst(sp.probe().port(), 0xffff).build(), sp.probe().puntKind());
                    }
                    c.addFromTunnel(dx, dsns, sp.steeringId(h.indexes().get(i)), List.of(DsnAction.output(xp)));
                    if (c.doomInstances.contains(h.instances().get(i))) {
                        // IP packets recorded (not) doomed on their way to the instance: what policy let through, and what a late tier denied
                        for (DsnMatch.Builder ip : Fragments.perFamily(List.of(DsnMatch.builder()))) {
                            c.addFromTunnel(dx, dsns, sp.steeringId(h.indexes().get(i)), PRIORITY + 1, ip, List.of(doomed(c, 0), DsnAction.output(xp)));
                            c.addFromTunnel(dx, dsns, sp.doom().id(h.indexes().get(i)), PRIORITY, ip.copy(), List.of(doomed(c, 1), DsnAction.output(xp)));
                        }
                    }
                }
            }
        }
        for (ServicePaths.Path p : sp.paths()) {
            if (p.late() != null) {
                doomChecks(c, p);
            }
        }
    }

    /**
     * At each instance's DSN of the hops before late class {@code p}'s late tiers: what comes back
     * from the instance of the class's own direction is looked up in the chain's zone (back into
     * classify), and dropped when it was recorded doomed there - unless a flow of its pair takes it on
     * to the next of those hops, doomed ({@link #pair}); anything else goes on by the flows below (a
     * pair on one DSN finds its entry there already, as its own lookup would).
     */
    private static void doomChecks(Ctx c, ServicePaths.Path p) {
        List<String> instances = new ArrayList<>();
        p.beforeLate().forEach(h -> instances.addAll(h.instances()));
        for (String xn : instances) {
            EndpointBinding x = c.binding(xn);
            if (x == null) {
                continue;
            }
            DeviceId dx = x.attachment().dsn();
            long xp = x.attachment().port().toLong();
            // only the class's own direction from its senders' addresses: never the instance's own traffic (an instance is no
            // member of its class), replies, or a backend's hairpin answers, which must reach the pipeline untracked
            for (String an : p.from()) {
                EndpointBinding a = c.binding(an);
                for (IpAddress src : a == null ? List.<IpAddress>of() : a.addresses()) {
                    for (int port : p.ports().isEmpty() ? List.of(0) : p.ports()) {
                        c.add(dx, Table.CLASSIFY, DOOM_CHECK, classOf(p.protocol(), src.isIp4(), port, false).inPort(xp).ipSrc(prefix(src))
                                .ctState(0, CtState.TRK), List.of(DsnAction.ctInZone(c.sp.tunnelKey(), false, null, Table.CLASSIFY)));
                    }
                }
            }
            c.add(dx, Table.CLASSIFY, DOOM_CHECK + 1, DsnMatch.builder().inPort(xp).ctState(CtState.TRK, 0).reg(CHAIN_DOOMED, 1), List.of());
        }
    }

    /**
     * At each of {@code dsns} (the tenant's): a packet that a deny rule of a late tier denied (its key
     * in the egress or ingress rule register) - and that no chain delivered (a receiver on another DSN
     * decides its ingress after the functions) - is doomed and goes to the steering, where its class's
     * flows take it to the first function before the late tiers; one that no class with late tiers
     * takes drops there.
     */
    private static void doomAtDeny(Ctx c, Set<DeviceId> dsns) {
        java.util.SortedSet<Integer> egress = new java.util.TreeSet<>();
        java.util.SortedSet<Integer> ingress = new java.util.TreeSet<>();
        for (ServicePaths.Path p : c.sp.paths()) {
            if (p.late() != null) {
                egress.addAll(p.late().egress());
                ingress.addAll(p.late().ingress());
            }
        }
        List<DsnAction> doom = List.of(DsnAction.load(c.doom, 1), DsnAction.gotoTable(c.steer));
        for (DeviceId d : dsns) {
            for (int k : egress) {
                c.add(d, Table.DENY, PRIORITY, DsnMatch.builder().reg(Registers.EGRESS_RULE, k).reg(c.arrived, 0), doom);
            }
            for (int k : ingress) {
                c.add(d, Table.DENY, PRIORITY, DsnMatch.builder().reg(Registers.INGRESS_RULE, k).reg(c.arrived, 0), doom);
            }
            c.add(d, c.steer, DOOM_DROP, DsnMatch.builder().reg(c.doom, 1), List.of());
        }
    }

    /** The binding's IPv4 ({@code v4}) or IPv6 addresses. */
    private static List<IpAddress> family(EndpointBinding b, boolean v4) {
        List<IpAddress> out = new ArrayList<>();
        b.addresses().forEach(x -> {
            if (x.isIp4() == v4) {
                out.add(x);
            }
        });
        return out;
    }
}
