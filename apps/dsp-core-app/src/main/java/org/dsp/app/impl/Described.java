package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.List;
import org.dsp.app.api.FlowChanges;
import org.dsp.app.api.ProgrammedFlow;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.FlowDelta;

/** The OVS driver's flows and deltas as the driver-neutral API describes them (sorted as the driver orders them). */
final class Described {
    private Described() {
    }

    static ProgrammedFlow flow(DsnFlow f) {
        return new ProgrammedFlow(f.table().number(), f.priority(), f.cookie(), f.render(), f.owners());
    }

    static List<ProgrammedFlow> flows(List<DsnFlow> fs) {
        List<DsnFlow> sorted = new ArrayList<>(fs);
        sorted.sort(null);
        List<ProgrammedFlow> out = new ArrayList<>(sorted.size());
        sorted.forEach(f -> out.add(flow(f)));
        return out;
    }

    static FlowChanges changes(FlowDelta d) {
        return new FlowChanges(flows(d.adds()), flows(d.modifies()), flows(d.removes()));
    }
}
