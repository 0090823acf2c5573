package org.dsp.ir;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.onlab.packet.MacAddress;

/**
 * A tenant's service chains that steer through service functions (docs/chaining.md): for each
 * traffic class (from endpoints, to endpoints, protocol and ports) the ordered hops a packet
 * takes after the DSN of its sender decided and committed it, each hop a set of instances
 * (workloads of the tenant) of which one processes a connection, both ways. A driver steers a
 * packet to the chosen instance - on the DSN, or through the overlay with the hop's steering
 * index in the tunnel key ({@link #tunnelKey()} in the upper 16 bits) - takes it back from the
 * instance and on to the next hop, and finally to its destination, which decides its ingress as
 * for any packet from the network. Replies take the hops in reverse. Built-in steps (the
 * firewall) run in the sender's DSN pass and appear here only in {@link Path#steps()}.
 */
public final class ServicePaths extends LogicalAction {
    /** One service-function hop: its instances, in declared order, each with its steering index (1-255). */
    public static final class Hop {
        private final String name;
        private final boolean routed;
        private final boolean failOpen;
        private final List<String> instances;
        private final List<Integer> indexes;
        private final java.util.Set<String> down;

        /**
         * A hop: its name, whether its instances route (they receive packets addressed to their own
         * MAC and send them to their gateway; else they are transparent and send back the frames
         * they get unchanged), whether a hop with no live instance is bypassed (else its traffic
         * drops), its instances and their steering indexes, and the instances whose health checks
         * failed (no connection is placed on them).
         */
        public Hop(String name, boolean routed, boolean failOpen, List<String> instances, List<Integer> indexes,
                   java.util.Set<String> down) {
            if (instances.isEmpty() || instances.size() != indexes.size()) {
                throw new IllegalArgumentException("hop " + name + ": one steering index per instance, at least one instance");
            }
            for (int i : indexes) {
                if (i < 1 || i > 255) {
                    throw new IllegalArgumentException("hop " + name + ": steering index " + i + " is not 1..255");
                }
            }
            this.name = Objects.requireNonNull(name);
            this.routed = routed;
            this.failOpen = failOpen;
            this.instances = List.copyOf(instances);
            this.indexes = List.copyOf(indexes);
            this.down = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(down));
        }

        /** Returns the hop's name (the step's). */
        public String name() {
            return name;
        }

        /** Returns whether the instances route (L3) rather than send back what they get (L2, transparent). */
        public boolean routed() {
            return routed;
        }

        /** Returns whether the hop is bypassed when no instance is live (fail-open), else its traffic drops. */
        public boolean failOpen() {
            return failOpen;
        }

        /** Returns the instances' endpoint names, in declared order. */
        public List<String> instances() {
            return instances;
        }

        /** Returns each instance's steering index (carried in the tunnel key to the instance's DSN). */
        public List<Integer> indexes() {
            return indexes;
        }

