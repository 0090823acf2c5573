package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.dsp.app.api.FlowRecord;

/**
 * The filters of {@code GET /tenants/{id}/flowlogs} (docs/api.md): {@code rule}, {@code verdict}
 * (allow, deny, reject, pass), {@code direction}, {@code dsn}, {@code src}, {@code dst} (addresses),
 * {@code port} (either end's), {@code protocol} (tcp, udp, icmp or a number), {@code since}
 * (seconds back from now) and {@code limit} (1 to {@value #MAX_LIMIT}, default {@value
 * #DEFAULT_LIMIT}); a bad value is refused naming the parameter.
 */
final class FlowLogQuery {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    private static final Set<String> PARAMS = Set.of("rule", "verdict", "direction", "dsn", "src", "dst", "port", "protocol",
            "since", "limit");
    private static final Map<String, Integer> PROTOCOLS = Map.of("icmp", 1, "tcp", 6, "udp", 17, "icmpv6", 58);

    final Predicate<FlowRecord> filter;
    final int limit;

    private FlowLogQuery(Predicate<FlowRecord> filter, int limit) {
        this.filter = filter;
        this.limit = limit;
    }

    /**
     * Reads the parameters at time {@code now} (ms).
     *
     * @throws IllegalArgumentException naming an unknown parameter or a bad value
     */
    static FlowLogQuery of(Map<String, String> params, long now) {
        for (String k : params.keySet()) {
            if (!PARAMS.contains(k)) {
                throw new IllegalArgumentException("unknown parameter '" + k + "' (known: " + new java.util.TreeSet<>(PARAMS) + ")");
            }
        }
        Predicate<FlowRecord> f = r -> true;
        String rule = params.get("rule");
        if (rule != null) {
            f = f.and(r -> r.rule().equals(rule));
        }
        String verdict = params.get("verdict");
        if (verdict != null) {
            if (!Set.of("allow", "deny", "reject", "pass").contains(verdict)) {
                throw new IllegalArgumentException("verdict '" + verdict + "': must be allow, deny, reject or pass");
            }
            f = f.and(r -> r.verdict().equals(verdict));
        }
        String direction = params.get("direction");
        if (direction != null) {
            if (!Set.of("egress", "ingress").contains(direction)) {
                throw new IllegalArgumentException("direction '" + direction + "': must be egress or ingress");
            }
            f = f.and(r -> r.direction().equals(direction));
        }
        String dsn = params.get("dsn");
        if (dsn != null) {
            f = f.and(r -> r.dsn().equals(dsn));
        }
        String src = address("src", params.get("src"));
        if (src != null) {
            f = f.and(r -> r.src().equals(src));
        }
        String dst = address("dst", params.get("dst"));
        if (dst != null) {
            f = f.and(r -> r.dst().equals(dst));
        }
        if (params.get("port") != null) {
            int port = (int) number("port", params.get("port"), 0, 65535);
            f = f.and(r -> r.srcPort() == port || r.dstPort() == port);
        }
        String protocol = params.get("protocol");
        if (protocol != null) {
            Integer p = PROTOCOLS.get(protocol.toLowerCase(Locale.ROOT));
            int proto = p != null ? p : (int) number("protocol", protocol, 0, 255);
            f = f.and(r -> r.protocol() == proto);
        }
        if (params.get("since") != null) {
            long from = now - number("since", params.get("since"), 1, 30L * 86400) * 1000;
            f = f.and(r -> r.end() >= from);
        }
        int limit = params.get("limit") == null ? DEFAULT_LIMIT : (int) number("limit", params.get("limit"), 1, MAX_LIMIT);
        return new FlowLogQuery(f, limit);
    }

    /** A record as JSON. */
    static ObjectNode json(FlowRecord r) {
        return Json.object().put("tenant", r.tenant()).put("rule", r.rule()).put("verdict", r.verdict())
                .put("direction", r.direction()).put("dsn", r.dsn()).put("protocol", protocolName(r.protocol()))
                .put("src", r.src()).put("srcPort", r.srcPort()).put("dst", r.dst()).put("dstPort", r.dstPort())
                .put("packets", r.packets()).put("bytes", r.bytes())
                .put("replyPackets", r.replyPackets()).put("replyBytes", r.replyBytes()).put("start", r.start()).put("end", r.end())
                .put("closed", r.closed());
    }

    /** A protocol's name where DSP documents use one, else its number. */
    static String protocolName(int p) {
        for (Map.Entry<String, Integer> e : PROTOCOLS.entrySet()) {
            if (e.getValue() == p) {
                return e.getKey();
            }
        }
        return Integer.toString(p);
    }

    static long number(String name, String v, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + v + "': not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(name + " " + n + ": must be " + min + " to " + max);
        }
        return n;
    }

    /** An IP address literal in the form records use, or null. */
    private static String address(String name, String v) {
        if (v == null) {
            return null;
        }
        try {
            return org.onlab.packet.IpAddress.valueOf(v).toInetAddress().getHostAddress(); // as the collector writes them
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " '" + v + "': not an IP address");
        }
    }
}
