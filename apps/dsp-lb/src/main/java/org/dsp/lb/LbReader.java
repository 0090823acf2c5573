package org.dsp.lb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.JsonFields;
import org.dsp.codec.Problems;
import org.dsp.lb.model.Backends;
import org.dsp.lb.model.CheckType;
import org.dsp.lb.model.HealthCheck;
import org.dsp.lb.model.LbPort;
import org.dsp.lb.model.LoadBalancer;
import org.dsp.lb.model.NoBackendAction;
import org.dsp.lb.model.SelectionMode;
import org.dsp.model.Protocol;
import org.onlab.packet.IpAddress;

/**
 * Reads one load balancer of the {@code loadBalancers} section, reporting every problem with its
 * JSON path; returns null when there was any (the document is then refused whole).
 */
final class LbReader {
    /** The longest source-IP affinity timeout: 65535 s (18 h 12 min), the most an OpenFlow idle timeout holds. */
    static final int MAX_AFFINITY_SECONDS = 65_535;
    /** The longest probe interval (one hour). */
    static final int MAX_INTERVAL_SECONDS = 3600;
    /** The most successes or failures a check counts. */
    static final int MAX_THRESHOLD = 10;
    /** The longest HTTP path probed. */
    static final int MAX_PATH = 1024;

    private final JsonFields f;
    private final Problems p;

    LbReader(JsonFields f) {
        this.f = f;
        this.p = f.problems();
    }

    LoadBalancer read(JsonNode o, String lp) {
        int before = p.list().size();
        p.onlyFields(o, lp, Set.of("name", "vips", "ports", "backends", "selection", "whenNoBackend", "healthCheck"));
        LoadBalancer.Builder b = LoadBalancer.builder();
        b.name(p.name(o, "name", lp, true));
        vips(o, lp).forEach(b::vip);
        List<LbPort> ports = ports(o, lp);
        ports.forEach(b::port);
        b.backends(backends(p.object(o, "backends", lp, true), lp + ".backends"));
        JsonNode sel = p.object(o, "selection", lp, false);
        if (sel != null) {
            selection(sel, lp + ".selection", b);
        }
        NoBackendAction none = f.enumField(o, "whenNoBackend", lp, NoBackendAction.values(), false);
        if (none != null) {
            b.whenNoBackend(none);
        }
        JsonNode hc = p.object(o, "healthCheck", lp, false);
        if (hc != null) {
            b.healthCheck(healthCheck(hc, lp + ".healthCheck"));
            JsonNode vs = o.get("vips");
            boolean v4 = false;
            for (int i = 0; vs != null && vs.isArray() && i < vs.size(); i++) {
                v4 |= vs.get(i).isTextual() && vs.get(i).asText().indexOf(':') < 0;
            }
            if (vs != null && vs.isArray() && vs.size() > 0 && !v4) {
                // probes are sent from the IPv4 VIP: a check nobody could run is refused, not reported as passing
                p.add(lp + ".healthCheck", ErrorCode.NOT_REALIZABLE, "health checks are sent from the load balancer's IPv4 VIP;"
                        + " give it one, or leave the check out");
            }
        }
        if (p.list().size() != before) {
            return null;
        }
        LoadBalancer lb = b.build();
        f.unique("load balancer", lb.name(), lp);
        return f.locate(lb, lp);
    }

