package org.dsp.firewall;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dsp.ir.EndpointTerm;
import org.dsp.compiler.GroupResolver;
import org.dsp.compiler.Prefixes;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Stage;
import org.dsp.ir.Owner;
import org.dsp.ir.PeerTerm;
import org.dsp.ir.ServiceMatch;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.NamedPort;
import org.dsp.firewall.model.Peer;
import org.dsp.firewall.model.PortSpec;
import org.dsp.model.Protocol;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Service;
import org.dsp.model.TenantDocument;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/** Turns one rule into its logical flow: local terms, peer terms and services, resolved. */
final class RuleFlows {
    private static final IpPrefix ALL4 = IpPrefix.valueOf("0.0.0.0/0");
    private static final IpPrefix ALL6 = IpPrefix.valueOf("::/0");

    private RuleFlows() {
    }

    /** Named port references of a rule: protocol and name. */
    private static final class Named {
        final Protocol protocol;
        final String name;

        Named(Protocol protocol, String name) {
            this.protocol = protocol;
            this.name = name;
        }
    }

    static LogicalFlow compile(GroupResolver groups, Rule rule, Stage stage, int priority, Owner owner) {
        TenantDocument doc = groups.document();
        List<ServiceMatch> numeric = new ArrayList<>();
        List<Named> named = new ArrayList<>();
        boolean anyService = rule.services().isEmpty();
        for (Service s : rule.services()) {
            if (s.protocol() == Protocol.ANY) {
                anyService = true;
            } else if (s.ports().isEmpty()) {
                numeric.add(ServiceMatch.all(s.protocol()));
            } else {
                for (PortSpec ps : s.ports()) {
                    if (ps.isNamed()) {
                        named.add(new Named(s.protocol(), ps.name()));
                    } else {
                        numeric.add(ServiceMatch.of(s.protocol(), ps.first(), ps.last()));
                    }
                }
            }
        }
        SortedSet<String> applied = groups.members(rule.appliedTo()).endpoints();
        SortedSet<EndpointTerm> local = new TreeSet<>();
        SortedSet<PeerTerm> peers = null;
        SortedSet<ServiceMatch> services = null;
        if (anyService || named.isEmpty()) {
            for (String e : applied) {
                local.add(EndpointTerm.of(e));
            }
            peers = peerTerms(groups, rule, null);
            services = anyService ? null : new TreeSet<>(numeric);
        } else if (rule.direction() == Direction.INGRESS) {
            // named ports resolve on the receiving workload: fold services into the local terms
            for (String e : applied) {
                Endpoint ep = doc.endpoints().get(e);
                for (Named n : named) {
                    NamedPort np = ep.namedPort(n.name, n.protocol);
                    if (np != null) {
                        local.add(EndpointTerm.of(e, ServiceMatch.of(np.protocol(), np.port(), np.port())));
                    }
                }
                for (ServiceMatch s : numeric) {
                    local.add(EndpointTerm.of(e, s));
                }
            }
            peers = peerTerms(groups, rule, null);
        } else {
            // egress: named ports resolve on the peer workload: fold services into the peer terms
            for (String e : applied) {
                local.add(EndpointTerm.of(e));
            }
            peers = new TreeSet<>();
            List<String> peerEndpoints = new ArrayList<>();
            List<IpPrefix> peerBlocks = new ArrayList<>();
            if (rule.peers().isEmpty()) {
                peerEndpoints.addAll(doc.endpoints().keySet());
                peerBlocks.add(ALL4);
                peerBlocks.add(ALL6);
            } else {
                collectPeers(groups, rule, peerEndpoints, peerBlocks);
            }
            for (String e : peerEndpoints) {
                Endpoint ep = doc.endpoints().get(e);
                for (Named n : named) {
                    NamedPort np = ep.namedPort(n.name, n.protocol);
                    if (np != null) {
                        for (IpAddress a : ep.addresses()) {
                            peers.add(PeerTerm.of(Prefixes.host(a), ServiceMatch.of(np.protocol(), np.port(), np.port())));
                        }
                    }
                }
                for (IpAddress a : ep.addresses()) {
                    for (ServiceMatch s : numeric) {
                        peers.add(PeerTerm.of(Prefixes.host(a), s));
                    }
                }
            }
            for (IpPrefix p : peerBlocks) {
                for (ServiceMatch s : numeric) {
                    peers.add(PeerTerm.of(p, s));
                }
                // a workload inside a peer block serves its named ports there too
                for (Endpoint ep : doc.endpoints().values()) {
                    for (IpAddress a : ep.addresses()) {
                        if (p.version() != a.version() || !p.contains(a)) {
                            continue;
                        }
                        for (Named n : named) {
                            NamedPort np = ep.namedPort(n.name, n.protocol);
                            if (np != null) {
                                peers.add(PeerTerm.of(Prefixes.host(a), ServiceMatch.of(np.protocol(), np.port(), np.port())));
                            }
                        }
                    }
                }
            }
        }
        return LogicalFlow.rule(stage, priority, owner, local, peers, services, FirewallCompiler.verdictOf(rule));
    }

    private static SortedSet<PeerTerm> peerTerms(GroupResolver groups, Rule rule, ServiceMatch service) {
        if (rule.peers().isEmpty()) {
            return null;
        }
        List<String> eps = new ArrayList<>();
        List<IpPrefix> blocks = new ArrayList<>();
        collectPeers(groups, rule, eps, blocks);
        SortedSet<PeerTerm> out = new TreeSet<>();
        for (String e : eps) {
            for (IpAddress a : groups.document().endpoints().get(e).addresses()) {
                out.add(PeerTerm.of(Prefixes.host(a), service));
            }
        }
        for (IpPrefix p : blocks) {
            out.add(PeerTerm.of(p, service));
        }
        return out;
    }

    private static void collectPeers(GroupResolver groups, Rule rule, List<String> eps, List<IpPrefix> blocks) {
        for (Peer p : rule.peers()) {
            switch (p.kind()) {
                case GROUP:
                    GroupResolver.Members m = groups.members(p.name());
                    eps.addAll(m.endpoints());
                    blocks.addAll(m.prefixes());
                    break;
                case ENDPOINT:
                    eps.add(p.name());
                    break;
                default:
                    blocks.addAll(Prefixes.expand(p.cidr()));
            }
        }
    }
}
