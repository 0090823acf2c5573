package org.dsp.overlay.model;

import org.dsp.ir.Phase;
import org.dsp.ir.Stage;

/**
 * The overlay's pipeline stages, in its exported package: services that steer packets through the
 * overlay (service chaining) place their flows in them, and measure what they steer as the overlay
 * does (its field and punt kind).
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
    /**
     * Set on a packet too large for its destination's network MTU (it goes to the controller with a
     * cookie of kind {@link #PUNT}, and the overlay answers the sender naming that MTU).
     */
    public static final org.dsp.ir.LogicalField TOO_BIG = org.dsp.ir.LogicalField.service(SERVICE, "too_big", 1, false);
    /** The overlay's punt kind: neighbour solicitations and too-large packets, answered by the overlay app. */
    public static final org.dsp.ir.Owner.Kind PUNT = org.dsp.ir.Owner.Kind.of(52, "overlay-punt");
    /**
     * The overlay's punt kind for a packet too large for an encrypted tunnel (a service chain's
     * encrypted class, docs/chaining.md): answered naming what the encrypted tunnel carries
     * ({@link Encryption#MAX_MTU}, or the network's MTU when that is smaller).
     */
    public static final org.dsp.ir.Owner.Kind PUNT_ENCRYPTED = org.dsp.ir.Owner.Kind.of(53, "overlay-punt-encrypted");

    private OverlayStages() {
    }
}
