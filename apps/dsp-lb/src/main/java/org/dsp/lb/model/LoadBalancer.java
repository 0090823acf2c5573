package org.dsp.lb.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.onlab.packet.IpAddress;

/**
 * A virtual service: clients of the tenant connect to a VIP (one IPv4, one IPv6, or both) on its
 * ports, and the client's own DSN picks a backend and translates the destination.
 */
public final class LoadBalancer {
    /** The default source-IP affinity timeout (seconds), as Kubernetes' sessionAffinity. */
    public static final int DEFAULT_AFFINITY_SECONDS = 10800;

    private final String name;
    private final List<IpAddress> vips;
    private final List<LbPort> ports;
    private final Backends backends;
    private final SelectionMode selection;
    private final int affinitySeconds;
    private final NoBackendAction whenNoBackend;
    private final HealthCheck healthCheck;

    private LoadBalancer(Builder b) {
        this.name = Objects.requireNonNull(b.name);
        this.vips = List.copyOf(b.vips);
        this.ports = List.copyOf(b.ports);
        this.backends = Objects.requireNonNull(b.backends);
        this.selection = Objects.requireNonNull(b.selection);
        this.affinitySeconds = selection == SelectionMode.SOURCE_IP ? b.affinitySeconds : 0;
        this.whenNoBackend = Objects.requireNonNull(b.whenNoBackend);
        this.healthCheck = b.healthCheck;
        if (vips.isEmpty() || ports.isEmpty()) {
            throw new IllegalArgumentException("a load balancer needs a VIP and a port");
        }
    }

    /** Returns a builder (selection 5-tuple hash, reject when no backend is healthy, no health check). */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the name, unique in the section. */
    public String name() {
        return name;
    }

    /** Returns the VIPs: at most one per IP version. */
    public List<IpAddress> vips() {
        return vips;
    }

    /** Returns the ports. */
    public List<LbPort> ports() {
        return ports;
    }

    /** Returns the backends. */
    public Backends backends() {
        return backends;
    }

    /** Returns the selection mode. */
    public SelectionMode selection() {
        return selection;
    }

    /** Returns the source-IP affinity timeout in seconds (0 unless selection is source-IP). */
    public int affinitySeconds() {
        return affinitySeconds;
    }

    /** Returns what a client meets when no backend is healthy. */
    public NoBackendAction whenNoBackend() {
        return whenNoBackend;
    }

    /** Returns the health check, or null (every backend counts as healthy). */
    public HealthCheck healthCheck() {
        return healthCheck;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LoadBalancer)) {
            return false;
        }
        LoadBalancer l = (LoadBalancer) o;
        return l.name.equals(name) && l.vips.equals(vips) && l.ports.equals(ports) && l.backends.equals(backends)
                && l.selection == selection && l.affinitySeconds == affinitySeconds && l.whenNoBackend == whenNoBackend
                && Objects.equals(l.healthCheck, healthCheck);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, vips, ports, backends, selection, affinitySeconds, whenNoBackend, healthCheck);
    }

    @Override
    public String toString() {
        return name + ": " + vips + " " + ports + " -> " + backends + " (" + selection.wireName()
                + (affinitySeconds > 0 ? " " + affinitySeconds + " s" : "") + ", " + whenNoBackend.wireName() + " when none"
                + (healthCheck != null ? ", check " + healthCheck : "") + ")";
    }

    /** Builds a {@link LoadBalancer}. */
    public static final class Builder {
        private String name;
        private final List<IpAddress> vips = new ArrayList<>();
        private final List<LbPort> ports = new ArrayList<>();
        private Backends backends;
        private SelectionMode selection = SelectionMode.FIVE_TUPLE;
        private int affinitySeconds = DEFAULT_AFFINITY_SECONDS;
        private NoBackendAction whenNoBackend = NoBackendAction.REJECT;
        private HealthCheck healthCheck;

        private Builder() {
        }

        /** Sets the name. */
        public Builder name(String v) {
            name = v;
            return this;
        }

        /** Adds a VIP. */
        public Builder vip(IpAddress v) {
            vips.add(v);
            return this;
        }

        /** Adds a port. */
        public Builder port(LbPort v) {
            ports.add(v);
            return this;
        }

        /** Sets the backends. */
        public Builder backends(Backends v) {
            backends = v;
            return this;
        }

        /** Sets the selection mode. */
        public Builder selection(SelectionMode v) {
            selection = v;
            return this;
        }

        /** Sets the affinity timeout (source-IP selection). */
        public Builder affinitySeconds(int v) {
            affinitySeconds = v;
            return this;
        }

        /** Sets what a client meets when no backend is healthy. */
        public Builder whenNoBackend(NoBackendAction v) {
            whenNoBackend = v;
            return this;
        }

        /** Sets the health check. */
        public Builder healthCheck(HealthCheck v) {
            healthCheck = v;
            return this;
        }

        /** Builds the load balancer. */
        public LoadBalancer build() {
            return new LoadBalancer(this);
        }
    }
}
