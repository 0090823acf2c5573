package org.dsp.overlay.model;

import org.dsp.ir.Phase;
import org.dsp.ir.Stage;

/**
 * The overlay's pipeline stages, in its exported package: services that steer packets through the
 * overlay (service chaining) place their flows in them.
 */
public final class OverlayStages {
    /** The overlay service's name. */
    public static final String SERVICE = "overlay";
    /**
     * The stage after policy (the last post-policy slot, so every other service's post-policy
     * work is done) that sends a packet for a member on another DSN into the tunnel.
     */
    public static final Stage OUT = Stage.of("overlay_out", Phase.POST_POLICY, 7, SERVICE);
    /** The stage before it that measures a packet for the tunnel against its network's MTU. */
    public static final Stage MEASURE = Stage.of("overlay_mtu", Phase.POST_POLICY, 6, SERVICE);

    private OverlayStages() {
    }
}
