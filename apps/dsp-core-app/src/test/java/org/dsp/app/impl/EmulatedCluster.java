package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.driver.ovs.DsnGroups;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.onosproject.cluster.NodeId;
import org.onosproject.net.DeviceId;

/**
 * An emulated ONOS cluster running DSP: N DspManager instances (members m1..mN), each with its own
 * work queue, compile state and listeners, over one {@link ClusterStorage} (ConsistentMaps shared,
 * events to every member), one {@link ClusterMastership} that splits the devices among the
 * members and moves them, and {@link ClusterSwitches} (the devices and the flow rule store).
 */
final class EmulatedCluster implements AutoCloseable {
    final ClusterStorage storage = new ClusterStorage();
    final ClusterMastership mastership = new ClusterMastership();
    final ClusterSwitches switches = new ClusterSwitches(mastership);
    private final Map<NodeId, DspManager> members = new LinkedHashMap<>();

    /** Starts {@code n} members and splits {@code devices} among them round robin (m1 the first, ...). */
    EmulatedCluster(int n, List<DeviceId> devices) {
        this(n, devices, Map.of());
    }

    /** As {@link #EmulatedCluster(int, List)}, member i (1-based) with the document limits {@code limits} gives it. */
    EmulatedCluster(int n, List<DeviceId> devices, Map<Integer, DocumentLimits> limits) {
        List<NodeId> ids = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            NodeId id = NodeId.nodeId("m" + i);
            ids.add(id);
            mastership.join(id);
        }
        mastership.split(devices);
        try {
            for (int i = 1; i <= n; i++) {
                NodeId id = ids.get(i - 1);
                members.put(id, TestManagers.clusterMember(switches.viewOf(id), storage, mastership.viewOf(id), limits.get(i)));
            }
        } catch (RuntimeException e) {
            close(); // the members started so far stop
            throw e;
        }
    }

    /** Returns member {@code i} (1-based). */
    DspManager member(int i) {
        return members.get(id(i));
    }

    static NodeId id(int i) {
        return NodeId.nodeId("m" + i);
    }

    /** Returns the live members. */
    synchronized List<DspManager> live() {
        return new ArrayList<>(members.values());
    }

    /**
     * Member {@code i} stops as a process does (it touches no device on the way out); the cluster
     * hands its devices to the others, who are told.
     */
    void stop(int i) {
        DspManager m;
        synchronized (this) {
            m = members.remove(id(i));
        }
        m.suspend();
        mastership.stop(id(i));
    }

    /** The rules the compiled program of {@code device} at member {@code m} wants, rendered as the switches render. */
    static Set<String> wanted(DspManager m, DeviceId device) {
        Set<String> out = new TreeSet<>();
        DsnProgram p = m.program(device);
        if (p != null) {
            p.flows().values().stream().filter(f -> !DsnGroups.isGroup(f)).forEach(f -> out.add(FlowRuleTranslator
                    .fromFlowRule(FlowRuleTranslator.toFlowRule(device, f, TestManagers.APP_ID)).render()));
        }
        return out;
    }

    @Override
    public void close() {
        for (DspManager m : live()) {
            m.suspend();
        }
        storage.close();
        switches.close();
    }
}
