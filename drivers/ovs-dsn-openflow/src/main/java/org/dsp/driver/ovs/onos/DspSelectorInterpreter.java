package org.dsp.driver.ovs.onos;

import java.util.Map;
import org.dsp.driver.ovs.DspMatchExtension;
import org.dsp.driver.ovs.Field;
import org.dsp.driver.ovs.MatchValue;
import org.dsp.driver.ovs.openflow.OfCodec;
import org.onosproject.net.behaviour.ExtensionSelectorResolver;
import org.onosproject.net.driver.AbstractHandlerBehaviour;
import org.onosproject.net.flow.criteria.ExtensionSelector;
import org.onosproject.net.flow.criteria.ExtensionSelectorType;
import org.onosproject.openflow.controller.ExtensionSelectorInterpreter;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;

/**
 * The driver behaviour through which ONOS's OpenFlow provider writes and reads DSP's match
 * extensions: each {@link DspMatchExtension} is one Nicira OXM (reg0-4, ct_state, ct_mark) and
 * back. conj_id is not supported here: ONOS builds a match only from fields openflowj knows,
 * so DSP compiles ONOS-programmed DSNs without conjunctions (DsnTarget.ONOS_OPENFLOW).
 */
public final class DspSelectorInterpreter extends AbstractHandlerBehaviour
        implements ExtensionSelectorInterpreter, ExtensionSelectorResolver {

    @Override
    public boolean supported(ExtensionSelectorType type) {
        Field f = DspMatchExtension.fieldOf(type);
        return f != null && f != Field.CONJ_ID && f != Field.CT_LABEL && f != Field.CT_LABEL_UP; // the ONOS target matches none (DsnTarget)
    }

    @Override
    public OFOxm<?> mapSelector(OFFactory factory, ExtensionSelector selector) {
        if (factory.getVersion() != OFVersion.OF_13) {
            throw new UnsupportedOperationException("DSP programs DSNs with OpenFlow 1.3, not " + factory.getVersion());
        }
        if (!(selector instanceof DspMatchExtension) || !supported(selector.type())) {
            throw new UnsupportedOperationException("not a DSP match extension this driver writes: " + selector);
        }
        DspMatchExtension x = (DspMatchExtension) selector;
        return OfCodec.extension(x.field(), x.value());
    }

    @Override
    public ExtensionSelector mapOxm(OFOxm<?> oxm) {
        Map.Entry<Field, MatchValue> e = OfCodec.extension(oxm);
        if (e == null || !supported(DspMatchExtension.typeOf(e.getKey()))) {
            throw new UnsupportedOperationException("not a field DSP matches: " + oxm);
        }
        return new DspMatchExtension(e.getKey(), e.getValue());
    }

    @Override
    public ExtensionSelector getExtensionSelector(ExtensionSelectorType type) {
        return DspMatchExtension.fieldOf(type) == null ? null : new DspMatchExtension(type);
    }
}
