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
