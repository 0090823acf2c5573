package org.dsp.flowmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dsp.compiler.Keys;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.FieldMatch;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalField;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.model.Direction;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;

/**
 * The markings to logical flows of the {@code flowmark} stage, over the connection fields
 * {@link FlowmarkApp#DSCP} (label) and {@link FlowmarkApp#STATE} (mark):
 * <ul>
 *   <li>a packet a marking's workload sends in a connection not seen yet (state 0) gets the DSCP
 *       and its connection is committed MARKED with the value (the first marking in the document
 *       that applies to the workload wins);</li>
 *   <li>a packet delivered to one of the markings' workloads in a connection not seen yet is
 *       committed CLAIMED: the workload did not start it, so its own replies stay unmarked;</li>
 *   <li>a packet of a MARKED connection, either direction, gets the connection's value.</li>
 * </ul>
 * Recompiled whole on every change: it is small.
 */
final class FlowmarkCompiler implements ServiceCompiler {
    private List<LogicalFlow> last = List.of();

    @Override
    public ServiceDelta update(TenantContext ctx) {
        Flowmarks section = ctx.document().section(FlowmarkCodec.KEY, Flowmarks.class);
        List<LogicalFlow> now = new ArrayList<>();
        TreeSet<EndpointTerm> anyMember = new TreeSet<>();
        Map<Integer, TreeSet<EndpointTerm>> byValue = new TreeMap<>();
        List<Flowmark> list = section == null ? List.of() : section.list();
        for (int i = 0; i < list.size(); i++) {
            Flowmark m = list.get(i);
            TreeSet<EndpointTerm> local = new TreeSet<>();
            if (ctx.document().groups().containsKey(m.appliedTo())) {
                ctx.groups().members(m.appliedTo()).endpoints().forEach(e -> local.add(EndpointTerm.of(e)));
            }
            if (local.isEmpty()) {
                continue;
            }
            anyMember.addAll(local);
            byValue.computeIfAbsent(m.dscp(), v -> new TreeSet<>()).addAll(local);
            now.add(LogicalFlow.actions(FlowmarkApp.STAGE, 2000 - i, owner(ctx, FlowmarkApp.MARKING, m.name()), Direction.EGRESS,
                    local, null, null, List.of(FieldMatch.exact(FlowmarkApp.STATE, 0)),
                    List.of(LogicalAction.set(LogicalField.IP_DSCP, m.dscp()), LogicalAction.commit(List.of(
                            LogicalAction.set(FlowmarkApp.DSCP, m.dscp()), LogicalAction.set(FlowmarkApp.STATE, FlowmarkApp.MARKED))))));
        }
        if (!anyMember.isEmpty()) {
            now.add(LogicalFlow.actions(FlowmarkApp.STAGE, 1000, owner(ctx, FlowmarkApp.BY_CONNECTION, "claim"), Direction.INGRESS,
                    anyMember, null, null, List.of(FieldMatch.exact(FlowmarkApp.STATE, 0)),
                    List.of(LogicalAction.commit(List.of(LogicalAction.set(FlowmarkApp.STATE, FlowmarkApp.CLAIMED))))));
        }
        for (Map.Entry<Integer, TreeSet<EndpointTerm>> e : byValue.entrySet()) {
            int v = e.getKey();
            List<FieldMatch> marked = List.of(FieldMatch.exact(FlowmarkApp.STATE, FlowmarkApp.MARKED), FieldMatch.exact(FlowmarkApp.DSCP, v));
            List<LogicalAction> mark = List.of(LogicalAction.set(LogicalField.IP_DSCP, v), LogicalAction.next());
            for (Direction d : Direction.values()) {
                now.add(LogicalFlow.actions(FlowmarkApp.STAGE, 3000 + v, owner(ctx, FlowmarkApp.BY_CONNECTION,
                        "dscp-" + v + "-" + d.wireName()), d, e.getValue(), null, null, marked, mark));
            }
        }
        ServiceDelta d = new ServiceDelta(last, now, Map.of());
        last = now;
        return d;
    }

    private static Owner owner(TenantContext ctx, Owner.Kind kind, String name) {
        return Owner.of(ctx.tenantId(), ctx.tenantKey(), kind, name, Keys.ownerKey(ctx.tenantId() + "/flowmark/" + kind.name() + "/", name));
    }

    @Override
    public ServiceDelta clear() {
        ServiceDelta d = new ServiceDelta(last, List.of(), Map.of());
        last = List.of();
        return d;
    }
}
