package org.dsp.driver.ovs;

import org.dsp.ir.FieldMatch;
import org.dsp.ir.LogicalField;
import org.dsp.ir.LogicalFlow;

/** A logical flow's matches on logical fields, as match fields of the OVS pipeline. */
final class FieldMatches {
    private FieldMatches() {
    }

    /** Adds {@code f}'s field matches to {@code m}; refuses, naming them, the fields this driver does not match yet. */
    static DsnMatch.Builder apply(DsnMatch.Builder m, LogicalFlow f, TablePlan plan) {
        for (FieldMatch x : f.fields()) {
            LogicalField lf = x.field();
            if (lf.service() != null) {
                m.reg(plan.fields().of(lf), x.value(), x.mask());
            } else {
                throw new IllegalArgumentException(f.owner() + " in stage " + f.stage() + ": the OVS DSN driver does not match on '"
                        + lf.name() + "' yet");
            }
        }
        return m;
    }
}
