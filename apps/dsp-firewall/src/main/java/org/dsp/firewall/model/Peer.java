package org.dsp.firewall.model;

import org.dsp.model.CidrBlock;
import java.util.Objects;

/** The other side of a rule's connections: a group, an endpoint, or an address block. */
public final class Peer {
    /** What a peer refers to. */
    public enum Kind {
        /** A group of the tenant, by name. */
        GROUP,
        /** An endpoint of the tenant, by name. */
        ENDPOINT,
        /** An address block with exceptions. */
        CIDR
    }

    private final Kind kind;
    private final String name;
    private final CidrBlock cidr;

    private Peer(Kind kind, String name, CidrBlock cidr) {
        this.kind = kind;
        this.name = name;
        this.cidr = cidr;
    }

    /** A peer that is the members of group {@code name}. */
    public static Peer group(String name) {
        return new Peer(Kind.GROUP, Objects.requireNonNull(name), null);
    }

    /** A peer that is endpoint {@code name}. */
    public static Peer endpoint(String name) {
        return new Peer(Kind.ENDPOINT, Objects.requireNonNull(name), null);
    }

    /** A peer that is an address block. */
    public static Peer cidr(CidrBlock block) {
        return new Peer(Kind.CIDR, null, Objects.requireNonNull(block));
    }

    /** Returns the peer's kind. */
    public Kind kind() {
        return kind;
    }

    /** Returns the group or endpoint name; null for CIDR peers. */
    public String name() {
        return name;
    }

    /** Returns the address block; null unless the kind is CIDR. */
    public CidrBlock cidr() {
        return cidr;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Peer)) {
            return false;
        }
        Peer p = (Peer) o;
        return p.kind == kind && Objects.equals(p.name, name) && Objects.equals(p.cidr, cidr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, cidr);
    }

    @Override
    public String toString() {
        return kind == Kind.CIDR ? cidr.toString() : kind.name().toLowerCase() + ":" + name;
    }
}
