package org.dsp.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.model.Attachment;
import org.dsp.model.CidrBlock;
import org.dsp.model.Endpoint;
import org.dsp.model.Namespace;
import org.dsp.model.EndpointKind;
import org.dsp.model.Group;
import org.dsp.model.NamedPort;
import org.dsp.model.Protocol;
import org.dsp.model.TenantDocument;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;
import org.dsp.spi.Services;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Reads the JSON form of a tenant document into model values, field by field, reporting every
 * malformed field with its path: the core's part here (tenant, version, endpoints, groups), each
 * service section by the codec of the service that owns it. A section no service reads is an
 * unknown field - or, for a stored document, kept as a {@link RawSection}. Cross references are
 * checked afterwards by {@link DocumentValidator}.
 */
final class DocumentReader implements SectionReading {
    private static final Set<String> NAMESPACE_FIELDS = Set.of("name", "labels");
    private static final Set<String> ENDPOINT_FIELDS = Set.of("name", "kind", "mac", "addresses", "labels", "attachment", "namedPorts", "namespace");
    private static final Set<String> ATTACHMENT_FIELDS = Set.of("dsn", "port");
    private static final Set<String> NAMED_PORT_FIELDS = Set.of("name", "protocol", "port");
    private static final Set<String> GROUP_FIELDS = Set.of("name", "selector", "namespaceSelector", "endpoints", "cidrs", "groups");
    private static final java.util.regex.Pattern DEVICE = java.util.regex.Pattern.compile("[a-z][a-z0-9+.-]*:[A-Za-z0-9._:/-]+");
    private static final Set<String> CORE_FIELDS = Set.of("tenant", "version", "namespaces", "endpoints", "groups");
    private static final Set<String> TENANT_FIELDS = Set.of("id", "displayName");

    private final Problems p;
    private final JsonFields f;
    private final Services services;
    private final boolean keepUnknown;
    private final Set<String> invalidEndpoints = new java.util.HashSet<>();
    private final Set<String> invalidGroups = new java.util.HashSet<>();
    private final Set<String> invalidNamespaces = new java.util.HashSet<>();

    /**
     * Creates a reader for the sections of {@code services}; {@code keepUnknown}: sections no service
     * reads are kept raw (a stored document) instead of being reported as unknown fields.
     */
    DocumentReader(Problems problems, Services services, boolean keepUnknown) {
        this.p = problems;
        this.f = new JsonFields(problems);
        this.services = services;
        this.keepUnknown = keepUnknown;
    }

    @Override
    public JsonFields fields() {
        return f;
    }

    /** Returns names of endpoints that were declared but failed to read (their errors are already reported). */
    Set<String> invalidEndpoints() {
        return invalidEndpoints;
    }

    /** Returns names of groups that were declared but failed to read. */
    Set<String> invalidGroups() {
        return invalidGroups;
    }

    /** Names of namespaces declared but unreadable (references to them are not reported again). */
    Set<String> invalidNamespaces() {
        return invalidNamespaces;
    }

    private static String declaredName(JsonNode n) {
        JsonNode name = n == null ? null : n.get("name");
        return name != null && name.isTextual() ? name.asText() : null;
    }

