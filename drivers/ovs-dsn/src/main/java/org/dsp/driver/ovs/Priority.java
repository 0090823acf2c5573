package org.dsp.driver.ovs;

/** The priority bands of the pipeline's tables; no other priority literal exists. */
public enum Priority {
    /** Each table's default (table miss). */
    DEFAULT(0),
    /** A local workload's ARP or neighbour discovery with no local target: out through the uplink (below LOW's drops). */
    RESOLUTION(5),
    /** Isolation drops in the *_isolation tables, and catch-all drops above a default. */
    LOW(10),
    /** Per-endpoint classification, anti-spoofing, destination and delivery flows. */
    ENDPOINT(100),
    /** Catch-all drops just below the endpoint flows (e.g. a MAC of another tenant or a spoofed source). */
    ENDPOINT_GUARD(50),
    /** Base of firewall rules: a logical rule priority p maps to RULE_BASE + p. */
    RULE_BASE(1000),
    /** Fixed dispatch flows that must win over everything in their table. */
    DISPATCH(60000),
    /** Dispatch flows that must win over other dispatch flows (e.g. dead connections). */
    DISPATCH_HIGH(61000),
    /** Packets the platform handles itself (topology discovery), above every tenant and pipeline flow. */
    CONTROL(64000);

    private final int value;

    Priority(int value) {
        this.value = value;
    }

    /** Returns the OpenFlow priority. */
    public int value() {
        return value;
    }

    /** Returns the priority of a rule run with logical priority {@code logical}. */
    public static int rule(int logical) {
        return RULE_BASE.value + logical;
    }

    /** Returns {@code value() + offset}, for ordered flows within a band. */
    public int plus(int offset) {
        return value + offset;
    }
}
