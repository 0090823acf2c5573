package org.dsp.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.model.Attachment;
import org.dsp.model.CidrBlock;
import org.dsp.model.ConnectionPolicy;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.EndpointKind;
import org.dsp.model.Group;
import org.dsp.model.LabelSelector;
import org.dsp.model.NamedPort;
import org.dsp.model.Peer;
import org.dsp.model.PortSpec;
import org.dsp.model.Posture;
import org.dsp.model.Protocol;
import org.dsp.model.Rule;
import org.dsp.model.RuleAction;
import org.dsp.model.Segment;
import org.dsp.model.SelectorOperator;
import org.dsp.model.SelectorRequirement;
import org.dsp.model.Service;
import org.dsp.model.TenantDocument;
import org.dsp.model.Tier;
import org.dsp.model.WireNamed;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Reads the JSON form of a tenant document into model values, field by field, reporting every
 * malformed field with its path. Cross references are checked afterwards by {@link DocumentValidator}.
 */
final class DocumentReader {
    private static final java.util.regex.Pattern DEVICE = java.util.regex.Pattern.compile("[a-z][a-z0-9+.-]*:[A-Za-z0-9._:/-]+");
    /** Kubernetes IANA_SVC_NAME: 1-15 lower-case alphanumerics or '-', at least one letter. */
    private static final java.util.regex.Pattern PORT_NAME = java.util.regex.Pattern.compile("(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?");
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("(\\d+)-(\\d+)");

    private final Problems p;
    private final java.util.IdentityHashMap<Object, String> paths = new java.util.IdentityHashMap<>();
    private final Map<String, String> seen = new java.util.HashMap<>();
    private String tenantId = "?";
    private final Set<String> invalidEndpoints = new java.util.HashSet<>();
    private final Set<String> invalidGroups = new java.util.HashSet<>();

    /** Returns names of endpoints that were declared but failed to read (their errors are already reported). */
    Set<String> invalidEndpoints() {
        return invalidEndpoints;
    }

    /** Returns names of groups that were declared but failed to read. */
    Set<String> invalidGroups() {
        return invalidGroups;
    }

    private static String declaredName(JsonNode n) {
        JsonNode name = n == null ? null : n.get("name");
        return name != null && name.isTextual() ? name.asText() : null;
    }

    DocumentReader(Problems problems) {
        this.p = problems;
    }

    /** Returns the JSON path each read endpoint, group, segment and rule came from. */
    java.util.IdentityHashMap<Object, String> paths() {
        return paths;
    }

    private void unique(String kind, String name, String path) {
        if (name == null) {
            return;
        }
        String first = seen.putIfAbsent(kind + "\u0000" + name, path);
        if (first != null) {
            p.add(path + ".name", ErrorCode.DUPLICATE_NAME, kind + " name '" + name + "' is already used at " + first);
        }
    }

    /** Resolves a reference that may be qualified as tenant/name; reports references into other tenants. */
    private String localRef(String ref, String path) {
        if (ref == null) {
            return null;
        }
        int slash = ref.indexOf('/');
        if (slash < 0) {
            return ref;
        }
        String t = ref.substring(0, slash);
        if (!t.equals(tenantId)) {
            p.add(path, ErrorCode.FOREIGN_TENANT, "'" + ref + "' refers to tenant '" + t + "'; a document may only refer to its own tenant '" + tenantId + "'");
            return null;
        }
        return ref.substring(slash + 1);
    }

