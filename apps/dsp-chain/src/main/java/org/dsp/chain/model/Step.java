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
    /** The firewall's tiers in the order it decides them: a firewall step names some of them, in this order. */
    public static final List<String> TIERS = List.of("platform", "tenant", "baseline");
    /** The most instances of one step. */
    public static final int MAX_INSTANCES = 16;
    /** The largest relative capacity an instance may be declared with (the default, 1, the smallest). */
    public static final int MAX_CAPACITY = org.dsp.ir.ServicePaths.Hop.MAX_CAPACITY;

    private final String service;
    private final String function;
    private final boolean routed;
    private final boolean bypass;
    private final List<String> instances;
    private final java.util.SortedMap<String, Integer> capacity;
    private final List<String> tiers;

    private Step(String service, String function, boolean routed, boolean bypass, List<String> instances, java.util.Map<String, Integer> capacity) {
        this(service, function, routed, bypass, instances, capacity, List.of());
    }

    private Step(String service, String function, boolean routed, boolean bypass, List<String> instances, java.util.Map<String, Integer> capacity,
                 List<String> tiers) {
        this.tiers = List.copyOf(tiers);
        this.service = service;
        this.function = function;
        this.routed = routed;
        this.bypass = bypass;
        this.instances = List.copyOf(instances);
        java.util.TreeMap<String, Integer> declared = new java.util.TreeMap<>();
        capacity.forEach((x, c) -> {
            if (c != 1) {
                declared.put(x, c); // 1 is the default: one step, one form
            }
        });
        this.capacity = java.util.Collections.unmodifiableSortedMap(declared);
    }

    /** A built-in service step. */
    public static Step service(String name) {
        return new Step(Objects.requireNonNull(name), null, false, false, List.of(), java.util.Map.of());
    }

    /**
     * A firewall step that decides the class by the firewall's tiers {@code tiers} only (names of
     * {@link #TIERS}; empty: every tier, as {@code service("firewall")}): a chain may split the tiers
     * over several firewall steps, and a step after a service function decides late - its denials
     * reach the functions before it, and drop after them (docs/chaining.md, "A step per firewall tier").
     */
    public static Step firewall(List<String> tiers) {
        return new Step("firewall", null, false, false, List.of(), java.util.Map.of(), tiers);
    }

    /** A service-function step: its name, mode, failure policy (bypass: fail-open) and instances. */
    public static Step function(String name, boolean routed, boolean bypass, List<String> instances) {
        return function(name, routed, bypass, instances, java.util.Map.of());
    }

    /**
     * A service-function step whose instances have the relative capacities {@code capacity} (1 to
     * {@link #MAX_CAPACITY}; an instance not named: 1): instances a connection could take alike share
     * new connections in proportion to their capacity, weighed by their load (docs/chaining.md,
     * "Ties by load").
     */
    public static Step function(String name, boolean routed, boolean bypass, List<String> instances, java.util.Map<String, Integer> capacity) {
        return new Step(null, Objects.requireNonNull(name), routed, bypass, instances, capacity);
    }

    /** Returns the built-in service's name, or null for a service function. */
    public String service() {
        return service;
    }

    /** Returns the service function's name, or null for a built-in step. */
    public String function() {
        return function;
    }

    /** Returns the step's name, whichever kind it is (a firewall step of some tiers: {@code firewall[tenant, baseline]}). */
    public String name() {
        return service != null ? service + (tiers.isEmpty() ? "" : tiers.toString()) : function;
    }

    /** Returns the firewall tiers a firewall step decides, in order; empty: every tier (or not a firewall step). */
    public List<String> tiers() {
        return tiers;
    }

    /** Returns the firewall tiers this step decides: those it names, or every tier for a firewall step naming none; else none. */
    public List<String> firewallTiers() {
        return !"firewall".equals(service) ? List.of() : tiers.isEmpty() ? TIERS : tiers;
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

    /** Returns the instances declared with a relative capacity other than 1, and theirs. */
    public java.util.SortedMap<String, Integer> capacity() {
        return capacity;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Step)) {
            return false;
        }
        Step s = (Step) o;
        return Objects.equals(s.service, service) && Objects.equals(s.function, function) && s.routed == routed && s.bypass == bypass
                && s.instances.equals(instances) && s.capacity.equals(capacity) && s.tiers.equals(tiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, function, routed, bypass, instances, capacity, tiers);
    }

    @Override
    public String toString() {
        return service != null ? name() : function + (routed ? "(routed)" : "(transparent)") + instances + (capacity.isEmpty() ? "" : "capacity" + capacity);
    }
}
