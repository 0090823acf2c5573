package org.dsp.chain;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dsp.chain.model.Chain;
import org.dsp.chain.model.Ref;
import org.dsp.compiler.GroupResolver;
import org.dsp.model.TenantDocument;

/** A chain's traffic class resolved to endpoints: those a group selects or lists, and the endpoints named. */
final class ChainClass {
    private ChainClass() {
    }

    /**
     * Returns the endpoints {@code refs} name (a group's member endpoints - a group's CIDRs are not
     * endpoints and are not chained; a load balancer's backends; none for external CIDRs).
     */
    static SortedSet<String> resolve(List<Ref> refs, GroupResolver groups) {
        TenantDocument doc = groups.document();
        SortedSet<String> out = new TreeSet<>();
        for (Ref r : refs) {
            if (r.endpoint() != null) {
                if (doc.endpoints().containsKey(r.endpoint())) {
                    out.add(r.endpoint());
                }
            } else if (r.loadBalancer() != null) {
                out.addAll(lb(() -> ChainLb.backends(r.loadBalancer(), groups), new TreeSet<>()));
            } else if (r.group() != null && doc.groups().containsKey(r.group())) {
                out.addAll(groups.members(r.group()).endpoints());
            }
        }
        return out;
    }

    /**
     * Returns the gateway of the subnet of {@code networks} that holds the endpoint's first IPv4
     * address (where a routed instance sends what it passes on, and its probes), or null.
     */
    static org.onlab.packet.Ip4Address gateway(org.dsp.overlay.model.Networks networks, org.dsp.model.Endpoint e) {
        org.onlab.packet.IpAddress a = e.addresses().stream().filter(org.onlab.packet.IpAddress::isIp4).findFirst().orElse(null);
        org.dsp.overlay.model.Network n = a == null ? null : networks.holding(a);
        org.onlab.packet.IpAddress via = n == null ? null : n.subnets().stream().filter(sn -> sn.cidr().contains(a))
                .map(org.dsp.overlay.model.Subnet::gateway).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return via == null ? null : via.getIp4Address();
    }

    /** Returns the external CIDRs a chain's class goes to, or comes from ({@link #inbound}); empty: endpoints only. */
    static List<org.onlab.packet.IpPrefix> external(Chain c) {
        List<org.onlab.packet.IpPrefix> out = new java.util.ArrayList<>();
        for (Ref r : inbound(c) ? c.from() : c.to()) {
            if (r.cidr() != null) {
                out.add(r.cidr());
            }
        }
        return out;
    }

    /** Returns whether a chain's class comes from the external network (CIDRs in 'from'). */
    static boolean inbound(Chain c) {
        return c.from().stream().anyMatch(r -> r.cidr() != null);
    }

    /** Returns whether two prefix lists share an address. */
    static boolean overlap(List<org.onlab.packet.IpPrefix> a, List<org.onlab.packet.IpPrefix> b) {
        return a.stream().anyMatch(x -> b.stream().anyMatch(y -> x.contains(y) || y.contains(x)));
    }

    /** Returns the load balancer a chain's class goes to, or null. */
    static String loadBalancer(Chain c) {
        return c.to().stream().map(Ref::loadBalancer).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /**
     * Returns the destination ports the class's packets carry where they are steered: the chain's
     * ports, or for a class to a load balancer its target ports for those VIP ports (all its ports
     * of the protocol when the chain names none).
     */
    static List<Integer> ports(Chain c, GroupResolver groups) {
        String lb = loadBalancer(c);
        if (lb == null || c.protocol() == null) {
            return c.ports();
        }
        return lb(() -> ChainLb.targetPorts(lb, c.protocol(), c.ports(), groups), List.of());
    }

    /** Runs {@code f} against the load-balancer model; {@code none} when the load-balancer app is not installed. */
    static <T> T lb(java.util.function.Supplier<T> f, T none) {
        try {
            return f.get();
        } catch (NoClassDefFoundError e) {
            return none;
        }
    }

    /**
     * Whether two chains' protocols and (effective) ports can take one packet (any protocol overlaps
     * every one; no ports, every port).
     */
    static boolean servicesOverlap(Chain a, List<Integer> aPorts, Chain b, List<Integer> bPorts) {
        if (a.protocolNumber() != 0 && b.protocolNumber() != 0 && a.protocolNumber() != b.protocolNumber()) {
            return false;
        }
        return aPorts.isEmpty() || bPorts.isEmpty() || aPorts.stream().anyMatch(bPorts::contains);
    }

    /** Whether two chains' protocols can take one packet, whatever the ports (a class's reply is matched by its source port). */
    static boolean protocolsOverlap(Chain a, Chain b) {
        return a.protocolNumber() == 0 || b.protocolNumber() == 0 || a.protocolNumber() == b.protocolNumber();
    }

    /** Returns whether two sets share an element. */
    static boolean meet(SortedSet<String> a, SortedSet<String> b) {
        return a.stream().anyMatch(b::contains);
    }
}