    /** Reads a document; returns null when the top level is unusable. */
    TenantDocument read(JsonNode root) {
        if (root == null || !root.isObject()) {
            p.add("$", ErrorCode.WRONG_TYPE, "a tenant document must be a JSON object");
            return null;
        }
        p.onlyFields(root, "$", Set.of("tenant", "version", "endpoints", "groups", "segments", "firewall"));
        TenantDocument.Builder b = TenantDocument.builder();
        JsonNode tenant = p.object(root.get("tenant"), "$.tenant");
        if (tenant == null) {
            if (root.get("tenant") == null) {
                p.add("$.tenant", ErrorCode.REQUIRED, "'tenant' is required");
            }
            b.tenantId("?");
        } else {
            p.onlyFields(tenant, "$.tenant", Set.of("id", "displayName", "defaultPosture"));
            String id = p.name(tenant, "id", "$.tenant", true);
            b.tenantId(id == null ? "?" : id);
            tenantId = id == null ? "?" : id;
            b.displayName(p.string(tenant, "displayName", "$.tenant", false));
            Posture posture = enumField(tenant, "defaultPosture", "$.tenant", Posture.values(), false);
            b.posture(posture == null ? Posture.DEFAULT_ALLOW : posture);
        }
        JsonNode version = root.get("version");
        if (version != null && !version.isNull()) {
            if (!version.canConvertToLong() || !version.isIntegralNumber() || version.asLong() < 0) {
                p.add("$.version", ErrorCode.BAD_VALUE, "'version' must be a non-negative integer");
            } else {
                b.version(version.asLong());
            }
        }
        JsonNode eps = p.array(root.get("endpoints"), "$.endpoints");
        for (int i = 0; eps != null && i < eps.size(); i++) {
            Endpoint e = endpoint(eps.get(i), "$.endpoints[" + i + "]");
            if (e == null && declaredName(eps.get(i)) != null) {
                invalidEndpoints.add(declaredName(eps.get(i)));
            }
            if (e != null) {
                unique("endpoint", e.name(), paths.get(e));
                b.endpoint(e);
            }
        }
        JsonNode groups = p.array(root.get("groups"), "$.groups");
        for (int i = 0; groups != null && i < groups.size(); i++) {
            Group g = group(groups.get(i), "$.groups[" + i + "]");
            if (g == null && declaredName(groups.get(i)) != null) {
                invalidGroups.add(declaredName(groups.get(i)));
            }
            if (g != null) {
                unique("group", g.name(), paths.get(g));
                b.group(g);
            }
        }
        JsonNode segs = p.array(root.get("segments"), "$.segments");
        for (int i = 0; segs != null && i < segs.size(); i++) {
            Segment s = segment(segs.get(i), "$.segments[" + i + "]");
            if (s != null) {
                unique("segment", s.name(), paths.get(s));
                b.segment(s);
            }
        }
        JsonNode fw = p.object(root.get("firewall"), "$.firewall");
        if (fw != null) {
            Set<String> tierNames = new java.util.TreeSet<>();
            for (Tier t : Tier.values()) {
                tierNames.add(t.wireName());
            }
            p.onlyFields(fw, "$.firewall", tierNames);
            for (Tier t : Tier.values()) {
                String path = "$.firewall." + t.wireName();
                JsonNode rules = p.array(fw.get(t.wireName()), path);
                for (int i = 0; rules != null && i < rules.size(); i++) {
                    Rule r = rule(rules.get(i), path + "[" + i + "]");
                    if (r != null) {
                        unique("rule", r.name(), paths.get(r));
                        b.rule(t, r);
                    }
                }
            }
        }
        return b.build();
    }

    private <E extends Enum<E> & WireNamed> E enumField(JsonNode parent, String field, String path, E[] values,
                                                       boolean required) {
        String s = p.string(parent, field, path, required);
        if (s == null) {
            return null;
        }
        for (E e : values) {
            if (e.wireName().equals(s)) {
                return e;
            }
        }
        StringBuilder names = new StringBuilder();
        for (E e : values) {
            names.append(names.length() == 0 ? "" : ", ").append(e.wireName());
        }
        p.add(path + "." + field, ErrorCode.BAD_VALUE, "'" + s + "' is not a valid " + field + "; expected one of " + names);
        return null;
    }

