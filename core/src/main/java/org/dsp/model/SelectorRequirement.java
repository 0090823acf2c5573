package org.dsp.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One set-based requirement of a label selector (Kubernetes matchExpressions entry). */
public final class SelectorRequirement {
    private final String key;
    private final SelectorOperator operator;
    private final List<String> values;

    private SelectorRequirement(String key, SelectorOperator operator, List<String> values) {
        this.key = Objects.requireNonNull(key, "key");
        this.operator = Objects.requireNonNull(operator, "operator");
        this.values = List.copyOf(values);
    }

    /** Creates a requirement. */
    public static SelectorRequirement of(String key, SelectorOperator operator, List<String> values) {
        return new SelectorRequirement(key, operator, values);
    }

    /** Returns the label key. */
    public String key() {
        return key;
    }

    /** Returns the operator. */
    public SelectorOperator operator() {
        return operator;
    }

    /** Returns the values (empty for Exists and DoesNotExist). */
    public List<String> values() {
        return values;
    }

    /** Returns whether labels satisfy this requirement. */
    public boolean matches(Map<String, String> labels) {
        String v = labels.get(key);
        switch (operator) {
            case IN:
                return v != null && values.contains(v);
            case NOT_IN:
                return v == null || !values.contains(v);
            case EXISTS:
                return v != null;
            case DOES_NOT_EXIST:
                return v == null;
            default:
                throw new IllegalStateException(operator.toString());
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SelectorRequirement)) {
            return false;
        }
        SelectorRequirement r = (SelectorRequirement) o;
        return r.key.equals(key) && r.operator == operator && r.values.equals(values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, operator, values);
    }

    @Override
    public String toString() {
        return key + " " + operator.wireName() + " " + values;
    }
}