    private List<IpAddress> vips(JsonNode o, String lp) {
        List<IpAddress> out = new ArrayList<>();
        JsonNode arr = requiredArray(o, "vips", lp, "'vips' is required: one IPv4 address, one IPv6 address, or both");
        if (arr == null) {
            return out;
        }
        if (arr.isEmpty() || arr.size() > 2) {
            p.add(lp + ".vips", arr.isEmpty() ? ErrorCode.EMPTY : ErrorCode.TOO_MANY,
                    "'vips' holds one IPv4 address, one IPv6 address, or one of each, not " + arr.size());
            return out;
        }
        for (int i = 0; i < arr.size(); i++) {
            String vp = lp + ".vips[" + i + "]";
            IpAddress a = arr.get(i).isTextual() ? JsonFields.parseIp(arr.get(i).asText()) : null;
            if (a == null) {
                p.add(vp, ErrorCode.BAD_ADDRESS, arr.get(i) + " is not an IPv4 or IPv6 address");
            } else if (!JsonFields.isUnicastHost(a)) {
                p.add(vp, ErrorCode.BAD_ADDRESS, "VIP " + a + " is not a unicast address a client can reach");
            } else if (out.stream().anyMatch(x -> x.version() == a.version())) {
                p.add(vp, ErrorCode.CONFLICTING_FIELDS, "a second " + (a.isIp4() ? "IPv4" : "IPv6") + " VIP; give one per IP version");
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private List<LbPort> ports(JsonNode o, String lp) {
        List<LbPort> out = new ArrayList<>();
        JsonNode arr = requiredArray(o, "ports", lp, "'ports' is required");
        if (arr != null && arr.isEmpty()) {
            p.add(lp + ".ports", ErrorCode.EMPTY, "a load balancer needs at least one port");
        }
        Set<String> seen = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; arr != null && i < arr.size(); i++) {
            String pp = lp + ".ports[" + i + "]";
            JsonNode n = p.object(arr.get(i), pp);
            if (n == null) {
                continue;
            }
            p.onlyFields(n, pp, Set.of("name", "port", "protocol", "targetPort"));
            String name = p.name(n, "name", pp, false);
            Integer port = f.portNumber(n.get("port"), pp + ".port");
            Protocol proto = f.enumField(n, "protocol", pp, Protocol.values(), false);
            if (proto == null && !JsonFields.has(n, "protocol")) {
                proto = Protocol.TCP;
            } else if (proto != null && proto != Protocol.TCP && proto != Protocol.UDP) {
                p.add(pp + ".protocol", ErrorCode.BAD_VALUE, "a load balancer carries tcp or udp, not " + proto.wireName());
                proto = null;
            }
            JsonNode t = n.get("targetPort");
            Integer target = null;
            String targetName = null;
            if (t == null || t.isNull()) {
                target = port;
            } else if (t.isTextual()) {
                targetName = t.asText();
                if (!JsonFields.PORT_NAME.matcher(targetName).matches()) {
                    p.add(pp + ".targetPort", ErrorCode.BAD_NAME, "'" + targetName + "' is not a port name (IANA_SVC_NAME: "
                            + "1-15 lower-case letters, digits and '-', at least one letter)");
                    targetName = null;
                }
            } else {
                target = f.portNumber(t, pp + ".targetPort");
            }
            if (port == null || proto == null || (target == null && targetName == null)) {
                continue;
            }
            if (!seen.add(proto.wireName() + "/" + port)) {
                p.add(pp + ".port", ErrorCode.CONFLICTING_FIELDS, proto.wireName() + "/" + port + " is listed twice");
                continue;
            }
            if (name != null && !names.add(name)) {
                p.add(pp + ".name", ErrorCode.DUPLICATE_NAME, "port name '" + name + "' is listed twice");
                continue;
            }
            out.add(targetName != null ? LbPort.named(name, proto, port, targetName) : LbPort.of(name, proto, port, target));
        }
        return out;
    }

    private Backends backends(JsonNode n, String bp) {
        if (n == null) {
            return null;
        }
        p.onlyFields(n, bp, Set.of("group", "endpoints", "selector", "weights"));
        int given = (JsonFields.has(n, "group") ? 1 : 0) + (JsonFields.has(n, "endpoints") ? 1 : 0)
                + (JsonFields.has(n, "selector") ? 1 : 0);
        if (given != 1) {
            p.add(bp, given == 0 ? ErrorCode.REQUIRED : ErrorCode.CONFLICTING_FIELDS,
                    "backends are given by exactly one of 'group', 'endpoints' or 'selector'" + (given == 0 ? "" : ", not " + given));
            return null;
        }
        Map<String, Integer> weights = weights(p.object(n, "weights", bp, false), bp + ".weights");
        if (JsonFields.has(n, "group")) {
            String g = f.localRef(p.string(n, "group", bp, true), bp + ".group");
            return g == null ? null : Backends.group(g, weights);
        }
        if (JsonFields.has(n, "endpoints")) {
            List<String> names = f.names(n.get("endpoints"), bp + ".endpoints");
            if (names.isEmpty()) {
                p.add(bp + ".endpoints", ErrorCode.EMPTY, "list at least one endpoint, or use a group or selector");
                return null;
            }
            List<String> local = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String e = f.localRef(names.get(i), bp + ".endpoints[" + i + "]");
                if (e != null && local.contains(e)) {
                    p.add(bp + ".endpoints[" + i + "]", ErrorCode.DUPLICATE_NAME, "endpoint '" + e + "' is listed twice");
                } else if (e != null) {
                    local.add(e);
                }
            }
            return Backends.endpoints(local, weights);
        }
        JsonNode s = p.object(n, "selector", bp, true);
        return s == null ? null : Backends.selector(f.selector(s, bp + ".selector"), weights);
    }

    /** The array at {@code field}, or null after reporting it REQUIRED (absent) or WRONG_TYPE. */
    private JsonNode requiredArray(JsonNode o, String field, String lp, String whenAbsent) {
        if (!JsonFields.has(o, field)) {
            p.add(lp + "." + field, ErrorCode.REQUIRED, whenAbsent);
            return null;
        }
        return p.array(o.get(field), lp + "." + field);
    }

    private Map<String, Integer> weights(JsonNode n, String wp) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (n == null) {
            return out;
        }
        n.fields().forEachRemaining(e -> {
            Integer w = p.bounded(e.getValue(), wp + "." + e.getKey(), 1, Backends.MAX_WEIGHT);
            if (w != null) {
                out.put(e.getKey(), w);
            }
        });
        return out;
    }

