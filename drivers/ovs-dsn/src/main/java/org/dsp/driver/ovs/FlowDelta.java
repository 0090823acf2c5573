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

    @Override
    public String toString() {
        return dsn + ": +" + adds.size() + " ~" + modifies.size() + " -" + removes.size();
    }
}
