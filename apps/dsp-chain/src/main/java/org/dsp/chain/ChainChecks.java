package org.dsp.chain;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import org.dsp.chain.model.Chain;
import org.dsp.chain.model.Chains;
import org.dsp.chain.model.Ref;
import org.dsp.chain.model.Step;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.Problems;
import org.dsp.compiler.GroupResolver;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.dsp.overlay.model.Network;
import org.dsp.overlay.model.Networks;

/**
 * The {@code chains} section's checks against the rest of the document: the tenant has networks
 * (steering crosses DSNs through the overlay), the groups and endpoints named exist, built-in steps
 * are ones the active apps provide and come before the service functions (the DSN decides policy
 * first), a class to the external network names only CIDRs outside the tenant's networks (NAT
 * active; a nat step last, no encryption step), instances are IPv4 members of a network whose MTU
 * is no smaller than the class's networks', no loop (an instance twice in a chain, or in its
 * own class), no two chains take one connection, and the sizes stay within what a DSN holds.
 */
final class ChainChecks {
    /**
     * The most (from address, to address, port) combinations of one chain: the translation walks every one
     * (a large class's flows are conjunctions, but its compile time and transient memory grow with them).
     */
    static final int MAX_COMBINATIONS = 10_000;
    /** The most instances over all the tenant's chains (each counted once): each has a steering index, 1-255, in the tunnel key. */
    static final int MAX_STEERING = 255;

    private ChainChecks() {
    }

    static void check(Chains chains, String path, DocumentCheck check, Set<String> active) {
        Problems p = check.problems();
        TenantDocument doc = check.document();
        Networks networks = doc.section("networks", Networks.class);
        if (networks == null || networks.list().isEmpty()) {
            p.add(path, ErrorCode.REQUIRED, "service chains steer through the overlay: the tenant needs a 'networks' section");
            return;
        }
        GroupResolver groups = new GroupResolver(doc);
        java.util.Map<String, Network> placed = networks.placement(doc);
        List<SortedSet<String>> froms = new ArrayList<>();
        List<List<Integer>> portsOf = new ArrayList<>();
        List<SortedSet<String>> tos = new ArrayList<>();
        List<List<org.onlab.packet.IpPrefix>> externals = new ArrayList<>();
        for (int i = 0; i < chains.list().size(); i++) {
            Chain c = chains.list().get(i);
            String cp = check.pathOf(c);
            refs(c.from(), cp + ".from", check);
            refs(c.to(), cp + ".to", check);
            loadBalancer(c, cp, check, groups);
            List<org.onlab.packet.IpPrefix> external = ChainClass.external(c);
            externals.add(external);
            external(c, cp, external, check, networks, active);
            List<Integer> ports = ChainClass.ports(c, groups);
            portsOf.add(ports);
            SortedSet<String> from = ChainClass.resolve(c.from(), groups);
            SortedSet<String> to = ChainClass.resolve(c.to(), groups);
            froms.add(from);
            tos.add(to);
            for (String side : external.isEmpty() ? List.of("from", "to") : List.of(ChainClass.inbound(c) ? "to" : "from")) {
                SortedSet<String> eps = side.equals("from") ? from : to;
                if (eps.stream().noneMatch(e -> placed.containsKey(e) && doc.endpoints().get(e).addresses().stream().anyMatch(a -> a.isIp4()))) {
                    p.add(cp + "." + side, ErrorCode.EMPTY, "'" + side + "' names no endpoint with an IPv4 address in the tenant's networks: "
                            + "the chain would apply to nothing");
                }
            }
            if (ChainClass.meet(from, to)) {
                p.add(cp + ".to", ErrorCode.CONFLICTING_FIELDS, "an endpoint is on both sides of the class ("
                        + from.stream().filter(to::contains).findFirst().get() + "): its connections and their replies would be one class");
            }
            long combinations = (long) (external.isEmpty() ? addresses(from, doc) * addresses(to, doc)
                    : addresses(ChainClass.inbound(c) ? to : from, doc) * external.size()) * Math.max(1, ports.size());
            if (combinations > MAX_COMBINATIONS) {
                p.add(cp, ErrorCode.TOO_MANY, "the class has " + combinations + " (from address, to address, port) combinations; a chain "
                        + "has at most " + MAX_COMBINATIONS + " (split it, or narrow its groups)");
            }
            steps(c, cp, from, to, check, networks, placed, active);
            for (int j = 0; j < i; j++) {
                Chain o = chains.list().get(j);
                if (!external.isEmpty() || !externals.get(j).isEmpty()) {
                    // an external class and one between endpoints never take one connection; two external ones do when their
                    // workloads and external addresses meet - and they go the same way: one to the external network and one from it
                    // may share both, a connection's direction (conntrack's, at the member's DSN) tells which class a packet is of
                    boolean in = ChainClass.inbound(c);
                    if (external.isEmpty() || externals.get(j).isEmpty() || in != ChainClass.inbound(o)
                            || !ChainClass.meet(in ? to : from, in ? tos.get(j) : froms.get(j)) || !ChainClass.overlap(external, externals.get(j))) {
                        continue;
                    }
                    if (ChainClass.servicesOverlap(c, ports, o, portsOf.get(j))) {
                        p.add(cp, ErrorCode.CONFLICTING_FIELDS, "chains '" + o.name() + "' and '" + c.name()
                                + "' both take some connections (same endpoints and external addresses, overlapping protocol and ports)");
                    }
                    continue;
                }
                if (ChainClass.meet(from, froms.get(j)) && ChainClass.meet(to, tos.get(j))
                        && ChainClass.servicesOverlap(c, ports, o, portsOf.get(j))) {
                    p.add(cp, ErrorCode.CONFLICTING_FIELDS, "chains '" + o.name() + "' and '" + c.name()
                            + "' both take some connections (same endpoints on both sides, overlapping protocol and ports)");
                } else if (ChainClass.meet(from, tos.get(j)) && ChainClass.meet(to, froms.get(j)) && ChainClass.protocolsOverlap(c, o)) {
                    p.add(cp, ErrorCode.CONFLICTING_FIELDS, "chain '" + c.name() + "' takes connections the other way of chain '"
                            + o.name() + "' (whose replies travel between the same endpoints): give them disjoint endpoints or protocols");
                }
            }
        }
        modes(chains, check);
        lateTiers(chains, check);
        int steering = SteeringIndexes.instances(chains.list()).size();
        if (steering > MAX_STEERING) {
            p.add(path, ErrorCode.TOO_MANY, steering + " service-function instances over all chains; a tenant has at most " + MAX_STEERING
                    + " (each is a steering index in the tunnel key; chains that share an instance share its index)");
        }
    }

