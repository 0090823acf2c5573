package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/** The node's options: bad values are refused with the option, the value and the reason (the launcher exits 2 with it). */
class NodeOptionsTest {
    @Test
    void uplinksParse() {
        assertEquals(Map.of(DeviceId.deviceId("of:00000000000000ab"), PortNumber.portNumber(10)),
                NodeOptions.parseUplinks(List.of("of:00000000000000AB=10")));
    }

    @Test
    void badUplinksNameTheValueAndTheReason() {
        String m = assertThrows(IllegalArgumentException.class, () -> NodeOptions.parseUplinks(List.of("of:1=10"))).getMessage();
        assertEquals("--uplink of:1=10: expected DSN=PORT with DSN of:<16 hex digits>, e.g. of:0000000000000001=10", m);
        m = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parseUplinks(List.of("of:0000000000000001=ten"))).getMessage();
        assertEquals("--uplink of:0000000000000001=ten: PORT must be an OpenFlow port number 1..4294967040", m);
        m = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parseUplinks(List.of("of:0000000000000001=0"))).getMessage();
        assertTrue(m.contains("PORT must be"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.parseUplinks(List.of("of:0000000000000001=10", "of:0000000000000001=11"))).getMessage();
        assertEquals("--uplink of:0000000000000001=11: of:0000000000000001 already has an uplink", m);
    }

    @Test
    void fabricSwitchesAreDeviceIds() {
        assertEquals(java.util.Set.of(DeviceId.deviceId("of:0000000000000b00"), DeviceId.deviceId("of:0000000000000a00")),
                NodeOptions.parseFabric(List.of("of:0000000000000B00", "of:0000000000000a00")));
        String m = assertThrows(IllegalArgumentException.class, () -> NodeOptions.parseFabric(List.of("b00"))).getMessage();
        assertEquals("--fabric b00: expected a device id of:<16 hex digits>, e.g. of:0000000000000b00", m);
        assertEquals(Set.of(DeviceId.deviceId("of:0000000000000b00")),
                NodeOptions.fromProperties(k -> k.equals("dsp.node.fabric") ? "of:0000000000000b00" : null).fabric());
        m = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.fromProperties(k -> k.equals("dsp.node.probe-ms") ? "5" : null)).getMessage();
        assertEquals("--probe-ms 5: must be at least 100", m);
        m = assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.fromProperties(k -> k.equals("dsp.node.uplinks") ? "of:1=10" : null)).getMessage();
        assertTrue(m.startsWith("--uplink of:1=10: expected DSN=PORT"), m);
    }

    @Test
    void addressesNeedHostAndPort() {
        assertEquals(8181, NodeOptions.parseAddress("--rest", "127.0.0.1:8181").getPort());
        assertEquals("0.0.0.0", NodeOptions.parseAddress("--openflow", "0.0.0.0:0").getHostString());
        String m = assertThrows(IllegalArgumentException.class, () -> NodeOptions.parseAddress("--rest", "8181")).getMessage();
        assertEquals("--rest 8181: expected HOST:PORT with PORT 0..65535, e.g. 127.0.0.1:8181", m);
        assertThrows(IllegalArgumentException.class, () -> NodeOptions.parseAddress("--openflow", "h:70000"));
    }


    @org.junit.jupiter.api.Test
    void theOvsdbSouthboundIsOffUnlessGivenAndItsAddressIsResolved() {
        org.junit.jupiter.api.Assertions.assertNull(NodeOptions.fromProperties(k -> null).ovsdb());
        java.net.InetSocketAddress a = NodeOptions.fromProperties(k -> k.equals("dsp.node.ovsdb") ? "0.0.0.0:6640" : null).ovsdb();
        org.junit.jupiter.api.Assertions.assertFalse(a.isUnresolved(), "bindable: " + a);
        org.junit.jupiter.api.Assertions.assertEquals(6640, a.getPort());
        String e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NodeOptions.fromProperties(k -> k.equals("dsp.node.ovsdb") ? "nonsense" : null)).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(e.contains("--ovsdb"), e);
    }

    /** The IPFIX collector follows the OVSDB southbound (which configures the export) unless told otherwise. */
    @Test
    void flowLogOptions() {
        java.util.function.Function<Map<String, String>, NodeOptions> of = m -> NodeOptions.fromProperties(m::get);
        assertEquals(null, of.apply(Map.of()).ipfix(), "no OVSDB southbound: no collector");
        NodeOptions o = of.apply(Map.of("dsp.node.ovsdb", "127.0.0.1:6640"));
        assertEquals(new java.net.InetSocketAddress("127.0.0.1", 4739), o.ipfix());
        assertEquals(100_000, o.flowLogMax());
        assertEquals(25_000, o.flowLogMaxPerTenant(), "a quarter of the total unless told");
        assertEquals(500, of.apply(Map.of("dsp.node.flow-log-max", "1000", "dsp.node.flow-log-max-per-tenant", "500")).flowLogMaxPerTenant());
        String big = assertThrows(IllegalArgumentException.class, () -> of.apply(Map.of("dsp.node.flow-log-max", "1000",
                "dsp.node.flow-log-max-per-tenant", "2000"))).getMessage();
        assertTrue(big.contains("--flow-log-max-per-tenant 2000: must be at most --flow-log-max (1000)"), big);
        assertEquals(3600, o.flowLogRetentionSeconds());
        assertEquals(0, of.apply(Map.of("dsp.node.ovsdb", "127.0.0.1:0")).ipfix().getPort(), "an ephemeral OVSDB port: an ephemeral one");
        assertEquals(null, of.apply(Map.of("dsp.node.ovsdb", "127.0.0.1:6640", "dsp.node.ipfix", "off")).ipfix());
        assertEquals(new java.net.InetSocketAddress("127.0.0.1", 2055),
                of.apply(Map.of("dsp.node.ipfix", "127.0.0.1:2055")).ipfix());
        String m = assertThrows(IllegalArgumentException.class,
                () -> of.apply(Map.of("dsp.node.flow-log-max", "0"))).getMessage();
        assertTrue(m.startsWith("--flow-log-max 0: must be"), m);
        m = assertThrows(IllegalArgumentException.class, () -> of.apply(Map.of("dsp.node.flow-log-retention", "x"))).getMessage();
        assertTrue(m.contains("--flow-log-retention"), m);
    }
}
