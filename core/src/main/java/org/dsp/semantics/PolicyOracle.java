package org.dsp.semantics;

import java.util.HashSet;
import java.util.Set;
import org.dsp.model.CidrBlock;
import org.dsp.model.ConnectionPolicy;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.Group;
import org.dsp.model.NamedPort;
import org.dsp.model.Peer;
import org.dsp.model.PortSpec;
import org.dsp.model.Posture;
import org.dsp.model.Protocol;
import org.dsp.model.Rule;
import org.dsp.model.RuleAction;
import org.dsp.model.Segment;
import org.dsp.model.Service;
import org.dsp.model.TenantDocument;
import org.dsp.model.Tier;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/**
 * The document's meaning, evaluated directly on the model (no compiler code): a connection passes
 * when the source workload's egress evaluation and the destination workload's ingress evaluation
 * both allow it. Each evaluation walks the tiers in order; in a tier the first rule that applies to
 * the workload and matches the connection decides, except {@code pass}, which skips to the next
 * tier. When no rule decides, an isolated workload denies and any other allows.
 */
public final class PolicyOracle {
    private final TenantDocument doc;

    /** Creates the oracle of a validated document. */
    public PolicyOracle(TenantDocument doc) {
        this.doc = doc;
    }

    /** Returns the endpoint holding address {@code a}, or null. */
    public Endpoint endpointAt(IpAddress a) {
        for (Endpoint e : doc.endpoints().values()) {
            if (e.addresses().contains(a)) {
                return e;
            }
        }
        return null;
    }

    /** Evaluates the egress of the connection's source (NOT_EVALUATED when it is no workload of the tenant). */
    public DirectionDecision egress(Connection c) {
        Endpoint src = endpointAt(c.src());
        return src == null ? DirectionDecision.NOT_EVALUATED : evaluate(src, Direction.EGRESS, c);
    }

    /** Evaluates the ingress of the connection's destination (NOT_EVALUATED when it is no workload of the tenant). */
    public DirectionDecision ingress(Connection c) {
        Endpoint dst = endpointAt(c.dst());
        return dst == null ? DirectionDecision.NOT_EVALUATED : evaluate(dst, Direction.INGRESS, c);
    }

    /** Returns whether both directions allow the connection. */
    public boolean allows(Connection c) {
        return egress(c).allowed() && ingress(c).allowed();
    }

    /** Returns whether workload {@code e} is isolated in direction {@code d}. */
    public boolean isolated(Endpoint e, Direction d) {
        if (doc.posture() == Posture.DEFAULT_DENY) {
            return true;
        }
        for (Segment s : doc.segments().values()) {
            if (s.isolates(d) && contains(s.appliedTo(), e, new HashSet<>())) {
                return true;
            }
        }
        for (Rule r : doc.allRules()) {
            if (r.direction() == d && contains(r.appliedTo(), e, new HashSet<>())) {
                return true;
            }
        }
        return false;
    }

    private DirectionDecision evaluate(Endpoint self, Direction d, Connection c) {
        IpAddress peerAddr = d == Direction.EGRESS ? c.dst() : c.src();
        Endpoint server = d == Direction.EGRESS ? endpointAt(c.dst()) : self;
        for (Tier t : Tier.values()) {
            for (Rule r : doc.rules(t)) {
                if (r.direction() != d || !contains(r.appliedTo(), self, new HashSet<>())) {
                    continue;
                }
                if (!peerMatches(r, peerAddr) || !serviceMatches(r, c, server)) {
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
        if (isolated(self, d)) {
            return new DirectionDecision(RuleAction.DENY, null, true, false);
        }
        return new DirectionDecision(RuleAction.ALLOW, null, true, false);
    }

    private boolean peerMatches(Rule r, IpAddress a) {
        if (r.peers().isEmpty()) {
            return true;
        }
        for (Peer p : r.peers()) {
            switch (p.kind()) {
                case GROUP:
                    if (groupHasAddress(p.name(), a, new HashSet<>())) {
                        return true;
                    }
                    break;
                case ENDPOINT:
                    if (doc.endpoints().get(p.name()).addresses().contains(a)) {
                        return true;
                    }
                    break;
                default:
                    if (inBlock(p.cidr(), a)) {
                        return true;
                    }
            }
        }
        return false;
    }

    private boolean serviceMatches(Rule r, Connection c, Endpoint server) {
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

    private boolean contains(String group, Endpoint e, Set<String> visiting) {
        Group g = doc.groups().get(group);
        if (g == null || !visiting.add(group)) {
            return false;
        }
        if (g.endpoints().contains(e.name()) || (g.selector() != null && g.selector().matches(e.labels()))) {
            return true;
        }
        for (String child : g.groups()) {
            if (contains(child, e, visiting)) {
                return true;
            }
        }
        return false;
    }

    private boolean groupHasAddress(String group, IpAddress a, Set<String> visiting) {
        Group g = doc.groups().get(group);
        if (g == null || !visiting.add(group)) {
            return false;
        }
        Endpoint owner = endpointAt(a);
        if (owner != null && (g.endpoints().contains(owner.name())
                || (g.selector() != null && g.selector().matches(owner.labels())))) {
            return true;
        }
        for (CidrBlock b : g.cidrs()) {
            if (inBlock(b, a)) {
                return true;
            }
        }
        for (String child : g.groups()) {
            if (groupHasAddress(child, a, visiting)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inBlock(CidrBlock b, IpAddress a) {
        if (b.cidr().isIp4() != a.isIp4() || !b.cidr().contains(a)) {
            return false;
        }
        for (IpPrefix x : b.except()) {
            if (x.contains(a)) {
                return false;
            }
        }
        return true;
    }
}