    /**
     * One set of late firewall tiers per tenant: a packet a late tier's deny rule denies is marked
     * doomed at the sender's DSN whichever chain takes it, so two chains deciding different tiers
     * late would send one's packets that its own early tier denies to its function.
     */
    private static void lateTiers(Chains chains, DocumentCheck check) {
        List<String> first = null;
        String firstName = null;
        for (Chain c : chains.list()) {
            int at = c.lateStep();
            if (at < 0) {
                continue;
            }
            List<String> late = c.steps().get(at).firewallTiers();
            if (first == null) {
                first = late;
                firstName = c.name();
            } else if (!first.equals(late)) {
                check.problems().add(check.pathOf(c) + ".steps[" + at + "]", ErrorCode.CONFLICTING_FIELDS, "chain '" + c.name()
                        + "' decides tiers " + late + " late, chain '" + firstName + "' " + first + ": a tenant's chains decide the same "
                        + "tiers late (a packet a late tier denies is marked at the sender's DSN whichever chain takes it)");
            }
        }
    }

    /**
     * One mode per instance over all the tenant's chains: its health probe passes through it in that
     * mode; and one capacity: its share of new connections is weighed by it wherever it serves.
     */
    private static void modes(Chains chains, DocumentCheck check) {
        Map<String, Boolean> modes = new java.util.HashMap<>();
        Map<String, Integer> capacities = new java.util.HashMap<>();
        for (Chain c : chains.list()) {
            for (int j = 0; j < c.steps().size(); j++) {
                Step s = c.steps().get(j);
                for (int k = 0; k < s.instances().size(); k++) {
                    String x = s.instances().get(k);
                    Boolean before = modes.putIfAbsent(x, s.routed());
                    if (before != null && before != s.routed()) {
                        check.problems().add(check.pathOf(c) + ".steps[" + j + "].instances[" + k + "]", ErrorCode.CONFLICTING_FIELDS, "instance '"
                                + x + "' is " + (before ? "routed" : "transparent") + " in another step: one mode per instance "
                                + "(its health probe passes through it in that mode)");
                    }
                    int capacity = s.capacity().getOrDefault(x, 1);
                    Integer declared = capacities.putIfAbsent(x, capacity);
                    if (declared != null && declared != capacity) {
                        check.problems().add(check.pathOf(c) + ".steps[" + j + "].capacity", ErrorCode.CONFLICTING_FIELDS, "instance '" + x
                                + "' has capacity " + declared + " in another step (1 where not declared): one capacity per instance");
                    }
                }
            }
        }
    }

