package org.dsp.driver.ovs.openflow;

import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFValueType;

/**
 * What the Nicira matches DSP writes by hand (openflowj lacks them) have in common: OpenFlow 1.3
 * only, canonical as built, built by DSP directly (no openflowj builder). Each subclass borrows a
 * slot of openflowj's OXM list ({@link #getMatchField}) that no DSP flow uses otherwise, and writes
 * its own NXM header and payload.
 */
abstract class NxmOxm<T extends OFValueType<T>> implements OFOxm<T> {
    @Override
    public OFOxm<T> getCanonical() {
        return this;
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public OFOxm.Builder<T> createBuilder() {
        throw new UnsupportedOperationException("DSP builds " + getClass().getSimpleName() + " matches directly");
    }
}
