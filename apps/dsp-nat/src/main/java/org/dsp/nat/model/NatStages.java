package org.dsp.nat.model;

import org.dsp.ir.Phase;
import org.dsp.ir.Stage;

/**
 * The NAT app's stages (docs/nat.md), in the exported model package so that another app can name
 * one: service chains hand a class to the external network to {@link #ROUTE} after its service
 * functions, as if the member had sent it (docs/chaining.md).
 */
public final class NatStages {
    /** The service's name (the stages' owner). */
    public static final String SERVICE = "nat";
    /** After policy, on a member's DSN: its external packets to their gateway. */
    public static final Stage ROUTE = Stage.of("nat_route", Phase.POST_POLICY, 2, SERVICE);
    /** At a gateway: source translation, out of the external port. */
    public static final Stage OUT = Stage.of("nat_out", Phase.POST_POLICY, 3, SERVICE);
    /** At a gateway: destination translation of what the external port brings. */
    public static final Stage IN = Stage.of("nat_in", Phase.POST_POLICY, 4, SERVICE);
    /** At a gateway: an inbound packet on to its member (local, or through the tunnel). */
    public static final Stage DELIVER = Stage.of("nat_deliver", Phase.POST_POLICY, 5, SERVICE);

    private NatStages() {
    }
}
