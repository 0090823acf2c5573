package org.dsp.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dsp.ir.ServicePaths;
import org.dsp.ir.ServicePlacement;
import org.dsp.model.Attachment;
import org.onosproject.net.DeviceId;

/**
 * What a packet of a connection from one endpoint to another would meet (pure): the chain whose
 * class takes it, each step with where it runs, each hop's candidate instances (DSN, port,
 * steering id, health), and the DSNs the request and the reply pass, in order. Served by
 * {@code dsp chain explain} and {@code GET /tenants/{id}/services/chain/explain}.
 */
public final class ChainExplain {
    private ChainExplain() {
    }

    /**
     * Explains a connection from endpoint {@code from} to endpoint {@code to} (or to an IPv4
     * address of the external network, reached through NAT) with IP protocol
     * {@code protocol} (0: any) and destination port {@code port} (0: none), given the tenant's
     * chains, where its endpoints are attached, which DSNs can be steered to and the fabric
     * distances between DSNs (each candidate instance's detour, in links, is shown when known).
     */
    public static Map<String, Object> explain(ServicePaths sp, Map<String, Attachment> where, Predicate<DeviceId> reachable,
                                              ServicePlacement.Distance distance, String from, String to, int protocol, int port) {
        return explain(sp, where, (d, encrypted) -> reachable.test(d), distance, from, to, protocol, port);
    }

