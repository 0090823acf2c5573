package org.dsp.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.JsonFields;
import org.dsp.codec.Problems;
import org.dsp.firewall.model.ConnectionPolicy;
import org.dsp.firewall.model.Peer;
import org.dsp.firewall.model.PortSpec;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Service;
import org.dsp.model.CidrBlock;
import org.dsp.model.Direction;
import org.dsp.model.Protocol;
import org.dsp.model.RuleAction;

/** Reads firewall rules from their JSON form, field by field, reporting every malformed field with its path. */
final class RuleReader {
    private static final Set<String> RULE_FIELDS = Set.of("name", "direction", "appliedTo", "peers", "services", "protocol", "ports", "action", "stateful", "log", "onChange");
    private static final Set<String> SERVICE_FIELDS = Set.of("protocol", "ports");
    private static final Set<String> PORT_RANGE_FIELDS = Set.of("port", "endPort");
    private static final Set<String> CIDR_FIELDS = Set.of("cidr", "except");
    private static final Set<String> PEER_FIELDS = Set.of("group", "endpoint");
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("(\\d+)-(\\d+)");

    private final JsonFields f;
    private final Problems p;

    RuleReader(JsonFields fields) {
        this.f = fields;
        this.p = fields.problems();
    }

    Rule rule(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(n, path, RULE_FIELDS);
        Rule.Builder b = Rule.builder();
        b.name(p.name(n, "name", path, true));
        b.direction(f.enumField(n, "direction", path, Direction.values(), true));
        b.appliedTo(f.localRef(p.string(n, "appliedTo", path, true), path + ".appliedTo"));
        b.action(f.enumField(n, "action", path, RuleAction.values(), true));
        b.stateful(p.bool(n, "stateful", path, true));
        b.log(p.bool(n, "log", path, false));
        ConnectionPolicy cp = f.enumField(n, "onChange", path, ConnectionPolicy.values(), false);
        b.onChange(cp == null ? ConnectionPolicy.RE_EVALUATE : cp);
        JsonNode peers = p.array(n.get("peers"), path + ".peers");
        for (int i = 0; peers != null && i < peers.size(); i++) {
            Peer peer = peer(peers.get(i), path + ".peers[" + i + "]");
            if (peer != null) {
                b.peer(peer);
            }
        }
        if (JsonFields.has(n, "services") && (JsonFields.has(n, "protocol") || JsonFields.has(n, "ports"))) {
            p.add(path + ".services", ErrorCode.CONFLICTING_FIELDS, "give either 'services' or 'protocol'/'ports', not both");
        } else if (JsonFields.has(n, "services")) {
            JsonNode svcs = p.array(n.get("services"), path + ".services");
            for (int i = 0; svcs != null && i < svcs.size(); i++) {
                String sp = path + ".services[" + i + "]";
                JsonNode s = p.object(svcs.get(i), sp);
                if (s == null) {
                    continue;
                }
                p.onlyFields(s, sp, SERVICE_FIELDS);
                Service svc = service(s, sp);
                if (svc != null) {
                    b.service(svc);
                }
            }
        } else if (JsonFields.has(n, "protocol") || JsonFields.has(n, "ports")) {
            Service svc = service(n, path);
            if (svc != null && !(svc.protocol() == Protocol.ANY && svc.ports().isEmpty())) {
                b.service(svc);
            }
        }
        if (p.list().size() > before) {
            return null;
        }
        Rule r = b.build();
        return f.locate(r, path);
    }

    private Service service(JsonNode n, String path) {
        Protocol proto = f.enumField(n, "protocol", path, Protocol.values(), JsonFields.has(n, "ports"));
        if (proto == null && (JsonFields.has(n, "protocol") || JsonFields.has(n, "ports"))) {
            return null; // already reported: a bad protocol, or ports without one
        }
        if (proto == null) {
            proto = Protocol.ANY;
        }
        List<PortSpec> ports = new ArrayList<>();
        JsonNode arr = p.array(n.get("ports"), path + ".ports");
        if (arr != null && arr.size() > 0 && (proto == Protocol.ICMP || proto == Protocol.ANY)) {
            p.add(path + ".ports", ErrorCode.PORT_NOT_ALLOWED, "protocol " + proto.wireName() + " has no ports; use tcp or udp");
            return null;
        }
        boolean ok = true;
        for (int i = 0; arr != null && i < arr.size(); i++) {
            PortSpec ps = portSpec(arr.get(i), path + ".ports[" + i + "]");
            if (ps == null) {
                ok = false;
            } else {
                ports.add(ps);
            }
        }
        return ok ? Service.of(proto, ports) : null;
    }

