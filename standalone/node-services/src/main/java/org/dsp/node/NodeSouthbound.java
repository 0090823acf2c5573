package org.dsp.node;

import org.dsp.app.api.Southbound;
import org.dsp.driver.ovs.DsnTarget;

/** The node's southbound: its own encoder has every Nicira extension DSP uses, and a node restart leaves flows in place. */
public final class NodeSouthbound implements Southbound {
    private final java.util.function.BiFunction<org.onosproject.net.DeviceId, Integer, String> refusals;

    NodeSouthbound(java.util.function.BiFunction<org.onosproject.net.DeviceId, Integer, String> refusals) {
        this.refusals = refusals;
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
