package org.dsp.nat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.Problems;
import org.dsp.model.Endpoint;
import org.dsp.nat.model.FloatingIp;
import org.dsp.nat.model.NatRules;
import org.dsp.nat.model.PortForward;
import org.dsp.nat.model.SnatRule;
import org.dsp.overlay.model.Network;
import org.dsp.overlay.model.Networks;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;

/**
 * The {@code nat} section checked against the rest of the document (docs/nat.md): the networks,
 * groups, endpoints and load balancers it names; each external address used once in the tenant
 * (pools may be shared by rules, forward addresses by forwards) and never a member's own; a pool
 * not exhausted from the start. That no other tenant holds an address is the core's claim check.
 */
final class NatChecks {
    private NatChecks() {
    }

    /** Reports every problem of {@code value} through {@code check}. */
    static void check(NatRules value, DocumentCheck check) {
        Problems p = check.problems();
        Networks networks = check.document().section("networks", Networks.class);
        Map<String, Network> placed = networks == null ? Map.of() : networks.placement(check.document());
        Map<IpAddress, String> memberAddresses = new HashMap<>();
        for (Endpoint e : check.document().endpoints().values()) {
            e.addresses().forEach(a -> memberAddresses.putIfAbsent(a, e.name()));
        }
        Map<Ip4Address, String> used = new HashMap<>(); // an external address, and the path that took it
        for (SnatRule r : value.snat()) {
            String rp = check.pathOf(r);
            if (r.network() != null && (networks == null || networks.list().stream().noneMatch(n -> n.name().equals(r.network())))) {
                p.add(rp + ".network", ErrorCode.BAD_VALUE, "network '" + r.network() + "' is not one of the tenant's networks");
            }
            if (r.group() != null) {
                check.groupRef(r.group(), rp + ".group");
            }
            for (Ip4Address a : r.addresses()) {
                external(p, a, rp + ".pool.addresses", used, memberAddresses, true);
            }
        }
        capacity(check, value, placed);
        Map<String, String> fipOf = new HashMap<>();
        for (FloatingIp f : value.floatingIps()) {
            String fp = check.pathOf(f);
            if (f.loadBalancer() != null) {
                external(p, f.address(), fp + ".address", used, memberAddresses, false);
                continue;
            }
            member(check, f.endpoint(), fp + ".endpoint", placed);
            String other = fipOf.putIfAbsent(f.endpoint(), fp);
            if (other != null) {
                p.add(fp + ".endpoint", ErrorCode.CONFLICTING_FIELDS, "endpoint '" + f.endpoint() + "' already has the floating IP at "
                        + other + " (its connections leave from one address)");
            }
            external(p, f.address(), fp + ".address", used, memberAddresses, false);
        }
        for (FloatingIp f : value.floatingIps()) {
            if (f.loadBalancer() != null) {
                PublishedLb.check(check, f.loadBalancer(), check.pathOf(f) + ".loadBalancer", fipOf);
            }
        }
        Map<String, String> forwards = new HashMap<>();
        for (PortForward f : value.portForwards()) {
            String fp = check.pathOf(f);
            member(check, f.endpoint(), fp + ".endpoint", placed);
            if (fipOf.containsKey(f.endpoint())) {
                p.add(fp + ".endpoint", ErrorCode.CONFLICTING_FIELDS, "endpoint '" + f.endpoint() + "' has the floating IP at "
                        + fipOf.get(f.endpoint()) + ": it is reached on that address, and its replies leave from it");
            }
            String other = forwards.putIfAbsent(f.protocol() + " " + f.address() + ":" + f.port(), fp);
            if (other != null) {
                p.add(fp + ".port", ErrorCode.CONFLICTING_FIELDS, f.protocol() + " " + f.address() + ":" + f.port()
                        + " is already forwarded at " + other);
            }
            String holder = used.get(f.address());
            if (holder != null && !holder.contains(".portForwards[")) {
                p.add(fp + ".address", ErrorCode.DUPLICATE_ADDRESS, f.address() + " is already used at " + holder);
            } else {
                used.putIfAbsent(f.address(), fp + ".address");
                if (memberAddresses.containsKey(f.address())) {
                    p.add(fp + ".address", ErrorCode.DUPLICATE_ADDRESS, f.address() + " is the address of endpoint '"
                            + memberAddresses.get(f.address()) + "'");
                }
            }
        }
    }

    /**
     * Refuses a pool exhausted from the start: one that holds fewer connections to one external
     * address and port than the members it translates (as the compiler assigns them: a member with a
     * floating IP is in no pool, a member goes to the first rule naming it; rules with the same pool
     * share it).
     */
    private static void capacity(DocumentCheck check, NatRules value, Map<String, Network> placed) {
        Map<String, Long> perPool = new java.util.LinkedHashMap<>();
        Map<String, SnatRule> last = new HashMap<>();
        value.poolMembers(placed, new org.dsp.compiler.GroupResolver(check.document())).forEach((r, mine) -> {
            String pool = r.first() + "-" + r.last() + ":" + r.portFirst() + "-" + r.portLast();
            perPool.merge(pool, (long) mine.size(), Long::sum);
            last.put(pool, r);
        });
        perPool.forEach((pool, members) -> {
            SnatRule r = last.get(pool);
            if (r.capacity() < members) { // exhausted from the start: not every member could hold one connection to a server
                check.problems().add(check.pathOf(r) + ".pool", ErrorCode.TOO_MANY, "the pool holds " + r.capacity()
                        + " connection(s) to one external address and port at a time, fewer than the " + members + " member(s) it translates");
            }
        });
    }

    private static void member(DocumentCheck check, String endpoint, String path, Map<String, Network> placed) {
        if (!check.document().endpoints().containsKey(endpoint)) {
            check.endpointRef(endpoint, path);
        } else if (!placed.containsKey(endpoint)) {
            check.problems().add(path, ErrorCode.BAD_VALUE, "endpoint '" + endpoint + "' is in none of the tenant's networks "
                    + "(NAT translates the members of overlay networks)");
        } else if (check.document().endpoints().get(endpoint).addresses().stream().noneMatch(IpAddress::isIp4)) {
            check.problems().add(path, ErrorCode.BAD_VALUE, "endpoint '" + endpoint + "' has no IPv4 address (NAT is IPv4 only)");
        }
    }

    private static void external(Problems p, Ip4Address a, String path, Map<Ip4Address, String> used,
                                 Map<IpAddress, String> members, boolean pool) {
        String holder = used.putIfAbsent(a, path);
        if (holder != null && !(pool && holder.contains(".pool."))) { // pools may be shared by rules
            p.add(path, ErrorCode.DUPLICATE_ADDRESS, a + " is already used at " + holder);
        }
        if (members.containsKey(a)) {
            p.add(path, ErrorCode.DUPLICATE_ADDRESS, a + " is the address of endpoint '" + members.get(a) + "'");
        }
    }

}
