package org.dsp.dscp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dsp.compiler.Keys;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalField;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.model.Direction;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;

/**
 * Each marking to one logical flow in the marking stage: the workloads of its group, on the
 * sending side, get their IP packets' DSCP set; the first marking in the document that applies to
 * a workload wins (higher priority). Recompiled whole on every change: it is small.
 */
final class DscpCompiler implements ServiceCompiler {
    private List<LogicalFlow> last = List.of();

    @Override
    public ServiceDelta update(TenantContext ctx) {
        Markings section = ctx.document().section(DscpCodec.KEY, Markings.class);
        List<LogicalFlow> now = new ArrayList<>();
        if (section != null) {
            List<Marking> list = section.list();
            for (int i = 0; i < list.size(); i++) {
                Marking m = list.get(i);
                if (!ctx.document().groups().containsKey(m.appliedTo())) {
                    continue;
                }
                TreeSet<EndpointTerm> local = new TreeSet<>();
                ctx.groups().members(m.appliedTo()).endpoints().forEach(e -> local.add(EndpointTerm.of(e)));
                if (local.isEmpty()) {
                    continue;
                }
                Owner owner = Owner.of(ctx.tenantId(), ctx.tenantKey(), DscpApp.MARKING, m.name(),
                        Keys.ownerKey(ctx.tenantId() + "/dscp/", m.name()));
                now.add(LogicalFlow.actions(DscpApp.STAGE, 1000 - i, owner, Direction.EGRESS, local, null, null,
                        List.of(LogicalAction.set(LogicalField.IP_DSCP, m.dscp()), LogicalAction.next())));
            }
        }
        ServiceDelta d = new ServiceDelta(last, now, Map.of());
        last = now;
        return d;
    }

    @Override
    public ServiceDelta clear() {
        ServiceDelta d = new ServiceDelta(last, List.of(), Map.of());
        last = List.of();
        return d;
    }
}