        /** Returns the instances that failed their health checks. */
        public java.util.Set<String> down() {
            return down;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hop && ((Hop) o).name.equals(name) && ((Hop) o).routed == routed && ((Hop) o).failOpen == failOpen
                    && ((Hop) o).instances.equals(instances) && ((Hop) o).indexes.equals(indexes) && ((Hop) o).down.equals(down);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, routed, failOpen, instances, indexes, down);
        }

        @Override
        public String toString() {
            return name + (routed ? "(routed" : "(transparent") + (failOpen ? ",bypass" : ",drop") + ")" + instances
                    + (down.isEmpty() ? "" : "down" + down);
        }
    }

    /** One chain: its traffic class and its hops. */
    public static final class Path {
        private final String name;
        private final List<String> from;
        private final List<String> to;
        private final int protocol;
        private final List<Integer> ports;
        private final List<String> steps;
        private final List<Hop> hops;

        /**
         * A chain: its name, the endpoints whose connections it takes ({@code from} opens them to
         * {@code to}), the IP protocol (0: any) and destination ports (empty: any), every step's
         * name in order (built-in ones too, for explanations) and the service-function hops.
         */
        public Path(String name, List<String> from, List<String> to, int protocol, List<Integer> ports, List<String> steps, List<Hop> hops) {
            this.name = Objects.requireNonNull(name);
            this.from = List.copyOf(from);
            this.to = List.copyOf(to);
            this.protocol = protocol;
            this.ports = List.copyOf(ports);
            this.steps = List.copyOf(steps);
            this.hops = List.copyOf(hops);
        }

        /** Returns the chain's name. */
        public String name() {
            return name;
        }

        /** Returns the endpoints that open the class's connections. */
        public List<String> from() {
            return from;
        }

        /** Returns the endpoints the class's connections go to. */
        public List<String> to() {
            return to;
        }

        /** Returns the IP protocol number, 0 for any. */
        public int protocol() {
            return protocol;
        }

        /** Returns the destination ports (TCP or UDP), empty for any. */
        public List<Integer> ports() {
            return ports;
        }

        /** Returns every step's name, built-in and service function, in order. */
        public List<String> steps() {
            return steps;
        }

        /** Returns the service-function hops, in order. */
        public List<Hop> hops() {
            return hops;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Path)) {
                return false;
            }
            Path p = (Path) o;
            return p.name.equals(name) && p.from.equals(from) && p.to.equals(to) && p.protocol == protocol && p.ports.equals(ports)
                    && p.steps.equals(steps) && p.hops.equals(hops);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, from, to, protocol, ports, steps, hops);
        }

        @Override
        public String toString() {
            return name + ":" + from + "->" + to + (protocol == 0 ? "" : "/" + protocol + ports) + hops;
        }
    }

    /**
     * The instances' health probes: what comes back from an instance's port from {@code source} to
     * UDP port {@code port} is a probe's answer, sent to the controller with the cookie of punt
     * kind {@code puntKind}.
     */
    public static final class Probe {
        private final org.onlab.packet.Ip4Address source;
        private final int port;
        private final Owner.Kind puntKind;

        /** The probes' source address, UDP port and punt kind. */
        public Probe(org.onlab.packet.Ip4Address source, int port, Owner.Kind puntKind) {
            this.source = Objects.requireNonNull(source);
            this.port = port;
            this.puntKind = Objects.requireNonNull(puntKind);
        }

        /** Returns the probes' source address. */
        public org.onlab.packet.Ip4Address source() {
            return source;
        }

        /** Returns the probes' UDP destination port. */
        public int port() {
            return port;
        }

        /** Returns the punt kind of the flows that send the answers to the controller. */
        public Owner.Kind puntKind() {
            return puntKind;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Probe && ((Probe) o).source.equals(source) && ((Probe) o).port == port && ((Probe) o).puntKind.equals(puntKind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, port, puntKind);
        }
    }

    /**
     * How a chain keeps to the connections it saw start (docs/chaining.md): a connection whose first
     * packet a chain steered is marked in conntrack by the label field {@code label} where it starts
     * and where it arrives - a packet the chain delivers carries the per-packet field {@code arrived}
     * - and only marked connections are steered after their first packet, both ways. A connection
     * opened before its chain applied goes on its usual way, so no instance sees a connection from
     * its middle.
     */
    public static final class Pin {
        private final LogicalField label;
        private final LogicalField arrived;

        /** The conntrack label field of a chained connection and the per-packet field of a packet a chain delivered. */
        public Pin(LogicalField label, LogicalField arrived) {
            if (!label.label()) {
                throw new IllegalArgumentException(label + " is no conntrack label field");
            }
            this.label = label;
            this.arrived = Objects.requireNonNull(arrived);
        }

        /** Returns the conntrack label field that marks a chained connection (1). */
        public LogicalField label() {
            return label;
        }

        /** Returns the per-packet field set on a packet the chain delivers to its destination (1). */
        public LogicalField arrived() {
            return arrived;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Pin && ((Pin) o).label.equals(label) && ((Pin) o).arrived.equals(arrived);
        }

        @Override
        public int hashCode() {
            return Objects.hash(label, arrived);
        }
    }

    /**
     * How a steered packet is measured (docs/chaining.md): against its destination's network MTU
     * (plus its Ethernet header) into the per-packet field {@code tooBig}, and one too large goes to
     * the controller with the cookie of punt kind {@code puntKind} (the overlay's, which answers the
     * sender with the destination network's MTU) instead of on to an instance.
     */
    public static final class Mtu {
        private final LogicalField tooBig;
        private final Owner.Kind puntKind;
        private final Map<String, Integer> byMember;

        /** The field a packet's measurement goes to, the punt kind of too-large packets, and each member's network MTU. */
        public Mtu(LogicalField tooBig, Owner.Kind puntKind, Map<String, Integer> byMember) {
            this.tooBig = Objects.requireNonNull(tooBig);
            this.puntKind = Objects.requireNonNull(puntKind);
            this.byMember = java.util.Collections.unmodifiableMap(new TreeMap<>(byMember));
        }

        /** Returns the per-packet field a measurement goes to (1: too large). */
        public LogicalField tooBig() {
            return tooBig;
        }

        /** Returns the punt kind of the flows that send too-large packets to the controller. */
        public Owner.Kind puntKind() {
            return puntKind;
        }

        /** Returns each member's network MTU. */
        public Map<String, Integer> byMember() {
            return byMember;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mtu && ((Mtu) o).tooBig.equals(tooBig) && ((Mtu) o).puntKind.equals(puntKind) && ((Mtu) o).byMember.equals(byMember);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tooBig, puntKind, byMember);
        }
    }

    /**
     * One hop placed for a pair of endpoints: the hop, its slots - a connection is hashed over them
     * - each naming the live instance that takes the slot's connections, and the distinct live
     * candidates, in declared order.
     */
    public static final class Placed {
        private final Hop hop;
        private final List<String> slots;
        private final List<String> candidates;

        Placed(Hop hop, List<String> slots) {
            this.hop = hop;
            this.slots = List.copyOf(slots);
            this.candidates = List.copyOf(new java.util.LinkedHashSet<>(slots));
        }

        /** Returns the hop. */
        public Hop hop() {
            return hop;
        }

        /** Returns, per slot, the instance that takes it (a down instance's slot goes to a live one of its tier). */
        public List<String> slots() {
            return slots;
        }

        /** Returns the distinct live instances that take the hop's connections, in declared order. */
        public List<String> candidates() {
            return candidates;
        }

        /** Returns the steering index of candidate {@code instance}. */
        public int index(String instance) {
            return hop.indexes().get(hop.instances().indexOf(instance));
        }
    }

    /**
     * The fabric distance between two DSNs, in links (the topology's shortest path; 0 between a
     * DSN and itself), or a negative number when it is not known (no path, or no topology).
     */
    @FunctionalInterface
    public interface Distance {
        /** No distance known: every instance off the pair's DSNs is as near as any other. */
        Distance UNKNOWN = (x, y) -> -1;

        /** Returns the number of links between {@code x} and {@code y}, or a negative number when unknown. */
        int hops(org.onosproject.net.DeviceId x, org.onosproject.net.DeviceId y);
    }

    /** {@link #place(Path, String, String, java.util.function.Function, java.util.function.Predicate, Distance)} with no distance known. */
    public static List<Placed> place(Path path, String a, String b, java.util.function.Function<String, org.onosproject.net.DeviceId> dsnOf,
                                     java.util.function.Predicate<org.onosproject.net.DeviceId> reachable) {
        return place(path, a, b, dsnOf, reachable, Distance.UNKNOWN);
    }

    /**
     * Where a chain's hops run for a connection from endpoint {@code a} to endpoint {@code b} (the
     * driver and the explanations share it). An instance is placed when it is bound ({@code dsnOf}
     * names its DSN) and its DSN can be steered to ({@code reachable}: it has a tunnel endpoint), or
     * it sits on the DSN of both {@code a} and {@code b} (no tunnel needed); it is live when, besides,
     * its health checks have not failed. A hop's tier - the instances a connection is hashed over -
     * is the first of these with a live instance: its placed instances on {@code a}'s DSN; those on
     * {@code b}'s DSN; then its placed instances grouped by their detour, fewest fabric hops first
     * ({@link #detour}: the links from {@code a}'s DSN to the instance's and on to {@code b}'s, ties
     * by the links from {@code a}'s), those whose distance is unknown last, in one group. A
     * connection is hashed over the tier's instances (its slots, in declared order), and the slot of
     * an instance that is down is taken by the next live one of the tier. So an instance going down
     * moves only its own connections, and the slots are a function of the two DSNs, the topology and
     * the health only: both ends of a connection hash it over the same list. A hop with no live
     * instance is left out when it fails open; when it fails closed the pair's traffic of the class
     * drops (null is returned). With no distance known the groups are one: every placed instance.
     */
    public static List<Placed> place(Path path, String a, String b, java.util.function.Function<String, org.onosproject.net.DeviceId> dsnOf,
                                     java.util.function.Predicate<org.onosproject.net.DeviceId> reachable, Distance distance) {
        org.onosproject.net.DeviceId da = dsnOf.apply(a);
        org.onosproject.net.DeviceId db = dsnOf.apply(b);
        List<Placed> out = new java.util.ArrayList<>();
        for (Hop h : path.hops()) {
            List<String> placed = new java.util.ArrayList<>();
            for (String x : h.instances()) {
                org.onosproject.net.DeviceId dx = dsnOf.apply(x);
                if (dx != null && (reachable.test(dx) || (dx.equals(da) && dx.equals(db)))) {
                    placed.add(x); // reached through the tunnel, or on the pair's one DSN (no tunnel needed)
                }
            }
            List<List<String>> tiers = new java.util.ArrayList<>(List.of(on(placed, da, dsnOf), on(placed, db, dsnOf)));
            tiers.addAll(byDetour(placed, da, db, dsnOf, distance));
            List<String> tier = null;
            for (List<String> t : tiers) {
                if (t.stream().anyMatch(x -> !h.down().contains(x))) {
                    tier = t;
                    break;
                }
            }
            if (tier == null) {
                if (h.failOpen()) {
                    continue;
                }
                return null;
            }
            List<String> slots = new java.util.ArrayList<>();
            for (int j = 0; j < tier.size(); j++) {
                int k = j;
                while (h.down().contains(tier.get(k))) {
                    k = (k + 1) % tier.size();
                }
                slots.add(tier.get(k));
            }
            out.add(new Placed(h, slots));
        }
        return out;
    }

    /**
     * The fabric links a connection from a DSN {@code da} to {@code db} crosses when it is steered
     * through an instance on {@code dx}: from {@code da} to {@code dx} and on to {@code db}; negative
     * when either distance is unknown.
     */
    public static int detour(org.onosproject.net.DeviceId da, org.onosproject.net.DeviceId dx, org.onosproject.net.DeviceId db,
                             Distance distance) {
        int there = da.equals(dx) ? 0 : distance.hops(da, dx);
        int on = dx.equals(db) ? 0 : distance.hops(dx, db);
        return there < 0 || on < 0 ? -1 : there + on;
    }

    /** The placed instances in groups of equal detour (and equal distance from {@code da}), nearest first, the unknown ones last. */
    private static List<List<String>> byDetour(List<String> placed, org.onosproject.net.DeviceId da, org.onosproject.net.DeviceId db,
                                               java.util.function.Function<String, org.onosproject.net.DeviceId> dsnOf, Distance distance) {
        TreeMap<Long, List<String>> groups = new TreeMap<>();
        for (String x : placed) {
            org.onosproject.net.DeviceId dx = dsnOf.apply(x);
            int detour = detour(da, dx, db, distance);
            long order = detour < 0 ? Long.MAX_VALUE : ((long) detour << 32) | (da.equals(dx) ? 0 : distance.hops(da, dx));
            groups.computeIfAbsent(order, k -> new java.util.ArrayList<>()).add(x);
        }
        return new java.util.ArrayList<>(groups.values());
    }

    private static List<String> on(List<String> instances, org.onosproject.net.DeviceId dsn,
                                   java.util.function.Function<String, org.onosproject.net.DeviceId> dsnOf) {
        List<String> out = new java.util.ArrayList<>();
        instances.forEach(x -> {
            if (dsnOf.apply(x).equals(dsn)) {
                out.add(x);
            }
        });
        return out;
    }

    private final int tunnelKey;
    private final MacAddress router;
    private final Map<String, Long> networks;
    private final LogicalField hop;
    private final LogicalField slot;
    private final Stage steer;
    private final Stage dispatch;
    private final List<Path> paths;
    private final Probe probe;
    private final Mtu mtu;
    private final Pin pin;

    /**
     * The tenant's chains: the 16-bit key of its steering tunnel ids (a conntrack-zone-sized
     * number of the tenant's own, never another tenant's key), the tenant router's MAC, each
     * member's network id, the per-packet fields that carry the hop and the chosen slot between
     * the steering and the dispatch stage, those two stages, the chains, the instances' health
     * probes (null: not probed), how steered packets are measured (null: not measured) and how
     * connections are kept to the chain they started with (null: every packet of a class is steered).
     */
    public ServicePaths(int tunnelKey, MacAddress router, Map<String, Long> networks, LogicalField hop, LogicalField slot,
                        Stage steer, Stage dispatch, List<Path> paths, Probe probe, Mtu mtu, Pin pin) {
        if (tunnelKey < 1 || tunnelKey > 0xffff) {
            throw new IllegalArgumentException("steering key " + tunnelKey + " is not 1..65535");
        }
        this.tunnelKey = tunnelKey;
        this.router = Objects.requireNonNull(router);
        this.networks = java.util.Collections.unmodifiableMap(new TreeMap<>(networks));
        this.hop = Objects.requireNonNull(hop);
        this.slot = Objects.requireNonNull(slot);
        this.steer = Objects.requireNonNull(steer);
        this.dispatch = Objects.requireNonNull(dispatch);
        this.paths = List.copyOf(paths);
        this.probe = probe;
        this.mtu = mtu;
        this.pin = pin;
    }

    /** Returns how connections are kept to the chain they started with, or null. */
    public Pin pin() {
        return pin;
    }

    /** Returns how steered packets are measured against their destination's network MTU, or null. */
    public Mtu mtu() {
        return mtu;
    }

    /** Returns the instances' health probes, or null. */
    public Probe probe() {
        return probe;
    }

    /** Returns the service paths a logical flow carries (a tenant's chains), or null. */
    public static ServicePaths of(LogicalFlow f) {
        if (f == null || f.verdict() != null || f.actions().size() != 1) {
            return null;
        }
        LogicalAction a = f.actions().get(0);
        return a instanceof ServicePaths ? (ServicePaths) a : null;
    }

    /** Returns the upper 16 bits of the steering tunnel ids (the low 8 bits: an instance's steering index). */
    public int tunnelKey() {
        return tunnelKey;
    }

    /**
     * Returns the tunnel id that brings a packet to the instance with steering index {@code index}
     * (index 0: a packet the chain delivers to its destination, when connections are pinned).
     */
    public long steeringId(int index) {
        return ((long) tunnelKey << 8) | (index & 0xff);
    }

    /** Returns the tenant router's MAC (a routed instance sends to it). */
    public MacAddress router() {
        return router;
    }

    /** Returns each member's network id (the tunnel id of packets delivered to it). */
    public Map<String, Long> networks() {
        return networks;
    }

    /** Returns the field carrying the hop being dispatched (per packet). */
    public LogicalField hop() {
        return hop;
    }

    /** Returns the field carrying the instance slot a connection hashed to (per packet). */
    public LogicalField slot() {
        return slot;
    }

    /** Returns the stage where a packet of a class is steered to its first (or, a reply, last) hop. */
    public Stage steer() {
        return steer;
    }

    /** Returns the stage where a steered packet goes to its instance. */
    public Stage dispatch() {
        return dispatch;
    }

    /** Returns the chains. */
    public List<Path> paths() {
        return paths;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ServicePaths)) {
            return false;
        }
        ServicePaths s = (ServicePaths) o;
        return s.tunnelKey == tunnelKey && s.router.equals(router) && s.networks.equals(networks) && s.hop.equals(hop)
                && s.slot.equals(slot) && s.steer.equals(steer) && s.dispatch.equals(dispatch) && s.paths.equals(paths)
                && Objects.equals(s.probe, probe) && Objects.equals(s.mtu, mtu)
                && Objects.equals(s.pin, pin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tunnelKey, router, networks, hop, slot, steer, dispatch, paths, probe, mtu, pin);
    }

    @Override
    public String toString() {
        return "chains(key=" + tunnelKey + "," + paths + ")";
    }
}
