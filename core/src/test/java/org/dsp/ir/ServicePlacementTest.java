package org.dsp.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * Where a chain's hops run ({@link ServicePlacement#place}): the tier near the sender, else near the
 * receiver, else all; a down instance's slot taken by the next live one of its tier (nobody else's
 * connections move); the failure policies; the same slots from both ends; off the pair's DSNs,
 * the instances with the fewest fabric hops first.
 */
class ServicePlacementTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId D3 = DeviceId.deviceId("of:0000000000000003");
    static final Map<String, DeviceId> WHERE = Map.of("a", D1, "b", D2, "x1", D3, "x2", D3, "x3", D3, "near", D1, "far", D2);

    static ServicePaths.Path path(List<String> instances, Set<String> down, boolean failOpen) {
        List<Integer> indexes = new java.util.ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            indexes.add(i + 1);
        }
        return new ServicePaths.Path("c", List.of("a"), List.of("b"), 6, List.of(80), List.of("f"),
                List.of(new ServicePaths.Hop("f", false, failOpen, instances, indexes, down)));
    }

    static List<ServicePlacement.Placed> place(ServicePaths.Path p, String from, String to) {
        return ServicePlacement.place(p, from, to, WHERE::get, d -> !d.equals(DeviceId.deviceId("of:00000000000000ff")));
    }

    @Test
    void aDownInstancesSlotGoesToTheNextLiveOneAndNoOtherSlotMoves() {
        List<String> xs = List.of("x1", "x2", "x3");
        assertEquals(xs, place(path(xs, Set.of(), false), "a", "b").get(0).slots());
        assertEquals(List.of("x1", "x3", "x3"), place(path(xs, Set.of("x2"), false), "a", "b").get(0).slots());
        assertEquals(List.of("x1", "x3"), place(path(xs, Set.of("x2"), false), "a", "b").get(0).candidates());
        assertEquals(List.of("x1", "x1", "x1"), place(path(xs, Set.of("x2", "x3"), false), "a", "b").get(0).slots(), "wraps around");
        // both ends hash over the same slots
        assertEquals(place(path(xs, Set.of("x2"), false), "a", "b").get(0).slots(), place(path(xs, Set.of("x2"), false), "b", "a")
                .get(0).slots());
    }

    static ServicePaths.Path loaded(List<String> instances, Set<String> down, Map<String, Integer> load) {
        return new ServicePaths.Path("c", List.of("a"), List.of("b"), 6, List.of(80), List.of("f"),
                List.of(new ServicePaths.Hop("f", false, true, instances, List.of(1, 2, 3).subList(0, instances.size()), down, load, Map.of())));
    }

    static Map<String, Long> shares(List<String> slots) {
        Map<String, Long> out = new java.util.TreeMap<>();
        slots.forEach(x -> out.merge(x, 1L, Long::sum));
        return out;
    }

    @Test
    void tiesShareNewConnectionsByLoadALevelLessTakingAboutTwice() {
        List<String> xs = List.of("x1", "x2", "x3");
        // equal levels (measured or not): one slot each, as without load
        assertEquals(xs, place(loaded(xs, Set.of(), Map.of("x1", 3, "x2", 3, "x3", 3)), "a", "b").get(0).slots());
        // x1 a level above x2 and x3: 12 slots by weights 1:2:2 - every live one keeps one, the rest by largest remainder
        List<String> slots = place(loaded(xs, Set.of(), Map.of("x1", 3, "x2", 2, "x3", 2)), "a", "b").get(0).slots();
        assertEquals(Map.of("x1", 3L, "x2", 5L, "x3", 4L), shares(slots), slots.toString());
        assertEquals(List.of("x1", "x1", "x1", "x2", "x2", "x2", "x2", "x2", "x3", "x3", "x3", "x3"), slots, "each one's run, in declared order");
        // far apart: at most 2^4 to 1, and the busiest keeps one slot
        assertEquals(Map.of("x1", 1L, "x2", 7L), shares(place(loaded(List.of("x1", "x2"), Set.of(), Map.of("x1", 9)), "a", "b").get(0).slots()));
        assertEquals(Map.of("x1", 3L, "x2", 5L), shares(place(loaded(List.of("x1", "x2"), Set.of(), Map.of("x1", 1)), "a", "b").get(0).slots()));
        // a down instance takes none, and the live ones are weighed alone (equal: back to one slot each, the down one's to the next)
        assertEquals(Map.of("x1", 1L, "x3", 7L), shares(place(loaded(xs, Set.of("x2"), Map.of("x1", 5)), "a", "b").get(0).slots()));
        assertEquals(List.of("x1", "x3", "x3"), place(loaded(xs, Set.of("x2"), Map.of("x2", 5)), "a", "b").get(0).slots());
        // both ends hash over the same slots
        assertEquals(slots, place(loaded(xs, Set.of(), Map.of("x1", 3, "x2", 2, "x3", 2)), "b", "a").get(0).slots());
    }

    @Test
    void declaredCapacitiesWeighTiesTooAndLoadIsMeasuredAgainstThem() {
        List<String> xs = List.of("x1", "x2");
        java.util.function.BiFunction<Map<String, Integer>, Map<String, Integer>, List<String>> slots = (load, capacity) -> place(
                new ServicePaths.Path("c", List.of("a"), List.of("b"), 6, List.of(80), List.of("f"), List.of(new ServicePaths.Hop("f", false,
                        true, xs, List.of(1, 2), Set.of(), load, capacity))), "a", "b").get(0).slots();
        // idle, x1 four times x2's capacity: 8 slots 6:2 (each keeps one, the rest 4:1 by largest remainder)
        assertEquals(Map.of("x1", 6L, "x2", 2L), shares(slots.apply(Map.of(), Map.of("x1", 4))));
        // twice the capacity at a level more load: a tie again, one slot each
        assertEquals(xs, slots.apply(Map.of("x1", 3, "x2", 2), Map.of("x1", 2)));
        // capacity 1 declared is the default
        assertEquals(xs, slots.apply(Map.of(), Map.of("x1", 1)));
    }

    @Test
    void loadNeverTakesAConnectionFartherThanItsTier() {
        // near (on the sender's DSN) busy, x1 (off both ends) idle: the connection still takes the near one
        List<String> xs = List.of("x1", "near");
        assertEquals(List.of("near"), place(loaded(xs, Set.of(), Map.of("near", 12)), "a", "b").get(0).slots());
        assertEquals(List.of("x1", "near"), place(loaded(xs, Set.of(), Map.of("near", 12)), "a", "b").get(0).live(),
                "the farther one live, for connections pinned to it");
    }

    @Test
    void theTierNearTheSenderFirstThenNearTheReceiverThenAll() {
        List<String> xs = List.of("x1", "far", "near");
        assertEquals(List.of("near"), place(path(xs, Set.of(), false), "a", "b").get(0).slots());
        assertEquals(List.of("far"), place(path(xs, Set.of("near"), false), "a", "b").get(0).slots(), "the receiver's DSN next");
        assertEquals(List.of("x1", "x1", "x1"), place(path(xs, Set.of("near", "far"), false), "a", "b").get(0).slots(),
                "then every placed instance, the down ones' slots to the live one");
    }

    @Test
    void anInstanceOnThePairsOneDsnNeedsNoTunnel() {
        ServicePaths.Path p = new ServicePaths.Path("c", List.of("a"), List.of("a2"), 6, List.of(80), List.of("f"),
                List.of(new ServicePaths.Hop("f", false, false, List.of("near", "x1"), List.of(1, 2), Set.of())));
        Map<String, DeviceId> where = Map.of("a", D1, "a2", D1, "near", D1, "x1", D3);
        assertEquals(List.of("near"), ServicePlacement.place(p, "a", "a2", where::get, d -> false).get(0).slots(),
                "no DSN has a tunnel: the local instance still serves the local pair");
        assertNull(ServicePlacement.place(p, "a", "b", Map.of("a", D1, "b", D2, "near", D1, "x1", D3)::get, d -> false),
                "a pair across DSNs without tunnels: nothing can be steered, fail-closed drops");
    }

    @Test
    void withNoLiveInstanceAHopIsBypassedOrTheClassDrops() {
        List<String> xs = List.of("x1", "x2");
        assertEquals(List.of(), place(path(xs, Set.of("x1", "x2"), true), "a", "b"), "fail-open: the hop is left out");
        assertNull(place(path(xs, Set.of("x1", "x2"), false), "a", "b"), "fail-closed: the pair's class drops");
    }

    /** A leaf-spine: D1, D3 and D6 under one leaf, D2 and D4 under another, D5 under a third; every leaf under one spine. */
    static final Map<DeviceId, Integer> LEAF = Map.of(D1, 1, D3, 1, DeviceId.deviceId("of:0000000000000006"), 1, D2, 2, DeviceId.deviceId("of:0000000000000004"), 2,
            DeviceId.deviceId("of:0000000000000005"), 3);
    static final ServicePlacement.Distance FABRIC = (x, y) -> x.equals(y) ? 0 : !LEAF.containsKey(x) || !LEAF.containsKey(y) ? -1
            : LEAF.get(x).equals(LEAF.get(y)) ? 2 : 4;

    @Test
    void offThePairsDsnsTheInstancesWithTheFewestFabricHopsTakeTheConnections() {
        Map<String, DeviceId> where = Map.of("a", D1, "a2", DeviceId.deviceId("of:0000000000000006"), "b", D2, "leaf1", D3, "leaf2", DeviceId.deviceId("of:0000000000000004"),
                "leaf3", DeviceId.deviceId("of:0000000000000005"), "unknown", DeviceId.deviceId("of:0000000000000009"));
        List<String> xs = List.of("leaf3", "unknown", "leaf2", "leaf1");
        java.util.function.BiFunction<String, Set<String>, List<String>> slots = (to, down) -> {
            ServicePaths.Path p = new ServicePaths.Path("c", List.of("a"), List.of(to), 6, List.of(80), List.of("f"),
                    List.of(new ServicePaths.Hop("f", false, true, xs, List.of(1, 2, 3, 4), down)));
            List<ServicePlacement.Placed> placed = ServicePlacement.place(p, "a", to, where::get, d -> true, FABRIC);
            return placed.isEmpty() ? List.of() : placed.get(0).slots();
        };
        // a (leaf 1) to a2 (leaf 1): through leaf1's instance 2 + 2 hops; leaf2's and leaf3's 4 + 4
        assertEquals(List.of("leaf1"), slots.apply("a2", Set.of()));
        assertEquals(List.of("leaf3", "leaf2"), slots.apply("a2", Set.of("leaf1")), "then the 8-hop group, hashed over both, declared order");
        assertEquals(List.of("leaf2", "leaf2"), slots.apply("a2", Set.of("leaf1", "leaf3")), "a down one's slot to the next of its group");
        // a (leaf 1) to b (leaf 2): leaf1's and leaf2's instances both 6 hops; the one nearer the sender first
        assertEquals(List.of("leaf1"), slots.apply("b", Set.of()));
        assertEquals(List.of("leaf2"), slots.apply("b", Set.of("leaf1")));
        assertEquals(List.of("leaf3"), slots.apply("b", Set.of("leaf1", "leaf2")), "8 hops");
        assertEquals(List.of("unknown"), slots.apply("b", Set.of("leaf1", "leaf2", "leaf3")), "an instance of unknown distance last");
        assertEquals(List.of(), slots.apply("b", Set.of("leaf1", "leaf2", "leaf3", "unknown")), "none live: bypassed");
        assertEquals(List.of("leaf3", "unknown", "leaf2", "leaf1"),
                ServicePlacement.place(new ServicePaths.Path("c", List.of("a"), List.of("b"), 6, List.of(80), List.of("f"),
                        List.of(new ServicePaths.Hop("f", false, true, xs, List.of(1, 2, 3, 4), Set.of()))), "a", "b", where::get, d -> true)
                        .get(0).slots(), "no distance known: every placed instance, as one tier");
        assertEquals(6, ServicePlacement.detour(D1, D3, D2, FABRIC));
        assertEquals(4, ServicePlacement.detour(D1, D1, D2, FABRIC), "on the sender's DSN: the pair's own distance");
        assertEquals(-1, ServicePlacement.detour(D1, DeviceId.deviceId("of:0000000000000009"), D2, FABRIC));
    }
}
