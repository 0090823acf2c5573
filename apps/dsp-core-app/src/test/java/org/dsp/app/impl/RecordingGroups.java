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

/** A GroupService that holds the groups it is given and confirms every change (GROUP_ADDED, GROUP_UPDATED), at once unless held; or refuses them. */
class RecordingGroups extends GroupServiceAdapter {
    final Map<DeviceId, Map<GroupKey, Group>> groups = new ConcurrentHashMap<>();
    private final List<GroupListener> listeners = new CopyOnWriteArrayList<>();
    /** When set, events wait in {@link #held} (a switch that has not answered yet). */
    volatile boolean hold;
    /** When set, adds and updates fail (a switch that refuses them). */
    volatile boolean refuse;
    final List<GroupEvent> held = new CopyOnWriteArrayList<>();

    private void post(GroupEvent e) {
        if (hold) {
            held.add(e);
        } else {
            listeners.forEach(l -> l.event(e));
        }
    }

    /** Delivers the held events. */
    void release() {
        hold = false;
        List<GroupEvent> out = List.copyOf(held);
        held.clear();
        out.forEach(this::post);
    }

    @Override
    public void addGroup(GroupDescription d) {
        DefaultGroup g = new DefaultGroup(org.onosproject.core.GroupId.valueOf(d.givenGroupId()), d);
        g.setState(Group.GroupState.ADDED);
        groups.computeIfAbsent(d.deviceId(), k -> new ConcurrentHashMap<>()).put(d.appCookie(), g);
        post(new GroupEvent(refuse ? GroupEvent.Type.GROUP_ADD_FAILED : GroupEvent.Type.GROUP_ADDED, g));
    }

    @Override
    public void setBucketsForGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets, GroupKey newCookie,
                                   ApplicationId appId) {
        Group old = groups.get(deviceId).get(oldCookie);
        DefaultGroup g = new DefaultGroup(old.id(), new DefaultGroupDescription(deviceId, old.type(), buckets, newCookie,
                old.givenGroupId(), appId));
        g.setState(Group.GroupState.ADDED);
        groups.get(deviceId).put(newCookie, g);
        post(new GroupEvent(refuse ? GroupEvent.Type.GROUP_UPDATE_FAILED : GroupEvent.Type.GROUP_UPDATED, g));
    }

    @Override
    public void removeGroup(DeviceId deviceId, GroupKey appCookie, ApplicationId appId) {
        Group g = groups.getOrDefault(deviceId, Map.of()).remove(appCookie);
        if (g != null) {
            post(new GroupEvent(GroupEvent.Type.GROUP_REMOVED, g));
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
