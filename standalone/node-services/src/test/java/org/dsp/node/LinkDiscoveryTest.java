package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.onlab.packet.MacAddress;
import org.junit.jupiter.api.Test;
import org.onosproject.net.ConnectPoint;

/** LLDP probes: a probe of this node names its origin; anything else (forged, replayed late, not LLDP) names none. */
class LinkDiscoveryTest {
    static final String SECRET = "0123456789abcdef";
    static final MacAddress MAC = MacAddress.valueOf("02:00:00:00:00:0a");

    @Test
    void aProbeNamesTheSwitchAndPortItWasSentFrom() {
        byte[] f = LinkDiscovery.frame("of:0000000000000b01", 0xb01, 7, MAC, SECRET);
        assertEquals(0x88, f[12] & 0xff);
        assertEquals(0xcc, f[13] & 0xff);
        assertEquals(LinkDiscovery.LLDP_MULTICAST, MacAddress.valueOf(java.util.Arrays.copyOf(f, 6)));
        assertEquals(ConnectPoint.deviceConnectPoint("of:0000000000000b01/7"), LinkDiscovery.origin(f, SECRET, 2000).src());
        assertEquals(org.onosproject.net.Link.Type.DIRECT, LinkDiscovery.origin(f, SECRET, 2000).type());
    }

    @Test
    void aBddpProbeIsBroadcastAndShowsAnIndirectLink() {
        byte[] f = LinkDiscovery.bddp("of:0000000000000b01", 0xb01, 7, MAC, SECRET);
        assertEquals(0x89, f[12] & 0xff);
        assertEquals(0x42, f[13] & 0xff);
        assertEquals(MacAddress.BROADCAST, MacAddress.valueOf(java.util.Arrays.copyOf(f, 6)));
        LinkDiscovery.Origin o = LinkDiscovery.origin(f, SECRET, 2000);
        assertEquals(ConnectPoint.deviceConnectPoint("of:0000000000000b01/7"), o.src());
        assertEquals(org.onosproject.net.Link.Type.INDIRECT, o.type());
        assertNull(LinkDiscovery.origin(LinkDiscovery.bddp("of:0000000000000b01", 0xb01, 7, MAC, "another secret!!"), SECRET, 2000));
    }

    @Test
    void aProbeSignedWithAnotherSecretIsIgnored() {
        byte[] f = LinkDiscovery.frame("of:0000000000000b01", 0xb01, 7, MAC, "another secret!!");
        assertNull(LinkDiscovery.origin(f, SECRET, 2000));
    }

    @Test
    void aTamperedProbeIsIgnored() {
        byte[] f = LinkDiscovery.frame("of:0000000000000b01", 0xb01, 7, MAC, SECRET);
        byte[] g = new String(f, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("of:0000000000000b01", "of:0000000000000b02").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(f.length, g.length);
        assertNull(LinkDiscovery.origin(g, SECRET, 2000), "a forged device id fails the signature");
    }

    @Test
    void aLateProbeIsIgnored() throws Exception {
        byte[] f = LinkDiscovery.frame("of:0000000000000b01", 0xb01, 7, MAC, SECRET);
        Thread.sleep(5);
        assertNull(LinkDiscovery.origin(f, SECRET, 1), "older than the maximum age");
    }

    @Test
    void otherFramesAreNotProbes() {
        byte[] f = LinkDiscovery.frame("of:0000000000000b01", 0xb01, 7, MAC, SECRET);
        f[13] = 0x00; // ethertype 0x8800
        assertNull(LinkDiscovery.origin(f, SECRET, 2000));
        assertNull(LinkDiscovery.origin(new byte[] {1, 2, 3}, SECRET, 2000));
    }
}
