package org.dsp.microseg.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The {@code segments} section: the tenant's microsegments, by name, in document order. Immutable. */
public final class Segments {
    /** No segments. */
    public static final Segments EMPTY = new Segments(Map.of());

    private final Map<String, Segment> byName;

    private Segments(Map<String, Segment> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /** Returns the segments of {@code byName}. */
    public static Segments of(Map<String, Segment> byName) {
        return new Segments(byName);
    }

    /** Returns the segments by name. */
    public Map<String, Segment> byName() {
        return byName;
    }

    /** Returns this section with {@code s} added (or replaced by name). */
    public Segments with(Segment s) {
        Map<String, Segment> m = new LinkedHashMap<>(byName);
        m.put(s.name(), s);
        return new Segments(m);
    }

    /** Returns whether there is no segment. */
    public boolean isEmpty() {
        return byName.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segments && ((Segments) o).byName.equals(byName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(byName);
    }

    @Override
    public String toString() {
        return "segments" + byName.values();
    }
}
