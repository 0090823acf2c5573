package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ChassisId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.link.LinkEvent;
import org.onosproject.net.link.LinkListener;
import org.onosproject.net.link.LinkService;
import org.onosproject.net.link.LinkServiceAdapter;
import org.onosproject.net.provider.ProviderId;

/** Topology events reach the compiler: a DSN whose uplink appears gets its pipeline rebuilt for it. */
class InventoryEventsTest {
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId LEAF = DeviceId.deviceId("of:00000000000000a1");
    static final ProviderId PID = new ProviderId("of", "test");

    final Set<Link> links = new CopyOnWriteArraySet<>();
    final Set<LinkListener> linkListeners = new CopyOnWriteArraySet<>();

    @Test
    void aNewUplinkRewritesTheDsnsOutputDefault() throws Exception {
        RecordingFlowRules flows = new RecordingFlowRules();
        DeviceService devices = new DeviceServiceAdapter() {
            @Override
            public Iterable<Device> getAvailableDevices() {
                return List.of(new DefaultDevice(PID, D2, Device.Type.SWITCH, "ovs", "3.1", "3.1", "1", new ChassisId(2)));
            }

            @Override
            public void addListener(DeviceListener l) {
            }
        };
        LinkService linkService = new LinkServiceAdapter() {
            @Override
            public Iterable<Link> getLinks() {
                return Set.copyOf(links);
            }

            @Override
            public Set<Link> getDeviceEgressLinks(DeviceId d) {
                Set<Link> out = new java.util.HashSet<>();
                for (Link l : links) {
                    if (l.src().deviceId().equals(d)) {
                        out.add(l);
                    }
                }
                return out;
            }

            @Override
            public void addListener(LinkListener l) {
                linkListeners.add(l);
            }

            @Override
            public void removeListener(LinkListener l) {
                linkListeners.remove(l);
            }
        };
        DspManager m = TestManagers.active(flows, new SharedStorageService(), devices, linkService);
        try {
            m.apply(TenantDocumentCodec.decode(Files.readString(Path.of("../../examples/three-tier.json"))));
            m.status("acme");
            assertTrue(outputs(flows).isEmpty(), "no uplink known yet: remote traffic drops");
            Link up = DefaultLink.builder().providerId(PID).type(Link.Type.DIRECT).state(Link.State.ACTIVE)
                    .src(new ConnectPoint(D2, PortNumber.portNumber(10))).dst(new ConnectPoint(LEAF, PortNumber.portNumber(3)))
                    .build();
            links.add(up);
            for (LinkListener l : linkListeners) {
                l.event(new LinkEvent(LinkEvent.Type.LINK_ADDED, up));
            }
            m.status("acme");
            assertEquals(Set.of("output:10"), outputs(flows));
        } finally {
            m.deactivate();
        }
    }

    @Test
    void theFabricDistancesAreTheLinksThatAreNotInactive() {
        DeviceId d1 = DeviceId.deviceId("of:0000000000000001");
        DeviceId spine = DeviceId.deviceId("of:00000000000000b1");
        DeviceId leaf2 = DeviceId.deviceId("of:00000000000000a2");
        java.util.function.BiFunction<DeviceId, DeviceId, Link> link = (a, b) -> DefaultLink.builder().providerId(PID).type(Link.Type.DIRECT)
                .state(Link.State.ACTIVE).src(new ConnectPoint(a, PortNumber.portNumber(10))).dst(new ConnectPoint(b, PortNumber.portNumber(1)))
                .build();
        links.addAll(List.of(link.apply(d1, LEAF), link.apply(LEAF, spine), link.apply(leaf2, spine), link.apply(D2, leaf2)));
        links.add(DefaultLink.builder().providerId(PID).type(Link.Type.DIRECT).state(Link.State.INACTIVE)
                .src(new ConnectPoint(d1, PortNumber.portNumber(11))).dst(new ConnectPoint(D2, PortNumber.portNumber(11))).build());
        LinkService linkService = new LinkServiceAdapter() {
            @Override
            public Iterable<Link> getLinks() {
                return Set.copyOf(links);
            }
        };
        // a node's configured uplinks (expected links to a stand-in for "the fabric") count only while nothing is discovered
        DeviceId uplinks = DeviceId.deviceId("fabric:uplinks");
        for (DeviceId d : List.of(d1, D2)) {
            links.add(DefaultLink.builder().providerId(PID).type(Link.Type.DIRECT).state(Link.State.ACTIVE).isExpected(true)
                    .src(new ConnectPoint(d, PortNumber.portNumber(10))).dst(new ConnectPoint(uplinks, PortNumber.portNumber(1))).build());
        }
        org.dsp.driver.ovs.Inventory inv = InventoryView.of(new DeviceServiceAdapter(), linkService, d -> true);
        assertEquals(4, inv.hops(d1, D2), "D1-leaf1-spine-leaf2-D2: the inactive direct link and the configured ones do not count");
        assertEquals(4, inv.hops(D2, d1));
        assertEquals(2, inv.hops(LEAF, leaf2));
        assertEquals(-1, inv.hops(d1, DeviceId.deviceId("of:0000000000000009")));
    }

    @Test
    void withNothingDiscoveredTheConfiguredUplinksGiveTheDistances() {
        DeviceId d1 = DeviceId.deviceId("of:0000000000000001");
        DeviceId uplinks = DeviceId.deviceId("fabric:uplinks");
        for (DeviceId d : List.of(d1, D2)) {
            links.add(DefaultLink.builder().providerId(PID).type(Link.Type.DIRECT).state(Link.State.ACTIVE).isExpected(true)
                    .src(new ConnectPoint(d, PortNumber.portNumber(10))).dst(new ConnectPoint(uplinks, PortNumber.portNumber(1))).build());
        }
        LinkService linkService = new LinkServiceAdapter() {
            @Override
            public Iterable<Link> getLinks() {
                return Set.copyOf(links);
            }
        };
        assertEquals(2, InventoryView.of(new DeviceServiceAdapter(), linkService, d -> true).hops(d1, D2), "both behind one fabric");
    }

    /** The actions of D2's output-table default flow. */
    private static Set<String> outputs(RecordingFlowRules flows) {
        Set<String> out = new java.util.HashSet<>();
        for (FlowRule r : flows.installed.getOrDefault(D2, java.util.Map.of()).keySet()) {
            var f = FlowRuleTranslator.fromFlowRule(r);
            if (f.table() == org.dsp.driver.ovs.Table.OUTPUT && f.priority() == 0) {
                f.actions().forEach(a -> out.add(a.render()));
            }
        }
        return out;
    }
}
