package org.dsp.app.api;

import java.util.List;

/** What a change does to one DSN's flows: added, modified (same match, new actions) and removed, in the driver's order. */
public final class FlowChanges {
    private final List<ProgrammedFlow> adds;
    private final List<ProgrammedFlow> modifies;
    private final List<ProgrammedFlow> removes;

    /** Creates the changes. */
    public FlowChanges(List<ProgrammedFlow> adds, List<ProgrammedFlow> modifies, List<ProgrammedFlow> removes) {
        this.adds = List.copyOf(adds);
        this.modifies = List.copyOf(modifies);
        this.removes = List.copyOf(removes);
    }

    /** Returns the flows added. */
    public List<ProgrammedFlow> adds() {
        return adds;
    }

    /** Returns the flows whose actions change. */
    public List<ProgrammedFlow> modifies() {
        return modifies;
    }

    /** Returns the flows removed. */
    public List<ProgrammedFlow> removes() {
        return removes;
    }

    /** Returns how many flow operations the change takes. */
    public int size() {
        return adds.size() + modifies.size() + removes.size();
    }
}
