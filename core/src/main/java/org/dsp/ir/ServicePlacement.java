package org.dsp.ir;

import java.util.List;
import java.util.TreeMap;
import org.dsp.ir.ServicePaths.Hop;
import org.dsp.ir.ServicePaths.Path;

/**
 * Where a chain's service-function hops run for a connection (docs/chaining.md, "Placement"): the
 * pure function the driver and the explanations share, over the instances' DSNs, which DSNs can be
 * steered to, the instances' health and the fabric distances between DSNs.
 */
public final class ServicePlacement {
    private ServicePlacement() {
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
        private final List<String> live;
        private final List<String> tier;
        private final boolean weighed;

        Placed(Hop hop, List<String> tier, List<String> slots, List<String> live, boolean weighed) {
            this.hop = hop;
            this.weighed = weighed;
            this.tier = List.copyOf(tier);
            this.slots = List.copyOf(slots);
            this.candidates = List.copyOf(new java.util.LinkedHashSet<>(slots));
            this.live = List.copyOf(live);
        }

        /** Returns the hop. */
        public Hop hop() {
            return hop;
        }

        /**
         * Returns the hop's tier for the pair: its instances a connection is hashed over, down ones
         * included, in declared order. Pairs of one tier share their slots (the slots are a function
         * of the tier and the hop's health, load and capacity).
         */
        public List<String> tier() {
            return tier;
        }

        /** Returns whether the slots are weighed by capacity and load ({@link #weighted}), else one per instance of the tier. */
        public boolean weighed() {
            return weighed;
        }

        /** Returns, per slot, the instance that takes it (a down instance's slot goes to a live one of its tier). */
        public List<String> slots() {
            return slots;
        }

        /** Returns the distinct live instances that take the hop's connections, in declared order. */
        public List<String> candidates() {
            return candidates;
        }

        /**
         * Returns every instance of the hop that could take the pair's connections now, in declared
         * order: placed and not down, in any tier - the candidates and those of farther tiers. A
         * connection pinned to one of them stays with it (docs/chaining.md, "Pinned to an instance").
         */
        public List<String> live() {
            return live;
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
     * names its DSN) and its DSN and both ends' can be steered between ({@code reachable}: they have
     * a tunnel endpoint), or it sits on the DSN of both {@code a} and {@code b} (no tunnel needed); it is live when, besides,
     * its health checks have not failed. A hop's tier - the instances a connection is hashed over -
     * is the first of these with a live instance: its placed instances on {@code a}'s DSN; those on
     * {@code b}'s DSN; then its placed instances grouped by their detour, fewest fabric hops first
     * ({@link #detour}: the links from {@code a}'s DSN to the instance's and on to {@code b}'s, ties
     * by the links from {@code a}'s), those whose distance is unknown last, in one group. A
     * connection is hashed over the tier's instances (its slots, in declared order), and the slot of
     * an instance that is down is taken by the next live one of the tier; where the live instances'
     * load levels differ, over slots weighed by them ({@link #weighted}). So with equal loads an
     * instance going down moves only its own unpinned connections (weighed, the slots are shared
     * again among the live ones), and the slots are a function of the two DSNs, the topology, the
     * health, the load and the declared capacities only: both ends of a connection hash it over the same list. A hop with no live
     * instance is left out when it fails open; when it fails closed the pair's traffic of the class
     * drops (null is returned). With no distance known the groups are one: every placed instance.
     * An encrypted class ({@link Path#encrypted()}) between two DSNs drops (null) unless both can
     * be reached: it never crosses the underlay in clear.
     */
    public static List<Placed> place(Path path, String a, String b, java.util.function.Function<String, org.onosproject.net.DeviceId> dsnOf,
                                     java.util.function.Predicate<org.onosproject.net.DeviceId> reachable, Distance distance) {
        org.onosproject.net.DeviceId da = dsnOf.apply(a);
        org.onosproject.net.DeviceId db = dsnOf.apply(b);
        if (sealedOff(path, da, db, reachable)) {
            return null;
        }
        boolean ends = reachable.test(da) && reachable.test(db); // the steering leaves da and ends at db
        List<Placed> out = new java.util.ArrayList<>();
        for (Hop h : path.hops()) {
            List<String> placed = new java.util.ArrayList<>();
            for (String x : h.instances()) {
                org.onosproject.net.DeviceId dx = dsnOf.apply(x);
                if (dx != null && (dx.equals(da) && dx.equals(db) || ends && reachable.test(dx))) {
                    // on the pair's one DSN (no tunnel needed), or where the tunnels go: from the sender's DSN, to the receiver's
                    placed.add(x);
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
            List<String> slots = weighted(h, tier);
            boolean weighed = slots != null;
            if (slots == null) {
                slots = new java.util.ArrayList<>();
                for (int j = 0; j < tier.size(); j++) {
                    int k = j;
                    while (h.down().contains(tier.get(k))) {
                        k = (k + 1) % tier.size();
                    }
                    slots.add(tier.get(k));
                }
            }
            List<String> live = new java.util.ArrayList<>(placed);
            live.removeAll(h.down());
            out.add(new Placed(h, tier, slots, live, weighed));
        }
        return out;
    }

    /** The most slots a tier's connections are hashed over when weighed by load (a 4-bit field holds the slot). */
    public static final int MAX_SLOTS = 16;
    /** Slots per live instance of a tier weighed by load (at most {@link #MAX_SLOTS} in all). */
    public static final int SLOTS_PER_INSTANCE = 4;
    /** The most load levels one instance's weight differs from another's by: a weight is at most 2^this times another's. */
    public static final int MAX_LEVELS_APART = 4;

    /**
     * The slots of a tier whose live instances' weights differ, else null (equal weights: one slot
     * per instance, a down one's taken by the next live one). An instance's weight is its declared
     * capacity ({@link Hop#capacity}) times {@code 2^(top - level)} ({@link Hop#load}; {@code top}
     * the highest level among them, the difference at most {@link #MAX_LEVELS_APART}). Weighed, the
     * tier's live instances share {@code min(16, 4 x live)} slots by weight: an instance a level less
     * loaded takes about twice the new connections, one of twice the capacity about twice too. Every live instance
     * keeps a slot; the rest go by largest remainder, ties in declared order; the slots list each
     * instance's run in declared order. A down instance takes none. Connections already pinned to
     * an instance stay with it (docs/chaining.md, "Ties by load").
     */
    static List<String> weighted(Hop h, List<String> tier) {
        List<String> live = new java.util.ArrayList<>(tier);
        live.removeAll(h.down());
        int top = live.stream().mapToInt(h::load).max().orElse(0);
        long[] weight = new long[live.size()];
        long sum = 0;
        for (int i = 0; i < live.size(); i++) {
            weight[i] = (long) h.capacity(live.get(i)) << Math.min(MAX_LEVELS_APART, top - h.load(live.get(i)));
            sum += weight[i];
        }
        int n = Math.min(MAX_SLOTS, SLOTS_PER_INSTANCE * live.size());
        if (live.size() < 2 || java.util.Arrays.stream(weight).distinct().count() == 1 || n == live.size()) {
            return null; // equal weights, or no slot to spare (16 live instances): nothing to weigh with
        }
        int rest = n - live.size();
        int[] count = new int[live.size()];
        long[] remainder = new long[live.size()];
        int given = 0;
        for (int i = 0; i < live.size(); i++) {
            count[i] = 1 + (int) (rest * weight[i] / sum);
            remainder[i] = rest * weight[i] % sum;
            given += count[i];
        }
        while (given < n) {
            int best = 0;
            for (int i = 1; i < live.size(); i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            count[best]++;
            remainder[best] = -1;
            given++;
        }
        List<String> slots = new java.util.ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            for (int k = 0; k < count[i]; k++) {
                slots.add(live.get(i));
            }
        }
        return slots;
    }

    /**
     * Returns whether an encrypted class ({@link Path#encrypted()}) from DSN {@code da} to another,
     * {@code db}, cannot pass: one of them has no (encrypted) tunnel endpoint, and the class never
     * crosses the underlay in clear.
     */
    public static boolean sealedOff(Path path, org.onosproject.net.DeviceId da, org.onosproject.net.DeviceId db,
                                    java.util.function.Predicate<org.onosproject.net.DeviceId> reachable) {
        return path.encrypted() && da != null && !da.equals(db) && !(reachable.test(da) && reachable.test(db));
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
}