    /**
     * A class to the external network: nothing but CIDRs in 'to', none of them in the tenant's
     * networks (those are its own addresses, never translated), and NAT active to reach them.
     */
    private static void external(Chain c, String cp, List<org.onlab.packet.IpPrefix> external, DocumentCheck check, Networks networks,
                                 Set<String> active) {
        if (external.isEmpty()) {
            return;
        }
        Problems p = check.problems();
        boolean inbound = ChainClass.inbound(c);
        String side = inbound ? "from" : "to";
        List<Ref> refs = inbound ? c.from() : c.to();
        if (external.size() != refs.size()) {
            p.add(cp + "." + side, ErrorCode.CONFLICTING_FIELDS, "a class " + (inbound ? "from" : "to") + " the external network names only "
                    + "CIDRs in '" + side + "' (a class between the tenant's endpoints is another chain)");
        }
        if (inbound && c.to().stream().anyMatch(r -> r.cidr() != null)) {
            p.add(cp + ".to", ErrorCode.CONFLICTING_FIELDS, "a class from the external network goes to the tenant's endpoints (groups or "
                    + "endpoints, as NAT translated it to them, or a load balancer published on a floating IP): not to external CIDRs");
        }
        String lb = inbound ? ChainClass.loadBalancer(c) : null;
        // checked where the NAT app read the section (a stored document read while it is not active stays readable)
        boolean natRead = ChainClass.lb(() -> ChainNat.read(check.document()), false);
        if (lb != null && !check.stored() && natRead && ChainClass.lb(() -> ChainLb.find(check.document(), lb) != null, false)
                && ChainClass.lb(() -> ChainNat.published(check.document(), lb), List.<String>of()).isEmpty()) {
            int at = 0;
            while (c.to().get(at).loadBalancer() == null) {
                at++;
            }
            p.add(cp + ".to[" + at + "].loadBalancer", ErrorCode.BAD_VALUE, "load balancer '" + lb + "' is published on none of the tenant's "
                    + "floating IPs (nat.floatingIps[].loadBalancer): the external network cannot reach it");
        }
        for (int i = 0; i < refs.size(); i++) {
            org.onlab.packet.IpPrefix x = refs.get(i).cidr();
            for (Network n : x == null ? List.<Network>of() : networks.list()) {
                for (org.dsp.overlay.model.Subnet sn : n.subnets()) {
                    if (sn.cidr().isIp4() && (sn.cidr().contains(x) || x.contains(sn.cidr()))) {
                        p.add(cp + "." + side + "[" + i + "].cidr", ErrorCode.CONFLICTING_FIELDS, x + " overlaps the tenant's subnet " + sn.cidr()
                                + " of network '" + n.name() + "': the external network is outside the tenant's networks");
                    }
                }
            }
        }
        if (!check.stored() && !active.contains("nat")) {
            p.add(cp + "." + side, ErrorCode.SERVICE_NOT_ACTIVE, "the external network is reached through NAT: the NAT app (org.dsp.nat) "
                    + "is not active");
        } else if (!check.stored() && check.document().sections().get("nat") == null) {
            p.add(cp + "." + side, ErrorCode.REQUIRED, "the external network is reached through the tenant's NAT: the tenant needs a 'nat' "
                    + "section (a pool or floating IPs for the class's workloads)");
        }
    }

