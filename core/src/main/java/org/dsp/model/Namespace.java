package org.dsp.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A namespace of a tenant (as in Kubernetes): a name and labels. Endpoints name the namespace
 * they live in; a group's {@code namespaceSelector} picks endpoints by their namespace's labels,
 * so relabelling a namespace is one change.
 */
public final class Namespace {
    private final String name;
    private final Map<String, String> labels;

    private Namespace(String name, Map<String, String> labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** Returns the namespace {@code name} with {@code labels}. */
    public static Namespace of(String name, Map<String, String> labels) {
        return new Namespace(name, labels);
    }

    /** Returns the namespace's name, unique in its tenant. */
    public String name() {
        return name;
    }

    /** Returns the namespace's labels. */
    public Map<String, String> labels() {
        return labels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Namespace && ((Namespace) o).name.equals(name) && ((Namespace) o).labels.equals(labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, labels);
    }

    @Override
    public String toString() {
        return "Namespace{" + name + " " + labels + "}";
    }
}
