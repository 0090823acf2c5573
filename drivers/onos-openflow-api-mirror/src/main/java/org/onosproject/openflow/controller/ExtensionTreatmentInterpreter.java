package org.onosproject.openflow.controller;

import org.onosproject.net.driver.HandlerBehaviour;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/**
 * Build-time mirror of ONOS 2.7's driver behaviour that turns extension treatments into OpenFlow
 * actions and back (same package, name and signatures; the real one is in
 * onos-protocols-openflow-api).
 */
public interface ExtensionTreatmentInterpreter extends HandlerBehaviour {
    /** Returns whether treatments of this type are interpreted. */
    boolean supported(ExtensionTreatmentType extensionTreatmentType);

    /** Returns the OpenFlow action of a treatment. */
    OFAction mapInstruction(OFFactory factory, ExtensionTreatment extensionTreatment);

    /** Returns the treatment of an OpenFlow action. */
    ExtensionTreatment mapAction(OFAction action);
}