    private PortSpec portSpec(JsonNode n, String path) {
        if (n.isIntegralNumber()) {
            Integer port = f.portNumber(n, path);
            return port == null ? null : PortSpec.port(port);
        }
        if (n.isObject()) {
            p.onlyFields(n, path, PORT_RANGE_FIELDS);
            JsonNode first = n.get("port");
            if (first != null && first.isTextual() && !JsonFields.has(n, "endPort")) {
                return portSpec(first, path + ".port");
            }
            Integer lo = f.portNumber(first, path + ".port");
            Integer hi = JsonFields.has(n, "endPort") ? f.portNumber(n.get("endPort"), path + ".endPort") : lo;
            if (lo == null || hi == null) {
                return null;
            }
            if (hi < lo) {
                p.add(path, ErrorCode.REVERSED_PORT_RANGE, "port range " + lo + "-" + hi + " ends before it starts");
                return null;
            }
            return PortSpec.range(lo, hi);
        }
        if (!n.isTextual()) {
            p.add(path, ErrorCode.WRONG_TYPE, "a port must be a number, a range 'a-b' or a port name");
            return null;
        }
        String s = n.asText();
        java.util.regex.Matcher m = RANGE.matcher(s);
        if (m.matches()) {
            long lo = Long.parseLong(m.group(1).length() > 6 ? "999999" : m.group(1));
            long hi = Long.parseLong(m.group(2).length() > 6 ? "999999" : m.group(2));
            if (lo < 1 || lo > 65535 || hi < 1 || hi > 65535) {
                p.add(path, ErrorCode.BAD_PORT, "port range '" + s + "' is outside 1-65535");
                return null;
            }
            if (hi < lo) {
                p.add(path, ErrorCode.REVERSED_PORT_RANGE, "port range '" + s + "' ends before it starts");
                return null;
            }
            return PortSpec.range((int) lo, (int) hi);
        }
        if (s.matches("\\d+")) {
            long v = s.length() > 6 ? 999999 : Long.parseLong(s);
            if (v < 1 || v > 65535) {
                p.add(path, ErrorCode.BAD_PORT, "port " + s + " is outside 1-65535");
                return null;
            }
            return PortSpec.port((int) v);
        }
        if (!JsonFields.PORT_NAME.matcher(s).matches()) {
            p.add(path, ErrorCode.BAD_PORT, "'" + s + "' is neither a port, a range 'a-b' nor a port name (1-15 lower-case letters, digits or '-')");
            return null;
        }
        return PortSpec.named(s);
    }

    private Peer peer(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int kinds = (JsonFields.has(n, "group") ? 1 : 0) + (JsonFields.has(n, "endpoint") ? 1 : 0) + (JsonFields.has(n, "cidr") ? 1 : 0);
        if (kinds != 1) {
            p.add(path, kinds == 0 ? ErrorCode.REQUIRED : ErrorCode.CONFLICTING_FIELDS, "a peer has exactly one of 'group', 'endpoint' or 'cidr'");
            return null;
        }
        if (JsonFields.has(n, "cidr")) {
            p.onlyFields(n, path, CIDR_FIELDS);
            CidrBlock c = f.cidrBlock(n, path);
            return c == null ? null : Peer.cidr(c);
        }
        p.onlyFields(n, path, PEER_FIELDS);
        if (JsonFields.has(n, "group")) {
            String g = f.localRef(p.string(n, "group", path, true), path + ".group");
            return g == null ? null : Peer.group(g);
        }
        String e = f.localRef(p.string(n, "endpoint", path, true), path + ".endpoint");
        return e == null ? null : Peer.endpoint(e);
    }

}