    private static void refs(List<Ref> refs, String path, DocumentCheck check) {
        for (int i = 0; i < refs.size(); i++) {
            Ref r = refs.get(i);
            if (r.cidr() != null) {
                continue; // checked as the class's external side
            }
            if (r.group() != null) {
                check.groupRef(r.group(), path + "[" + i + "].group");
            } else if (r.endpoint() != null) {
                check.endpointRef(r.endpoint(), path + "[" + i + "].endpoint");
            } else if (!ChainClass.lb(() -> ChainLb.find(check.document(), r.loadBalancer()) != null, false)) {
                boolean lbApp = check.document().sections().get("loadBalancers") != null
                        && !(check.document().sections().get("loadBalancers") instanceof org.dsp.codec.RawSection);
                check.problems().add(path + "[" + i + "].loadBalancer", lbApp ? ErrorCode.BAD_VALUE : ErrorCode.SERVICE_NOT_ACTIVE,
                        lbApp ? "load balancer '" + r.loadBalancer() + "' is not in this tenant's loadBalancers"
                                : "load balancer '" + r.loadBalancer() + "': the tenant has no load balancers (or the load-balancer app "
                                + "org.dsp.lb is not active)");
            }
        }
    }

    /** A class to a load balancer: nothing else in 'to', a protocol, VIP ports the load balancer has. */
    private static void loadBalancer(Chain c, String cp, DocumentCheck check, GroupResolver groups) {
        String lb = ChainClass.loadBalancer(c);
        if (lb == null) {
            return;
        }
        Problems p = check.problems();
        if (c.to().size() > 1) {
            p.add(cp + ".to", ErrorCode.CONFLICTING_FIELDS, "a class to a load balancer names nothing else in 'to'");
        }
        if (c.protocol() == null || c.protocol().equals("icmp")) {
            p.add(cp + ".protocol", ErrorCode.REQUIRED, "a class to a load balancer names the protocol of its ports (tcp or udp)");
            return;
        }
        List<Integer> vip = ChainClass.lb(() -> ChainLb.vipPorts(lb, c.protocol(), groups), List.of());
        for (int i = 0; i < c.ports().size(); i++) {
            if (!vip.isEmpty() && !vip.contains(c.ports().get(i))) {
                p.add(cp + ".ports[" + i + "]", ErrorCode.BAD_PORT, c.protocol() + "/" + c.ports().get(i) + " is not a port of load balancer '"
                        + lb + "' (" + vip + ")");
            }
        }
    }

    private static int addresses(SortedSet<String> eps, TenantDocument doc) {
        int n = 0;
        for (String e : eps) {
            n += (int) doc.endpoints().get(e).addresses().stream().filter(a -> a.isIp4()).count();
        }
        return n;
    }

