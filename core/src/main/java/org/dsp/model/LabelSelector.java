package org.dsp.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A label selector: every matchLabels pair and every set expression must hold (AND).
 * An empty selector selects every endpoint of the tenant.
 */
public final class LabelSelector {
    private final Map<String, String> matchLabels;
    private final List<SelectorRequirement> expressions;

    private LabelSelector(Map<String, String> matchLabels, List<SelectorRequirement> expressions) {
        this.matchLabels = Collections.unmodifiableMap(new TreeMap<>(matchLabels));
        this.expressions = List.copyOf(expressions);
    }

    /** Creates a selector. */
    public static LabelSelector of(Map<String, String> matchLabels, List<SelectorRequirement> expressions) {
        return new LabelSelector(matchLabels, expressions);
    }

    /** Returns the equality requirements. */
    public Map<String, String> matchLabels() {
        return matchLabels;
    }

    /** Returns the set-based requirements. */
    public List<SelectorRequirement> expressions() {
        return expressions;
    }

    /** Returns whether labels satisfy every requirement. */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (SelectorRequirement r : expressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSelector && ((LabelSelector) o).matchLabels.equals(matchLabels)
                && ((LabelSelector) o).expressions.equals(expressions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(matchLabels, expressions);
    }

    @Override
    public String toString() {
        return "selector" + matchLabels + expressions;
    }
}
