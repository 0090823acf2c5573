package org.dsp.chain.model;

import java.util.List;
import java.util.Objects;

/**
 * One step of a chain: a built-in service ({@code loadBalancer}, {@code firewall},
 * {@code encryption}), run in the DSN pass of the workload, or a service function - workloads of the tenant (its instances) that process the
 * class's packets, transparently (they send back the frames they get) or routed (they get packets
 * addressed to their own MAC and route them to their gateway), with a failure policy.
 */
public final class Step {
    /**
     * The built-in step that makes its class cross the underlay only encrypted (docs/chaining.md,
     * "Encrypted classes"): every tunnel of the class, its chain's too, through the DSNs' encrypted endpoints.
     */
    public static final String ENCRYPTION = "encryption";
    /** The built-in services a chain may name. */
    public static final List<String> BUILT_IN = List.of("loadBalancer", "firewall", ENCRYPTION, "nat");
    /** The most instances of one step. */
    public static final int MAX_INSTANCES = 16;

    private final String service;
    private final String function;
    private final boolean routed;
    private final boolean bypass;
    private final List<String> instances;

    private Step(String service, String function, boolean routed, boolean bypass, List<String> instances) {
        this.service = service;
        this.function = function;
        this.routed = routed;
        this.bypass = bypass;
        this.instances = List.copyOf(instances);
    }

    /** A built-in service step. */
    public static Step service(String name) {
        return new Step(Objects.requireNonNull(name), null, false, false, List.of());
    }

    /** A service-function step: its name, mode, failure policy (bypass: fail-open) and instances. */
    public static Step function(String name, boolean routed, boolean bypass, List<String> instances) {
        return new Step(null, Objects.requireNonNull(name), routed, bypass, instances);
    }

    /** Returns the built-in service's name, or null for a service function. */
    public String service() {
        return service;
    }

    /** Returns the service function's name, or null for a built-in step. */
    public String function() {
        return function;
    }

    /** Returns the step's name, whichever kind it is. */
    public String name() {
        return service != null ? service : function;
    }

    /** Returns whether the instances route (L3) rather than send back what they get (transparent, L2). */
    public boolean routed() {
        return routed;
    }

    /** Returns whether the step is bypassed when no instance is live (fail-open); else the class's traffic drops. */
    public boolean bypass() {
        return bypass;
    }

    /** Returns the instances' endpoint names (none for a built-in step). */
    public List<String> instances() {
        return instances;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Step)) {
            return false;
        }
        Step s = (Step) o;
        return Objects.equals(s.service, service) && Objects.equals(s.function, function) && s.routed == routed && s.bypass == bypass
                && s.instances.equals(instances);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, function, routed, bypass, instances);
    }

    @Override
    public String toString() {
        return service != null ? service : function + (routed ? "(routed)" : "(transparent)") + instances;
    }
}