    private void selection(JsonNode n, String sp, LoadBalancer.Builder b) {
        p.onlyFields(n, sp, Set.of("mode", "timeoutSeconds"));
        SelectionMode mode = f.enumField(n, "mode", sp, SelectionMode.values(), true);
        if (mode != null) {
            b.selection(mode);
        }
        if (JsonFields.has(n, "timeoutSeconds")) {
            if (mode == SelectionMode.FIVE_TUPLE) {
                p.add(sp + ".timeoutSeconds", ErrorCode.CONFLICTING_FIELDS, "an affinity timeout needs mode sourceIp");
            }
            Integer t = p.bounded(n.get("timeoutSeconds"), sp + ".timeoutSeconds", 1, MAX_AFFINITY_SECONDS);
            if (t != null) {
                b.affinitySeconds(t);
            }
        }
    }

    private HealthCheck healthCheck(JsonNode n, String hp) {
        int before = p.list().size();
        p.onlyFields(n, hp, Set.of("type", "port", "path", "expectStatus", "intervalSeconds", "timeoutSeconds", "rise", "fall"));
        CheckType type = f.enumField(n, "type", hp, CheckType.values(), true);
        if (type == null) {
            return null;
        }
        HealthCheck.Builder b = HealthCheck.builder(type);
        JsonNode port = n.get("port");
        if (port != null && port.isTextual()) {
            if (JsonFields.PORT_NAME.matcher(port.asText()).matches()) {
                b.portName(port.asText());
            } else {
                p.add(hp + ".port", ErrorCode.BAD_NAME, "'" + port.asText() + "' is not a port name");
            }
        } else if (port != null && !port.isNull()) {
            Integer v = f.portNumber(port, hp + ".port");
            if (v != null) {
                b.port(v);
            }
        }
        if (type == CheckType.HTTP) {
            String path = p.string(n, "path", hp, true);
            if (path != null && (!path.startsWith("/") || path.length() > MAX_PATH || !path.chars().allMatch(c -> c > 32 && c < 127))) {
                p.add(hp + ".path", ErrorCode.BAD_VALUE, "an HTTP path starts with '/' and is at most " + MAX_PATH
                        + " printable ASCII characters without spaces");
            } else if (path != null) {
                b.path(path);
            }
            Integer status = optional(n, "expectStatus", hp, 100, 599);
            if (status != null) {
                b.expectStatus(status);
            }
        } else {
            for (String http : List.of("path", "expectStatus")) {
                if (JsonFields.has(n, http)) {
                    p.add(hp + "." + http, ErrorCode.CONFLICTING_FIELDS, "'" + http + "' applies to type http only");
                }
            }
        }
        Integer interval = optional(n, "intervalSeconds", hp, 1, MAX_INTERVAL_SECONDS);
        Integer timeout = optional(n, "timeoutSeconds", hp, 1, MAX_INTERVAL_SECONDS);
        int i = interval != null ? interval : 5;
        int t = timeout != null ? timeout : Math.min(2, i);
        if (t > i) {
            p.add(hp + ".timeoutSeconds", ErrorCode.BAD_VALUE, "a probe's timeout (" + t + " s) may not exceed the interval (" + i + " s)");
            return null;
        }
        b.intervalSeconds(i).timeoutSeconds(t);
        Integer rise = optional(n, "rise", hp, 1, MAX_THRESHOLD);
        Integer fall = optional(n, "fall", hp, 1, MAX_THRESHOLD);
        if (rise != null) {
            b.rise(rise);
        }
        if (fall != null) {
            b.fall(fall);
        }
        return p.list().size() == before ? b.build() : null;
    }

    private Integer optional(JsonNode parent, String field, String path, int min, int max) {
        return JsonFields.has(parent, field) ? p.bounded(parent.get(field), path + "." + field, min, max) : null;
    }
}
