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
        private final Map<String, Integer> load;
        private final Map<String, Integer> capacity;

        /**
         * A hop: its name, whether its instances route (they receive packets addressed to their own
         * MAC and send them to their gateway; else they are transparent and send back the frames
         * they get unchanged), whether a hop with no live instance is bypassed (else its traffic
         * drops), its instances and their steering indexes, and the instances whose health checks
         * failed (no connection is placed on them).
         */
        public Hop(String name, boolean routed, boolean failOpen, List<String> instances, List<Integer> indexes,
                   java.util.Set<String> down) {
            this(name, routed, failOpen, instances, indexes, down, Map.of(), Map.of());
        }

        /**
         * As {@link #Hop(String, boolean, boolean, List, List, java.util.Set)}, with each instance's
         * load level ({@code load}; an instance not named: level 0, idle or not measured) and declared
         * relative capacity ({@code capacity}, 1 to {@link #MAX_CAPACITY}; not named: 1): instances a
         * connection could take alike (one tier) share new connections in proportion to capacity, a
         * level less loaded taking about twice the share (docs/chaining.md, "Ties by load").
         */
        public Hop(String name, boolean routed, boolean failOpen, List<String> instances, List<Integer> indexes,
                   java.util.Set<String> down, Map<String, Integer> load, Map<String, Integer> capacity) {
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
            this.load = perInstance("load level", load, 0, Integer.MAX_VALUE, 0);
            this.capacity = perInstance("capacity", capacity, 1, MAX_CAPACITY, 1);
        }

        /** The largest relative capacity an instance may have (1, the default, the smallest). */
        public static final int MAX_CAPACITY = 16;

        /**
         * {@code values} of this hop's instances, each {@code min} to {@code max}; those equal to
         * {@code dflt} left out (one hop, one form).
         */
        private Map<String, Integer> perInstance(String what, Map<String, Integer> values, int min, int max, int dflt) {
            TreeMap<String, Integer> out = new TreeMap<>();
            values.forEach((x, v) -> {
                if (v < min || v > max) {
                    throw new IllegalArgumentException("hop " + name + ": " + what + " " + v + " of " + x + " is not " + min + ".." + max);
                }
                if (v != dflt && instances.contains(x)) {
                    out.put(x, v);
                }
            });
            return java.util.Collections.unmodifiableMap(out);
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

        /** Returns the load level of each instance measured above idle (level 0, the others). */
        public Map<String, Integer> load() {
            return load;
        }

        /** Returns the load level of {@code instance} (0: idle or not measured). */
        public int load(String instance) {
            return load.getOrDefault(instance, 0);
        }

        /** Returns the instances declared with a relative capacity above 1, and theirs. */
        public Map<String, Integer> capacity() {
            return capacity;
        }

        /** Returns the declared relative capacity of {@code instance} (1 unless declared). */
        public int capacity(String instance) {
            return capacity.getOrDefault(instance, 1);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hop && ((Hop) o).name.equals(name) && ((Hop) o).routed == routed && ((Hop) o).failOpen == failOpen
                    && ((Hop) o).instances.equals(instances) && ((Hop) o).indexes.equals(indexes) && ((Hop) o).down.equals(down)
                    && ((Hop) o).load.equals(load) && ((Hop) o).capacity.equals(capacity);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, routed, failOpen, instances, indexes, down, load, capacity);
        }

        @Override
        public String toString() {
            return name + (routed ? "(routed" : "(transparent") + (failOpen ? ",bypass" : ",drop") + ")" + instances
                    + (down.isEmpty() ? "" : "down" + down) + (load.isEmpty() ? "" : "load" + load)
                    + (capacity.isEmpty() ? "" : "capacity" + capacity);
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
        private final boolean encrypted;
        private final List<org.onlab.packet.IpPrefix> external;
        private final Stage route;
        /** With {@link #external}: the class comes from the external network (to {@link #to}), else goes to it (from {@link #from}). */
        private final boolean inbound;
        private final Late late;

        /**
         * A chain: its name, the endpoints whose connections it takes ({@code from} opens them to
         * {@code to}), the IP protocol (0: any) and destination ports (empty: any), every step's
         * name in order (built-in ones too, for explanations) and the service-function hops; its
         * class crosses the underlay as the tenant's other traffic does.
         */
        public Path(String name, List<String> from, List<String> to, int protocol, List<Integer> ports, List<String> steps, List<Hop> hops) {
            this(name, from, to, protocol, ports, steps, hops, false);
        }

        /**
         * As {@link #Path(String, List, List, int, List, List, List)}; {@code encrypted}: the class
         * crosses the underlay only encrypted (the tenant requires encryption, or the chain has an
         * encryption step): every tunnel it takes - to an instance's DSN, on, and to its
         * destination's - is the DSNs' encrypted one, and between two DSNs of which one has none it
         * does not pass at all.
         */
        public Path(String name, List<String> from, List<String> to, int protocol, List<Integer> ports, List<String> steps, List<Hop> hops,
                    boolean encrypted) {
            this(name, from, to, protocol, ports, steps, hops, encrypted, List.of(), null, false, null);
        }

        private Path(String name, List<String> from, List<String> to, int protocol, List<Integer> ports, List<String> steps, List<Hop> hops,
                     boolean encrypted, List<org.onlab.packet.IpPrefix> external, Stage route, boolean inbound, Late late) {
            this.encrypted = encrypted;
            this.late = late;
            if (late != null && (!external.isEmpty() || hops.size() < late.after())) {
                throw new IllegalArgumentException("chain " + name + ": firewall tiers decided late need a class between endpoints "
                        + "and " + late.after() + " function steps before them");
            }
            this.name = Objects.requireNonNull(name);
            this.from = List.copyOf(from);
            this.to = List.copyOf(to);
            this.protocol = protocol;
            this.ports = List.copyOf(ports);
            this.steps = List.copyOf(steps);
            this.hops = List.copyOf(hops);
            this.external = List.copyOf(external);
            this.route = route;
            this.inbound = inbound;
            if (!this.external.isEmpty() && (route == null || !(inbound ? this.from : this.to).isEmpty()
                    || this.external.stream().anyMatch(x -> !x.isIp4()))) {
                throw new IllegalArgumentException("chain " + name + ": a class to the external network goes to IPv4 prefixes only, "
                        + "through the route stage of the tenant's external access");
            }
        }

        /**
         * This chain as a class to the external network: its connections go from {@code from} to
         * the IPv4 prefixes {@code to} (not the tenant's), leaving after the hops through NAT -
         * handed to the stage {@code route} (NAT's route stage, where a member's packets for outside
         * addresses go to their gateway) as if the member had sent them (docs/chaining.md).
         */
        public Path toExternal(List<org.onlab.packet.IpPrefix> to, Stage route) {
            return new Path(name, from, List.of(), protocol, ports, steps, hops, encrypted, to, Objects.requireNonNull(route), false, late);
        }

        /**
         * This chain as a class from the external network: connections from the IPv4 prefixes
         * {@code from} to this chain's {@code to} members (their addresses and ports after NAT's
         * translation at the gateway), steered at the member's DSN after its ingress; their replies,
         * after the hops, handed to {@code route} (NAT's route stage) as the member's own packets.
         */
        public Path fromExternal(List<org.onlab.packet.IpPrefix> from, Stage route) {
            return new Path(name, List.of(), to, protocol, ports, steps, hops, encrypted, from, Objects.requireNonNull(route), true, late);
        }

        /**
         * This chain with firewall tiers decided late ({@code late}; null: none): a packet one of
         * their deny rules denies passes the function steps before them ({@link #beforeLate}), and
         * drops as it comes back from the last (docs/chaining.md, "A step per firewall tier").
         */
        public Path withLate(Late late) {
            return new Path(name, from, to, protocol, ports, steps, hops, encrypted, external, route, inbound, late);
        }

        /** Returns the firewall tiers the class decides late (their deny rules' keys), or null. */
        public Late late() {
            return late;
        }

        /** Returns the function steps a packet the late tiers deny passes before it drops: those before them (none without late tiers). */
        public List<Hop> beforeLate() {
            return late == null ? List.of() : hops.subList(0, late.after());
        }

        /** Returns whether the class comes from the external prefixes ({@link #external()}) rather than going to them. */
        public boolean inbound() {
            return inbound;
        }

        /** Returns the external prefixes the class goes to, or comes from when {@link #inbound()} (empty: endpoints only). */
        public List<org.onlab.packet.IpPrefix> external() {
            return external;
        }

        /** Returns the stage a class to the external network is handed to after its hops (NAT's route stage), or null. */
        public Stage route() {
            return route;
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

        /** Returns whether the class crosses the underlay only encrypted. */
        public boolean encrypted() {
            return encrypted;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Path)) {
                return false;
            }
            Path p = (Path) o;
            return p.name.equals(name) && p.from.equals(from) && p.to.equals(to) && p.protocol == protocol && p.ports.equals(ports)
                    && p.steps.equals(steps) && p.hops.equals(hops) && p.encrypted == encrypted && p.external.equals(external)
                    && Objects.equals(p.route, route) && p.inbound == inbound && Objects.equals(p.late, late);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, from, to, protocol, ports, steps, hops, encrypted, external, route, inbound, late);
        }

        @Override
        public String toString() {
            return name + ":" + (inbound ? "external " + external : from) + "->" + (external.isEmpty() || inbound ? to : "external " + external)
                    + (protocol == 0 ? "" : "/" + protocol + ports) + (encrypted ? "encrypted" : "") + hops + (late == null ? "" : late);
        }
    }

    /**
     * Firewall tiers a class decides late (a firewall step after one of its service functions): the
     * keys of their deny rules, as the firewall's flows write them into the rule registers -
     * {@code egress} the sender's, {@code ingress} the receiver's - and how many function steps come
     * before them. A packet such a rule denies at the sender's DSN is not dropped there but marked
     * doomed and steered through those functions' instances, and dropped as it comes back from the
     * last; the receiver on another DSN decides its ingress after the functions anyway.
     */
    public static final class Late {
        private final java.util.SortedSet<Integer> egress;
        private final java.util.SortedSet<Integer> ingress;
        private final int after;

        /**
         * Late tiers, decided after the first {@code after} function steps (at least 1), whose deny
         * rules have the keys {@code egress} (the sender's rules) and {@code ingress} (the receiver's).
         */
        public Late(java.util.Collection<Integer> egress, java.util.Collection<Integer> ingress, int after) {
            if (after < 1) {
                throw new IllegalArgumentException("late tiers come after a function step: " + after);
            }
            this.egress = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(egress));
            this.ingress = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(ingress));
            this.after = after;
        }

        /** Returns how many function steps come before the late tiers: a doomed packet passes those, and drops after the last. */
        public int after() {
            return after;
        }

        /** Returns the keys of the late tiers' egress deny rules. */
        public java.util.SortedSet<Integer> egress() {
            return egress;
        }

        /** Returns the keys of the late tiers' ingress deny rules. */
        public java.util.SortedSet<Integer> ingress() {
            return ingress;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Late && ((Late) o).egress.equals(egress) && ((Late) o).ingress.equals(ingress) && ((Late) o).after == after;
        }

        @Override
        public int hashCode() {
            return Objects.hash(egress, ingress, after);
        }

        @Override
        public String toString() {
            return "late(after " + after + ", egress " + egress + ", ingress " + ingress + ")";
        }
    }

    /**
     * How packets of classes with late firewall tiers ({@link Path#late()}) are doomed: the
     * per-packet field that marks one a late tier denied (between the deny stage and the dispatch),
     * and the 16-bit key of the tunnel ids that bring a doomed packet to an instance's DSN
     * ({@code key << 8 | steering index}; a zone-sized number of the tenant's own, as the steering key).
     */
    public static final class Doom {
        private final LogicalField field;
        private final int key;

        /** Doomed packets marked in {@code field}, brought to instances with tunnel ids of key {@code key}. */
        public Doom(LogicalField field, int key) {
            if (key < 1 || key > 0xffff) {
                throw new IllegalArgumentException("doom key " + key + " is not 1..65535");
            }
            this.field = Objects.requireNonNull(field);
            this.key = key;
        }

        /** Returns the per-packet field of a doomed packet. */
        public LogicalField field() {
            return field;
        }

        /** Returns the key of the doomed packets' tunnel ids. */
        public int key() {
            return key;
        }

        /** Returns the tunnel id that brings a doomed packet to the instance with steering index {@code index}. */
        public long id(int index) {
            return ((long) key << 8) | (index & 0xff);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Doom && ((Doom) o).field.equals(field) && ((Doom) o).key == key;
        }

        @Override
        public int hashCode() {
            return Objects.hash(field, key);
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
        private final LogicalField out;
        private final LogicalField back;
        private final LogicalField via;
        private final int deliveryKey;
        private final List<Integer> hopZones;

        /** The conntrack label field of a chained connection and the per-packet field of a packet a chain delivered. */
        public Pin(LogicalField label, LogicalField arrived) {
            this(label, arrived, null, null, null, 0);
        }

        /**
         * As {@link #Pin(LogicalField, LogicalField)}, and the conntrack label fields that pin a
         * connection of a chain with one function step to its instance (its steering index) at the
         * sender's DSN ({@code out}, for the connection's own packets) and at the receiver's
         * ({@code back}, for its replies), which follows the sender's choice: a packet the chain
         * delivers after instance {@code i} comes through the tunnel with the delivery id
         * {@code deliveryKey << 8 | i} ({@link #deliveryId}) and carries {@code i} in the per-packet
         * field {@code via} at the receiver's DSN. All null (and {@code deliveryKey} 0): hashed only.
         */
        public Pin(LogicalField label, LogicalField arrived, LogicalField out, LogicalField back, LogicalField via, int deliveryKey) {
            this(label, arrived, out, back, via, deliveryKey, List.of());
        }

        /**
         * As {@link #Pin(LogicalField, LogicalField, LogicalField, LogicalField, LogicalField, int)},
         * and the conntrack zones {@code hopZones} of a chain's function steps by position (the first
         * step's first): in a chain of several, what comes back from an instance of step i, either
         * way, passes zone {@code hopZones[i]} at the instance's DSN, which so sees both directions of
         * the connection there and pins the next step's instance ({@code out}) and the previous
         * one's ({@code back}) as the ends pin theirs. Steps past the list are hashed only.
         */
        public Pin(LogicalField label, LogicalField arrived, LogicalField out, LogicalField back, LogicalField via, int deliveryKey,
                   List<Integer> hopZones) {
            for (LogicalField f : java.util.Arrays.asList(label, out, back)) {
                if (f != null && !f.label()) {
                    throw new IllegalArgumentException(f + " is no conntrack label field");
                }
            }
            if ((out == null) != (back == null) || (out == null) != (via == null) || (out == null) != (deliveryKey == 0)) {
                throw new IllegalArgumentException("all of the fields and the key that pin an instance, or none");
            }
            if (via != null && via.label()) {
                throw new IllegalArgumentException(via + " is no per-packet field");
            }
            if (deliveryKey < 0 || deliveryKey > 0xffff) {
                throw new IllegalArgumentException("delivery key " + deliveryKey + " is not a 16-bit number");
            }
            this.label = Objects.requireNonNull(label);
            this.arrived = Objects.requireNonNull(arrived);
            this.out = out;
            this.back = back;
            this.via = via;
            this.deliveryKey = deliveryKey;
            this.hopZones = List.copyOf(hopZones);
            if (!this.hopZones.isEmpty() && out == null) {
                throw new IllegalArgumentException("zones of steps without the fields that pin an instance");
            }
            for (int z : this.hopZones) {
                if (z < 1 || z > 0xffff || z == deliveryKey) {
                    throw new IllegalArgumentException("zone " + z + " of a step is not 1..65535 or is the delivery key");
                }
            }
        }

        /** Returns the conntrack zone of the function step at {@code position} (0: the first), or 0 (hashed only). */
        public int hopZone(int position) {
            return position < hopZones.size() ? hopZones.get(position) : 0;
        }

        /** Returns the conntrack zones of the function steps by position. */
        public List<Integer> hopZones() {
            return hopZones;
        }

        /** Returns the per-packet field holding, at the receiver's DSN, the steering index of the instance a delivered packet came from (0: none), or null. */
        public LogicalField via() {
            return via;
        }

        /** Returns the upper 16 bits of the delivery ids ({@link #deliveryId}), or 0 (hashed only). */
        public int deliveryKey() {
            return deliveryKey;
        }

        /** Returns the tunnel id of a packet the chain delivers after the instance with steering index {@code index}. */
        public long deliveryId(int index) {
            if (deliveryKey == 0) {
                throw new IllegalStateException("no instance is pinned: no delivery key");
            }
            return ((long) deliveryKey << 8) | (index & 0xff);
        }

        /** Returns the label field holding the instance the connection's own packets are pinned to at the sender's DSN (both ends on one DSN: both directions), or null. */
        public LogicalField out() {
            return out;
        }

        /** Returns the label field holding the instance the connection's replies are pinned to at the receiver's DSN, or null. */
        public LogicalField back() {
            return back;
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
            return o instanceof Pin && ((Pin) o).label.equals(label) && ((Pin) o).arrived.equals(arrived)
                    && Objects.equals(((Pin) o).out, out) && Objects.equals(((Pin) o).back, back)
                    && Objects.equals(((Pin) o).via, via) && ((Pin) o).deliveryKey == deliveryKey && ((Pin) o).hopZones.equals(hopZones);
        }

        @Override
        public int hashCode() {
            return Objects.hash(label, arrived, out, back, via, deliveryKey, hopZones);
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
        private final int encryptedMax;
        private final Owner.Kind encryptedPuntKind;

        /** The field a packet's measurement goes to, the punt kind of too-large packets, and each member's network MTU. */
        public Mtu(LogicalField tooBig, Owner.Kind puntKind, Map<String, Integer> byMember) {
            this(tooBig, puntKind, byMember, 0, puntKind);
        }

        /**
         * As {@link #Mtu(LogicalField, Owner.Kind, Map)}, with the most an encrypted tunnel carries
         * ({@code encryptedMax}, 0: no limit of its own) and the punt kind of an encrypted class's
         * too-large packets (whose answer names that limit): an encrypted class's packets are
         * measured against the smaller of it and their destination's MTU.
         */
        public Mtu(LogicalField tooBig, Owner.Kind puntKind, Map<String, Integer> byMember, int encryptedMax, Owner.Kind encryptedPuntKind) {
            this.encryptedMax = encryptedMax;
            this.encryptedPuntKind = Objects.requireNonNull(encryptedPuntKind);
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

        /** Returns the punt kind of too-large packets of an encrypted class ({@code encrypted}), else {@link #puntKind()}. */
        public Owner.Kind puntKind(boolean encrypted) {
            return encrypted ? encryptedPuntKind : puntKind;
        }

        /** Returns each member's network MTU. */
        public Map<String, Integer> byMember() {
            return byMember;
        }

        /** Returns the most an encrypted tunnel carries per packet (0: no limit of its own). */
        public int encryptedMax() {
            return encryptedMax;
        }

        /** Returns what a packet to {@code member} is measured against (0: not known), through an encrypted tunnel when {@code encrypted}. */
        public int of(String member, boolean encrypted) {
            Integer m = byMember.get(member);
            return m == null ? 0 : encrypted && encryptedMax > 0 ? Math.min(m, encryptedMax) : m;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mtu && ((Mtu) o).tooBig.equals(tooBig) && ((Mtu) o).puntKind.equals(puntKind) && ((Mtu) o).byMember.equals(byMember)
                    && ((Mtu) o).encryptedMax == encryptedMax && ((Mtu) o).encryptedPuntKind.equals(encryptedPuntKind);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tooBig, puntKind, byMember, encryptedMax, encryptedPuntKind);
        }
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
    private final boolean encrypted;
    private final Doom doom;

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
        this(tunnelKey, router, networks, hop, slot, steer, dispatch, paths, probe, mtu, pin, false);
    }

    /**
     * As {@link #ServicePaths(int, MacAddress, Map, LogicalField, LogicalField, Stage, Stage, List, Probe, Mtu, Pin)};
     * {@code encrypted}: the tenant's traffic between DSNs crosses the underlay only encrypted
     * (docs/encryption.md), so the chains' tunnels are the DSNs' encrypted ones, and a DSN without
     * one is no place for a hop.
     */
    public ServicePaths(int tunnelKey, MacAddress router, Map<String, Long> networks, LogicalField hop, LogicalField slot,
                        Stage steer, Stage dispatch, List<Path> paths, Probe probe, Mtu mtu, Pin pin, boolean encrypted) {
        this(tunnelKey, router, networks, hop, slot, steer, dispatch, paths, probe, mtu, pin, encrypted, null);
    }

    /**
     * As {@link #ServicePaths(int, MacAddress, Map, LogicalField, LogicalField, Stage, Stage, List, Probe, Mtu, Pin, boolean)};
     * {@code doom}: how the packets a class's late firewall tiers deny are doomed (null: no class has
     * late tiers; required, with {@link #pin}, when one has).
     */
    public ServicePaths(int tunnelKey, MacAddress router, Map<String, Long> networks, LogicalField hop, LogicalField slot,
                        Stage steer, Stage dispatch, List<Path> paths, Probe probe, Mtu mtu, Pin pin, boolean encrypted, Doom doom) {
        this.encrypted = encrypted;
        this.doom = doom;
        if (paths.stream().anyMatch(p -> p.late() != null) && (doom == null || pin == null)) {
            throw new IllegalArgumentException("chains with late firewall tiers need their doom field and key, and pinned connections");
        }
        if (doom != null && (doom.key() == tunnelKey || pin != null && (pin.deliveryKey() == doom.key() || pin.hopZones().contains(doom.key())))) {
            throw new IllegalArgumentException("doom key " + doom.key() + " is the steering key, the delivery key or a step's zone");
        }
        if (tunnelKey < 1 || tunnelKey > 0xffff) {
            throw new IllegalArgumentException("steering key " + tunnelKey + " is not 1..65535");
        }
        if (pin != null && (pin.deliveryKey() == tunnelKey || pin.hopZones().contains(tunnelKey))) {
            throw new IllegalArgumentException("steering key " + tunnelKey + " is the delivery key or a step's zone (" + pin.deliveryKey() + ", "
                    + pin.hopZones() + "): a delivery id would be a steering id, or a step's entries the chain's own");
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

    /** Returns whether the chains' tunnels must be the DSNs' encrypted ones. */
    public boolean encrypted() {
        return encrypted;
    }

    /** Returns how connections are kept to the chain they started with, or null. */
    public Pin pin() {
        return pin;
    }

    /**
     * Returns the conntrack zone of placed hop {@code h}'s step in path {@code p}: by its position
     * among the path's function steps, whichever are placed (a bypassed one moves none); 0: none.
     */
    public int stepZone(Path p, ServicePlacement.Placed h) {
        return pin == null ? 0 : pin.hopZone(p.hops().indexOf(h.hop()));
    }

    /**
     * Returns whether the connections of path {@code p}, its hops placed as {@code placed}, are
     * pinned to their instances (docs/chaining.md, "Pinned to an instance"): all the way or hashed all
     * the way - ends pinned with a step between hashed would part a connection's directions - so a
     * chain of several steps needs each placed step's zone.
     */
    public boolean pinsInstances(Path p, List<ServicePlacement.Placed> placed) {
        return pin != null && pin.out() != null && placed != null && !placed.isEmpty()
                && (placed.size() < 2 || placed.stream().allMatch(h -> stepZone(p, h) != 0));
    }

    /** Returns how packets that late firewall tiers deny are doomed, or null. */
    public Doom doom() {
        return doom;
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
                && Objects.equals(s.pin, pin) && s.encrypted == encrypted && Objects.equals(s.doom, doom);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tunnelKey, router, networks, hop, slot, steer, dispatch, paths, probe, mtu, pin, encrypted, doom);
    }

    @Override
    public String toString() {
        return "chains(key=" + tunnelKey + "," + (encrypted ? "encrypted," : "") + paths + ")";
    }
}
