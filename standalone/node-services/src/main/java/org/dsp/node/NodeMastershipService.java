package org.dsp.node;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.onosproject.cluster.NodeId;
import org.onosproject.cluster.RoleInfo;
import org.onosproject.mastership.MastershipInfo;
import org.onosproject.mastership.MastershipListener;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;

/** The node is the master of every device (it is never a cluster). */
final class NodeMastershipService implements MastershipService {
    static final NodeId LOCAL = NodeId.nodeId("dsp-node");

    @Override
    public MastershipRole getLocalRole(DeviceId deviceId) {
        return MastershipRole.MASTER;
    }

    @Override
    public CompletableFuture<MastershipRole> requestRoleFor(DeviceId deviceId) {
        return CompletableFuture.completedFuture(MastershipRole.MASTER);
    }

    @Override
    public CompletableFuture<Void> relinquishMastership(DeviceId deviceId) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public NodeId getMasterFor(DeviceId deviceId) {
        return LOCAL;
    }

    @Override
    public RoleInfo getNodesFor(DeviceId deviceId) {
        throw Refuse.of("MastershipService", "getNodesFor");
    }

    @Override
    public MastershipInfo getMastershipFor(DeviceId deviceId) {
        throw Refuse.of("MastershipService", "getMastershipFor");
    }

    @Override
    public Set<DeviceId> getDevicesOf(NodeId nodeId) {
        throw Refuse.of("MastershipService", "getDevicesOf");
    }

    @Override
    public void addListener(MastershipListener listener) {
        // mastership never changes on the node
    }

    @Override
    public void removeListener(MastershipListener listener) {
        // mastership never changes on the node
    }
}
