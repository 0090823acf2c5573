package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/** The inventory's fabric: links count both ways, distances are shortest paths in links, unknown is -1. */
class InventoryTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId D3 = DeviceId.deviceId("of:0000000000000003");
    static final DeviceId LEAF1 = DeviceId.deviceId("of:00000000000000a1");
    static final DeviceId LEAF2 = DeviceId.deviceId("of:00000000000000a2");
    static final DeviceId SPINE1 = DeviceId.deviceId("of:00000000000000b1");
    static final DeviceId SPINE2 = DeviceId.deviceId("of:00000000000000b2");

    @Test
    void distancesAreShortestPathsOverLinksCountedBothWays() {
        // D1 under leaf 1, D2 under leaf 2, each leaf under both spines (given one way only); D3 alone
        Inventory inv = Inventory.of(Map.of(D1, PortNumber.portNumber(10))).withFabric(Map.of(
                D1, List.of(LEAF1), LEAF2, List.of(D2, SPINE1, SPINE2), SPINE1, List.of(LEAF1), SPINE2, List.of(LEAF1)));
        assertEquals(0, inv.hops(D1, D1));
        assertEquals(1, inv.hops(LEAF1, D1), "a link counts both ways");
        assertEquals(4, inv.hops(D1, D2));
        assertEquals(4, inv.hops(D2, D1));
        assertEquals(2, inv.hops(SPINE1, SPINE2));
        assertEquals(-1, inv.hops(D1, D3), "no path");
        assertEquals(0, inv.hops(D3, D3));
        assertEquals(inv.fabric(), inv.withSecure(Map.of()).fabric(), "the fabric survives adding the encrypted endpoints");
        assertNotEquals(inv.fabric(), Inventory.of(Map.of(D1, PortNumber.portNumber(10))).fabric());
    }

    @Test
    void aPathCrossesNoDsnBetweenItsEnds() {
        // D1 with uplinks to both leaves, D3 under leaf 1, D2 under leaf 2, no spine: the leaves meet only at D1
        Map<DeviceId, org.dsp.driver.ovs.TunnelEndpoint> tunnels = new java.util.HashMap<>();
        for (DeviceId d : List.of(D1, D2, D3)) {
            tunnels.put(d, TunnelEndpoint.of(PortNumber.portNumber(9), org.onlab.packet.Ip4Address.valueOf("192.168.100."
                    + d.toString().charAt(d.toString().length() - 1))));
        }
        Map<DeviceId, List<DeviceId>> links = Map.of(LEAF1, List.of(D1, D3), LEAF2, List.of(D1, D2));
        Inventory dsns = Inventory.of(Map.of(), tunnels).withFabric(links);
        assertEquals(2, dsns.hops(D1, D2), "from a DSN");
        assertEquals(2, dsns.hops(D3, D1), "to a DSN");
        assertEquals(-1, dsns.hops(D3, D2), "a server with two uplinks is no shortcut between the leaves");
        assertEquals(4, Inventory.of(Map.of()).withFabric(links).hops(D3, D2), "devices without a tunnel endpoint are switches: transit");
    }
}