    /**
     * As {@link #explain(ServicePaths, Map, Predicate, ServicePlacement.Distance, String, String, int, int)},
     * which DSNs can be steered to told apart for an encrypted class ({@code reachable} of a DSN and
     * whether the class is encrypted: then the DSN needs a current encrypted tunnel endpoint).
     */
    public static Map<String, Object> explain(ServicePaths sp, Map<String, Attachment> where,
                                              java.util.function.BiPredicate<DeviceId, Boolean> tunnelled,
                                              ServicePlacement.Distance distance, String from, String to, int protocol, int port) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", to);
        out.put("service", service(protocol, port));
        org.onlab.packet.IpPrefix outside = where.containsKey(to) ? null : org.dsp.codec.JsonFields.parsePrefix(to);
        if (where.containsKey(from) && outside != null && outside.isIp4() && outside.prefixLength() == 32) {
            return external(sp, where, tunnelled, distance, from, outside.address(), protocol, port, out, false);
        }
        org.onlab.packet.IpPrefix source = where.containsKey(from) ? null : org.dsp.codec.JsonFields.parsePrefix(from);
        if (where.containsKey(to) && source != null && source.isIp4() && source.prefixLength() == 32) {
            return external(sp, where, tunnelled, distance, to, source.address(), protocol, port, out, true);
        }
        if (!where.containsKey(from) || !where.containsKey(to)) {
            throw new IllegalArgumentException("no endpoint " + (!where.containsKey(from) ? from : to) + " with an attachment in this tenant"
                    + (where.containsKey(from) ? " (nor an IPv4 address of the external network)" : ""));
        }
        ServicePaths.Path path = sp == null ? null : sp.paths().stream().filter(p -> p.from().contains(from) && p.to().contains(to)
                && (p.protocol() == 0 || p.protocol() == protocol) && (p.ports().isEmpty() || p.ports().contains(port)))
                .findFirst().orElse(null);
        DeviceId da = where.get(from).dsn();
        DeviceId db = where.get(to).dsn();
        if (path == null) {
            out.put("chain", null);
            out.put("path", List.of(da + ": " + from + " sends; policy, commit", (da.equals(db) ? "" : "tunnel to " + db + "; ") + db + ": "
                    + to + " receives (no chain takes this connection: it goes its usual way)"));
            return out;
        }
        out.put("chain", path.name());
        Predicate<DeviceId> reachable = d -> tunnelled.test(d, path.encrypted());
        out.put("encrypted", path.encrypted()); // the tenant requires encryption or the chain has the step: every tunnel below is encrypted
        List<ServicePlacement.Placed> placed = ServicePlacement.place(path, from, to, e -> where.containsKey(e) ? where.get(e).dsn() : null, reachable,
                distance);
        out.put("steps", steps(sp, path, placed, where, da, db, distance, step -> step.equals("encryption")
                ? "every tunnel of the class between DSNs, the chain's too, through the DSNs' encrypted endpoints (WireGuard); "
                + "between two DSNs of which one has none, the class drops"
                : "egress at " + da + " (" + from + "'s DSN), ingress at " + db + " (" + to + "'s DSN), in their DSN passes"));
        if (placed == null) {
            out.put("path", List.of(da + ": " + from + " sends; policy, commit; dropped (" + (ServicePlacement.sealedOff(path, da, db, reachable)
                    ? "an encrypted class, and " + (reachable.test(da) ? db : da) + " has no encrypted tunnel endpoint"
                    : "a fail-closed step has no live instance") + ")"));
            return out;
        }
        String tunnel = path.encrypted() ? "encrypted tunnel" : "tunnel";
        out.put("path", walk(placed, where, tunnel, from, to, da + ": " + from + " sends; policy, commit", db + ": " + to
                + (da.equals(db) ? " receives (both ends' policy decided in the first pass)" : " receives; ingress policy, commit")));
        List<ServicePlacement.Placed> reverse = new ArrayList<>(placed);
        java.util.Collections.reverse(reverse);
        out.put("reply", walk(reverse, where, tunnel, to, from, db + ": " + to + " replies (the connection's state)", da + ": " + from + " receives"));
        return out;
    }

    /**
     * Explains a connection from endpoint {@code from} to {@code to}, an address of the external
     * network: the chain to the external network that takes it, its hops placed as for a pair on
     * the member's DSN, and NAT after them (docs/chaining.md, "Classes to and from the external network").
     */
    private static Map<String, Object> external(ServicePaths sp, Map<String, Attachment> where,
                                                java.util.function.BiPredicate<DeviceId, Boolean> tunnelled, ServicePlacement.Distance distance,
                                                String member, org.onlab.packet.IpAddress outside, int protocol, int port, Map<String, Object> out,
                                                boolean inbound) {
        String from = member;
        org.onlab.packet.IpAddress to = outside;
        DeviceId da = where.get(member).dsn();
        ServicePaths.Path path = sp == null ? null : sp.paths().stream().filter(p -> p.inbound() == inbound
                && (inbound ? p.to() : p.from()).contains(member)
                && p.external().stream().anyMatch(x -> x.contains(outside)) && (p.protocol() == 0 || p.protocol() == protocol)
                && (p.ports().isEmpty() || p.ports().contains(port))).findFirst().orElse(null);
        if (path == null) {
            out.put("chain", null);
            out.put("path", inbound
                    ? List.of("the gateway: from " + outside + ", translated to " + member, da + ": " + member
                    + " receives; ingress policy (no chain takes this connection: it goes its usual way)")
                    : List.of(da + ": " + from + " sends; policy, commit", da + ": to NAT (its gateway), out to " + to
                    + " (no chain takes this connection: it goes its usual way)"));
            return out;
        }
        if (inbound) {
            return inbound(sp, where, tunnelled, distance, path, member, outside, out);
        }
        out.put("chain", path.name());
        out.put("encrypted", false);
        Predicate<DeviceId> reachable = d -> tunnelled.test(d, false);
        List<ServicePlacement.Placed> placed = ServicePlacement.place(path, from, from, e -> where.containsKey(e) ? where.get(e).dsn() : null,
                reachable, distance);
        out.put("steps", steps(sp, path, placed, where, da, da, distance, step -> step.equals("nat") ? "after the functions, at " + da
                + " as " + from + "'s own packet: to its NAT gateway, translated there (docs/nat.md)"
                : "egress at " + da + " (" + from + "'s DSN), in its DSN pass"));
        if (placed == null) {
            out.put("path", List.of(da + ": " + from + " sends; policy, commit; dropped (a fail-closed step has no live instance)"));
            return out;
        }
        out.put("path", walk(placed, where, "tunnel", from, from, da + ": " + from + " sends; policy, commit; steered before NAT",
                da + ": on to NAT as " + from + "'s packet: to its gateway, translated, out to " + to));
        List<ServicePlacement.Placed> reverse = new ArrayList<>(placed);
        java.util.Collections.reverse(reverse);
        out.put("reply", walk(reverse, where, "tunnel", from, from, da + ": the reply from " + to + ", translated back at the gateway, "
                + "arrives; ingress policy (the connection's state)", da + ": " + from + " receives"));
        return out;
    }

    /** As {@link #external} for a class from the external network: through its hops into {@code member}, the replies out to NAT. */
    private static Map<String, Object> inbound(ServicePaths sp, Map<String, Attachment> where,
                                               java.util.function.BiPredicate<DeviceId, Boolean> tunnelled, ServicePlacement.Distance distance,
                                               ServicePaths.Path path, String member, org.onlab.packet.IpAddress outside, Map<String, Object> out) {
        DeviceId da = where.get(member).dsn();
        out.put("chain", path.name());
        out.put("encrypted", false);
        List<ServicePlacement.Placed> placed = ServicePlacement.place(path, member, member, e -> where.containsKey(e) ? where.get(e).dsn() : null,
                d -> tunnelled.test(d, false), distance);
        out.put("steps", steps(sp, path, placed, where, da, da, distance, step -> step.equals("nat") ? "first, at the tenant's NAT "
                + "gateway: the connection translated to " + member + " (docs/nat.md)" : step.equals("loadBalancer") ? "at the tenant's NAT "
                + "gateway: the load balancer published there picks a backend (this one: " + member + ") and translates the connection "
                + "to it (docs/nat.md)" : "ingress at " + da + " (" + member + "'s DSN), in its DSN pass"));
        if (placed == null) {
            out.put("path", List.of(da + ": from " + outside + " to " + member + "; ingress policy, commit; dropped (a fail-closed step "
                    + "has no live instance)"));
            return out;
        }
        out.put("path", walk(placed, where, "tunnel", member, member, "the gateway: from " + outside + ", translated to " + member
                + "; " + da + ": ingress policy, commit; steered", da + ": " + member + " receives"));
        List<ServicePlacement.Placed> reverse = new ArrayList<>(placed);
        java.util.Collections.reverse(reverse);
        out.put("reply", walk(reverse, where, "tunnel", member, member, da + ": " + member + " replies (the connection's state); steered "
                + "before NAT", da + ": on to NAT as " + member + "'s packet: to its gateway, translated back, out to " + outside));
        return out;
    }

    /** Each step's explanation: a function's candidates ({@link #function}), a built-in step's place as {@code runs} says. */
    private static List<Map<String, Object>> steps(ServicePaths sp, ServicePaths.Path path, List<ServicePlacement.Placed> placed,
                                                   Map<String, Attachment> where, DeviceId da, DeviceId db, ServicePlacement.Distance distance,
                                                   java.util.function.Function<String, String> runs) {
        List<Map<String, Object>> steps = new ArrayList<>();
        boolean function = false;
        for (String step : path.steps()) {
            ServicePaths.Hop hop = path.hops().stream().filter(h -> h.name().equals(step)).findFirst().orElse(null);
            if (hop == null && function && step.startsWith("firewall") && path.late() != null) {
                // a firewall step after a function: its tiers decide late (docs/chaining.md, "A step per firewall tier")
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("step", step);
                s.put("kind", "built-in");
                List<String> before = new ArrayList<>();
                path.beforeLate().forEach(h -> before.add(h.name()));
                s.put("runs", runs.apply(step) + "; decided late: what these tiers deny at " + da + " passes " + (before.size() == 1
                        ? "the '" + before.get(0) + "' step's instance" : "an instance of each of the steps " + before)
                        + " (steered doomed, never committed) and drops as it comes back from the last"
                        + (da.equals(db) ? "" : "; " + db + " decides " + "its ingress after the functions, as always"));
                s.put("denyRules", Map.of("egress", path.late().egress().size(), "ingress", path.late().ingress().size()));
                steps.add(s);
                continue;
            }
            function |= hop != null;
            if (hop != null) {
                Map<String, Object> f = function(sp, hop, placed, where, da, db, distance);
                String pinned = pinned(sp, path, placed, hop, da, db);
                if (pinned != null) {
                    f.put("pinned", pinned);
                }
                steps.add(f);
                continue;
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("step", step);
            s.put("kind", "built-in");
            s.put("runs", runs.apply(step));
            steps.add(s);
        }
        return steps;
    }

    /** A function step's explanation: its candidates placed for a connection from DSN {@code da} to {@code db}, and the choice. */
    private static Map<String, Object> function(ServicePaths sp, ServicePaths.Hop hop, List<ServicePlacement.Placed> placed,
                                                Map<String, Attachment> where, DeviceId da, DeviceId db, ServicePlacement.Distance distance) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", hop.name());
        s.put("kind", "function");
        s.put("mode", hop.routed() ? "routed" : "transparent");
        s.put("failure", hop.failOpen() ? "bypass" : "drop");
        ServicePlacement.Placed p = placed == null ? null : placed.stream().filter(x -> x.hop().equals(hop)).findFirst().orElse(null);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (String x : p == null ? List.<String>of() : p.candidates()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("instance", x);
            c.put("dsn", where.get(x).dsn().toString());
            c.put("port", where.get(x).port().toLong());
            c.put("steeringId", "0x" + Long.toHexString(sp.steeringId(p.index(x))));
            int detour = ServicePlacement.detour(da, where.get(x).dsn(), db, distance);
            if (detour >= 0) {
                c.put("fabricHops", detour); // links from the sender's DSN to the instance's and on to the receiver's
            }
            c.put("loadLevel", hop.load(x));
            if (hop.capacity(x) != 1) {
                c.put("capacity", hop.capacity(x));
            }
            if (p.candidates().size() > 1) {
                c.put("slots", java.util.Collections.frequency(p.slots(), x) + " of " + p.slots().size()); // its share of new connections
            }
            cs.add(c);
        }
        boolean weighed = p != null && p.weighed();
        s.put("candidates", cs);
        s.put("choice", p == null ? (placed == null ? "no live instance: the connection drops (fail-closed)" : "no live instance: bypassed")
                : cs.size() == 1 ? "the only candidate" : "one per connection, by a symmetric hash of its addresses and ports at its first packet"
                + (weighed ? " over slots shared by capacity and load (twice the capacity or a level less loaded, about twice the slots)" : ""));
        if (!hop.down().isEmpty()) {
            s.put("down", new ArrayList<>(hop.down()));
        }
        return s;
    }

    /**
     * Where a function step's choice of instance is pinned per connection (docs/chaining.md, "Pinned
     * to an instance"), each way - the conntrack zone and label an operator finds it in - or null
     * when the step has nothing to choose or is not placed.
     */
    private static String pinned(ServicePaths sp, ServicePaths.Path path, List<ServicePlacement.Placed> placed, ServicePaths.Hop hop,
                                 DeviceId da, DeviceId db) {
        int k = placed == null ? -1 : java.util.stream.IntStream.range(0, placed.size()).filter(i -> placed.get(i).hop().equals(hop))
                .findFirst().orElse(-1);
        if (k < 0 || hop.instances().size() < 2) {
            return null;
        }
        if (!sp.pinsInstances(path, placed)) {
            return "no: hashed at every packet";
        }
        int n = placed.size();
        java.util.function.IntUnaryOperator zone = i -> sp.stepZone(path, placed.get(i));
        if (n == 1 && da.equals(db)) {
            return "in the connection's entry at " + da + " (the tenant's zone, label chain.out), both ways: the first to choose holds";
        }
        boolean external = !path.external().isEmpty(); // both ends at the member's DSN
        String fwd = k == 0 ? "at the " + (external ? "member's" : "sender's") + " DSN " + da + " (the tenant's zone, label chain.out)"
                : "where " + placed.get(k - 1).hop().name() + "'s instance passes it back (zone " + zone.applyAsInt(k - 1) + ", label chain.out)";
        String rev = k == n - 1 ? "at the " + (external ? "member's" : "receiver's") + " DSN " + db + " (the tenant's zone, label chain.back"
                + (da.equals(db) ? ")" : "), following the sender's choice")
                : "where " + placed.get(k + 1).hop().name() + "'s instance passes the reply back (zone " + zone.applyAsInt(k + 1) + ", label chain.back)";
        return "forward " + fwd + "; replies " + rev;
    }

    private static List<String> walk(List<ServicePlacement.Placed> hops, Map<String, Attachment> where, String tunnel, String a, String b,
                                     String first, String last) {
        List<String> out = new ArrayList<>();
        out.add(first);
        DeviceId at = where.get(a).dsn();
        for (ServicePlacement.Placed p : hops) {
            List<String> names = new ArrayList<>();
            DeviceId next = null;
            for (String x : p.candidates()) {
                names.add(x + " (" + where.get(x).dsn() + " port " + where.get(x).port().toLong() + ")");
                next = where.get(x).dsn();
            }
            boolean oneDsn = p.candidates().stream().allMatch(x -> where.get(x).dsn().equals(where.get(p.candidates().get(0)).dsn()));
            if (!oneDsn || !next.equals(at)) {
                out.add(tunnel + " from " + at + (oneDsn ? " to " + next : " to the chosen instance's DSN"));
            }
            out.add(p.hop().name() + ": " + String.join(" or ", names));
            at = oneDsn ? next : null;
        }
        DeviceId db = where.get(b).dsn();
        if (at == null || !at.equals(db)) {
            out.add(tunnel + " to " + db);
        }
        out.add(last);
        return out;
    }

    /** Renders an explanation as text, one line per step and per leg. */
    @SuppressWarnings("unchecked")
    public static String render(Map<String, Object> e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.get("from")).append(" -> ").append(e.get("to")).append(' ').append(e.get("service")).append('\n');
        if (e.get("chain") == null) {
            sb.append("no chain takes this connection\n");
        } else {
            sb.append("chain ").append(e.get("chain")).append(Boolean.TRUE.equals(e.get("encrypted"))
                    ? " (encrypted: every tunnel of the class is a DSN's encrypted one)" : "").append('\n');
            int i = 1;
            for (Map<String, Object> s : (List<Map<String, Object>>) e.get("steps")) {
                sb.append("  ").append(i++).append(". ").append(s.get("step")).append(" (").append(s.get("kind"));
                if ("function".equals(s.get("kind"))) {
                    sb.append(", ").append(s.get("mode")).append(", ").append(s.get("failure")).append("): ").append(s.get("choice"));
                    for (Map<String, Object> c : (List<Map<String, Object>>) s.get("candidates")) {
                        sb.append("\n       ").append(c.get("instance")).append(" at ").append(c.get("dsn")).append(" port ").append(c.get("port"))
                                .append(", steering id ").append(c.get("steeringId"));
                        if (c.containsKey("fabricHops")) {
                            sb.append(", ").append(c.get("fabricHops")).append(" fabric hops");
                        }
                        if (c.containsKey("capacity")) {
                            sb.append(", capacity ").append(c.get("capacity"));
                        }
                        sb.append(", load level ").append(c.get("loadLevel"));
                        if (c.containsKey("slots")) {
                            sb.append(", ").append(c.get("slots")).append(" slots");
                        }
                    }
                    if (s.containsKey("pinned")) {
                        sb.append("\n       pinned: ").append(s.get("pinned"));
                    }
                    if (s.containsKey("down")) {
                        sb.append("\n       down: ").append(s.get("down"));
                    }
                } else {
                    sb.append("): ").append(s.get("runs"));
                }
                sb.append('\n');
            }
        }
        sb.append("path:\n");
        ((List<String>) e.get("path")).forEach(l -> sb.append("  ").append(l).append('\n'));
        if (e.containsKey("reply")) {
            sb.append("reply:\n");
            ((List<String>) e.get("reply")).forEach(l -> sb.append("  ").append(l).append('\n'));
        }
        return sb.toString();
    }

    /** Parses {@code tcp/5432}, {@code udp/53}, {@code icmp}, {@code tcp}, or null/empty (any IP): {protocol, port}. */
    public static int[] parseService(String s) {
        if (s == null || s.isEmpty() || s.equals("ip")) {
            return new int[] {0, 0};
        }
        String[] parts = s.split("/", -1);
        int proto = parts[0].equals("tcp") ? 6 : parts[0].equals("udp") ? 17 : parts[0].equals("icmp") ? 1 : -1;
        if (proto < 0 || parts.length > 2 || (parts.length == 2 && proto == 1)) {
            throw new IllegalArgumentException("service '" + s + "' is not tcp/PORT, udp/PORT, tcp, udp or icmp");
        }
        int port = 0;
        if (parts.length == 2) {
            try {
                port = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("service '" + s + "': the port is not 1-65535");
            }
        }
        return new int[] {proto, port};
    }

    private static String service(int protocol, int port) {
        String p = protocol == 6 ? "tcp" : protocol == 17 ? "udp" : protocol == 1 ? "icmp" : "ip";
        return port == 0 ? p : p + "/" + port;
    }
}
