package org.dsp.driver.ovs;

import java.util.List;

/**
 * Every register and conntrack-mark field of the pipeline, allocated in one place. A unit test
 * fails when two fields overlap.
 */
public final class Registers {
    private Registers() {
    }

    /** OpenFlow port of the local destination endpoint; 0 when the destination is remote. Written by destination, read by ingress and output. */
    public static final RegField DST_PORT = new RegField("dst_port", RegField.Container.REG0, 0, 31);
    /** Set by classify when the packet came in on an uplink (evaluate ingress only). */
    public static final RegField FROM_NET = new RegField("from_net", RegField.Container.REG1, 0, 0);
    /** Set by ct_state for an established connection re-checked against current policy (no commit). */
    public static final RegField REEVAL = new RegField("reeval", RegField.Container.REG1, 1, 1);
    /** Set by a stateless allow rule: the connection is not committed. */
    public static final RegField STATELESS = new RegField("stateless", RegField.Container.REG1, 2, 2);
    /** Set by an allow that does not persist across policy changes (re-evaluate). */
    public static final RegField NOT_PERSIST = new RegField("not_persist", RegField.Container.REG1, 3, 3);
    /** The tenant's 16-bit key: the conntrack zone and the scope of every tenant flow. */
    public static final RegField TENANT = new RegField("tenant", RegField.Container.REG2, 0, 15);
    /** Key of the egress rule that decided (for tracing and logs). */
    public static final RegField EGRESS_RULE = new RegField("egress_rule", RegField.Container.REG3, 0, 31);
    /** Key of the ingress rule that decided (for tracing and logs). */
    public static final RegField INGRESS_RULE = new RegField("ingress_rule", RegField.Container.REG4, 0, 31);
    /**
     * The slot a selection with source affinity hashed a new connection into ({@code multipath}),
     * from its VIP stage to its backend stage (cleared there); bits 16-30 of the tenant's register.
     */
    public static final RegField SELECTED = new RegField("selected", RegField.Container.REG2, 16, 30);
    /**
     * Set by a selection (a load balancer's VIP stage) for its backend stage, which clears it: that
     * stage's flows to the group (or to a backend by learned affinity) match it, so only a new
     * connection the VIP stage matched is balanced.
     */
    public static final RegField SELECTING = new RegField("selecting", RegField.Container.REG2, 31, 31);
    /**
     * Set by a backend stage on a hairpin packet (a backend's own connection to its VIP, translated
     * back to itself): the hairpin stage after policy translates its source to the VIP in the
     * hairpin zone and sends it back out of the port it came in on.
     */
    public static final RegField HAIRPIN = new RegField("hairpin", RegField.Container.REG1, 4, 4);
    /**
     * Set at admission on a reply of a hairpin connection (untranslated in the hairpin zone): the
     * hairpin stage sends it back out of the port it came in on.
     */
    public static final RegField HAIRPIN_BACK = new RegField("hairpin_back", RegField.Container.REG1, 5, 5);
    /**
     * The backend a client's source affinity names, from the learned-flow lookup of a VIP stage
     * to its backend stage (cleared there): a number of the backend stable across backend-set
     * changes (1..2^26-1; 0: no affinity known). Bits 6-31 of reg1.
     */
    public static final RegField AFFINITY = new RegField("affinity", RegField.Container.REG1, 6, 31);
    /** The conntrack zone of hairpin connections' source translation (no tenant has key 0). */
    public static final int HAIRPIN_ZONE = 0;
    /** Conntrack mark: the connection outlives policy changes. */
    public static final RegField CT_PERSIST = new RegField("ct_persist", RegField.Container.CT_MARK, 0, 0);
    /** Conntrack mark: re-evaluation found the connection no longer allowed; both directions drop. */
    public static final RegField CT_DEAD = new RegField("ct_dead", RegField.Container.CT_MARK, 1, 1);
    /** The key of the egress rule that let the connection in (from egress_rule at commit; node target only). */
    public static final RegField CT_EGRESS_RULE = new RegField("ct_egress_rule", RegField.Container.CT_LABEL, 0, 31);
    /** The key of the ingress rule that let the connection in (from ingress_rule at commit; node target only). */
    public static final RegField CT_INGRESS_RULE = new RegField("ct_ingress_rule", RegField.Container.CT_LABEL_HI, 0, 31);

    /** Every field, for documentation and the overlap test. */
    public static final List<RegField> ALL = List.of(DST_PORT, FROM_NET, REEVAL, STATELESS, NOT_PERSIST, TENANT,
            EGRESS_RULE, INGRESS_RULE, SELECTED, SELECTING, HAIRPIN, HAIRPIN_BACK, AFFINITY, CT_PERSIST, CT_DEAD, CT_EGRESS_RULE,
            CT_INGRESS_RULE);
}
