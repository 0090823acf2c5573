package org.dsp.chain.model;

import java.util.List;
import java.util.Objects;

/**
 * A service chain: the traffic class it applies to (connections opened from {@code from} to
 * {@code to}, optionally one protocol and its destination ports) and its ordered steps. Replies
 * of the class's connections take the steps in reverse.
 */
public final class Chain {
    private final String name;
    private final List<Ref> from;
    private final List<Ref> to;
    private final String protocol;
    private final List<Integer> ports;
    private final List<Step> steps;

    /** A chain: its name, class (protocol null: any IP traffic; ports empty: any) and steps. */
    public Chain(String name, List<Ref> from, List<Ref> to, String protocol, List<Integer> ports, List<Step> steps) {
        this.name = Objects.requireNonNull(name);
        this.from = List.copyOf(from);
        this.to = List.copyOf(to);
        this.protocol = protocol;
        this.ports = List.copyOf(ports);
        this.steps = List.copyOf(steps);
    }

    /** Returns the chain's name. */
    public String name() {
        return name;
    }

    /** Returns what opens the class's connections. */
    public List<Ref> from() {
        return from;
    }

    /** Returns what the class's connections go to. */
    public List<Ref> to() {
        return to;
    }

    /** Returns the protocol ({@code tcp}, {@code udp}, {@code icmp}) or null for any. */
    public String protocol() {
        return protocol;
    }

    /** Returns the IP protocol number, 0 for any. */
    public int protocolNumber() {
        return protocol == null ? 0 : protocol.equals("tcp") ? 6 : protocol.equals("udp") ? 17 : 1;
    }

    /** Returns the destination ports (TCP, UDP), empty for any. */
    public List<Integer> ports() {
        return ports;
    }

    /** Returns the steps, in order. */
    public List<Step> steps() {
        return steps;
    }

    /**
     * Returns the index of the chain's first firewall step after a service function - the one that
     * decides its tiers late (docs/chaining.md, "A step per firewall tier"; validated: at most one) -
     * or -1 when every firewall step comes before the functions.
     */
    public int lateStep() {
        boolean function = false;
        for (int i = 0; i < steps.size(); i++) {
            function |= steps.get(i).function() != null;
            if (function && !steps.get(i).firewallTiers().isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    /** Returns how many function steps come before step {@code index}. */
    public int functionsBefore(int index) {
        return (int) steps.subList(0, index).stream().filter(s -> s.function() != null).count();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Chain)) {
            return false;
        }
        Chain c = (Chain) o;
        return c.name.equals(name) && c.from.equals(from) && c.to.equals(to) && Objects.equals(c.protocol, protocol)
                && c.ports.equals(ports) && c.steps.equals(steps);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, from, to, protocol, ports, steps);
    }

    @Override
    public String toString() {
        return name + ": " + from + " -> " + to + (protocol == null ? "" : " " + protocol + ports) + " " + steps;
    }
}
