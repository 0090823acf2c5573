package org.onosproject.openflow.controller;

import org.onosproject.net.driver.HandlerBehaviour;
import org.onosproject.net.flow.criteria.ExtensionSelector;
import org.onosproject.net.flow.criteria.ExtensionSelectorType;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;

/**
 * Build-time mirror of ONOS 2.7's driver behaviour that turns extension selectors into OXMs and
 * back (same package, name and signatures; the real one is in onos-protocols-openflow-api).
 */
public interface ExtensionSelectorInterpreter extends HandlerBehaviour {
    /** Returns whether selectors of this type are interpreted. */
    boolean supported(ExtensionSelectorType extensionSelectorType);

    /** Returns the OXM of a selector. */
    OFOxm<?> mapSelector(OFFactory factory, ExtensionSelector extensionSelector);

    /** Returns the selector of an OXM. */
    ExtensionSelector mapOxm(OFOxm<?> oxm);
}
