package org.dsp.driver.ovs.onos;

import org.dsp.driver.ovs.DspActionExtension;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.openflow.OfCodec;
import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.driver.AbstractHandlerBehaviour;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.onosproject.openflow.controller.ExtensionTreatmentInterpreter;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/**
 * The driver behaviour through which ONOS's OpenFlow provider writes and reads DSP's action
 * extensions: register loads and conntrack (Nicira load and ct, which openflowj parses back from
 * flow statistics too). Conjunction, controller-with-userdata and sample are written (DSP's own
 * encoders) but ONOS cannot read them back from a switch, which is why DSP does not emit them for
 * ONOS-programmed DSNs (DsnTarget.ONOS_OPENFLOW).
 */
public final class DspTreatmentInterpreter extends AbstractHandlerBehaviour
        implements ExtensionTreatmentInterpreter, ExtensionTreatmentResolver {

    @Override
    public boolean supported(ExtensionTreatmentType type) {
        return DspActionExtension.TYPE.equals(type);
    }

    @Override
    public OFAction mapInstruction(OFFactory factory, ExtensionTreatment treatment) {
        if (factory.getVersion() != OFVersion.OF_13) {
            throw new UnsupportedOperationException("DSP programs DSNs with OpenFlow 1.3, not " + factory.getVersion());
        }
        if (!(treatment instanceof DspActionExtension)) {
            throw new UnsupportedOperationException("not a DSP action extension: " + treatment);
        }
        return OfCodec.action(((DspActionExtension) treatment).action());
    }

    @Override
    public ExtensionTreatment mapAction(OFAction action) {
        DsnAction a = OfCodec.extension(action);
        if (a == null) {
            throw new UnsupportedOperationException("not an action DSP writes: " + action);
        }
        return new DspActionExtension(a);
    }

    @Override
    public ExtensionTreatment getExtensionInstruction(ExtensionTreatmentType type) {
        return supported(type) ? new DspActionExtension() : null;
    }
}
