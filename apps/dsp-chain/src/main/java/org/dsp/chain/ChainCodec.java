package org.dsp.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dsp.chain.model.Chain;
import org.dsp.chain.model.Chains;
import org.dsp.chain.model.Ref;
import org.dsp.chain.model.Step;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.JsonFields;
import org.dsp.codec.Problems;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;

/**
 * The {@code chains} section: read (every problem at its JSON path), checked against the rest of
 * the document ({@link ChainChecks}), written back, and its schema.
 */
final class ChainCodec implements SectionCodec<Chains> {
    static final String KEY = "chains";
    /** The most ports of one chain's class. */
    static final int MAX_PORTS = 16;
    private static final String SCHEMA = SectionCodec.resource(ChainCodec.class, "chains.schema.json");
    private static final Set<String> CHAIN_FIELDS = Set.of("name", "from", "to", "protocol", "ports", "steps");
    private static final Set<String> REF_FIELDS = Set.of("group", "endpoint", "loadBalancer", "cidr");
    private static final Set<String> SERVICE_FIELDS = Set.of("service", "tiers");
    private static final Set<String> FUNCTION_FIELDS = Set.of("function", "mode", "instances", "failure", "capacity");

    private final java.util.function.Supplier<Set<String>> active;

    /** A codec that checks built-in steps against the services {@code active} names. */
    ChainCodec(java.util.function.Supplier<Set<String>> active) {
        this.active = active;
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<Chains> type() {
        return Chains.class;
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    @Override
    public Chains read(JsonNode value, String path, SectionReading reading) {
        JsonFields fields = reading.fields();
        Problems p = fields.problems();
        JsonNode arr = p.array(value, path);
        if (arr == null) {
            return null;
        }
        int before = p.list().size();
        List<Chain> out = new ArrayList<>();
        for (JsonNode c : arr) {
            String cp = path + "[" + out.size() + "]";
            out.add(fields.locate(chain(fields, c, cp), cp));
        }
        return p.list().size() != before ? null : new Chains(out);
    }

    private static Chain chain(JsonFields fields, JsonNode c, String cp) {
        Problems p = fields.problems();
        if (p.object(c, cp) == null) {
            return null;
        }
        p.onlyFields(c, cp, CHAIN_FIELDS);
        String name = p.name(c, "name", cp, true);
        fields.unique("chain", name, cp);
        List<Ref> from = refs(p, c, "from", cp);
        List<Ref> to = refs(p, c, "to", cp);
        String protocol = JsonFields.has(c, "protocol") ? p.string(c, "protocol", cp, true) : null;
        if (protocol != null && !List.of("tcp", "udp", "icmp").contains(protocol)) {
            p.add(cp + ".protocol", ErrorCode.BAD_VALUE, "'" + protocol + "' is not tcp, udp or icmp (leave it out for any IP traffic)");
            return null;
        }
        List<Integer> ports = new ArrayList<>();
        if (JsonFields.has(c, "ports")) {
            if (!"tcp".equals(protocol) && !"udp".equals(protocol)) {
                p.add(cp + ".ports", ErrorCode.CONFLICTING_FIELDS, "ports need the protocol tcp or udp");
            }
            JsonNode pa = p.array(c.get("ports"), cp + ".ports");
            if (pa != null) {
                if (pa.size() > MAX_PORTS) {
                    p.add(cp + ".ports", ErrorCode.TOO_MANY, pa.size() + " ports; a chain's class has at most " + MAX_PORTS);
                }
                for (int i = 0; i < pa.size(); i++) {
                    Integer port = fields.portNumber(pa.get(i), cp + ".ports[" + i + "]");
                    if (port != null && !ports.contains(port)) {
                        ports.add(port);
                    }
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        JsonNode sa = p.array(c.get("steps"), cp + ".steps");
        if (!JsonFields.has(c, "steps")) {
            p.add(cp + ".steps", ErrorCode.REQUIRED, "a chain lists its steps");
        } else if (sa != null && sa.size() == 0) {
            p.add(cp + ".steps", ErrorCode.EMPTY, "a chain has at least one step");
        } else if (sa != null) {
            for (int i = 0; i < sa.size(); i++) {
                steps.add(step(fields, sa.get(i), cp + ".steps[" + i + "]"));
            }
        }
        if (name == null || from == null || to == null || steps.contains(null)) {
            return null;
        }
        return new Chain(name, from, to, protocol, ports, steps);
    }

    private static List<Ref> refs(Problems p, JsonNode c, String field, String cp) {
        String fp = cp + "." + field;
        if (!JsonFields.has(c, field)) {
            p.add(fp, ErrorCode.REQUIRED, "a chain's class names '" + field + "': groups or endpoints of the tenant"
                    + (field.equals("to") ? ", or a load balancer, or external CIDRs" : ""));
            return null;
        }
        JsonNode arr = p.array(c.get(field), fp);
        if (arr == null) {
            return null;
        }
        if (arr.size() == 0) {
            p.add(fp, ErrorCode.EMPTY, "'" + field + "' names at least one group or endpoint");
            return null;
        }
        List<Ref> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String rp = fp + "[" + i + "]";
            JsonNode r = p.object(arr.get(i), rp);
            if (r == null) {
                return null;
            }
            p.onlyFields(r, rp, REF_FIELDS);
            int kinds = (JsonFields.has(r, "group") ? 1 : 0) + (JsonFields.has(r, "endpoint") ? 1 : 0) + (JsonFields.has(r, "loadBalancer") ? 1 : 0)
                    + (JsonFields.has(r, "cidr") ? 1 : 0);
            if (kinds != 1) {
                p.add(rp, kinds == 0 ? ErrorCode.REQUIRED : ErrorCode.CONFLICTING_FIELDS,
                        "names a 'group', an 'endpoint' or (in 'to') a 'loadBalancer' or an external 'cidr', one of them");
                return null;
            }
            if (JsonFields.has(r, "loadBalancer") && field.equals("from")) {
                p.add(rp + ".loadBalancer", ErrorCode.CONFLICTING_FIELDS, "a load balancer takes connections: name it in 'to'");
                return null;
            }
            if (JsonFields.has(r, "cidr")) {
                String text = p.string(r, "cidr", rp, true);
                org.onlab.packet.IpPrefix cidr = text == null ? null : JsonFields.parsePrefix(text);
                if (text != null && (cidr == null || !cidr.isIp4())) {
                    p.add(rp + ".cidr", cidr == null ? ErrorCode.BAD_CIDR : ErrorCode.BAD_ADDRESS, cidr == null
                            ? "'" + text + "' is not a CIDR such as 203.0.113.0/24"
                            : "'" + text + "' is IPv6: the external network is reached through NAT, which translates IPv4");
                    return null;
                }
                if (cidr == null) {
                    return null;
                }
                out.add(Ref.external(cidr));
                continue;
            }
            String g = p.name(r, "group", rp, false);
            String e = p.name(r, "endpoint", rp, false);
            String lb = p.name(r, "loadBalancer", rp, false);
            if (g == null && e == null && lb == null) {
                return null;
            }
            out.add(g != null ? Ref.group(g) : e != null ? Ref.endpoint(e) : Ref.loadBalancer(lb));
        }
        return out;
    }

    private static Step step(JsonFields fields, JsonNode s, String sp) {
        Problems p = fields.problems();
        if (p.object(s, sp) == null) {
            return null;
        }
        boolean service = JsonFields.has(s, "service");
        if (service == JsonFields.has(s, "function")) {
            p.add(sp, service ? ErrorCode.CONFLICTING_FIELDS : ErrorCode.REQUIRED,
                    "a step is a built-in 'service' or a service 'function', one of them");
            return null;
        }
        if (service) {
            p.onlyFields(s, sp, SERVICE_FIELDS);
            String name = p.string(s, "service", sp, true);
            if (!JsonFields.has(s, "tiers")) {
                return name == null ? null : Step.service(name);
            }
            List<String> tiers = tiers(fields, s.get("tiers"), sp + ".tiers", name);
            return name == null || tiers == null ? null : Step.firewall(tiers);
        }
        p.onlyFields(s, sp, FUNCTION_FIELDS);
        String name = p.name(s, "function", sp, true);
        String mode = JsonFields.has(s, "mode") ? p.string(s, "mode", sp, true) : "transparent";
        if (mode != null && !mode.equals("transparent") && !mode.equals("routed")) {
            p.add(sp + ".mode", ErrorCode.BAD_VALUE, "'" + mode + "' is not transparent (L2: the instance sends back the frames "
                    + "it gets) or routed (L3: it gets packets to its MAC and routes them to its gateway)");
            mode = null;
        }
        String failure = JsonFields.has(s, "failure") ? p.string(s, "failure", sp, true) : "drop";
        if (failure != null && !failure.equals("drop") && !failure.equals("bypass")) {
            p.add(sp + ".failure", ErrorCode.BAD_VALUE, "'" + failure + "' is not drop (fail-closed) or bypass (fail-open)");
            failure = null;
        }
        List<String> instances = JsonFields.has(s, "instances") ? fields.names(s.get("instances"), sp + ".instances") : null;
        if (instances == null && !JsonFields.has(s, "instances")) {
            p.add(sp + ".instances", ErrorCode.REQUIRED, "a service function names its instances: endpoints of the tenant");
        } else if (instances != null && instances.isEmpty()) {
            p.add(sp + ".instances", ErrorCode.EMPTY, "a service function has at least one instance");
            instances = null;
        } else if (instances != null && instances.size() > Step.MAX_INSTANCES) {
            p.add(sp + ".instances", ErrorCode.TOO_MANY, instances.size() + " instances; a step has at most " + Step.MAX_INSTANCES);
            instances = null;
        }
        java.util.Map<String, Integer> capacity = JsonFields.has(s, "capacity") ? capacity(p, s.get("capacity"), sp + ".capacity", instances)
                : java.util.Map.of();
        if (name == null || mode == null || failure == null || instances == null || capacity == null) {
            return null;
        }
        return Step.function(name, mode.equals("routed"), failure.equals("bypass"), instances, capacity);
    }

    /**
     * A firewall step's {@code tiers}: names of the firewall's tiers ({@link Step#TIERS}), each once, in
     * the order the firewall decides them; null when refused (or the step is no firewall's).
     */
    private static List<String> tiers(JsonFields fields, JsonNode t, String path, String service) {
        Problems p = fields.problems();
        List<String> tiers = fields.names(t, path);
        if (tiers == null) {
            return null;
        }
        if (service != null && !service.equals("firewall")) {
            p.add(path, ErrorCode.CONFLICTING_FIELDS, "only a firewall step names tiers; '" + service + "' has none");
            return null;
        }
        if (tiers.isEmpty()) {
            p.add(path, ErrorCode.EMPTY, "a firewall step names at least one tier (or leave 'tiers' out: every tier)");
            return null;
        }
        int last = -1;
        for (int i = 0; i < tiers.size(); i++) {
            int at = Step.TIERS.indexOf(tiers.get(i));
            if (at < 0) {
                p.add(path + "[" + i + "]", ErrorCode.BAD_VALUE, "'" + tiers.get(i) + "' is no tier of the firewall; its tiers: " + Step.TIERS);
                return null;
            }
            if (at <= last) {
                p.add(path + "[" + i + "]", at == last ? ErrorCode.CONFLICTING_FIELDS : ErrorCode.BAD_VALUE, at == last
                        ? "tier '" + tiers.get(i) + "' is named twice" : "the firewall decides its tiers in the order " + Step.TIERS
                        + ": name them in that order");
                return null;
            }
            last = at;
        }
        return tiers;
    }

    /**
     * A function step's {@code capacity}: an object naming instances of the step ({@code instances},
     * null when they were refused) with their relative capacity, a whole number 1 to
     * {@link Step#MAX_CAPACITY}; null when anything in it is refused.
     */
    private static java.util.Map<String, Integer> capacity(Problems p, JsonNode c, String path,
                                                           List<String> instances) {
        if (!c.isObject()) {
            p.add(path, ErrorCode.WRONG_TYPE, "an object: each named instance's relative capacity (1 to " + Step.MAX_CAPACITY + ")");
            return null;
        }
        java.util.Map<String, Integer> out = new java.util.TreeMap<>();
        boolean ok = true;
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext();) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            String at = path + "." + e.getKey();
            if (instances != null && !instances.contains(e.getKey())) {
                p.add(at, ErrorCode.BAD_VALUE, "'" + e.getKey() + "' is not an instance of this step");
                ok = false;
            } else if (!e.getValue().canConvertToInt() || !e.getValue().isIntegralNumber() || e.getValue().asInt() < 1
                    || e.getValue().asInt() > Step.MAX_CAPACITY) {
                p.add(at, ErrorCode.BAD_VALUE, e.getValue() + " is not a whole number from 1 to " + Step.MAX_CAPACITY
                        + " (the instance's capacity relative to the step's others; default 1)");
                ok = false;
            } else {
                out.put(e.getKey(), e.getValue().asInt());
            }
        }
        return ok ? out : null;
    }

    @Override
    public void validate(Chains value, String path, DocumentCheck check) {
        ChainChecks.check(value, path, check, active.get());
    }

    @Override
    public JsonNode write(Chains value) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Chain c : value.list()) {
            ObjectNode o = a.addObject().put("name", c.name());
            writeRefs(o.putArray("from"), c.from());
            writeRefs(o.putArray("to"), c.to());
            if (c.protocol() != null) {
                o.put("protocol", c.protocol());
            }
            if (!c.ports().isEmpty()) {
                c.ports().forEach(o.putArray("ports")::add);
            }
            ArrayNode steps = o.putArray("steps");
            for (Step s : c.steps()) {
                if (s.service() != null) {
                    ObjectNode so = steps.addObject().put("service", s.service());
                    if (!s.tiers().isEmpty()) {
                        s.tiers().forEach(so.putArray("tiers")::add);
                    }
                    continue;
                }
                ObjectNode so = steps.addObject().put("function", s.function()).put("mode", s.routed() ? "routed" : "transparent")
                        .put("failure", s.bypass() ? "bypass" : "drop");
                s.instances().forEach(so.putArray("instances")::add);
                if (!s.capacity().isEmpty()) {
                    ObjectNode cap = so.putObject("capacity");
                    s.capacity().forEach(cap::put);
                }
            }
        }
        return a;
    }

    private static void writeRefs(ArrayNode a, List<Ref> refs) {
        for (Ref r : refs) {
            if (r.cidr() != null) {
                a.addObject().put("cidr", r.cidr().toString());
            } else {
                a.addObject().put(r.group() != null ? "group" : r.endpoint() != null ? "endpoint" : "loadBalancer",
                        r.group() != null ? r.group() : r.endpoint() != null ? r.endpoint() : r.loadBalancer());
            }
        }
    }

    @Override
    public boolean isEmpty(Chains value) {
        return value.list().isEmpty();
    }

    @Override
    public String describe(Chains value) {
        return value.list().size() + " chain(s)";
    }
}
