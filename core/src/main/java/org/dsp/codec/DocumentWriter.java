package org.dsp.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.dsp.model.CidrBlock;
import org.dsp.model.Endpoint;
import org.dsp.model.Group;
import org.dsp.model.NamedPort;
import org.dsp.model.SelectorRequirement;
import org.dsp.model.TenantDocument;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.Services;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/** Writes model values as the tenant document's JSON form: the core's part here, each section by its codec. */
public final class DocumentWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DocumentWriter() {
    }

    static ObjectNode write(TenantDocument doc, Services services) {
        return write(doc, services, false);
    }

    /** As {@link #write(TenantDocument, Services)}; {@code forText}: each section as its codec writes it for text alone. */
    static ObjectNode write(TenantDocument doc, Services services, boolean forText) {
        ObjectNode root = F.objectNode();
        ObjectNode t = root.putObject("tenant");
        t.put("id", doc.tenantId());
        t.put("displayName", doc.displayName());
        root.put("version", doc.version());
        if (!doc.namespaces().isEmpty()) {
            ArrayNode nss = root.putArray("namespaces");
            for (org.dsp.model.Namespace n : doc.namespaces().values()) {
                ObjectNode o = nss.addObject().put("name", n.name());
                if (!n.labels().isEmpty()) {
                    ObjectNode l = o.putObject("labels");
                    n.labels().forEach(l::put);
                }
            }
        }
        ArrayNode eps = root.putArray("endpoints");
        for (Endpoint e : doc.endpoints().values()) {
            ObjectNode o = eps.addObject();
            o.put("name", e.name());
            o.put("kind", e.kind().wireName());
            o.put("mac", e.mac().toString());
            if (e.namespace() != null) {
                o.put("namespace", e.namespace());
            }
            ArrayNode a = o.putArray("addresses");
            for (IpAddress ip : e.addresses()) {
                a.add(text(ip));
            }
            if (!e.labels().isEmpty()) {
                ObjectNode l = o.putObject("labels");
                e.labels().forEach(l::put);
            }
            ObjectNode att = o.putObject("attachment");
            att.put("dsn", e.attachment().dsn().toString());
            att.put("port", e.attachment().port().toLong());
            if (!e.namedPorts().isEmpty()) {
                ArrayNode np = o.putArray("namedPorts");
                for (NamedPort n : e.namedPorts()) {
                    np.addObject().put("name", n.name()).put("protocol", n.protocol().wireName()).put("port", n.port());
                }
            }
        }
        ArrayNode groups = root.putArray("groups");
        for (Group g : doc.groups().values()) {
            ObjectNode o = groups.addObject();
            o.put("name", g.name());
            if (g.selector() != null) {
                selector(o.putObject("selector"), g.selector());
            }
            if (g.namespaceSelector() != null) {
                selector(o.putObject("namespaceSelector"), g.namespaceSelector());
            }
            if (!g.endpoints().isEmpty()) {
                ArrayNode a = o.putArray("endpoints");
                g.endpoints().forEach(a::add);
            }
            if (!g.cidrs().isEmpty()) {
                ArrayNode a = o.putArray("cidrs");
                for (CidrBlock c : g.cidrs()) {
                    cidr(a.addObject(), c);
                }
            }
            if (!g.groups().isEmpty()) {
                ArrayNode a = o.putArray("groups");
                g.groups().forEach(a::add);
            }
        }
        for (Map.Entry<String, Object> e : doc.sections().entrySet()) {
            JsonNode v = section(e.getKey(), e.getValue(), services, forText);
            if (v == null) {
                continue;
            }
            if (e.getKey().startsWith("tenant.")) {
                t.set(e.getKey().substring("tenant.".length()), v);
            } else {
                root.set(e.getKey(), v);
            }
        }
        return root;
    }

    /** Writes a label selector's {@code matchLabels} and {@code matchExpressions} into {@code s} (for services too). */
    public static void selector(ObjectNode s, org.dsp.model.LabelSelector sel) {
        if (!sel.matchLabels().isEmpty()) {
            ObjectNode ml = s.putObject("matchLabels");
            for (Map.Entry<String, String> e : sel.matchLabels().entrySet()) {
                ml.put(e.getKey(), e.getValue());
            }
        }
        if (!sel.expressions().isEmpty()) {
            ArrayNode ex = s.putArray("matchExpressions");
            for (SelectorRequirement r : sel.expressions()) {
                ObjectNode x = ex.addObject().put("key", r.key()).put("operator", r.operator().wireName());
                if (!r.values().isEmpty()) {
                    ArrayNode v = x.putArray("values");
                    r.values().forEach(v::add);
                }
            }
        }
    }

    private static JsonNode section(String key, Object value, Services services, boolean forText) {
        if (value instanceof RawSection) {
            return ((RawSection) value).json();
        }
        SectionCodec<?> c = services.section(key);
        if (c == null) {
            throw new IllegalArgumentException("no service writes section " + key + " (" + services + ")");
        }
        return write(c, value, forText);
    }

    private static <T> JsonNode write(SectionCodec<T> c, Object value, boolean forText) {
        return forText ? c.writeForText(c.type().cast(value)) : c.write(c.type().cast(value));
    }

    /**
     * An address as {@link IpAddress#toString} writes it ({@code 10.1.2.3}); IPv4 without its
     * {@code InetAddress} round trip, as documents hold thousands.
     */
    public static String text(IpAddress a) {
        if (!a.isIp4()) {
            return a.toString();
        }
        byte[] o = a.toOctets();
        return new StringBuilder(15).append(o[0] & 0xff).append('.').append(o[1] & 0xff).append('.').append(o[2] & 0xff)
                .append('.').append(o[3] & 0xff).toString();
    }

    /** A prefix as {@link IpPrefix#toString} writes it ({@code 10.1.2.0/24}), IPv4 as {@link #text(IpAddress)} does. */
    public static String text(IpPrefix p) {
        return p.isIp4() ? text(p.address()) + "/" + p.prefixLength() : p.toString();
    }

    /** Writes a CIDR block as {cidr, except}: for services too. */
    public static void cidr(ObjectNode o, CidrBlock c) {
        o.put("cidr", text(c.cidr()));
        if (!c.except().isEmpty()) {
            ArrayNode x = o.putArray("except");
            for (IpPrefix p : c.except()) {
                x.add(text(p));
            }
        }
    }
}
