package org.dsp.app.api;

import java.util.Map;
import org.dsp.driver.ovs.FlowDelta;
import org.onosproject.net.DeviceId;

/** What applying a document would do, computed without changing anything: per-DSN flow changes and loads. */
public final class DryRun {
    private final Map<DeviceId, FlowDelta> deltas;
    private final Map<DeviceId, DsnLoad> loads;

    /** Creates a dry-run result. */
    public DryRun(Map<DeviceId, FlowDelta> deltas, Map<DeviceId, DsnLoad> loads) {
        this.deltas = Map.copyOf(deltas);
        this.loads = Map.copyOf(loads);
    }

    /** Returns the flow changes per DSN (only DSNs that change). */
    public Map<DeviceId, FlowDelta> deltas() {
        return deltas;
    }

    /** Returns the load per DSN the tenant would be on after the change. */
    public Map<DeviceId, DsnLoad> loads() {
        return loads;
    }
}
