package org.onosproject.utils;

import java.util.Comparator;

/**
 * Stand-in for ONOS's comparators of the same name: the fields onos-cli 2.7.0 reads, each ordering
 * by the string form (ONOS orders by ids; only ONOS's own list commands sort with these, never
 * DSP's). Lets onos-cli resolve in a Karaf without ONOS's core bundles (itests/karaf).
 */
public final class Comparators {
    private static final Comparator<Object> BY_TEXT = Comparator.comparing(String::valueOf);

    /** Applications. */
    public static final Comparator<Object> APP_COMPARATOR = BY_TEXT;
    /** Application ids. */
    public static final Comparator<Object> APP_ID_COMPARATOR = BY_TEXT;
    /** Topology clusters. */
    public static final Comparator<Object> CLUSTER_COMPARATOR = BY_TEXT;
    /** Connect points. */
    public static final Comparator<Object> CONNECT_POINT_COMPARATOR = BY_TEXT;
    /** Device keys. */
    public static final Comparator<Object> DEVICE_KEY_COMPARATOR = BY_TEXT;
    /** Network elements. */
    public static final Comparator<Object> ELEMENT_COMPARATOR = BY_TEXT;
    /** Element ids. */
    public static final Comparator<Object> ELEMENT_ID_COMPARATOR = BY_TEXT;
    /** Flow rules. */
    public static final Comparator<Object> FLOW_RULE_COMPARATOR = BY_TEXT;
    /** Groups. */
    public static final Comparator<Object> GROUP_COMPARATOR = BY_TEXT;
    /** Interfaces. */
    public static final Comparator<Object> INTERFACES_COMPARATOR = BY_TEXT;
    /** UI layouts. */
    public static final Comparator<Object> LAYOUT_COMPARATOR = BY_TEXT;
    /** Cluster memberships. */
    public static final Comparator<Object> MEMBERSHIP_COMPARATOR = BY_TEXT;
    /** Controller nodes. */
    public static final Comparator<Object> NODE_COMPARATOR = BY_TEXT;
    /** Ports. */
    public static final Comparator<Object> PORT_COMPARATOR = BY_TEXT;
    /** Regions. */
    public static final Comparator<Object> REGION_COMPARATOR = BY_TEXT;

    private Comparators() {
    }
}
