package org.dsp.app.api;

import java.util.Map;
import org.onosproject.net.DeviceId;

/** What applying a document would do, computed without changing anything: per-DSN flow changes and loads. */
public final class DryRun {
    private final Map<DeviceId, FlowChanges> changes;
    private final Map<DeviceId, DsnLoad> loads;

    /** Creates a dry-run result. */
    public DryRun(Map<DeviceId, FlowChanges> changes, Map<DeviceId, DsnLoad> loads) {
        this.changes = Map.copyOf(changes);
        this.loads = Map.copyOf(loads);
    }

    /** Returns the flow changes per DSN (only DSNs that change). */
    public Map<DeviceId, FlowChanges> changes() {
        return changes;
    }

    /** Returns the load per DSN the tenant would be on after the change. */
    public Map<DeviceId, DsnLoad> loads() {
        return loads;
    }
}