    /** Checks a chain's steps. */
    private static void steps(Chain c, String cp, SortedSet<String> from, SortedSet<String> to, DocumentCheck check, Networks networks,
                             java.util.Map<String, Network> placed, Set<String> active) {
        Problems p = check.problems();
        Set<String> names = new HashSet<>();
        Set<String> instances = new HashSet<>();
        int functions = 0;
        boolean lateSeen = false;
        List<String> tiersSeen = new ArrayList<>(); // the firewall tiers earlier steps decide, in order
        boolean lastFirewallChecked = false; // the last firewall step so far decides tiers none before it did, in order
        boolean external = !ChainClass.external(c).isEmpty();
        boolean inbound = ChainClass.inbound(c);
        Network largest = largestMtu(from, to, placed); // an instance carries the class's largest packets
        for (int i = 0; i < c.steps().size(); i++) {
            Step s = c.steps().get(i);
            String sp = cp + ".steps[" + i + "]";
            boolean twice = !names.add(s.name());
            if (twice) {
                p.add(sp, ErrorCode.DUPLICATE_NAME, "step '" + s.name() + "' is in the chain twice (a loop)"
                        + ("firewall".equals(s.service()) ? "; to split the firewall, give each step its 'tiers'" : ""));
            }
            if (s.service() != null) {
                if (s.service().equals("nat") && (!external || i != (inbound ? 0 : c.steps().size() - 1))) {
                    p.add(sp + ".service", ErrorCode.BAD_VALUE, !external ? "a nat step needs the class to go to or come from the "
                            + "external network ({\"cidr\": ...} in 'to' or 'from'); NAT applies to external traffic without a chain"
                            : inbound ? "NAT translates a class from the external network as it comes in: it is the chain's first step"
                            : "NAT translates the class as it leaves: it is the chain's last step");
                    continue;
                }
                if (s.service().equals(Step.ENCRYPTION) && external) {
                    p.add(sp + ".service", ErrorCode.BAD_VALUE, "a class to the external network leaves through NAT's gateway in clear: "
                            + "encryption applies between the tenant's DSNs");
                    continue;
                }
                builtIn(s.service(), sp + ".service", check.stored() ? Set.of("firewall", "lb", "nat") : active, p);
                if (s.service().equals("firewall")) {
                    lastFirewallChecked = !twice && tiers(c, s, sp, tiersSeen, functions, lateSeen, external, p);
                    lateSeen |= !twice && functions > 0;
                }
                if (s.service().equals("loadBalancer")) {
                    if (ChainClass.loadBalancer(c) == null) {
                        p.add(sp + ".service", ErrorCode.BAD_VALUE, "a loadBalancer step needs the class to go to a load balancer "
                                + "('to': [{\"loadBalancer\": NAME}])");
                    } else if (inbound && i > ("nat".equals(c.steps().get(0).service()) ? 1 : 0)) {
                        p.add(sp + ".service", ErrorCode.BAD_VALUE, "a load balancer published to the external network picks the backend "
                                + "at NAT's gateway as the connection comes in: it is the chain's first step, or its second after 'nat'");
                    } else if (!inbound && i > 0) {
                        p.add(sp + ".service", ErrorCode.BAD_VALUE, "the load balancer picks the backend at the sender's DSN before policy: "
                                + "it is the chain's first step");
                    }
                }
                continue;
            }
            functions++;
            for (int j = 0; j < s.instances().size(); j++) {
                String e = s.instances().get(j);
                String ip = sp + ".instances[" + j + "]";
                check.endpointRef(e, ip);
                Endpoint ep = check.document().endpoints().get(e);
                if (ep == null) {
                    continue;
                }
                if (!instances.add(e)) {
                    p.add(ip, ErrorCode.CONFLICTING_FIELDS, "instance '" + e + "' serves the chain twice (a loop)");
                } else if (from.contains(e) || to.contains(e)) {
                    p.add(ip, ErrorCode.CONFLICTING_FIELDS, "instance '" + e + "' is in the chain's own class: what it sends on would be "
                            + "steered back into the chain (a loop)");
                } else if (!placed.containsKey(e) || ep.addresses().stream().noneMatch(a -> a.isIp4())) {
                    p.add(ip, ErrorCode.BAD_VALUE, "instance '" + e + "' is not an IPv4 member of one of the tenant's networks: "
                            + "a service function is reached through the overlay");
                } else if (s.routed() && ChainClass.gateway(networks, ep) == null) {
                    p.add(ip, ErrorCode.BAD_VALUE, "routed instance '" + e + "' has no gateway in its subnet: it routes what it passes "
                            + "on to its gateway (give the subnet a 'gateway')");
                } else if (!check.stored() && largest != null && placed.get(e).mtu() < largest.mtu()) {
                    // (a document stored before this check stays readable: its tenant is not lost)
                    p.add(ip, ErrorCode.BAD_VALUE, "instance '" + e + "' is in network '" + placed.get(e).name() + "' (MTU "
                            + placed.get(e).mtu() + "), smaller than network '" + largest.name() + "' (MTU " + largest.mtu()
                            + ") of the chain's class: it would lose the class's largest packets (a chained packet is measured "
                            + "against its destination's network MTU)");
                }
            }
        }
        if (lastFirewallChecked && c.steps().stream().anyMatch(x -> !x.tiers().isEmpty()) && tiersSeen.size() < Step.TIERS.size()) {
            List<String> missing = new ArrayList<>(Step.TIERS);
            missing.removeAll(tiersSeen); // a chain that names tiers names each tier once
            p.add(cp + ".steps", ErrorCode.BAD_VALUE, "tiers " + missing + " are decided by no firewall step: a chain "
                    + "that names tiers names each tier once");
        }
    }