    /** Reads a document; returns null when the top level is unusable. */
    TenantDocument read(JsonNode root) {
        if (root == null || !root.isObject()) {
            p.add("$", ErrorCode.WRONG_TYPE, "a tenant document must be a JSON object");
            return null;
        }
        Set<String> topKeys = new LinkedHashSet<>(CORE_FIELDS);
        Set<String> tenantKeys = new LinkedHashSet<>(TENANT_FIELDS);
        for (String key : services.sections().keySet()) {
            if (key.startsWith("tenant.")) {
                tenantKeys.add(key.substring("tenant.".length()));
            } else {
                topKeys.add(key);
            }
        }
        TenantDocument.Builder b = TenantDocument.builder();
        unknownOrRaw(root, "$", "", topKeys, b);
        JsonNode tenant = p.object(root, "tenant", "$", true);
        if (tenant == null) {
            b.tenantId("?");
        } else {
            String id = p.name(tenant, "id", "$.tenant", true);
            b.tenantId(id == null ? "?" : id);
            f.tenantId(id == null ? "?" : id);
            b.displayName(p.string(tenant, "displayName", "$.tenant", false));
            unknownOrRaw(tenant, "$.tenant", "tenant.", tenantKeys, b);
        }
        JsonNode version = root.get("version");
        if (version != null && !version.isNull()) {
            if (!version.canConvertToLong() || !version.isIntegralNumber() || version.asLong() < 0) {
                p.add("$.version", ErrorCode.BAD_VALUE, "'version' must be a non-negative integer");
            } else {
                b.version(version.asLong());
            }
        }
        JsonNode nss = p.array(root.get("namespaces"), "$.namespaces");
        for (int i = 0; nss != null && i < nss.size(); i++) {
            String np = "$.namespaces[" + i + "]";
            JsonNode n = p.object(nss.get(i), np);
            if (n == null) {
                continue;
            }
            int before = p.list().size();
            p.onlyFields(n, np, NAMESPACE_FIELDS);
            String name = p.name(n, "name", np, true);
            Map<String, String> labels = Map.of();
            JsonNode l = p.object(n.get("labels"), np + ".labels");
            if (l != null) {
                labels = f.labels(l, np + ".labels");
            }
            if (p.list().size() == before) {
                f.unique("namespace", name, np);
                b.namespace(f.locate(Namespace.of(name, labels), np));
            } else if (declaredName(n) != null) {
                invalidNamespaces.add(declaredName(n));
            }
        }
        JsonNode eps = p.array(root.get("endpoints"), "$.endpoints");
        for (int i = 0; eps != null && i < eps.size(); i++) {
            Endpoint e = endpoint(eps.get(i), "$.endpoints[" + i + "]");
            String declared = e == null ? declaredName(eps.get(i)) : null;
            if (declared != null) {
                invalidEndpoints.add(declared);
            }
            if (e != null) {
                f.unique("endpoint", e.name(), f.pathOf(e));
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
                f.unique("group", g.name(), f.pathOf(g));
                b.group(g);
            }
        }
        for (SectionCodec<?> c : services.sections().values()) {
            JsonNode v = sectionNode(root, tenant, c.key());
            if (v != null && !v.isNull()) {
                Object value = c.read(v, path(c.key()), this);
                if (value != null) {
                    b.section(c.key(), value);
                }
            }
        }
        return b.build();
    }

    /** The JSON path of a section's value. */
    static String path(String key) {
        return "$." + key;
    }

    private static JsonNode sectionNode(JsonNode root, JsonNode tenant, String key) {
        if (key.startsWith("tenant.")) {
            return tenant == null ? null : tenant.get(key.substring("tenant.".length()));
        }
        return root.get(key);
    }

