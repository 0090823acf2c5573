package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ChassisId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Path;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.topology.Topology;
import org.onosproject.net.topology.TopologyCluster;
import org.onosproject.net.topology.TopologyEvent;

/** The node's topology: clusters, shortest paths, infrastructure ports, and a new snapshot on every link change. */
class NodeTopologyServiceTest {
    static ConnectPoint cp(String s) {
        return ConnectPoint.deviceConnectPoint(s);
    }

    @Test
    void clustersPathsAndChanges() {
        List<Device> devs = new ArrayList<>();
        for (String d : List.of("of:000000000000000a", "of:000000000000000b", "of:000000000000000c", "of:000000000000000d")) {
            devs.add(new DefaultDevice(NodeDeviceService.PROVIDER, DeviceId.deviceId(d), Device.Type.SWITCH, "ovs", "", "", "",
                    new ChassisId(1)));
        }
        DeviceServiceAdapter devices = new DeviceServiceAdapter() {
            @Override
            public Iterable<Device> getDevices() {
                return devs;
            }

            @Override
            public void addListener(DeviceListener listener) {
            }
        };
        NodeLinkService links = new NodeLinkService(Map.of(), null);
        links.seen(cp("of:000000000000000a/1"), cp("of:000000000000000b/1"), 1);
        links.seen(cp("of:000000000000000b/1"), cp("of:000000000000000a/1"), 1);
        links.seen(cp("of:000000000000000b/2"), cp("of:000000000000000c/1"), 1);
        links.seen(cp("of:000000000000000c/1"), cp("of:000000000000000b/2"), 1);
        NodeTopologyService topo = new NodeTopologyService(devices, links);
        List<TopologyEvent> events = new ArrayList<>();
        topo.addListener(events::add);
        Topology t = topo.currentTopology();
        assertEquals(4, t.deviceCount());
        assertEquals(4, t.linkCount());
        assertEquals(2, t.clusterCount(), "{a,b,c} and {d}");
        TopologyCluster big = topo.getClusters(t).stream().filter(c -> c.deviceCount() == 3).findFirst().orElseThrow();
        assertEquals(Set.of(DeviceId.deviceId("of:000000000000000a"), DeviceId.deviceId("of:000000000000000b"),
                DeviceId.deviceId("of:000000000000000c")), topo.getClusterDevices(t, big));
        assertEquals(4, topo.getClusterLinks(t, big).size());
        Set<Path> paths = topo.getPaths(t, DeviceId.deviceId("of:000000000000000a"), DeviceId.deviceId("of:000000000000000c"));
        assertEquals(1, paths.size());
        Path p = paths.iterator().next();
        assertEquals(List.of(cp("of:000000000000000a/1"), cp("of:000000000000000b/2")),
                List.of(p.links().get(0).src(), p.links().get(1).src()), "a -> b -> c");
        assertTrue(topo.getPaths(t, DeviceId.deviceId("of:000000000000000a"), DeviceId.deviceId("of:000000000000000d")).isEmpty());
        assertTrue(topo.isInfrastructure(t, cp("of:000000000000000b/2")));
        assertFalse(topo.isInfrastructure(t, cp("of:000000000000000a/9")));
        assertTrue(topo.isBroadcastPoint(t, cp("of:000000000000000a/9")));
        assertTrue(topo.isLatest(t));
        links.seen(cp("of:000000000000000c/2"), cp("of:000000000000000d/1"), 2);
        assertEquals(1, events.size());
        assertEquals(TopologyEvent.Type.TOPOLOGY_CHANGED, events.get(0).type());
        assertFalse(topo.isLatest(t));
        assertEquals(1, topo.currentTopology().clusterCount(), "the new link joins d");
    }
}
