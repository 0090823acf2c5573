package org.dsp.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * Where a chain's hops run ({@link ServicePaths#place}): the tier near the sender, else near the
 * receiver, else all; a down instance's slot taken by the next live one of its tier (nobody else's
 * connections move); the failure policies; the same slots from both ends.
 */
class ServicePathsTest {
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

    static List<ServicePaths.Placed> place(ServicePaths.Path p, String from, String to) {
        return ServicePaths.place(p, from, to, WHERE::get, d -> !d.equals(DeviceId.deviceId("of:00000000000000ff")));
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
        assertEquals(List.of("near"), ServicePaths.place(p, "a", "a2", where::get, d -> false).get(0).slots(),
                "no DSN has a tunnel: the local instance still serves the local pair");
        assertNull(ServicePaths.place(p, "a", "b", Map.of("a", D1, "b", D2, "near", D1, "x1", D3)::get, d -> false),
                "a pair across DSNs without tunnels: nothing can be steered, fail-closed drops");
    }

    @Test
    void withNoLiveInstanceAHopIsBypassedOrTheClassDrops() {
        List<String> xs = List.of("x1", "x2");
        assertEquals(List.of(), place(path(xs, Set.of("x1", "x2"), true), "a", "b"), "fail-open: the hop is left out");
        assertNull(place(path(xs, Set.of("x1", "x2"), false), "a", "b"), "fail-closed: the pair's class drops");
    }
}
