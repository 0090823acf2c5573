package org.dsp.node;

import org.dsp.app.api.Southbound;
import org.dsp.driver.ovs.DsnTarget;

/** The node's southbound: its own encoder has every Nicira extension DSP uses, and a node restart leaves flows in place. */
public final class NodeSouthbound implements Southbound {
    @Override
    public DsnTarget target() {
        return DsnTarget.OVS_NICIRA;
    }

    @Override
    public boolean keepsFlowsWhenStopped() {
        return true;
    }
}
