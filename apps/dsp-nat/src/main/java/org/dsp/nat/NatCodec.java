package org.dsp.nat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.JsonFields;
import org.dsp.codec.Problems;
import org.dsp.nat.model.FloatingIp;
import org.dsp.nat.model.NatRules;
import org.dsp.nat.model.PortForward;
import org.dsp.nat.model.SnatRule;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;

/**
 * The {@code nat} section: read (every problem at its JSON path), checked against the rest of the
 * document (the networks, groups and endpoints it names; external addresses used once and never a
 * member's), written back, and its schema. That no other tenant holds an external address is the
 * core's claim check ({@link NatApp#claims}).
 */
final class NatCodec implements SectionCodec<NatRules> {
    static final String KEY = "nat";
    private static final String SCHEMA = SectionCodec.resource(NatCodec.class, "nat.schema.json");
    private static final Set<String> SECTION_FIELDS = Set.of("snat", "floatingIps", "portForwards");
    private static final Set<String> SNAT_FIELDS = Set.of("name", "network", "group", "pool");
    private static final Set<String> POOL_FIELDS = Set.of("addresses", "ports");
    private static final Set<String> FIP_FIELDS = Set.of("name", "endpoint", "loadBalancer", "address");
    private static final Set<String> FORWARD_FIELDS = Set.of("name", "address", "protocol", "port", "endpoint", "targetPort");

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<NatRules> type() {
        return NatRules.class;
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    @Override
    public NatRules read(JsonNode value, String path, SectionReading reading) {
        JsonFields fields = reading.fields();
        Problems p = fields.problems();
        JsonNode o = p.object(value, path);
        if (o == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(o, path, SECTION_FIELDS);
        List<SnatRule> snat = new ArrayList<>();
        for (JsonNode r : list(p, o, "snat", path)) {
            String rp = path + ".snat[" + snat.size() + "]";
            snat.add(fields.locate(snat(fields, r, rp), rp));
        }
        List<FloatingIp> fips = new ArrayList<>();
        for (JsonNode r : list(p, o, "floatingIps", path)) {
            String rp = path + ".floatingIps[" + fips.size() + "]";
            fips.add(fields.locate(floating(fields, r, rp), rp));
        }
        List<PortForward> forwards = new ArrayList<>();
        for (JsonNode r : list(p, o, "portForwards", path)) {
            String rp = path + ".portForwards[" + forwards.size() + "]";
            forwards.add(fields.locate(forward(fields, r, rp), rp));
        }
        if (p.list().size() != before) {
            return null;
        }
        return new NatRules(snat, fips, forwards);
    }

    private static List<JsonNode> list(Problems p, JsonNode o, String field, String path) {
        List<JsonNode> out = new ArrayList<>();
        if (JsonFields.has(o, field)) {
            JsonNode arr = p.array(o.get(field), path + "." + field);
            if (arr != null) {
                arr.forEach(out::add);
            }
        }
        return out;
    }

    private static SnatRule snat(JsonFields fields, JsonNode r, String rp) {
        Problems p = fields.problems();
        if (p.object(r, rp) == null) {
            return null;
        }
        p.onlyFields(r, rp, SNAT_FIELDS);
        String name = p.name(r, "name", rp, true);
        fields.unique("snat rule", name, rp);
        String network = p.name(r, "network", rp, false);
        String group = p.name(r, "group", rp, false);
        if (!JsonFields.has(r, "network") && !JsonFields.has(r, "group")) {
            p.add(rp, ErrorCode.REQUIRED, "a pool rule names the 'network' or the 'group' whose members it translates");
        } else if (JsonFields.has(r, "network") && JsonFields.has(r, "group")) {
            p.add(rp + ".group", ErrorCode.CONFLICTING_FIELDS, "a pool rule names a 'network' or a 'group', not both");
        }
        JsonNode pool = p.object(r, "pool", rp, true);
        if (pool == null) {
            return null;
        }
        String pp = rp + ".pool";
        p.onlyFields(pool, pp, POOL_FIELDS);
        Ip4Address[] range = addressRange(p, p.string(pool, "addresses", pp, true), pp + ".addresses");
        int[] ports = JsonFields.has(pool, "ports") ? portRange(p, p.string(pool, "ports", pp, true), pp + ".ports")
                : new int[] {SnatRule.DEFAULT_PORT_FIRST, SnatRule.DEFAULT_PORT_LAST};
        if (name == null || range == null || ports == null || (network == null) == (group == null)) {
            return null;
        }
        return new SnatRule(name, network, group, range[0], range[1], ports[0], ports[1]);
    }

    private static FloatingIp floating(JsonFields fields, JsonNode r, String rp) {
        Problems p = fields.problems();
        if (p.object(r, rp) == null) {
            return null;
        }
        p.onlyFields(r, rp, FIP_FIELDS);
        String name = p.name(r, "name", rp, true);
        fields.unique("floating IP", name, rp);
        boolean hasEndpoint = JsonFields.has(r, "endpoint");
        boolean hasLb = JsonFields.has(r, "loadBalancer");
        if (hasEndpoint == hasLb) {
            p.add(hasLb ? rp + ".loadBalancer" : rp, hasLb ? ErrorCode.CONFLICTING_FIELDS : ErrorCode.REQUIRED,
                    "a floating IP names an 'endpoint' (1:1) or a 'loadBalancer' it publishes" + (hasLb ? ", not both" : ""));
        }
        String endpoint = hasEndpoint ? p.name(r, "endpoint", rp, true) : null;
        String lb = hasLb ? p.name(r, "loadBalancer", rp, true) : null;
        Ip4Address a = external(p, p.string(r, "address", rp, true), rp + ".address");
        return name == null || (endpoint == null) == (lb == null) || a == null ? null : new FloatingIp(name, endpoint, lb, a);
    }

    private static PortForward forward(JsonFields fields, JsonNode r, String rp) {
        Problems p = fields.problems();
        if (p.object(r, rp) == null) {
            return null;
        }
        p.onlyFields(r, rp, FORWARD_FIELDS);
        String name = p.name(r, "name", rp, true);
        fields.unique("port forward", name, rp);
        Ip4Address a = external(p, p.string(r, "address", rp, true), rp + ".address");
        String protocol = JsonFields.has(r, "protocol") ? p.string(r, "protocol", rp, true) : "tcp";
        if (protocol != null && !protocol.equals("tcp") && !protocol.equals("udp")) {
            p.add(rp + ".protocol", ErrorCode.BAD_VALUE, "'" + protocol + "' is not tcp or udp");
            protocol = null;
        }
        Integer port = port(p, r, "port", rp);
        String endpoint = p.name(r, "endpoint", rp, true);
        Integer target = JsonFields.has(r, "targetPort") ? port(p, r, "targetPort", rp) : port;
        if (name == null || a == null || protocol == null || port == null || endpoint == null || target == null) {
            return null;
        }
        return new PortForward(name, a, protocol, port, endpoint, target);
    }

    private static Integer port(Problems p, JsonNode r, String field, String rp) {
        if (!JsonFields.has(r, field)) {
            p.add(rp + "." + field, ErrorCode.REQUIRED, "'" + field + "' is required");
            return null;
        }
        JsonNode n = r.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 1 || n.asInt() > 65535) {
            p.add(rp + "." + field, ErrorCode.BAD_PORT, n + " is not a port 1-65535");
            return null;
        }
        return n.asInt();
    }

    /** An external IPv4 address: a unicast host address. */
    static Ip4Address external(Problems p, String text, String path) {
        if (text == null) {
            return null;
        }
        IpAddress a = JsonFields.parseIp(text);
        if (a == null || !a.isIp4()) {
            p.add(path, ErrorCode.BAD_ADDRESS, "'" + text + "' is not an IPv4 address (NAT is IPv4 only)");
            return null;
        }
        if (!JsonFields.isUnicastHost(a)) {
            p.add(path, ErrorCode.BAD_ADDRESS, a + " cannot be a host's address (multicast, unspecified, loopback or broadcast)");
            return null;
        }
        return a.getIp4Address();
    }

    /** {@code A} or {@code A-B}, B not below A, at most {@link SnatRule#MAX_ADDRESSES} addresses. */
    private static Ip4Address[] addressRange(Problems p, String text, String path) {
        if (text == null) {
            return null;
        }
        int dash = text.indexOf('-');
        Ip4Address first = external(p, dash < 0 ? text : text.substring(0, dash), path);
        Ip4Address last = dash < 0 ? first : external(p, text.substring(dash + 1), path);
        if (first == null || last == null) {
            return null;
        }
        long size = (last.toInt() & 0xffffffffL) - (first.toInt() & 0xffffffffL) + 1;
        if (size < 1) {
            p.add(path, ErrorCode.BAD_VALUE, "the range " + text + " ends before it starts");
            return null;
        }
        if (size > SnatRule.MAX_ADDRESSES) {
            p.add(path, ErrorCode.TOO_MANY, "the range " + text + " has " + size + " addresses; a pool has at most "
                    + SnatRule.MAX_ADDRESSES);
            return null;
        }
        return new Ip4Address[] {first, last};
    }

    /** {@code P-Q} or {@code P}, ports 1-65535, Q not below P. */
    private static int[] portRange(Problems p, String text, String path) {
        if (text == null) {
            return null;
        }
        String[] parts = text.split("-", -1);
        try {
            int a = Integer.parseInt(parts[0].trim());
            int b = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : a;
            if (parts.length > 2 || a < 1 || b > 65535) {
                p.add(path, ErrorCode.BAD_PORT, "'" + text + "' is not a port range within 1-65535");
                return null;
            }
            if (b < a) {
                p.add(path, ErrorCode.REVERSED_PORT_RANGE, "the range " + text + " ends before it starts");
                return null;
            }
            return new int[] {a, b};
        } catch (NumberFormatException e) {
            p.add(path, ErrorCode.BAD_PORT, "'" + text + "' is not a port range (FIRST-LAST)");
            return null;
        }
    }

    @Override
    public void validate(NatRules value, String path, DocumentCheck check) {
        NatChecks.check(value, check);
    }

    @Override
    public JsonNode write(NatRules value) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (!value.snat().isEmpty()) {
            value.snat().forEach(r -> {
                ObjectNode ro = o.withArray("snat").addObject().put("name", r.name());
                if (r.network() != null) {
                    ro.put("network", r.network());
                } else {
                    ro.put("group", r.group());
                }
                ro.putObject("pool").put("addresses", r.first().equals(r.last()) ? r.first().toString() : r.first() + "-" + r.last())
                        .put("ports", r.portFirst() + "-" + r.portLast());
            });
        }
        value.floatingIps().forEach(f -> {
            ObjectNode fo = o.withArray("floatingIps").addObject().put("name", f.name());
            if (f.endpoint() != null) {
                fo.put("endpoint", f.endpoint());
            } else {
                fo.put("loadBalancer", f.loadBalancer());
            }
            fo.put("address", f.address().toString());
        });
        value.portForwards().forEach(f -> o.withArray("portForwards").addObject().put("name", f.name())
                .put("address", f.address().toString()).put("protocol", f.protocol()).put("port", f.port())
                .put("endpoint", f.endpoint()).put("targetPort", f.targetPort()));
        return o;
    }

    @Override
    public boolean isEmpty(NatRules value) {
        return value.isEmpty();
    }

    @Override
    public String describe(NatRules value) {
        return value.snat().size() + " pool rule(s), " + value.floatingIps().size() + " floating IP(s), "
                + value.portForwards().size() + " port forward(s)";
    }
}
