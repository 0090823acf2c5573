package org.dsp.nat.model;

import java.util.List;
import java.util.Objects;

/** The {@code nat} section: pool rules (in order: the first naming a member translates it), floating IPs, port forwards. */
public final class NatRules {
    private final List<SnatRule> snat;
    private final List<FloatingIp> floatingIps;
    private final List<PortForward> portForwards;

    /** Creates the section. */
    public NatRules(List<SnatRule> snat, List<FloatingIp> floatingIps, List<PortForward> portForwards) {
        this.snat = List.copyOf(snat);
        this.floatingIps = List.copyOf(floatingIps);
        this.portForwards = List.copyOf(portForwards);
    }

    /** Returns the pool rules. */
    public List<SnatRule> snat() {
        return snat;
    }

    /** Returns the floating IPs. */
    public List<FloatingIp> floatingIps() {
        return floatingIps;
    }

    /** Returns the port forwards. */
    public List<PortForward> portForwards() {
        return portForwards;
    }

    /**
     * Each pool rule with the members it translates, as NAT assigns them: a member with a floating IP
     * is in no pool, and a member goes to the first rule naming it (a network's members, or a
     * group's that are in a network). {@code placed} is the network of each network member.
     */
    public java.util.Map<SnatRule, java.util.List<String>> poolMembers(java.util.Map<String, org.dsp.overlay.model.Network> placed,
                                                                     org.dsp.compiler.GroupResolver groups) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        floatingIps.stream().filter(f -> f.endpoint() != null).forEach(f -> taken.add(f.endpoint()));
        java.util.Map<SnatRule, java.util.List<String>> out = new java.util.LinkedHashMap<>();
        for (SnatRule r : snat) {
            java.util.List<String> named = new java.util.ArrayList<>();
            if (r.network() != null) {
                placed.forEach((e, n) -> {
                    if (n.name().equals(r.network())) {
                        named.add(e);
                    }
                });
            } else if (groups.document().groups().containsKey(r.group())) {
                named.addAll(groups.members(r.group()).endpoints());
            }
            java.util.List<String> mine = new java.util.ArrayList<>();
            for (String e : named) {
                if (placed.containsKey(e) && taken.add(e)) {
                    mine.add(e);
                }
            }
            out.put(r, mine);
        }
        return out;
    }

    /** Returns whether the section says nothing. */
    public boolean isEmpty() {
        return snat.isEmpty() && floatingIps.isEmpty() && portForwards.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NatRules && ((NatRules) o).snat.equals(snat) && ((NatRules) o).floatingIps.equals(floatingIps)
                && ((NatRules) o).portForwards.equals(portForwards);
    }

    @Override
    public int hashCode() {
        return Objects.hash(snat, floatingIps, portForwards);
    }

    @Override
    public String toString() {
        return "nat(snat=" + snat + ", floatingIps=" + floatingIps + ", portForwards=" + portForwards + ")";
    }
}
