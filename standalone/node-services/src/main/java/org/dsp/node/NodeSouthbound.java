package org.dsp.node;

import org.dsp.app.api.Southbound;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.Registers;
import org.dsp.driver.ovs.Table;

/**
 * The node's southbound: its own encoder has every Nicira extension DSP uses, a node restart leaves
 * flows in place, and a packet-out can go through a DSN's conntrack.
 */
public final class NodeSouthbound implements Southbound {
    private final java.util.function.BiFunction<org.onosproject.net.DeviceId, Integer, String> refusals;
    private final java.util.function.Function<String, org.dsp.node.openflow.SwitchConnection> switches;

    NodeSouthbound(java.util.function.BiFunction<org.onosproject.net.DeviceId, Integer, String> refusals,
                   java.util.function.Function<String, org.dsp.node.openflow.SwitchConnection> switches) {
        this.refusals = refusals;
        this.switches = switches;
    }

    /**
     * The packet-out actions that take a frame through the tenant's conntrack zone (applying the
     * connection's translation: a related packet's is undone) to the output table, which sends it
     * out of {@code port} (the destination-port register) as it sends anything for that endpoint.
     */
    static java.util.List<DsnAction> trackedTo(int tenantKey, long port) {
        return java.util.List.of(DsnAction.load(Registers.TENANT, tenantKey), DsnAction.load(Registers.DST_PORT, port),
                DsnAction.ctNat(Table.OUTPUT));
    }

    @Override
    public boolean emitTracked(org.onosproject.net.DeviceId dsn, int tenantKey, long port, byte[] frame) {
        org.dsp.node.openflow.SwitchConnection sw = switches.apply(dsn.toString());
        if (sw == null) {
            return false;
        }
        java.util.List<org.projectfloodlight.openflow.protocol.action.OFAction> actions = new java.util.ArrayList<>();
        trackedTo(tenantKey, port).forEach(a -> actions.add(org.dsp.driver.ovs.openflow.OfCodec.action(a)));
        sw.packetOut(actions, frame);
        return true;
    }

    @Override
    public String refusal(org.onosproject.net.DeviceId dsn, int tenantKey) {
        return refusals.apply(dsn, tenantKey);
    }

    @Override
    public boolean verifies() {
        return true;
    }

    @Override
    public String profile() {
        return DsnTarget.OVS_NICIRA.profile();
    }

    @Override
    public boolean keepsFlowsWhenStopped() {
        return true;
    }

    /** One OpenFlow channel per switch, group and flow batches sent in the order they are made. */
    @Override
    public boolean ordersGroupsWithFlows() {
        return true;
    }
}
