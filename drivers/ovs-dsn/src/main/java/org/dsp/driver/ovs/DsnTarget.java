package org.dsp.driver.ovs;

/**
 * What the southbound that carries a DSN's program can encode, which decides how step 2 writes
 * some verdicts. The policy a program enforces is the same for every target; only its form and
 * flow count differ.
 */
public enum DsnTarget {
    /**
     * Open vSwitch programmed by the standalone node, whose encoder has every Nicira extension
     * DSP uses: conjunctive match (a rule costs the sum of its dimensions' sizes in flows),
     * controller with userdata for reject, and IPFIX sampling for the log flag.
     */
    OVS_NICIRA("ovs-nicira", true, true, true),
    /**
     * Open vSwitch behind ONOS 2.7's OpenFlow provider, which builds matches only from the OXM
     * fields openflowj knows (registers, conntrack state and mark are among them; conj_id is not)
     * and has no conjunction, controller-userdata or sample action: a rule with several
     * constrained dimensions becomes the cross product of their fragments (sizes multiply),
     * reject punts with a plain controller output (the packet-in carries the deciding flow's
     * cookie), and the log flag is not realized.
     */
    ONOS_OPENFLOW("onos-openflow", false, false, false);

    private final String profile;
    private final boolean conjunction;
    private final boolean controllerUserdata;
    private final boolean sample;

    DsnTarget(String profile, boolean conjunction, boolean controllerUserdata, boolean sample) {
        this.profile = profile;
        this.conjunction = conjunction;
        this.controllerUserdata = controllerUserdata;
        this.sample = sample;
    }

    /** Returns whether rules may use conjunctive match. */
    public boolean conjunction() {
        return conjunction;
    }

    /** Returns whether reject may send to the controller with the rule's cookie as userdata. */
    public boolean controllerUserdata() {
        return controllerUserdata;
    }

    /** Returns whether the log flag is realized with IPFIX sampling. */
    public boolean sample() {
        return sample;
    }

    /**
     * Returns whether the target carries overlay networks (tunnel id and destination set per flow,
     * TTL decrement, output to the bridge's own port): the node's encoder does; ONOS's OpenFlow
     * provider would need the Nicira tunnel-destination extension, which DSP does not send yet.
     */
    public boolean tunnels() {
        return this == OVS_NICIRA;
    }

    /**
     * Returns whether committed connections keep the keys of the rules that let them in, in their
     * conntrack label (a move from a register into ct_label inside ct's exec): the node's encoder
     * writes it and reads it back; the ONOS target leaves it out (not proven through ONOS's flow
     * rule path yet).
     */
    public boolean ctLabels() {
        return this == OVS_NICIRA;
    }

    /** Returns the target's profile name, what a southbound says it carries (org.dsp.app.api.Southbound#profile). */
    public String profile() {
        return profile;
    }

    /** Returns the target of a profile name; refuses a name this driver does not know. */
    public static DsnTarget ofProfile(String name) {
        for (DsnTarget t : values()) {
            if (t.profile.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("southbound profile '" + name + "' is not one the OVS DSN driver knows");
    }
}
