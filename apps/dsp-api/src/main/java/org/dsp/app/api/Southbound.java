package org.dsp.app.api;

/**
 * Registered by a runtime whose southbound differs from ONOS's OpenFlow provider (the standalone
 * node): what its encoder can carry, and whether DSP's flows stay on the switches when the DSP
 * core stops (a node restart must not interrupt forwarding). Without one, DSP compiles for
 * what ONOS's OpenFlow provider carries and removes its flows when deactivated, as an ONOS app does.
 */
public interface Southbound {
    /**
     * Returns the name of what the southbound can encode, as the DSN driver knows it (the OVS
     * driver: "ovs-nicira", every Nicira extension; "onos-openflow", what ONOS's provider carries).
     */
    String profile();

    /** Returns whether DSP's flows stay on the switches when the DSP core stops. */
    boolean keepsFlowsWhenStopped();

    /**
     * Returns why {@code dsn} does not hold the flows of the tenant with key {@code tenantKey} as
     * last sent (what the switch said when it refused a batch of them, the message at fault), or
     * null when nothing is known against them. ONOS's FlowRuleService reports only which rules
     * failed; a southbound that knows more says it here.
     */
    default String refusal(org.onosproject.net.DeviceId dsn, int tenantKey) {
        return null;
    }

    /**
     * Returns whether this southbound verifies what switches hold (audits, reconciliation) and
     * clears {@link #refusal} only when a switch was seen holding its flows: then a DSN that failed
     * and was repaired since is reported INSTALLED again, and one still failing FAILED, whatever
     * later changes said.
     */
    default boolean verifies() {
        return false;
    }

    /**
     * Returns whether group and flow changes reach a switch in the order they are made (one channel,
     * as the node's): the core then sends a change's flows right after its groups, without waiting
     * for the groups' confirmation. Otherwise (ONOS) the flows wait for it.
     */
    default boolean ordersGroupsWithFlows() {
        return false;
    }

    /**
     * Sends the Ethernet frame {@code frame} to the endpoint on port {@code port} of {@code dsn}
     * through the DSN's connection tracking in the zone of the tenant with key {@code tenantKey}
     * first: a packet related to a connection whose addresses the DSN translated (an ICMP error
     * quoting a translated packet) comes out translated back, as the connection's replies do.
     * Returns false when this southbound cannot (the caller then sends it untracked).
     */
    default boolean emitTracked(org.onosproject.net.DeviceId dsn, int tenantKey, long port, byte[] frame) {
        return false;
    }
}
