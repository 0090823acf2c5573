package org.dsp.firewall.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The {@code firewall} section of a tenant document: the ordered rules of each tier. Immutable. */
public final class FirewallSection {
    /** The section of a document without firewall rules. */
    public static final FirewallSection EMPTY = new FirewallSection(new EnumMap<>(Tier.class));

    private final Map<Tier, List<Rule>> tiers;

    private FirewallSection(Map<Tier, List<Rule>> tiers) {
        EnumMap<Tier, List<Rule>> t = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            t.put(tier, List.copyOf(tiers.getOrDefault(tier, List.of())));
        }
        this.tiers = Collections.unmodifiableMap(t);
    }

    /** Returns a section with {@code rules} per tier. */
    public static FirewallSection of(Map<Tier, List<Rule>> rules) {
        return new FirewallSection(rules);
    }

    /** Returns the ordered rules of a tier (possibly empty). */
    public List<Rule> rules(Tier tier) {
        return tiers.get(tier);
    }

    /** Returns every rule of every tier, in evaluation order. */
    public List<Rule> allRules() {
        List<Rule> all = new ArrayList<>();
        for (Tier t : Tier.values()) {
            all.addAll(tiers.get(t));
        }
        return all;
    }

    /** Returns this section with {@code r} appended to {@code tier}. */
    public FirewallSection withRule(Tier tier, Rule r) {
        Map<Tier, List<Rule>> m = copy();
        m.get(tier).add(r);
        return new FirewallSection(m);
    }

    /** Returns this section with the rule named like {@code r} replaced by it (unchanged when there is none). */
    public FirewallSection replaceRule(Rule r) {
        Map<Tier, List<Rule>> m = copy();
        for (List<Rule> rules : m.values()) {
            rules.replaceAll(x -> x.name().equals(r.name()) ? r : x);
        }
        return new FirewallSection(m);
    }

    /** Returns this section without the rule named {@code name}. */
    public FirewallSection withoutRule(String name) {
        Map<Tier, List<Rule>> m = copy();
        m.values().forEach(l -> l.removeIf(r -> r.name().equals(name)));
        return new FirewallSection(m);
    }

    private Map<Tier, List<Rule>> copy() {
        Map<Tier, List<Rule>> m = new EnumMap<>(Tier.class);
        for (Tier t : Tier.values()) {
            m.put(t, new ArrayList<>(tiers.get(t)));
        }
        return m;
    }

    /** Returns whether no tier holds a rule. */
    public boolean isEmpty() {
        return tiers.values().stream().allMatch(List::isEmpty);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FirewallSection && ((FirewallSection) o).tiers.equals(tiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tiers);
    }

    @Override
    public String toString() {
        return "firewall" + tiers;
    }
}