    private Endpoint endpoint(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(n, path, Set.of("name", "kind", "mac", "addresses", "labels", "attachment", "namedPorts"));
        Endpoint.Builder b = Endpoint.builder();
        b.name(p.name(n, "name", path, true));
        EndpointKind kind = enumField(n, "kind", path, EndpointKind.values(), true);
        b.kind(kind);
        String mac = p.string(n, "mac", path, true);
        if (mac != null) {
            MacAddress m = parseMac(mac);
            if (m == null) {
                p.add(path + ".mac", ErrorCode.BAD_MAC, "'" + mac + "' is not a MAC address (six hex pairs separated by ':')");
            } else if (m.isMulticast()) {
                p.add(path + ".mac", ErrorCode.BAD_MAC, "'" + mac + "' is a multicast MAC address; a workload needs a unicast one");
            } else {
                b.mac(m);
            }
        }
        JsonNode addrs = p.array(n.get("addresses"), path + ".addresses");
        if (addrs != null && addrs.size() == 0) {
            p.add(path + ".addresses", has(n, "addresses") ? ErrorCode.EMPTY : ErrorCode.REQUIRED, "an endpoint needs at least one IPv4 or IPv6 address");
        }
        for (int i = 0; addrs != null && i < addrs.size(); i++) {
            String ap = path + ".addresses[" + i + "]";
            if (!addrs.get(i).isTextual()) {
                p.add(ap, ErrorCode.WRONG_TYPE, "an address must be a string");
                continue;
            }
            IpAddress a = parseIp(addrs.get(i).asText());
            if (a == null) {
                p.add(ap, ErrorCode.BAD_ADDRESS, "'" + addrs.get(i).asText() + "' is not an IPv4 or IPv6 address");
            } else if (a.isMulticast() || a.isZero()) {
                p.add(ap, ErrorCode.BAD_ADDRESS, "'" + a + "' cannot be a workload address");
            } else {
                b.address(a);
            }
        }
        JsonNode labels = p.object(n.get("labels"), path + ".labels");
        if (labels != null) {
            b.labels(labels(labels, path + ".labels"));
        }
        JsonNode att = p.object(n.get("attachment"), path + ".attachment");
        if (att == null && n.get("attachment") == null) {
            p.add(path + ".attachment", ErrorCode.REQUIRED, "'attachment' (dsn and port) is required");
        } else if (att != null) {
            p.onlyFields(att, path + ".attachment", Set.of("dsn", "port"));
            String dsn = p.string(att, "dsn", path + ".attachment", true);
            if (dsn != null && !DEVICE.matcher(dsn).matches()) {
                p.add(path + ".attachment.dsn", ErrorCode.BAD_ATTACHMENT, "'" + dsn + "' is not a device id such as of:0000000000000001");
                dsn = null;
            }
            JsonNode port = att.get("port");
            Long portNo = null;
            if (port == null) {
                p.add(path + ".attachment.port", ErrorCode.REQUIRED, "'port' is required");
            } else if (!port.isIntegralNumber() || port.asLong() < 1 || port.asLong() > 0xfffffeffL) {
                p.add(path + ".attachment.port", ErrorCode.BAD_ATTACHMENT, "'" + port + "' is not an OpenFlow port number (1-4294967039)");
            } else {
                portNo = port.asLong();
            }
            if (dsn != null && portNo != null) {
                b.attachment(Attachment.of(DeviceId.deviceId(dsn), PortNumber.portNumber(portNo)));
            }
        }
        JsonNode named = p.array(n.get("namedPorts"), path + ".namedPorts");
        Set<String> portNames = new java.util.HashSet<>();
        for (int i = 0; named != null && i < named.size(); i++) {
            String np = path + ".namedPorts[" + i + "]";
            JsonNode o = p.object(named.get(i), np);
            if (o == null) {
                continue;
            }
            p.onlyFields(o, np, Set.of("name", "protocol", "port"));
            String name = p.string(o, "name", np, true);
            if (name != null && !PORT_NAME.matcher(name).matches()) {
                p.add(np + ".name", ErrorCode.BAD_NAME, "'" + name + "' is not a port name: 1-15 lower-case letters, digits or '-', with at least one letter");
                name = null;
            }
            if (name != null && !portNames.add(name)) {
                p.add(np + ".name", ErrorCode.DUPLICATE_NAME, "port name '" + name + "' is declared twice on this endpoint");
                name = null;
            }
            Protocol proto = enumField(o, "protocol", np, Protocol.values(), false);
            if (proto == Protocol.ICMP || proto == Protocol.ANY) {
                p.add(np + ".protocol", ErrorCode.PORT_NOT_ALLOWED, "a named port needs tcp or udp, not " + proto.wireName());
                proto = null;
            }
            Integer port = portNumber(o.get("port"), np + ".port");
            if (name != null && port != null && (proto != null || !has(o, "protocol"))) {
                b.namedPort(NamedPort.of(name, proto == null ? Protocol.TCP : proto, port));
            }
        }
        if (p.list().size() > before) {
            return null;
        }
        Endpoint e = b.build();
        paths.put(e, path);
        return e;
    }

