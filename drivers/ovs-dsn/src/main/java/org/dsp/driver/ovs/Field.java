package org.dsp.driver.ovs;

/** The match fields the pipeline uses, in the order they are printed. */
public enum Field {
    /** OpenFlow ingress port. */
    IN_PORT("in_port"),
    /** Register 0 (see {@link Registers}). */
    REG0("reg0"),
    /** Register 1. */
    REG1("reg1"),
    /** Register 2. */
    REG2("reg2"),
    /** Register 3. */
    REG3("reg3"),
    /** Register 4. */
    REG4("reg4"),
    /** Register 5 (service fields, allocated by FieldPlan). */
    REG5("reg5"),
    /** Register 6 (service fields). */
    REG6("reg6"),
    /** Register 7 (service fields). */
    REG7("reg7"),
    /** Conjunction id. */
    CONJ_ID("conj_id"),
    /** Conntrack state flags. */
    CT_STATE("ct_state"),
    /** Conntrack mark. */
    CT_MARK("ct_mark"),
    /** Conntrack zone (not used by DSP's pipeline yet: the encoder has it for later services). */
    CT_ZONE("ct_zone"),
    /** Ethernet type. */
    ETH_TYPE("dl_type"),
    /** Ethernet source. */
    ETH_SRC("dl_src"),
    /** Ethernet destination. */
    ETH_DST("dl_dst"),
    /** IP protocol. */
    IP_PROTO("nw_proto"),
    /** IPv4 source. */
    IPV4_SRC("nw_src"),
    /** IPv4 destination. */
    IPV4_DST("nw_dst"),
    /** IPv6 source. */
    IPV6_SRC("ipv6_src"),
    /** IPv6 destination. */
    IPV6_DST("ipv6_dst"),
    /** ARP sender protocol address. */
    ARP_SPA("arp_spa"),
    /** ARP sender hardware address. */
    ARP_SHA("arp_sha"),
    /** ARP opcode (1 request, 2 reply). */
    ARP_OP("arp_op"),
    /** ARP target protocol address. */
    ARP_TPA("arp_tpa"),
    /** ARP target hardware address (set by an ARP responder, never matched). */
    ARP_THA("arp_tha"),
    /** TCP/UDP destination port. */
    TP_DST("tp_dst"),
    /** ICMPv6 type. */
    ICMPV6_TYPE("icmp_type"),
    /** The target address of an IPv6 neighbour solicitation or advertisement. */
    ND_TARGET("nd_target"),
    /** Tunnel id: the virtual network id a packet arrives with or leaves with (the overlay's VNI). */
    TUN_ID("tun_id"),
    /** Tunnel source: the underlay IPv4 address a tunnelled packet came from (matched, as a number). */
    TUN_SRC("tun_src"),
    /** IP DSCP (6 bits; set by services that mark traffic). */
    IP_DSCP("ip_dscp"),
    /** TCP/UDP source port (a backend's answers from its probe or service port). */
    TP_SRC("tp_src"),
    /** Tunnel destination: the underlay IPv4 address of the DSN a packet is tunnelled to (set, never matched). */
    TUN_DST("tun_dst"),
    /** The id of a group entry of a program (the key of {@link Table#GROUPS} entries; never sent as a match). */
    GROUP_ID("group_id"),
    /**
     * The conntrack label's low 64 bits (of 128; DSP keeps the deciding rules there: {@link Registers#CT_EGRESS_RULE}).
     * Last, so the ONOS extension types of the fields before it (numbered by position) do not move.
     */
    CT_LABEL("ct_label"),
    /**
     * The conntrack label's upper 64 bits (services' label fields: {@link RegField.Container#CT_LABEL_2},
     * {@link RegField.Container#CT_LABEL_3}). One NXM field with {@link #CT_LABEL} on the wire and
     * in ovs-ofctl text, where the two halves are written as one 128-bit value; last, as above.
     */
    CT_LABEL_UP("ct_label");

    private final String ofctl;

    Field(String ofctl) {
        this.ofctl = ofctl;
    }

    /** Returns the ovs-ofctl name. */
    public String ofctl() {
        return ofctl;
    }

    /** Returns the match field of a register container. */
    public static Field of(RegField.Container c) {
        switch (c) {
            case REG0:
                return REG0;
            case REG1:
                return REG1;
            case REG2:
                return REG2;
            case REG3:
                return REG3;
            case REG4:
                return REG4;
            case REG5:
                return REG5;
            case REG6:
                return REG6;
            case REG7:
                return REG7;
            case CT_MARK:
                return CT_MARK;
            case CT_LABEL:
            case CT_LABEL_HI:
                return CT_LABEL;
            case CT_LABEL_2:
            case CT_LABEL_3:
                return CT_LABEL_UP;
            default:
                throw new IllegalArgumentException("no match field for " + c);
        }
    }
}
