package org.dsp.microseg;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.microseg.model.Posture;
import org.dsp.microseg.model.Segment;
import org.dsp.model.Direction;
import org.dsp.model.TenantDocument;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;

/**
 * Microsegmentation's step 1 for one tenant: no flows of its own, only which workloads are
 * isolated - every one in both directions when the tenant is default-deny, and the members of
 * each default-deny segment in the segment's directions. (The core turns them into isolation flows.)
 */
final class MicrosegCompiler implements ServiceCompiler {
    @Override
    public ServiceDelta update(TenantContext ctx) {
        TenantDocument doc = ctx.document();
        Map<Direction, Set<String>> isolated = new EnumMap<>(Direction.class);
        for (Direction d : Direction.values()) {
            Set<String> s = new TreeSet<>();
            if (Microseg.posture(doc) == Posture.DEFAULT_DENY) {
                s.addAll(doc.endpoints().keySet());
            }
            for (Segment seg : Microseg.segments(doc).values()) {
                if (seg.isolates(d) && doc.groups().containsKey(seg.appliedTo())) {
                    s.addAll(ctx.groups().members(seg.appliedTo()).endpoints());
                }
            }
            isolated.put(d, s);
        }
        return new ServiceDelta(List.of(), List.of(), isolated);
    }

    @Override
    public ServiceDelta clear() {
        return ServiceDelta.none();
    }
}