    private Map<String, String> labels(JsonNode labels, String path) {
        Map<String, String> m = new LinkedHashMap<>();
        labels.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                p.add(path + "." + e.getKey(), ErrorCode.WRONG_TYPE, "label '" + e.getKey() + "' must have a string value");
            } else {
                m.put(e.getKey(), e.getValue().asText());
            }
        });
        return m;
    }

    private Group group(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(n, path, Set.of("name", "selector", "endpoints", "cidrs", "groups"));
        Group.Builder b = Group.builder().name(p.name(n, "name", path, true));
        JsonNode sel = p.object(n.get("selector"), path + ".selector");
        if (sel != null) {
            b.selector(selector(sel, path + ".selector"));
        }
        List<String> eps = names(n.get("endpoints"), path + ".endpoints");
        for (int i = 0; i < eps.size(); i++) {
            String e = localRef(eps.get(i), path + ".endpoints[" + i + "]");
            if (e != null) {
                b.endpoint(e);
            }
        }
        JsonNode cidrs = p.array(n.get("cidrs"), path + ".cidrs");
        for (int i = 0; cidrs != null && i < cidrs.size(); i++) {
            CidrBlock c = cidrBlock(cidrs.get(i), path + ".cidrs[" + i + "]");
            if (c != null) {
                b.cidr(c);
            }
        }
        List<String> nested = names(n.get("groups"), path + ".groups");
        for (int i = 0; i < nested.size(); i++) {
            String g = localRef(nested.get(i), path + ".groups[" + i + "]");
            if (g != null) {
                b.group(g);
            }
        }
        if (!has(n, "selector") && !has(n, "endpoints") && !has(n, "cidrs") && !has(n, "groups")) {
            p.add(path, ErrorCode.REQUIRED, "a group needs a selector, endpoints, cidrs or groups");
        }
        if (p.list().size() > before) {
            return null;
        }
        Group g = b.build();
        paths.put(g, path);
        return g;
    }

    private LabelSelector selector(JsonNode n, String path) {
        p.onlyFields(n, path, Set.of("matchLabels", "matchExpressions"));
        Map<String, String> ml = Map.of();
        JsonNode m = p.object(n.get("matchLabels"), path + ".matchLabels");
        if (m != null) {
            ml = labels(m, path + ".matchLabels");
        }
        List<SelectorRequirement> reqs = new ArrayList<>();
        JsonNode exprs = p.array(n.get("matchExpressions"), path + ".matchExpressions");
        for (int i = 0; exprs != null && i < exprs.size(); i++) {
            String ep = path + ".matchExpressions[" + i + "]";
            JsonNode e = p.object(exprs.get(i), ep);
            if (e == null) {
                continue;
            }
            p.onlyFields(e, ep, Set.of("key", "operator", "values"));
            String key = p.string(e, "key", ep, true);
            SelectorOperator op = enumField(e, "operator", ep, SelectorOperator.values(), true);
            List<String> values = new ArrayList<>();
            JsonNode vals = p.array(e.get("values"), ep + ".values");
            for (int j = 0; vals != null && j < vals.size(); j++) {
                if (!vals.get(j).isTextual()) {
                    p.add(ep + ".values[" + j + "]", ErrorCode.WRONG_TYPE, "a selector value must be a string");
                } else {
                    values.add(vals.get(j).asText());
                }
            }
            if (op == SelectorOperator.IN || op == SelectorOperator.NOT_IN) {
                if (values.isEmpty()) {
                    p.add(ep + ".values", ErrorCode.BAD_SELECTOR, "operator " + op.wireName() + " needs at least one value");
                    continue;
                }
            } else if (op != null && !values.isEmpty()) {
                p.add(ep + ".values", ErrorCode.BAD_SELECTOR, "operator " + op.wireName() + " takes no values");
                continue;
            }
            if (key != null && op != null) {
                reqs.add(SelectorRequirement.of(key, op, values));
            }
        }
        return LabelSelector.of(ml, reqs);
    }

    private List<String> names(JsonNode node, String path) {
        List<String> out = new ArrayList<>();
        JsonNode arr = p.array(node, path);
        for (int i = 0; arr != null && i < arr.size(); i++) {
            if (!arr.get(i).isTextual()) {
                p.add(path + "[" + i + "]", ErrorCode.WRONG_TYPE, "must be a name (string)");
            } else {
                out.add(arr.get(i).asText());
            }
        }
        return out;
    }

    private CidrBlock cidrBlock(JsonNode n, String path) {
        String cidrText;
        JsonNode except = null;
        if (n.isTextual()) {
            cidrText = n.asText();
        } else if (n.isObject()) {
            p.onlyFields(n, path, Set.of("cidr", "except"));
            cidrText = p.string(n, "cidr", path, true);
            except = n.get("except");
            path = path + ".cidr";
        } else {
            p.add(path, ErrorCode.WRONG_TYPE, "must be a CIDR string or an object {cidr, except}");
            return null;
        }
        if (cidrText == null) {
            return null;
        }
        IpPrefix cidr = parsePrefix(cidrText);
        if (cidr == null) {
            p.add(path, ErrorCode.BAD_CIDR, "'" + cidrText + "' is not a CIDR such as 10.0.0.0/8 or fd00::/64");
            return null;
        }
        String base = path.endsWith(".cidr") ? path.substring(0, path.length() - 5) : path;
        List<IpPrefix> ex = new ArrayList<>();
        boolean ok = true;
        JsonNode arr = p.array(except, base + ".except");
        for (int i = 0; arr != null && i < arr.size(); i++) {
            String xp = base + ".except[" + i + "]";
            IpPrefix x = arr.get(i).isTextual() ? parsePrefix(arr.get(i).asText()) : null;
            if (x == null) {
                p.add(xp, ErrorCode.BAD_CIDR, "'" + arr.get(i).asText() + "' is not a CIDR");
                ok = false;
            } else if (!cidr.contains(x)) {
                p.add(xp, ErrorCode.EXCEPT_OUTSIDE_CIDR, "exception " + x + " is not inside " + cidr);
                ok = false;
            } else {
                ex.add(x);
            }
        }
        return ok ? CidrBlock.of(cidr, ex) : null;
    }

    private Segment segment(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(n, path, Set.of("name", "appliedTo", "posture", "directions"));
        String name = p.name(n, "name", path, true);
        String applied = localRef(p.string(n, "appliedTo", path, true), path + ".appliedTo");
        Posture posture = enumField(n, "posture", path, Posture.values(), false);
        Set<Direction> dirs = EnumSet.noneOf(Direction.class);
        JsonNode arr = p.array(n.get("directions"), path + ".directions");
        if (arr != null && arr.size() == 0) {
            if (has(n, "directions")) {
                p.add(path + ".directions", ErrorCode.EMPTY, "a segment needs at least one direction");
            }
            dirs.addAll(Segment.both());
        }
        for (int i = 0; arr != null && i < arr.size(); i++) {
            Direction d = arr.get(i).isTextual() ? Direction.parse(arr.get(i).asText()) : null;
            if (d == null) {
                p.add(path + ".directions[" + i + "]", ErrorCode.BAD_VALUE, "'" + arr.get(i).asText() + "' is not a direction; expected one of " + Direction.names());
            } else {
                dirs.add(d);
            }
        }
        if (p.list().size() > before || dirs.isEmpty()) {
            return null;
        }
        Segment seg = Segment.of(name, applied, posture == null ? Posture.DEFAULT_DENY : posture, dirs);
        paths.put(seg, path);
        return seg;
    }

    private Rule rule(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(n, path, Set.of("name", "direction", "appliedTo", "peers", "services", "protocol", "ports",
                "action", "stateful", "log", "onChange"));
        Rule.Builder b = Rule.builder();
        b.name(p.name(n, "name", path, true));
        b.direction(enumField(n, "direction", path, Direction.values(), true));
        b.appliedTo(localRef(p.string(n, "appliedTo", path, true), path + ".appliedTo"));
        b.action(enumField(n, "action", path, RuleAction.values(), true));
        b.stateful(p.bool(n, "stateful", path, true));
        b.log(p.bool(n, "log", path, false));
        ConnectionPolicy cp = enumField(n, "onChange", path, ConnectionPolicy.values(), false);
        b.onChange(cp == null ? ConnectionPolicy.RE_EVALUATE : cp);
        JsonNode peers = p.array(n.get("peers"), path + ".peers");
        for (int i = 0; peers != null && i < peers.size(); i++) {
            Peer peer = peer(peers.get(i), path + ".peers[" + i + "]");
            if (peer != null) {
                b.peer(peer);
            }
        }
        if (has(n, "services") && (has(n, "protocol") || has(n, "ports"))) {
            p.add(path + ".services", ErrorCode.CONFLICTING_FIELDS, "give either 'services' or 'protocol'/'ports', not both");
        } else if (has(n, "services")) {
            JsonNode svcs = p.array(n.get("services"), path + ".services");
            for (int i = 0; svcs != null && i < svcs.size(); i++) {
                String sp = path + ".services[" + i + "]";
                JsonNode s = p.object(svcs.get(i), sp);
                if (s == null) {
                    continue;
                }
                p.onlyFields(s, sp, Set.of("protocol", "ports"));
                Service svc = service(s, sp);
                if (svc != null) {
                    b.service(svc);
                }
            }
        } else if (has(n, "protocol") || has(n, "ports")) {
            Service svc = service(n, path);
            if (svc != null && !(svc.protocol() == Protocol.ANY && svc.ports().isEmpty())) {
                b.service(svc);
            }
        }
        if (p.list().size() > before) {
            return null;
        }
        Rule r = b.build();
        paths.put(r, path);
        return r;
    }

    private Service service(JsonNode n, String path) {
        Protocol proto = enumField(n, "protocol", path, Protocol.values(), has(n, "ports"));
        if (proto == null && (has(n, "protocol") || has(n, "ports"))) {
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
            Integer port = portNumber(n, path);
            return port == null ? null : PortSpec.port(port);
        }
        if (n.isObject()) {
            p.onlyFields(n, path, Set.of("port", "endPort"));
            JsonNode first = n.get("port");
            if (first != null && first.isTextual() && !has(n, "endPort")) {
                return portSpec(first, path + ".port");
            }
            Integer lo = portNumber(first, path + ".port");
            Integer hi = has(n, "endPort") ? portNumber(n.get("endPort"), path + ".endPort") : lo;
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
        if (!PORT_NAME.matcher(s).matches()) {
            p.add(path, ErrorCode.BAD_PORT, "'" + s + "' is neither a port, a range 'a-b' nor a port name (1-15 lower-case letters, digits or '-')");
            return null;
        }
        return PortSpec.named(s);
    }

    private Integer portNumber(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            p.add(path, ErrorCode.REQUIRED, "a port number is required");
            return null;
        }
        if (!n.isIntegralNumber()) {
            p.add(path, ErrorCode.WRONG_TYPE, "a port must be an integer");
            return null;
        }
        long v = n.asLong();
        if (v < 1 || v > 65535) {
            p.add(path, ErrorCode.BAD_PORT, "port " + n.asText() + " is outside 1-65535");
            return null;
        }
        return (int) v;
    }

    private Peer peer(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int kinds = (has(n, "group") ? 1 : 0) + (has(n, "endpoint") ? 1 : 0) + (has(n, "cidr") ? 1 : 0);
        if (kinds != 1) {
            p.add(path, kinds == 0 ? ErrorCode.REQUIRED : ErrorCode.CONFLICTING_FIELDS, "a peer has exactly one of 'group', 'endpoint' or 'cidr'");
            return null;
        }
        if (has(n, "cidr")) {
            p.onlyFields(n, path, Set.of("cidr", "except"));
            CidrBlock c = cidrBlock(n, path);
            return c == null ? null : Peer.cidr(c);
        }
        p.onlyFields(n, path, Set.of("group", "endpoint"));
        if (has(n, "group")) {
            String g = localRef(p.string(n, "group", path, true), path + ".group");
            return g == null ? null : Peer.group(g);
        }
        String e = localRef(p.string(n, "endpoint", path, true), path + ".endpoint");
        return e == null ? null : Peer.endpoint(e);
    }

    /** Returns whether a field is present with a non-null value (explicit null counts as absent). */
    private static boolean has(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && !v.isNull();
    }

    static MacAddress parseMac(String s) {
        if (!s.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            return null;
        }
        return MacAddress.valueOf(s);
    }

    static IpAddress parseIp(String s) {
        if (s.contains("/") || s.isEmpty()) {
            return null;
        }
        if (!s.contains(":") && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return IpAddress.valueOf(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static IpPrefix parsePrefix(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            IpAddress a = parseIp(s);
            return a == null ? null : IpPrefix.valueOf(a, a.isIp4() ? 32 : 128);
        }
        IpAddress a = parseIp(s.substring(0, slash));
        String len = s.substring(slash + 1);
        if (a == null || !len.matches("\\d{1,3}")) {
            return null;
        }
        int l = Integer.parseInt(len);
        if (l > (a.isIp4() ? 32 : 128)) {
            return null;
        }
        IpPrefix prefix = IpPrefix.valueOf(a, l);
        if (!prefix.address().equals(a)) {
            return null;
        }
        return prefix;
    }
}
