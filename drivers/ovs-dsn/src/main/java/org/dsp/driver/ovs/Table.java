package org.dsp.driver.ovs;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table of the OVS DSN pipeline: its OpenFlow number and its name. The core's tables are the
 * constants below; the tables of service stages come from {@link TablePlan} (phase base + slot).
 * Tables are equal when their numbers are.
 */
public final class Table implements Comparable<Table> {
    private static final Map<Integer, Table> KNOWN = new ConcurrentHashMap<>();

    /** Classifies by in_port: a local endpoint's port (sets the tenant) or an uplink (sets FROM_NET). Unknown ports drop. */
    public static final Table CLASSIFY = core(0, "classify");
    /** Anti-spoofing: a local endpoint may send only from its MAC and addresses; ARP and IPv6 ND go to NORMAL. */
    public static final Table PORT_SECURITY = core(1, "port_security");
    /** Finds the local destination endpoint (reg0 = its port) by MAC and IP; remote destinations keep reg0 = 0. */
    public static final Table DESTINATION = core(2, "destination");
    /** Sends IP traffic through conntrack in the tenant's zone (reg2), recirculating to ct_state. */
    public static final Table CONNTRACK = core(3, "conntrack");
    /** Dispatches on connection state: invalid drops, replies and persistent connections skip policy, new ones to policy. */
    public static final Table CT_STATE = core(4, "ct_state");
    /** Commits allowed stateful connections to conntrack, recording the persist mark. */
    public static final Table COMMIT = core(30, "commit");
    /** Drops denied and rejected packets; a re-evaluated connection is marked dead so its replies stop too. */
    public static final Table DENY = core(31, "deny");
    /** Delivers: to the local destination port in reg0, or to the uplink for remote destinations. */
    public static final Table OUTPUT = core(40, "output");
    /**
     * Flows the switch writes itself with {@code learn} (a load balancer's source affinity), looked
     * up with resubmit, never in the goto chain. Nobody programs it: reconciliation, audits and
     * the drift monitor leave it alone, and its flows leave by their idle timeout.
     */
    public static final Table LEARNED = core(50, "learned");
    /**
     * Not an OpenFlow table: where a DSN's program keeps its groups, as entries keyed by group id
     * ({@link DsnGroups}), so the incremental compiler computes their changes as it does flows'.
     * The southbound sends them through GroupService; no FLOW_MOD ever names this table.
     */
    public static final Table GROUPS = core(254, "groups");

    /** Returns whether this is the pseudo-table of the program's groups. */
    public boolean groups() {
        return number == GROUPS.number;
    }

    /** Returns whether the switch writes this table's flows itself (they are no controller's to audit). */
    public boolean learned() {
        return number == LEARNED.number;
    }

    private final int number;
    private final String label;

    private Table(int number, String label) {
        this.number = number;
        this.label = label;
    }

    private static Table core(int number, String label) {
        Table t = new Table(number, label);
        KNOWN.put(number, t);
        return t;
    }

    /** Returns the table of a stage: number {@code number}, named after the stage (names belong to the plan that made it). */
    static Table of(int number, String label) {
        if (number < 0 || number > 253) {
            throw new IllegalArgumentException("table " + label + ": number " + number + " outside 0..253");
        }
        return new Table(number, label);
    }

    /** Returns the OpenFlow table number. */
    public int number() {
        return number;
    }

    /** Returns the table's name as printed in comments and docs. */
    public String label() {
        return label;
    }

    /** Returns the table with OpenFlow number {@code n}: a core table, or one named "table_n" (a stage's table read back). */
    public static Table byNumber(int n) {
        Table t = KNOWN.get(n);
        return t != null ? t : new Table(n, "table_" + n);
    }

    @Override
    public int compareTo(Table o) {
        return Integer.compare(number, o.number);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Table && ((Table) o).number == number;
    }

    @Override
    public int hashCode() {
        return number;
    }

    @Override
    public String toString() {
        return label;
    }
}
