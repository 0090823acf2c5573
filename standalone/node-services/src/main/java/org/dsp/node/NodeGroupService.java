package org.dsp.node;

import java.util.List;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.group.Group;
import org.onosproject.net.group.GroupBuckets;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupListener;
import org.onosproject.net.group.GroupService;

/**
 * Groups: DSP's pipeline uses none today, so the node holds none - reads answer "no groups" and
 * writes refuse with a clear message (a later service that needs groups, e.g. load balancing,
 * brings the OpenFlow group programming and its reconciliation).
 */
final class NodeGroupService implements GroupService {
    @Override
    public void addGroup(GroupDescription groupDesc) {
        throw Refuse.of("GroupService", "addGroup");
    }

    @Override
    public Group getGroup(DeviceId deviceId, GroupKey appCookie) {
        return null;
    }

    @Override
    public void addBucketsToGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets, GroupKey newCookie,
                                  ApplicationId appId) {
        throw Refuse.of("GroupService", "addBucketsToGroup");
    }

    @Override
    public void removeBucketsFromGroup(DeviceId deviceId, GroupKey oldCookie, GroupBuckets buckets, GroupKey newCookie,
                                       ApplicationId appId) {
        throw Refuse.of("GroupService", "removeBucketsFromGroup");
    }

    @Override
    public void purgeGroupEntries(DeviceId deviceId) {
        throw Refuse.of("GroupService", "purgeGroupEntries");
    }

    @Override
    public void removeGroup(DeviceId deviceId, GroupKey appCookie, ApplicationId appId) {
        throw Refuse.of("GroupService", "removeGroup");
    }

    @Override
    public Iterable<Group> getGroups(DeviceId deviceId, ApplicationId appId) {
        return List.of();
    }

    @Override
    public Iterable<Group> getGroups(DeviceId deviceId) {
        return List.of();
    }

    @Override
    public void addListener(GroupListener listener) {
        // no groups, so no group events
    }

    @Override
    public void removeListener(GroupListener listener) {
        // no groups, so no group events
    }
}
