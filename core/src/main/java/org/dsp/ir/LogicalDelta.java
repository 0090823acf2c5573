package org.dsp.ir;

import java.util.List;

/**
 * The change between two logical programs of one tenant: flows that went away (as they were)
 * and flows that are new or changed (as they are now). A changed flow appears in both lists.
 */
public final class LogicalDelta {
    private final String tenant;
    private final int tenantKey;
    private final List<LogicalFlow> removed;
    private final List<LogicalFlow> added;

    /** Creates a delta. */
    public LogicalDelta(String tenant, int tenantKey, List<LogicalFlow> removed, List<LogicalFlow> added) {
        this.tenant = tenant;
        this.tenantKey = tenantKey;
        this.removed = List.copyOf(removed);
        this.added = List.copyOf(added);
    }

    /** Returns the tenant id. */
    public String tenant() {
        return tenant;
    }

    /** Returns the tenant key. */
    public int tenantKey() {
        return tenantKey;
    }

    /** Returns the flows that were removed or replaced, in their old form. */
    public List<LogicalFlow> removed() {
        return removed;
    }

    /** Returns the flows that were added or replaced, in their new form. */
    public List<LogicalFlow> added() {
        return added;
    }

    /** Returns whether nothing changed. */
    public boolean isEmpty() {
        return removed.isEmpty() && added.isEmpty();
    }

    @Override
    public String toString() {
        return "LogicalDelta{" + tenant + " -" + removed.size() + " +" + added.size() + "}";
    }
}
