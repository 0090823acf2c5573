package org.dsp.model;

/** Transport protocol a rule matches. */
public enum Protocol implements WireNamed {
    /** TCP (IP protocol 6). */
    TCP("tcp"),
    /** UDP (IP protocol 17). */
    UDP("udp"),
    /** ICMP for IPv4 and ICMPv6 for IPv6 (ports are not allowed). */
    ICMP("icmp"),
    /** Any IP protocol (ports are not allowed). */
    ANY("any"),
    /** SCTP (IP protocol 132), as Kubernetes NetworkPolicy allows it. */
    SCTP("sctp");

    private final String wire;

    Protocol(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Parses a JSON name; returns null when the name is not one of {@link #names()}. */
    public static Protocol parse(String text) {
        return Kinds.parse(Protocol.class, text);
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(Protocol.class);
    }
}
