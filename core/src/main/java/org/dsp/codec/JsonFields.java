package org.dsp.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.dsp.model.CidrBlock;
import org.dsp.model.LabelSelector;
import org.dsp.model.SelectorOperator;
import org.dsp.model.SelectorRequirement;
import org.dsp.model.WireNamed;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;

/**
 * The field readers of one document's reading, for the core and for every service's section:
 * each reads one kind of value at a JSON path and reports a malformed one to {@link #problems}
 * (returning null) instead of throwing. Also remembers where each read object came from
 * ({@link #locate}), so cross-reference checks report at the right path, and which names are
 * taken per kind ({@link #unique}).
 */
public final class JsonFields {
    private static final Set<String> SELECTOR_FIELDS = Set.of("matchLabels", "matchExpressions");
    private static final Set<String> EXPRESSION_FIELDS = Set.of("key", "operator", "values");
    private static final Set<String> CIDR_FIELDS = Set.of("cidr", "except");
    /** Kubernetes IANA_SVC_NAME: 1-15 lower-case alphanumerics or '-', at least one letter. */
    public static final Pattern PORT_NAME = Pattern.compile("(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?");

    private final Problems p;
    private final IdentityHashMap<Object, String> paths = new IdentityHashMap<>();
    private final Map<String, String> seen = new java.util.HashMap<>();
    private String tenantId = "?";

    JsonFields(Problems problems) {
        this.p = problems;
    }

    /** Returns the problems of this reading. */
    public Problems problems() {
        return p;
    }

    void tenantId(String id) {
        this.tenantId = id;
    }

    /** Records that {@code value} was read at {@code path}; returns the value. */
    public <T> T locate(T value, String path) {
        paths.put(value, path);
        return value;
    }

    /** Returns where {@code value} was read, or "$" when unknown (built in code). */
    public String pathOf(Object value) {
        String s = paths.get(value);
        return s == null ? "$" : s;
    }

    /** Reports a second object of {@code kind} named {@code name} (DUPLICATE_NAME at its {@code .name}). */
    public void unique(String kind, String name, String path) {
        if (name == null) {
            return;
        }
        String first = seen.putIfAbsent(kind + "\u0000" + name, path);
        if (first != null) {
            p.add(path + ".name", ErrorCode.DUPLICATE_NAME, kind + " name '" + name + "' is already used at " + first);
        }
    }

    /** Resolves a reference that may be qualified as tenant/name; reports references into other tenants. */
    public String localRef(String ref, String path) {
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

    /** Reads an enum field by its wire name; reports an unknown value with the accepted ones. */
    public <E extends Enum<E> & WireNamed> E enumField(JsonNode parent, String field, String path, E[] values, boolean required) {
        String s = p.string(parent, field, path, required);
        if (s == null) {
            return null;
        }
        Class<E> type = values[0].getDeclaringClass();
        E e = org.dsp.model.Kinds.parse(type, s);
        if (e == null) {
            p.add(path + "." + field, ErrorCode.BAD_VALUE, "'" + s + "' is not a valid " + field + "; expected one of "
                    + org.dsp.model.Kinds.names(type));
        }
        return e;
    }

    /** Reads an array of names (strings). */
    public List<String> names(JsonNode node, String path) {
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

    /** Reads a string-to-string object (labels). */
    public Map<String, String> labels(JsonNode labels, String path) {
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

    /** Reads a label selector {matchLabels, matchExpressions} (Kubernetes semantics). */
    public LabelSelector selector(JsonNode n, String path) {
        p.onlyFields(n, path, SELECTOR_FIELDS);
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
            p.onlyFields(e, ep, EXPRESSION_FIELDS);
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

    /** Reads a CIDR block: a CIDR string, or an object {cidr, except}. */
    public CidrBlock cidrBlock(JsonNode n, String path) {
        String cidrText;
        JsonNode except = null;
        if (n.isTextual()) {
            cidrText = n.asText();
        } else if (n.isObject()) {
            p.onlyFields(n, path, CIDR_FIELDS);
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

    /** Reads a port number 1-65535. */
    public Integer portNumber(JsonNode n, String path) {
        if (n == null || n.isNull()) {
            p.add(path, ErrorCode.REQUIRED, "a port number is required");
            return null;
        }
        if (!n.isIntegralNumber()) {
            p.add(path, ErrorCode.WRONG_TYPE, "a port must be an integer");
            return null;
        }
        long v = n.canConvertToLong() ? n.asLong() : -1; // never wrapped: 2^64+80 is out of range, not 80
        if (v < 1 || v > 65535) {
            p.add(path, ErrorCode.BAD_PORT, "port " + n.asText() + " is outside 1-65535");
            return null;
        }
        return (int) v;
    }

    /**
     * Returns whether {@code a} can be a host's own address (a workload's, a VIP): not multicast,
     * unspecified, loopback or the IPv4 broadcast address.
     */
    public static boolean isUnicastHost(IpAddress a) {
        return !(a.isMulticast() || a.isZero() || a.toInetAddress().isLoopbackAddress() || a.equals(BROADCAST));
    }

    private static final IpAddress BROADCAST = IpAddress.valueOf("255.255.255.255");

    /** Returns whether a field is present with a non-null value (explicit null counts as absent). */
    public static boolean has(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && !v.isNull();
    }

    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}");
    private static final Pattern IP4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** Parses a MAC address (six hex pairs separated by ':'), or null. */
    public static MacAddress parseMac(String s) {
        if (!MAC.matcher(s).matches()) {
            return null;
        }
        return MacAddress.valueOf(s);
    }

    /** Parses an IPv4 or IPv6 address (no prefix), or null. */
    public static IpAddress parseIp(String s) {
        if (s.contains("/") || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0 && !IP4.matcher(s).matches()) {
            return null;
        }
        try {
            return IpAddress.valueOf(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Parses a CIDR (an address alone is a host prefix) with no host bits set, or null. */
    public static IpPrefix parsePrefix(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            IpAddress a = parseIp(s);
            return a == null ? null : IpPrefix.valueOf(a, a.isIp4() ? 32 : 128);
        }
        IpAddress a = parseIp(s.substring(0, slash));
        String len = s.substring(slash + 1);
        if (a == null || len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
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
