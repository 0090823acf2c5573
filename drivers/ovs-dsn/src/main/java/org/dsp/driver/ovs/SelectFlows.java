package org.dsp.driver.ovs;

import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;

/**
 * What a select flow (a load balancer's VIP and port: {@link LogicalAction.SelectBackend}) says,
 * for the driver's translation of it and for translations that read a tenant's selects (NAT's
 * gateway publishing a VIP on a floating address).
 */
public final class SelectFlows {
    private SelectFlows() {
    }

    /** Returns the flow's select action, or null; a select must be the flow's only action. */
    public static LogicalAction.SelectBackend select(LogicalFlow f) {
        if (f.actions() == null) {
            return null;
        }
        for (LogicalAction a : f.actions()) {
            if (a instanceof LogicalAction.SelectBackend) {
                if (f.actions().size() != 1) {
                    throw new IllegalArgumentException(f.owner() + " in stage " + f.stage() + ": a select is a flow's only action");
                }
                return (LogicalAction.SelectBackend) a;
            }
        }
        return null;
    }

    /** The VIP of a select flow (its one peer, a host address). */
    public static org.onlab.packet.IpAddress vip(LogicalFlow f) {
        return f.peers().first().prefix().address();
    }

    /** The port of a select flow's service. */
    public static int port(LogicalFlow f) {
        return f.services().first().first();
    }

    /** The IP protocol number of a select flow's service (a load balancer's port is TCP or UDP). */
    public static int protocol(LogicalFlow f) {
        org.dsp.ir.ServiceMatch s = f.services() == null || f.services().isEmpty() ? null : f.services().first();
        if (s == null || (s.protocol() != org.dsp.model.Protocol.TCP && s.protocol() != org.dsp.model.Protocol.UDP)) {
            throw new IllegalArgumentException(f.owner() + ": a select needs a TCP or UDP service");
        }
        return Fragments.ipProto(s.protocol(), false);
    }
}
