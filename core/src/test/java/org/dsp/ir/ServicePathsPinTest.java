package org.dsp.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onlab.packet.MacAddress;

/** The fields and key that pin a chain's connection to its instance ({@link ServicePaths.Pin}), and the delivery ids they make. */
class ServicePathsPinTest {
    static final LogicalField PINNED = LogicalField.label("t", "pinned", 1);
    static final LogicalField ARRIVED = LogicalField.service("t", "arrived", 1, false);
    static final LogicalField OUT = LogicalField.label("t", "out", 8);
    static final LogicalField BACK = LogicalField.label("t", "back", 8);
    static final LogicalField VIA = LogicalField.service("t", "via", 8, false);

    @Test
    void aDeliveryIdIsTheDeliveryKeyAndTheInstancesIndex() {
        ServicePaths.Pin pin = new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0x1e30);
        assertEquals(0x1e307dL, pin.deliveryId(0x7d));
        assertEquals(0x1e30ffL, pin.deliveryId(0xff));
        assertThrows(IllegalStateException.class, () -> new ServicePaths.Pin(PINNED, ARRIVED).deliveryId(1), "hashed only: no delivery ids");
    }

    @Test
    void allOfThePinsFieldsAndKeyOrNone() {
        assertThrows(IllegalArgumentException.class, () -> new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, null, 0x1e30));
        assertThrows(IllegalArgumentException.class, () -> new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0));
        assertThrows(IllegalArgumentException.class, () -> new ServicePaths.Pin(PINNED, ARRIVED, null, null, VIA, 0x1e30));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, OUT, 7));
        assertTrue(e.getMessage().contains("per-packet"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0x10000));
    }

    @Test
    void eachStepPositionHasAZoneOfItsOwnAndPastThemStepsAreHashed() {
        ServicePaths.Pin pin = new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0x1e30, List.of(0x1e40, 0x1e41));
        assertEquals(0x1e40, pin.hopZone(0));
        assertEquals(0x1e41, pin.hopZone(1));
        assertEquals(0, pin.hopZone(2));
        assertThrows(IllegalArgumentException.class, () -> new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0x1e30, List.of(0x1e30)),
                "a step's zone is not the delivery key");
        assertThrows(IllegalArgumentException.class, () -> new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0x1e30, List.of(0)));
    }

    @Test
    void theDeliveryKeyIsNotTheSteeringKey() {
        Stage steer = Stage.of("steer", Phase.POST_POLICY, 1, "t");
        Stage dispatch = Stage.of("dispatch", Phase.POST_POLICY, 2, "t");
        LogicalField hop = LogicalField.service("t", "hop", 16, false);
        LogicalField slot = LogicalField.service("t", "slot", 4, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ServicePaths(0x1e30, MacAddress.valueOf("02:00:00:00:00:01"),
                Map.of(), hop, slot, steer, dispatch, List.of(), null, null, new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0x1e30)));
        assertTrue(e.getMessage().contains("steering key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ServicePaths(0x1e30, MacAddress.valueOf("02:00:00:00:00:01"), Map.of(), hop, slot,
                steer, dispatch, List.of(), null, null, new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0x1e31, List.of(0x1e30))),
                "nor a step's zone");
        assertEquals(0x1e31, new ServicePaths(0x1e30, MacAddress.valueOf("02:00:00:00:00:01"), Map.of(), hop, slot, steer, dispatch, List.of(), null,
                null, new ServicePaths.Pin(PINNED, ARRIVED, OUT, BACK, VIA, 0x1e31)).pin().deliveryKey());
    }
}
