package org.dsp.driver.ovs;

/**
 * The tables of the OVS DSN pipeline, in packet order. Numbers leave gaps so stages can be added
 * without renumbering. Every table ends in a priority-0 default declared by {@link PipelineFlows}.
 */
public enum Table {
    /** Classifies by in_port: a local endpoint's port (sets the tenant) or an uplink (sets FROM_NET). Unknown ports drop. */
    CLASSIFY(0, "classify"),
    /** Anti-spoofing: a local endpoint may send only from its MAC and addresses; ARP and IPv6 ND go to NORMAL. */
    PORT_SECURITY(1, "port_security"),
    /** Finds the local destination endpoint (reg0 = its port) by MAC and IP; remote destinations keep reg0 = 0. */
    DESTINATION(2, "destination"),
    /** Sends IP traffic through conntrack in the tenant's zone (reg2), recirculating to ct_state. */
    CONNTRACK(3, "conntrack"),
    /** Dispatches on connection state: invalid drops, replies and persistent connections go to output, new ones to policy. */
    CT_STATE(4, "ct_state"),
    /** Egress rules of the platform tier (source workload's DSN). */
    EGRESS_PLATFORM(10, "egress_platform"),
    /** Egress rules of the tenant tier. */
    EGRESS_TENANT(11, "egress_tenant"),
    /** Egress rules of the baseline tier. */
    EGRESS_BASELINE(12, "egress_baseline"),
    /** Egress default: isolated sources drop, others continue to ingress. */
    EGRESS_ISOLATION(13, "egress_isolation"),
    /** Ingress rules of the platform tier (destination workload's DSN); remote destinations skip ingress here. */
    INGRESS_PLATFORM(20, "ingress_platform"),
    /** Ingress rules of the tenant tier. */
    INGRESS_TENANT(21, "ingress_tenant"),
    /** Ingress rules of the baseline tier. */
    INGRESS_BASELINE(22, "ingress_baseline"),
    /** Ingress default: isolated destinations drop, others continue to commit. */
    INGRESS_ISOLATION(23, "ingress_isolation"),
    /** Commits allowed stateful connections to conntrack, recording the persist mark. */
    COMMIT(30, "commit"),
    /** Drops denied and rejected packets; a re-evaluated connection is marked dead so its replies stop too. */
    DENY(31, "deny"),
    /** Delivers: to the local destination port in reg0, or to the uplink for remote destinations. */
    OUTPUT(40, "output");

    private final int number;
    private final String label;

    Table(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** Returns the OpenFlow table number. */
    public int number() {
        return number;
    }

    /** Returns the table's name as printed in comments and docs. */
    public String label() {
        return label;
    }

    /** Returns the table with OpenFlow number {@code n}, or null. */
    public static Table byNumber(int n) {
        for (Table t : values()) {
            if (t.number == n) {
                return t;
            }
        }
        return null;
    }
}