    /**
     * Checks a firewall step {@code s} at {@code sp}, after {@code functions} function steps, the
     * earlier firewall steps having decided {@code seen} (added to here): each tier decided by one
     * step, in the firewall's order; a step after a function
     * (late: docs/chaining.md, "A step per firewall tier") once, in a class between the tenant's endpoints.
     * Returns whether its tiers are each decided by it alone, in order.
     */
    private static boolean tiers(Chain c, Step s, String sp, List<String> seen, int functions, boolean lateSeen, boolean external, Problems p) {
        List<String> tiers = s.firewallTiers();
        for (String t : tiers) {
            if (seen.contains(t)) {
                p.add(sp + (s.tiers().isEmpty() ? ".service" : ".tiers"), ErrorCode.CONFLICTING_FIELDS, "tier '" + t
                        + "' is decided by an earlier firewall step: each tier by one step");
                return false;
            }
            if (!seen.isEmpty() && Step.TIERS.indexOf(t) < Step.TIERS.indexOf(seen.get(seen.size() - 1))) {
                p.add(sp + ".tiers", ErrorCode.BAD_VALUE, "tier '" + t + "' comes after tier '" + seen.get(seen.size() - 1)
                        + "' here, but the firewall decides its tiers in the order " + Step.TIERS);
                return false;
            }
        }
        seen.addAll(tiers);
        if (functions == 0) {
            return true;
        }
        String why = lateSeen ? "the chain has one firewall step after a function already"
                : external ? "a class to or from the external network is decided before its functions"
                : ChainClass.loadBalancer(c) != null ? "a class to a load balancer is decided before its functions" : null;
        if (why != null) {
            p.add(sp + ".service", ErrorCode.BAD_VALUE, "the firewall decides at the sender's DSN; a step after a function decides "
                    + "late (its denials pass the functions before it, then drop) - " + why + " (docs/chaining.md, \"A step per firewall tier\")");
        }
        return true;
    }

    private static void builtIn(String service, String path, Set<String> active, Problems p) {
        switch (service) {
            case "firewall":
                if (!active.contains("firewall")) {
                    p.add(path, ErrorCode.SERVICE_NOT_ACTIVE, "the firewall app (org.dsp.firewall) is not active: no service provides this step");
                }
                return;
            case "loadBalancer":
                if (!active.contains("lb")) {
                    p.add(path, ErrorCode.SERVICE_NOT_ACTIVE, "the load-balancer app (org.dsp.lb) is not active: no service provides this step");
                }
                return;
            case "nat": // in a class to the external network, last (checked by the caller)
                if (!active.contains("nat")) {
                    p.add(path, ErrorCode.SERVICE_NOT_ACTIVE, "the NAT app (org.dsp.nat) is not active: no service provides this step");
                }
                return;
            case Step.ENCRYPTION: // the class's tunnels are the encrypted ones (in a tenant that requires encryption, as all are)
                return;
            default:
                p.add(path, ErrorCode.BAD_VALUE, "'" + service + "' is no built-in service; built-in steps: " + Step.BUILT_IN
                        + " (a service function is a step with 'function' and 'instances')");
        }
    }

    /** The network with the largest MTU among the class's endpoints' networks, or null (none placed). */
    private static Network largestMtu(SortedSet<String> from, SortedSet<String> to, java.util.Map<String, Network> placed) {
        Network best = null;
        for (SortedSet<String> side : List.of(from, to)) {
            for (String e : side) {
                Network n = placed.get(e);
                if (n != null && (best == null || n.mtu() > best.mtu())) {
                    best = n;
                }
            }
        }
        return best;
    }
}
