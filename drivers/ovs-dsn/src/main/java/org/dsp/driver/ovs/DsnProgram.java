package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.onosproject.net.DeviceId;

/** The complete flow program of one DSN, in table, priority, match order. */
public final class DsnProgram {
    private final DeviceId dsn;
    private final Map<DsnFlow.Key, DsnFlow> flows;
    private final int groups;

    /** Creates a program from flows with distinct keys. */
    public DsnProgram(DeviceId dsn, Collection<DsnFlow> flows) {
        this.dsn = dsn;
        TreeMap<DsnFlow.Key, DsnFlow> m = new TreeMap<>();
        int g = 0;
        for (DsnFlow f : flows) {
            if (m.put(f.key(), f) == null && f.table().groups()) {
                g++;
            }
        }
        this.flows = Collections.unmodifiableMap(m);
        this.groups = g;
    }

    /** Returns the DSN. */
    public DeviceId dsn() {
        return dsn;
    }

    /** Returns the flows by key. */
    public Map<DsnFlow.Key, DsnFlow> flows() {
        return flows;
    }

    /** Returns the flows of one table, highest priority first. */
    public List<DsnFlow> table(Table t) {
        List<DsnFlow> out = new ArrayList<>();
        for (DsnFlow f : flows.values()) {
            if (f.table().equals(t)) {
                out.add(f);
            }
        }
        return out;
    }

    /** Returns the number of flows (its groups, the entries of {@link Table#GROUPS}, not counted). */
    public int size() {
        return flows.size() - groups;
    }

    /** Returns the number of groups. */
    public int groups() {
        return groups;
    }

    /** Returns every entry (flows and groups) as {@code ovs-ofctl} prints it, sorted: what two programs are compared by. */
    public List<String> rendered() {
        return flows.values().stream().map(DsnFlow::render).sorted().collect(java.util.stream.Collectors.toList());
    }

    /** Returns each program's {@link #rendered} entries, by DSN. */
    public static Map<DeviceId, List<String>> rendered(Map<DeviceId, DsnProgram> programs) {
        Map<DeviceId, List<String>> out = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        programs.forEach((d, p) -> out.put(d, p.rendered()));
        return out;
    }
}
