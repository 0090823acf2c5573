package org.dsp.spi;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dsp.ir.LogicalFlow;
import org.dsp.model.Direction;

/**
 * What a service's compile changed for one tenant: logical flows removed and added, and the full
 * set of the tenant's endpoints the service isolates in each direction (their default becomes
 * deny; the core turns the union over every service into isolation flows).
 */
public final class ServiceDelta {
    private final List<LogicalFlow> removed;
    private final List<LogicalFlow> added;
    private final Map<Direction, SortedSet<String>> isolated;

    /** Creates a delta; {@code isolated} gives the isolated endpoints per direction (missing: none). */
    public ServiceDelta(List<LogicalFlow> removed, List<LogicalFlow> added, Map<Direction, ? extends Set<String>> isolated) {
        this.removed = List.copyOf(removed);
        this.added = List.copyOf(added);
        EnumMap<Direction, SortedSet<String>> m = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            Set<String> s = isolated.get(d);
            m.put(d, java.util.Collections.unmodifiableSortedSet(s == null ? new TreeSet<>() : new TreeSet<>(s)));
        }
        this.isolated = java.util.Collections.unmodifiableMap(m);
    }

    /** A delta that changes no flow and isolates nothing. */
    public static ServiceDelta none() {
        return new ServiceDelta(List.of(), List.of(), Map.of());
    }

    /** Returns the flows to withdraw (as they were). */
    public List<LogicalFlow> removed() {
        return removed;
    }

    /** Returns the flows to add (new or changed). */
    public List<LogicalFlow> added() {
        return added;
    }

    /** Returns the endpoints the service isolates in direction {@code d}, after this change. */
    public SortedSet<String> isolated(Direction d) {
        return isolated.get(d);
    }
}
