package org.dsp.app.api;

import org.dsp.driver.ovs.DsnTarget;

/**
 * Registered by a runtime whose southbound differs from ONOS's OpenFlow provider (the standalone
 * node): what its encoder can carry, and whether DSP's flows stay on the switches when the DSP
 * core stops (a node restart must not interrupt forwarding). Without one, DSP compiles for
 * {@link DsnTarget#ONOS_OPENFLOW} and removes its flows when deactivated, as an ONOS app does.
 */
public interface Southbound {
    /** Returns what the southbound can encode. */
    DsnTarget target();

    /** Returns whether DSP's flows stay on the switches when the DSP core stops. */
    boolean keepsFlowsWhenStopped();
}
