package org.dsp.firewall;

import org.dsp.firewall.model.ConnectionPolicy;
import org.dsp.firewall.model.Peer;
import org.dsp.firewall.model.PortSpec;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Service;
import org.dsp.firewall.model.Tier;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.NamedPort;
import org.dsp.model.Protocol;
import org.dsp.model.RuleAction;
import org.dsp.semantics.Connection;
import org.dsp.semantics.DirectionDecision;
import org.dsp.semantics.OracleContext;
import org.dsp.spi.PolicySemantics;
import org.onlab.packet.IpAddress;

/**
 * The firewall's meaning, on the model: the tiers are walked in order; in a tier the first rule
 * that applies to the workload and matches the connection decides, except {@code pass}, which
 * skips to the next tier. No decision lets the connection pass on. A rule applying to a workload
 * in a direction isolates it there.
 */
final class FirewallSemantics implements PolicySemantics {
    @Override
    public DirectionDecision decide(Endpoint self, Direction d, Connection c, OracleContext ctx) {
        IpAddress peerAddr = d == Direction.EGRESS ? c.dst() : c.src();
        Endpoint server = d == Direction.EGRESS ? ctx.endpointAt(c.dst()) : self;
        for (Tier t : Tier.values()) {
            for (Rule r : Firewall.rules(ctx.document(), t)) {
                if (r.direction() != d || !ctx.contains(r.appliedTo(), self)) {
                    continue;
                }
                if (!peerMatches(r, peerAddr, ctx) || !serviceMatches(r, c, server)) {
                    continue;
                }
                if (r.action() == RuleAction.PASS) {
                    break;
                }
                boolean allow = r.action() == RuleAction.ALLOW;
                return new DirectionDecision(r.action(), r.name(), !allow || r.stateful(),
                        allow && r.onChange() == ConnectionPolicy.PERSIST);
            }
        }
        return null;
    }

    @Override
    public boolean isolates(Endpoint e, Direction d, OracleContext ctx) {
        for (Rule r : Firewall.allRules(ctx.document())) {
            if (r.direction() == d && ctx.contains(r.appliedTo(), e)) {
                return true;
            }
        }
        return false;
    }

    private static boolean peerMatches(Rule r, IpAddress a, OracleContext ctx) {
        if (r.peers().isEmpty()) {
            return true;
        }
        for (Peer p : r.peers()) {
            switch (p.kind()) {
                case GROUP:
                    if (ctx.groupHasAddress(p.name(), a)) {
                        return true;
                    }
                    break;
                case ENDPOINT:
                    if (ctx.document().endpoints().get(p.name()).addresses().contains(a)) {
                        return true;
                    }
                    break;
                default:
                    if (OracleContext.inBlock(p.cidr(), a)) {
                        return true;
                    }
            }
        }
        return false;
    }

    private static boolean serviceMatches(Rule r, Connection c, Endpoint server) {
        if (r.services().isEmpty()) {
            return true;
        }
        for (Service s : r.services()) {
            if (s.protocol() == Protocol.ANY) {
                return true;
            }
            if (s.protocol() != c.protocol()) {
                continue;
            }
            if (s.ports().isEmpty()) {
                return true;
            }
            for (PortSpec ps : s.ports()) {
                if (ps.isNamed()) {
                    NamedPort np = server == null ? null : server.namedPort(ps.name(), s.protocol());
                    if (np != null && np.port() == c.dstPort()) {
                        return true;
                    }
                } else if (c.dstPort() >= ps.first() && c.dstPort() <= ps.last()) {
                    return true;
                }
            }
        }
        return false;
    }
}