    /** Fields of {@code node} outside {@code allowed}: unknown fields, or raw sections of a stored document. */
    private void unknownOrRaw(JsonNode node, String path, String keyPrefix, Set<String> allowed, TenantDocument.Builder b) {
        if (!keepUnknown) {
            p.onlyFields(node, path, allowed);
            return;
        }
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                b.section(keyPrefix + field, new RawSection(node.get(field)));
            }
        });
    }

    private Endpoint endpoint(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(n, path, ENDPOINT_FIELDS);
        Endpoint.Builder b = Endpoint.builder();
        b.name(p.name(n, "name", path, true));
        EndpointKind kind = f.enumField(n, "kind", path, EndpointKind.values(), true);
        b.kind(kind);
        String mac = p.string(n, "mac", path, true);
        if (mac != null) {
            MacAddress m = JsonFields.parseMac(mac);
            if (m == null) {
                p.add(path + ".mac", ErrorCode.BAD_MAC, "'" + mac + "' is not a MAC address (six hex pairs separated by ':')");
            } else if (m.isMulticast() || m.isBroadcast()) {
                p.add(path + ".mac", ErrorCode.BAD_MAC, "'" + mac + "' is a multicast or broadcast MAC address; a workload needs a unicast one");
            } else {
                b.mac(m);
            }
        }
        JsonNode addrs = p.array(n.get("addresses"), path + ".addresses");
        if (addrs != null && addrs.size() == 0) {
            p.add(path + ".addresses", JsonFields.has(n, "addresses") ? ErrorCode.EMPTY : ErrorCode.REQUIRED, "an endpoint needs at least one IPv4 or IPv6 address");
        }
        for (int i = 0; addrs != null && i < addrs.size(); i++) {
            String ap = path + ".addresses[" + i + "]";
            if (!addrs.get(i).isTextual()) {
                p.add(ap, ErrorCode.WRONG_TYPE, "an address must be a string");
                continue;
            }
            IpAddress a = JsonFields.parseIp(addrs.get(i).asText());
            if (a == null) {
                p.add(ap, ErrorCode.BAD_ADDRESS, "'" + addrs.get(i).asText() + "' is not an IPv4 or IPv6 address");
            } else if (!JsonFields.isUnicastHost(a)) {
                p.add(ap, ErrorCode.BAD_ADDRESS, "'" + a + "' cannot be a workload address");
            } else {
                b.address(a);
            }
        }
        JsonNode labels = p.object(n.get("labels"), path + ".labels");
        if (labels != null) {
            b.labels(f.labels(labels, path + ".labels"));
        }
        b.namespace(p.name(n, "namespace", path, false));
        JsonNode att = p.object(n, "attachment", path, true);
        if (att != null) {
            p.onlyFields(att, path + ".attachment", ATTACHMENT_FIELDS);
            String dsn = p.string(att, "dsn", path + ".attachment", true);
            if (dsn != null && !DEVICE.matcher(dsn).matches()) {
                p.add(path + ".attachment.dsn", ErrorCode.BAD_ATTACHMENT, "'" + dsn + "' is not a device id such as of:0000000000000001");
                dsn = null;
            }
            JsonNode port = att.get("port");
            Long portNo = null;
            if (!JsonFields.has(att, "port")) {
                p.add(path + ".attachment.port", ErrorCode.REQUIRED, "'port' is required");
            } else if (!port.isIntegralNumber() || !port.canConvertToLong() || port.asLong() < 1 || port.asLong() > 0xfffffeffL) {
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
            p.onlyFields(o, np, NAMED_PORT_FIELDS);
            String name = p.string(o, "name", np, true);
            if (name != null && !JsonFields.PORT_NAME.matcher(name).matches()) {
                p.add(np + ".name", ErrorCode.BAD_NAME, "'" + name + "' is not a port name: 1-15 lower-case letters, digits or '-', with at least one letter");
                name = null;
            }
            if (name != null && !portNames.add(name)) {
                p.add(np + ".name", ErrorCode.DUPLICATE_NAME, "port name '" + name + "' is declared twice on this endpoint");
                name = null;
            }
            Protocol proto = f.enumField(o, "protocol", np, Protocol.values(), false);
            if (proto == Protocol.ICMP || proto == Protocol.ANY) {
                p.add(np + ".protocol", ErrorCode.PORT_NOT_ALLOWED, "a named port needs tcp or udp, not " + proto.wireName());
                proto = null;
            }
            Integer port = f.portNumber(o.get("port"), np + ".port");
            if (name != null && port != null && (proto != null || !JsonFields.has(o, "protocol"))) {
                b.namedPort(NamedPort.of(name, proto == null ? Protocol.TCP : proto, port));
            }
        }
        if (p.list().size() > before) {
            return null;
        }
        Endpoint e = b.build();
        return f.locate(e, path);
    }

    private Group group(JsonNode n, String path) {
        if (p.object(n, path) == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(n, path, GROUP_FIELDS);
        Group.Builder b = Group.builder().name(p.name(n, "name", path, true));
        JsonNode sel = p.object(n.get("selector"), path + ".selector");
        if (sel != null) {
            b.selector(f.selector(sel, path + ".selector"));
        }
        JsonNode nsSel = p.object(n.get("namespaceSelector"), path + ".namespaceSelector");
        if (nsSel != null) {
            b.namespaceSelector(f.selector(nsSel, path + ".namespaceSelector"));
        }
        List<String> eps = f.names(n.get("endpoints"), path + ".endpoints");
        for (int i = 0; i < eps.size(); i++) {
            String e = f.localRef(eps.get(i), path + ".endpoints[" + i + "]");
            if (e != null) {
                b.endpoint(e);
            }
        }
        JsonNode cidrs = p.array(n.get("cidrs"), path + ".cidrs");
        for (int i = 0; cidrs != null && i < cidrs.size(); i++) {
            CidrBlock c = f.cidrBlock(cidrs.get(i), path + ".cidrs[" + i + "]");
            if (c != null) {
                b.cidr(c);
            }
        }
        List<String> nested = f.names(n.get("groups"), path + ".groups");
        for (int i = 0; i < nested.size(); i++) {
            String g = f.localRef(nested.get(i), path + ".groups[" + i + "]");
            if (g != null) {
                b.group(g);
            }
        }
        if (!JsonFields.has(n, "selector") && !JsonFields.has(n, "namespaceSelector") && !JsonFields.has(n, "endpoints")
                && !JsonFields.has(n, "cidrs") && !JsonFields.has(n, "groups")) {
            p.add(path, ErrorCode.REQUIRED, "a group needs a selector, a namespaceSelector, endpoints, cidrs or groups");
        }
        if (p.list().size() > before) {
            return null;
        }
        Group g = b.build();
        return f.locate(g, path);
    }

}
