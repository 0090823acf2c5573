package org.dsp.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.GroupTranslator;
import org.dsp.node.openflow.GroupModEncoder;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.group.DefaultGroup;
import org.onosproject.net.group.DefaultGroupDescription;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupBuckets;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupListener;
import org.onosproject.net.group.GroupService;

/**
 * GroupService on the node's OpenFlow channel. Groups are part of each switch's desired state,
 * kept with its flows ({@link NodeFlowRuleService}): a change is one atomic bundle, confirmed by the
 * switch, and reconciliation and audits compare groups as they compare flows (by type and bucket
 * bytes), so a switch that reconnects holding the right groups gets no GROUP_MOD at all. A group
 * needs its id given (DSP's groups do). Its state is PENDING_ADD (or PENDING_UPDATE) until the switch
 * confirms it, then ADDED; listeners hear GROUP_ADDED, GROUP_UPDATED, GROUP_REMOVED, or the failures.
 */
final class NodeGroupService implements GroupService {
    private final NodeFlowRuleService flows;
    private final Map<DeviceId, Map<GroupKey, DefaultGroup>> groups = new ConcurrentHashMap<>();
    private final List<GroupListener> listeners = new CopyOnWriteArrayList<>();

    NodeGroupService(NodeFlowRuleService flows) {
        this.flows = flows;
    }

    private Map<GroupKey, DefaultGroup> of(DeviceId d) {
        return groups.computeIfAbsent(d, k -> new ConcurrentHashMap<>());
    }

    /** The group a key names on a device; refuses a key it holds no group for. */
    private DefaultGroup existing(DeviceId deviceId, GroupKey key) {
        DefaultGroup g = of(deviceId).get(key);
        if (g == null) {
            throw new IllegalArgumentException("no group " + key + " on " + deviceId);
        }
        return g;
    }

    private void post(GroupEvent.Type type, Group g) {
        GroupEvent e = new GroupEvent(type, g);
        listeners.forEach(l -> l.event(e));
    }

    /** Sends one group change; on the switch's answer the group's state and the event follow. */
    private void apply(DeviceId d, DefaultGroup g, GroupModEncoder.Command command, DsnGroup dsn, GroupEvent.Type ok,
                       GroupEvent.Type failed) {
        flows.applyGroups(d, List.of(new NodeFlowRuleService.GroupOp(dsn, command)), err -> {
            if (err == null) {
                if (command == GroupModEncoder.Command.DELETE) {
                    post(ok, g);
                    return;
                }
                g.setState(Group.GroupState.ADDED);
                g.setIsGroupStateAddedFirstTime(command == GroupModEncoder.Command.ADD);
                post(ok, g);
            } else {
                post(failed, g);
            }
        });
    }

    @Override
    public void addGroup(GroupDescription desc) {
        DsnGroup dsn = GroupTranslator.fromGroupDescription(desc); // refuses a group without its id, or of another type
        DefaultGroup g = new DefaultGroup(GroupTranslator.groupId(dsn.id()), desc);
        g.setState(Group.GroupState.PENDING_ADD);
        DefaultGroup old = of(desc.deviceId()).put(desc.appCookie(), g);
        apply(desc.deviceId(), g, old == null ? GroupModEncoder.Command.ADD : GroupModEncoder.Command.MODIFY, dsn,
                old == null ? GroupEvent.Type.GROUP_ADDED : GroupEvent.Type.GROUP_UPDATED,
                old == null ? GroupEvent.Type.GROUP_ADD_FAILED : GroupEvent.Type.GROUP_UPDATE_FAILED);
    }

    @Override
    public Group getGroup(DeviceId deviceId, GroupKey appCookie) {
        return of(deviceId).get(appCookie);
    }

    /** Replaces a group's buckets (and, when given, its key), keeping its id and type. */
    private void update(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets, GroupKey newCookie, ApplicationId appId) {
        Map<GroupKey, DefaultGroup> m = of(deviceId);
        DefaultGroup old = existing(deviceId, oldCookie);
        GroupKey key = newCookie == null ? oldCookie : newCookie;
        GroupDescription desc = new DefaultGroupDescription(deviceId, old.type(), buckets, key, old.givenGroupId(),
                appId == null ? old.appId() : appId);
        DsnGroup dsn = GroupTranslator.fromGroupDescription(desc);
        DefaultGroup g = new DefaultGroup(old.id(), desc);
        g.setState(Group.GroupState.PENDING_UPDATE);
        m.remove(oldCookie);
        m.put(key, g);
        apply(deviceId, g, GroupModEncoder.Command.MODIFY, dsn, GroupEvent.Type.GROUP_UPDATED, GroupEvent.Type.GROUP_UPDATE_FAILED);
    }

    @Override
    public void setBucketsForGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets, GroupKey newCookie,
                                   ApplicationId appId) {
        update(deviceId, oldCookie, buckets, newCookie, appId);
    }

    @Override
    public void addBucketsToGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets, GroupKey newCookie,
                                  ApplicationId appId) {
        DefaultGroup old = existing(deviceId, oldCookie);
        List<GroupBucket> all = new ArrayList<>(old.buckets().buckets());
        buckets.buckets().stream().filter(b -> !all.contains(b)).forEach(all::add);
        update(deviceId, oldCookie, new GroupBuckets(all), newCookie, appId);
    }

    @Override
    public void removeBucketsFromGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets, GroupKey newCookie,
                                       ApplicationId appId) {
        DefaultGroup old = existing(deviceId, oldCookie);
        List<GroupBucket> rest = new ArrayList<>(old.buckets().buckets());
        rest.removeAll(buckets.buckets());
        update(deviceId, oldCookie, new GroupBuckets(rest), newCookie, appId);
    }

    @Override
    public void purgeGroupEntries(DeviceId deviceId) {
        for (GroupKey k : List.copyOf(of(deviceId).keySet())) {
            removeGroup(deviceId, k, null);
        }
    }

    @Override
    public void removeGroup(DeviceId deviceId, GroupKey appCookie, ApplicationId appId) {
        DefaultGroup g = of(deviceId).remove(appCookie);
        if (g == null) {
            return;
        }
        g.setState(Group.GroupState.PENDING_DELETE);
        apply(deviceId, g, GroupModEncoder.Command.DELETE, new DsnGroup(g.givenGroupId() & 0xffffffffL,
                GroupTranslator.type(g.type()), List.of()), GroupEvent.Type.GROUP_REMOVED, GroupEvent.Type.GROUP_REMOVE_FAILED);
    }

    @Override
    public Iterable<Group> getGroups(DeviceId deviceId, ApplicationId appId) {
        List<Group> out = new ArrayList<>();
        of(deviceId).values().stream().filter(g -> appId == null || appId.equals(g.appId())).forEach(out::add);
        return out;
    }

    @Override
    public Iterable<Group> getGroups(DeviceId deviceId) {
        return new ArrayList<>(of(deviceId).values());
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
