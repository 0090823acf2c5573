package org.dsp.app.impl;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.onosproject.cluster.NodeId;
import org.onosproject.mastership.MastershipEvent;
import org.onosproject.mastership.MastershipInfo;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;

/**
 * The mastership of an emulated cluster: each device has one master among the live members, the
 * devices are split among them, and a device can be moved to another member (or every device of
 * a stopping member to the others) - each move raises MASTER_CHANGED, with a new term, at every
 * live member, as ONOS's mastership service does.
 */
final class ClusterMastership {
    private final Map<DeviceId, NodeId> masters = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
    private final Map<NodeId, List<MastershipListener>> listeners = new java.util.LinkedHashMap<>();
    private final Set<NodeId> live = new java.util.LinkedHashSet<>();
    private long term;

    /** Adds a live member (it masters nothing until devices are given to it). */
    synchronized void join(NodeId member) {
        live.add(member);
        listeners.putIfAbsent(member, new CopyOnWriteArrayList<>());
    }

    /** Splits {@code devices} among the live members, round robin in the order given. */
    void split(List<DeviceId> devices) {
        List<NodeId> members;
        synchronized (this) {
            members = new ArrayList<>(live);
        }
        for (int i = 0; i < devices.size(); i++) {
            move(devices.get(i), members.get(i % members.size()));
        }
    }

    /** Makes {@code member} the device's master and tells every live member. */
    void move(DeviceId device, NodeId member) {
        MastershipEvent e;
        List<MastershipListener> to = new ArrayList<>();
        synchronized (this) {
            if (!live.contains(member)) {
                throw new IllegalArgumentException(member + " is not a live member");
            }
            masters.put(device, member);
            e = new MastershipEvent(MastershipEvent.Type.MASTER_CHANGED, device,
                    new MastershipInfo(++term, Optional.of(member), ImmutableMap.of(member, MastershipRole.MASTER)));
            live.forEach(m -> to.addAll(listeners.get(m)));
        }
        to.forEach(l -> l.event(e));
    }

    /** A member stops: its devices go to the live members left (round robin), who are told. */
    void stop(NodeId member) {
        List<DeviceId> orphans;
        List<NodeId> rest;
        synchronized (this) {
            live.remove(member);
            listeners.get(member).clear();
            orphans = masters.entrySet().stream().filter(e -> e.getValue().equals(member)).map(Map.Entry::getKey)
                    .collect(Collectors.toList());
            rest = new ArrayList<>(live);
        }
        for (int i = 0; i < orphans.size(); i++) {
            move(orphans.get(i), rest.get(i % rest.size()));
        }
    }

    /** Returns the device's master (null: none). */
    synchronized NodeId master(DeviceId device) {
        return masters.get(device);
    }

    /** Returns the mastership service member {@code member} sees. */
    MastershipServiceAdapter viewOf(NodeId member) {
        return new MastershipServiceAdapter() {
            @Override
            public MastershipRole getLocalRole(DeviceId deviceId) {
                return member.equals(master(deviceId)) ? MastershipRole.MASTER : MastershipRole.STANDBY;
            }

            @Override
            public boolean isLocalMaster(DeviceId deviceId) {
                return member.equals(master(deviceId));
            }

            @Override
            public NodeId getMasterFor(DeviceId deviceId) {
                return master(deviceId);
            }

            @Override
            public void addListener(MastershipListener listener) {
                synchronized (ClusterMastership.this) {
                    listeners.get(member).add(listener);
                }
            }

            @Override
            public void removeListener(MastershipListener listener) {
                synchronized (ClusterMastership.this) {
                    listeners.get(member).remove(listener);
                }
            }
        };
    }
}
