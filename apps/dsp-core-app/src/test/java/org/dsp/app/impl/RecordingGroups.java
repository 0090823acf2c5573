package org.dsp.app.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.group.DefaultGroup;
import org.onosproject.net.group.DefaultGroupDescription;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBuckets;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupListener;
import org.onosproject.net.group.GroupServiceAdapter;

/** A GroupService that holds the groups it is given and confirms every change at once (GROUP_ADDED, GROUP_UPDATED). */
class RecordingGroups extends GroupServiceAdapter {
    final Map<DeviceId, Map<GroupKey, Group>> groups = new ConcurrentHashMap<>();
    private final List<GroupListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void addGroup(GroupDescription d) {
        DefaultGroup g = new DefaultGroup(org.onosproject.core.GroupId.valueOf(d.givenGroupId()), d);
        g.setState(Group.GroupState.ADDED);
        groups.computeIfAbsent(d.deviceId(), k -> new ConcurrentHashMap<>()).put(d.appCookie(), g);
        listeners.forEach(l -> l.event(new GroupEvent(GroupEvent.Type.GROUP_ADDED, g)));
    }

    @Override
    public void setBucketsForGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets, GroupKey newCookie,
                                   ApplicationId appId) {
        Group old = groups.get(deviceId).get(oldCookie);
        DefaultGroup g = new DefaultGroup(old.id(), new DefaultGroupDescription(deviceId, old.type(), buckets, newCookie,
                old.givenGroupId(), appId));
        g.setState(Group.GroupState.ADDED);
        groups.get(deviceId).put(newCookie, g);
        listeners.forEach(l -> l.event(new GroupEvent(GroupEvent.Type.GROUP_UPDATED, g)));
    }

    @Override
    public void removeGroup(DeviceId deviceId, GroupKey appCookie, ApplicationId appId) {
        Group g = groups.getOrDefault(deviceId, Map.of()).remove(appCookie);
        if (g != null) {
            listeners.forEach(l -> l.event(new GroupEvent(GroupEvent.Type.GROUP_REMOVED, g)));
        }
    }

    @Override
    public Iterable<Group> getGroups(DeviceId deviceId) {
        return List.copyOf(groups.getOrDefault(deviceId, Map.of()).values());
    }

    /** Returns how many groups are held on every device together. */
    int count() {
        return groups.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public void addListener(GroupListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(GroupListener listener) {
        listeners.remove(listener);
    }
}
