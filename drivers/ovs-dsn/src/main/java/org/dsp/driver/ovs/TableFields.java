package org.dsp.driver.ovs;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.dsp.ir.Phase;

/**
 * The match fields each phase's tables declare: what a flow there may match on. Part of the
 * pipeline declared as data; {@link ProgramVerifier} refuses a flow matching anything else.
 */
public final class TableFields {
    private static final Map<Phase, Set<Field>> DECLARED = new EnumMap<>(Phase.class);

    /** What a policy or service stage may match: the local workload, the peer, the service. */
    private static final Set<Field> STAGE = EnumSet.of(Field.IN_PORT, Field.REG0, Field.REG1, Field.REG2, Field.REG5, Field.REG6,
            Field.REG7, Field.CT_MARK, Field.CT_LABEL_UP, Field.CONJ_ID, // CT_LABEL_UP: the services' label fields
            Field.ETH_TYPE, Field.IP_PROTO, Field.IPV4_SRC, Field.IPV4_DST, Field.IPV6_SRC, Field.IPV6_DST, Field.TP_DST,
            Field.ICMPV6_TYPE);

    static {
        DECLARED.put(Phase.CLASSIFY, EnumSet.of(Field.IN_PORT, Field.ETH_TYPE, Field.IP_PROTO, Field.ICMPV6_TYPE,
                Field.TUN_ID, Field.TUN_SRC, // a tunnel's virtual network id and sending DSN: the tenant of an overlay packet
                Field.IPV4_DST, Field.ARP_TPA, // the underlay address's own traffic, to the bridge's interface
                Field.ARP_OP, // a gateway's external port: ARP requests for the tenants' external addresses (NAT)
                Field.ARP_SPA, // the WireGuard endpoint's own ARP, to the uplink (docs/encryption.md)
                Field.IPV4_SRC, Field.IPV6_SRC, Field.IPV6_DST, Field.TP_DST, Field.TP_SRC, // a chain's class, back from a service function
                Field.CT_STATE, Field.CT_MARK, // ... looked up in the chain's own zone where both ends share a DSN
                Field.CONJ_ID)); // ... a large class's pairs back from an instance, as a conjunction of sources and destinations
        DECLARED.put(Phase.ADMISSION, EnumSet.of(Field.IN_PORT, Field.ETH_TYPE, Field.ETH_SRC, Field.IPV4_SRC, Field.IPV6_SRC,
                Field.ARP_SPA, Field.ARP_SHA, Field.IP_PROTO, Field.ICMPV6_TYPE,
                Field.REG2, Field.ARP_OP, Field.ARP_TPA, // ARP answered for a tenant's VIPs
                Field.IPV4_DST, Field.IPV6_DST, Field.TP_SRC, // a backend's answers to health probes from its VIP
                Field.CT_STATE, // hairpin replies, looked up in the hairpin zone first
                Field.ND_TARGET)); // neighbour solicitations for an IPv6 VIP
        DECLARED.put(Phase.LOOKUP, EnumSet.of(Field.REG1, Field.REG2, Field.ETH_TYPE, Field.ETH_DST, Field.IPV4_DST,
                Field.IPV6_DST,
                Field.ARP_TPA, Field.IP_PROTO, Field.ICMPV6_TYPE, Field.ND_TARGET)); // address resolution delivered to its target
        DECLARED.put(Phase.CONNTRACK, EnumSet.of(Field.ETH_TYPE,
                Field.IN_PORT, Field.REG2, Field.IP_PROTO, Field.IPV4_SRC, Field.IPV4_DST, Field.IPV6_SRC, Field.IPV6_DST,
                Field.TP_SRC, // a chain's translated replies on the DSN of both ends, looked up without their translation
                Field.CONJ_ID)); // ... a large class's, as a conjunction of senders and receivers
        DECLARED.put(Phase.CT_DISPATCH, EnumSet.of(Field.CT_STATE, Field.CT_MARK, Field.REG1, Field.REG2,
                Field.CT_LABEL)); // a logged rule's established connections, sampled by the rule that let them in
        Set<Field> pre = EnumSet.copyOf(STAGE);
        pre.add(Field.CT_STATE); // a load balancer tells translated connections by +dnat
        DECLARED.put(Phase.PRE_POLICY, pre);
        DECLARED.put(Phase.EGRESS_POLICY, STAGE);
        DECLARED.put(Phase.EGRESS_DEFAULT, EnumSet.of(Field.IN_PORT, Field.REG2));
        DECLARED.put(Phase.INGRESS_POLICY, STAGE);
        DECLARED.put(Phase.INGRESS_DEFAULT, EnumSet.of(Field.REG0, Field.REG2));
        DECLARED.put(Phase.COMMIT, EnumSet.of(Field.REG1, Field.ETH_TYPE));
        DECLARED.put(Phase.DENY, EnumSet.of(Field.REG1, Field.ETH_TYPE,
                Field.REG2, Field.REG3, Field.REG4, Field.REG5, Field.REG6, Field.REG7)); // a chain's late firewall tiers: the tenant, a deny rule's key, the chain's fields
        Set<Field> post = EnumSet.copyOf(STAGE);
        post.add(Field.ETH_DST); // the overlay tunnels a packet by its destination's MAC
        post.add(Field.CT_STATE); // a NAT gateway commits new connections with their translation
        post.add(Field.TP_SRC); // a chain's replies, by their source port
        DECLARED.put(Phase.POST_POLICY, post);
        DECLARED.put(Phase.OUTPUT, EnumSet.of(Field.REG0));
    }

    private TableFields() {
    }

    /** Returns the fields the tables of phase {@code p} declare. */
    public static Set<Field> declared(Phase p) {
        return DECLARED.get(p);
    }
}
