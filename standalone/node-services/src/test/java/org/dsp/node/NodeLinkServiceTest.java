package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.node.store.NodeStorageService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.link.LinkEvent;

/** Discovered links: events, staleness, port loss, configured uplinks and durability across a restart. */
class NodeLinkServiceTest {
    static final ConnectPoint DSN = ConnectPoint.deviceConnectPoint("of:0000000000000001/10");
    static final ConnectPoint LEAF = ConnectPoint.deviceConnectPoint("of:0000000000000b00/3");

    @TempDir
    Path dir;

    @Test
    void aNewLinkIsAnnouncedOnceAndRefreshesQuietly() {
        NodeLinkService links = new NodeLinkService(Map.of(), null);
        List<LinkEvent> events = new ArrayList<>();
        links.addListener(events::add);
        assertTrue(links.seen(DSN, LEAF, 1000));
        assertFalse(links.seen(DSN, LEAF, 2000));
        assertEquals(1, events.size());
        assertEquals(LinkEvent.Type.LINK_ADDED, events.get(0).type());
        assertNotNull(links.getLink(DSN, LEAF));
        assertNull(links.getLink(LEAF, DSN), "links are directed");
    }

    @Test
    void anIndirectLinkBecomesDirectWhenLldpConfirmsItAndNeverTheOtherWay() {
        NodeLinkService links = new NodeLinkService(Map.of(), null);
        List<LinkEvent> events = new ArrayList<>();
        links.addListener(events::add);
        assertTrue(links.seen(DSN, LEAF, 1000, org.onosproject.net.Link.Type.INDIRECT));
        assertEquals(org.onosproject.net.Link.Type.INDIRECT, links.getLink(DSN, LEAF).type());
        assertFalse(links.seen(DSN, LEAF, 1100, org.onosproject.net.Link.Type.DIRECT));
        assertEquals(org.onosproject.net.Link.Type.DIRECT, links.getLink(DSN, LEAF).type());
        assertEquals(List.of(LinkEvent.Type.LINK_ADDED, LinkEvent.Type.LINK_UPDATED),
                events.stream().map(LinkEvent::type).collect(java.util.stream.Collectors.toList()));
        assertFalse(links.seen(DSN, LEAF, 1200, org.onosproject.net.Link.Type.INDIRECT));
        assertEquals(org.onosproject.net.Link.Type.DIRECT, links.getLink(DSN, LEAF).type(), "BDDP does not downgrade");
        assertEquals(2, events.size());
    }

    @Test
    void aStaleLinkGoesOnlyWhileBothSwitchesAreConnected() {
        NodeLinkService links = new NodeLinkService(Map.of(), null);
        links.seen(DSN, LEAF, 1000);
        assertEquals(0, links.expire(5000, 10_000, d -> 0L).size(), "seen 4 s ago: fresh");
        assertEquals(0, links.expire(20_000, 10_000, d -> d.equals(LEAF.deviceId()) ? null : 0L).size(),
                "its far switch is disconnected: it cannot be probed, it stays");
        List<LinkEvent> events = new ArrayList<>();
        links.addListener(events::add);
        assertEquals(1, links.expire(20_000, 10_000, d -> 0L).size());
        assertEquals(LinkEvent.Type.LINK_REMOVED, events.get(0).type());
        assertEquals(0, links.getLinkCount());
    }

    @Test
    void theStaleAgeCountsFromTheLaterSwitchConnectionAtTheEarliest() {
        NodeLinkService links = new NodeLinkService(Map.of(), null);
        links.seen(DSN, LEAF, 1000);
        // last seen 19 s ago, but the leaf reconnected 5 s ago: not yet probed for the stale age
        java.util.function.Function<DeviceId, Long> since = d -> d.equals(LEAF.deviceId()) ? 15_000L : 0L;
        assertEquals(0, links.expire(20_000, 10_000, since).size());
        assertEquals(0, links.expire(25_000, 10_000, since).size(), "exactly the stale age: not older");
        assertEquals(1, links.expire(25_001, 10_000, since).size(), "unseen for the stale age since both were connected");
        links.seen(DSN, LEAF, 1000);
        java.util.function.Function<DeviceId, Long> nearLater = d -> d.equals(DSN.deviceId()) ? 15_000L : 0L;
        assertEquals(0, links.expire(25_000, 10_000, nearLater).size(), "the later of the two, whichever end it is");
        assertEquals(1, links.expire(25_001, 10_000, nearLater).size());
    }

    @Test
    void aLinkReadBackAfterARestartIsProbedForTheStaleAgeAfterItsSwitchesConnect() {
        java.io.File db = dir.resolve("restart.db").toFile();
        try (NodeStorageService s = new NodeStorageService(db)) {
            new NodeLinkService(Map.of(), s).seen(DSN, LEAF, 1000);
        }
        try (NodeStorageService s = new NodeStorageService(db)) {
            NodeLinkService links = new NodeLinkService(Map.of(), s);
            long start = System.currentTimeMillis();
            // the restarted node took 8 s to start; its switches connected then; the first round a second later
            long connected = start + 8000;
            assertEquals(0, links.expire(connected + 1000, 4000, d -> connected).size(),
                    "kept: probes have not had the stale age to come back");
            assertNotNull(links.getLink(DSN, LEAF));
            assertEquals(1, links.expire(connected + 4001, 4000, d -> connected).size());
        }
    }

    @Test
    void aLostPortTakesItsLinksInBothDirections() {
        NodeLinkService links = new NodeLinkService(Map.of(), null);
        links.seen(DSN, LEAF, 1000);
        links.seen(LEAF, DSN, 1000);
        assertEquals(2, links.removePort(LEAF).size());
        assertEquals(0, links.getLinkCount());
    }

    @Test
    void configuredUplinksNeverExpire() {
        NodeLinkService links = new NodeLinkService(Map.of(DSN.deviceId(), PortNumber.portNumber(10)), null);
        assertEquals(1, links.getLinkCount());
        assertEquals(0, links.expire(Long.MAX_VALUE, 1, d -> 0L).size());
        assertEquals(0, links.removePort(DSN).size());
        assertEquals(NodeLinkService.FABRIC, links.getDeviceEgressLinks(DSN.deviceId()).iterator().next().dst().deviceId());
        org.junit.jupiter.api.Assertions.assertTrue(links.getDeviceEgressLinks(DSN.deviceId()).iterator().next().isExpected(),
                "configured, not discovered: an expected link (the fabric's distances ignore it once links are discovered)");
    }

    @Test
    void discoveredLinksSurviveARestartAndForgottenOnesStayForgotten() {
        java.io.File db = dir.resolve("store.db").toFile();
        ConnectPoint other = ConnectPoint.deviceConnectPoint("of:0000000000000002/10");
        try (NodeStorageService s = new NodeStorageService(db)) {
            NodeLinkService links = new NodeLinkService(Map.of(), s);
            links.seen(DSN, LEAF, 1000, org.onosproject.net.Link.Type.INDIRECT);
            links.seen(other, LEAF, 1000);
            links.removePort(other);
        }
        try (NodeStorageService s = new NodeStorageService(db)) {
            NodeLinkService links = new NodeLinkService(Map.of(), s);
            assertEquals(Set.of(DSN), Set.copyOf(links.getDeviceEgressLinks(DeviceId.deviceId("of:0000000000000001"))
                    .stream().map(l -> l.src()).toList()));
            assertEquals(1, links.getLinkCount());
            assertEquals(org.onosproject.net.Link.Type.INDIRECT, links.getLink(DSN, LEAF).type(), "the kind is kept too");
        }
    }
}
