package org.dsp.node.openflow;

/** Hears what the OpenFlow server refused for security reasons (identity conflicts, forged packet-ins). */
@FunctionalInterface
public interface SecurityListener {
    /**
     * A security event.
     *
     * @param kind a stable word for the kind of event, e.g. {@code switch-identity-conflict}
     * @param detail what happened, with addresses and datapath ids
     */
    void event(String kind, String detail);
}
