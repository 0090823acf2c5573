package org.dsp.driver.ovs.openflow;

import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionExperimenter;

/** Base of the Nicira actions DSP writes by hand (openflowj 3.2.1.onos lacks them). */
abstract class NxAction implements OFActionExperimenter {
    @Override
    public OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public long getExperimenter() {
        return Nx.EXPERIMENTER;
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public OFActionExperimenter.Builder createBuilder() {
        throw new UnsupportedOperationException("DSP builds " + getClass().getSimpleName() + " directly");
    }
}
