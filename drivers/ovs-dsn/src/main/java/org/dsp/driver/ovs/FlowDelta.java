package org.dsp.driver.ovs;

import java.util.List;
import org.onosproject.net.DeviceId;

/** The change of one DSN's program: flows to add, to modify (same key, new actions or cookie) and to remove. */
public final class FlowDelta {
    private final DeviceId dsn;
    private final List<DsnFlow> adds;
    private final List<DsnFlow> modifies;
    private final List<DsnFlow> removes;

    /** Creates a delta; lists are kept in key order. */
    public FlowDelta(DeviceId dsn, List<DsnFlow> adds, List<DsnFlow> modifies, List<DsnFlow> removes) {
        this.dsn = dsn;
        this.adds = sorted(adds);
        this.modifies = sorted(modifies);
        this.removes = sorted(removes);
    }

    private static List<DsnFlow> sorted(List<DsnFlow> l) {
        return l.stream().sorted().collect(java.util.stream.Collectors.toUnmodifiableList());
    }

    /** Returns the DSN. */
    public DeviceId dsn() {
        return dsn;
    }

    /** Returns the new flows. */
    public List<DsnFlow> adds() {
        return adds;
    }

    /** Returns the flows whose actions or cookie change (new form). */
    public List<DsnFlow> modifies() {
        return modifies;
    }

    /** Returns the flows to delete (old form). */
    public List<DsnFlow> removes() {
        return removes;
    }

    /** Returns the number of flow operations. */
    public int size() {
        return adds.size() + modifies.size() + removes.size();
    }

    /** Returns whether nothing changes. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Returns this change followed by {@code next} (of the same DSN) as one change: a flow removed
     * and added again is a modification, or nothing when it comes back as it was.
     */
    public FlowDelta then(FlowDelta next) {
        java.util.Map<DsnFlow.Key, DsnFlow> before = new java.util.HashMap<>();
        java.util.Map<DsnFlow.Key, DsnFlow> after = new java.util.HashMap<>();
        java.util.Set<DsnFlow.Key> existed = new java.util.HashSet<>();
        java.util.Map<DsnFlow.Key, DsnFlow> touchedOnly = new java.util.HashMap<>();
        for (FlowDelta d : List.of(this, next)) {
            for (DsnFlow f : d.removes) {
                if (!after.containsKey(f.key())) {
                    before.putIfAbsent(f.key(), f);
                    existed.add(f.key());
                }
                after.put(f.key(), null);
            }
            for (DsnFlow f : d.modifies) {
                if (!after.containsKey(f.key())) {
                    existed.add(f.key());
                    touchedOnly.put(f.key(), f); // its original form is unknown: it stays a modification
                }
                after.put(f.key(), f);
            }
            for (DsnFlow f : d.adds) {
                after.put(f.key(), f);
            }
        }
        List<DsnFlow> a = new java.util.ArrayList<>();
        List<DsnFlow> m = new java.util.ArrayList<>();
        List<DsnFlow> r = new java.util.ArrayList<>();
        for (java.util.Map.Entry<DsnFlow.Key, DsnFlow> e : after.entrySet()) {
            DsnFlow now = e.getValue();
            boolean was = existed.contains(e.getKey());
            if (now == null) {
                if (was) {
                    r.add(before.containsKey(e.getKey()) ? before.get(e.getKey()) : touchedOnly.get(e.getKey()));
                }
            } else if (!was) {
                a.add(now);
            } else if (!now.equals(before.get(e.getKey()))) {
                m.add(now);
            }
        }
        return new FlowDelta(dsn, a, m, r);
    }

    @Override
    public String toString() {
        return dsn + ": +" + adds.size() + " ~" + modifies.size() + " -" + removes.size();
    }
}
