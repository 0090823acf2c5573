package org.dsp.lb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.lb.model.Backends;
import org.dsp.lb.model.HealthCheck;
import org.dsp.lb.model.LbPort;
import org.dsp.lb.model.LoadBalancer;
import org.dsp.lb.model.LoadBalancers;
import org.dsp.lb.model.SelectionMode;
import org.dsp.model.Endpoint;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;
import org.onlab.packet.IpAddress;

/**
 * The {@code loadBalancers} section: read (every problem at its JSON path), checked against the
 * rest of the document (backends refer to its groups and endpoints; a VIP is no endpoint's
 * address; a VIP's protocol/port belongs to one load balancer), written back, and its schema.
 */
final class LbCodec implements SectionCodec<LoadBalancers> {
    static final String KEY = "loadBalancers";
    private static final String SCHEMA = SectionCodec.resource(LbCodec.class, "lb.schema.json");

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<LoadBalancers> type() {
        return LoadBalancers.class;
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    /** The most VIP ports (VIPs x ports, over every load balancer) one tenant has: each is a select group. */
    static final int MAX_SELECTIONS = 4096;

    @Override
    public LoadBalancers read(JsonNode value, String path, SectionReading reading) {
        JsonNode arr = reading.fields().problems().array(value, path);
        LbReader reader = new LbReader(reading.fields());
        List<LoadBalancer> out = new ArrayList<>();
        for (int i = 0; arr != null && i < arr.size(); i++) {
            String lp = path + "[" + i + "]";
            JsonNode o = reading.fields().problems().object(arr.get(i), lp);
            LoadBalancer lb = o == null ? null : reader.read(o, lp);
            if (lb != null) {
                out.add(lb);
            }
        }
        int selections = out.stream().mapToInt(lb -> lb.vips().size() * lb.ports().size()).sum();
        if (selections > MAX_SELECTIONS) {
            reading.fields().problems().add(path, ErrorCode.TOO_MANY, selections + " VIP ports (VIPs x ports over every load"
                    + " balancer); a tenant has at most " + MAX_SELECTIONS);
        }
        return out.isEmpty() ? null : new LoadBalancers(out);
    }

    @Override
    public void validate(LoadBalancers value, String path, DocumentCheck check) {
        Map<IpAddress, String> endpointAddresses = new HashMap<>();
        Map<org.onlab.packet.MacAddress, String> endpointMacs = new HashMap<>();
        for (Endpoint e : check.document().endpoints().values()) {
            e.addresses().forEach(a -> endpointAddresses.put(a, e.name()));
            if (e.mac() != null) {
                endpointMacs.put(e.mac(), e.name());
            }
        }
        Map<String, String> listeners = new HashMap<>();
        for (LoadBalancer lb : value.list()) {
            String lp = check.pathOf(lb);
            Backends b = lb.backends();
            if (b.group() != null) {
                check.groupRef(b.group(), lp + ".backends.group");
            }
            if (b.endpoints() != null) {
                for (int i = 0; i < b.endpoints().size(); i++) {
                    check.endpointRef(b.endpoints().get(i), lp + ".backends.endpoints[" + i + "]");
                }
            }
            for (String e : b.weights().keySet()) {
                check.endpointRef(e, lp + ".backends.weights." + e);
            }
            for (int v = 0; v < lb.vips().size(); v++) {
                IpAddress vip = lb.vips().get(v);
                String holder = endpointAddresses.get(vip);
                if (holder != null) {
                    check.problems().add(lp + ".vips[" + v + "]", ErrorCode.DUPLICATE_ADDRESS,
                            "VIP " + vip + " is the address of endpoint '" + holder + "'");
                }
                org.onlab.packet.MacAddress mac = org.dsp.ir.VipMac.of(vip);
                String macHolder = endpointMacs.get(mac);
                if (macHolder != null) {
                    check.problems().add(lp + ".vips[" + v + "]", ErrorCode.DUPLICATE_MAC, "VIP " + vip + " answers ARP and neighbour "
                            + "discovery with " + mac + ", the MAC of endpoint '" + macHolder + "'");
                }
                for (int i = 0; i < lb.ports().size(); i++) {
                    LbPort port = lb.ports().get(i);
                    String listener = vip + " " + port.protocol().wireName() + "/" + port.port();
                    String first = listeners.putIfAbsent(listener, lb.name());
                    if (first != null && !first.equals(lb.name())) {
                        check.problems().add(lp + ".ports[" + i + "]", ErrorCode.CONFLICTING_FIELDS,
                                listener + " is already load balancer '" + first + "''s");
                    }
                }
            }
        }
    }

    @Override
    public JsonNode write(LoadBalancers value) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (LoadBalancer lb : value.list()) {
            ObjectNode o = a.addObject().put("name", lb.name());
            ArrayNode vips = o.putArray("vips");
            lb.vips().forEach(v -> vips.add(v.toString()));
            ArrayNode ports = o.putArray("ports");
            for (LbPort p : lb.ports()) {
                ObjectNode po = ports.addObject();
                if (p.name() != null) {
                    po.put("name", p.name());
                }
                po.put("port", p.port()).put("protocol", p.protocol().wireName());
                if (p.targetPortName() != null) {
                    po.put("targetPort", p.targetPortName());
                } else {
                    po.put("targetPort", p.targetPort());
                }
            }
            o.set("backends", backends(lb.backends()));
            ObjectNode sel = o.putObject("selection").put("mode", lb.selection().wireName());
            if (lb.selection() == SelectionMode.SOURCE_IP) {
                sel.put("timeoutSeconds", lb.affinitySeconds());
            }
            o.put("whenNoBackend", lb.whenNoBackend().wireName());
            if (lb.healthCheck() != null) {
                o.set("healthCheck", healthCheck(lb.healthCheck()));
            }
        }
        return a;
    }

    private static JsonNode backends(Backends b) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (b.group() != null) {
            o.put("group", b.group());
        } else if (b.endpoints() != null) {
            ArrayNode e = o.putArray("endpoints");
            b.endpoints().forEach(e::add);
        } else {
            org.dsp.codec.DocumentWriter.selector(o.putObject("selector"), b.selector());
        }
        if (!b.weights().isEmpty()) {
            ObjectNode w = o.putObject("weights");
            b.weights().forEach(w::put);
        }
        return o;
    }

    private static JsonNode healthCheck(HealthCheck h) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", h.type().wireName());
        if (h.portName() != null) {
            o.put("port", h.portName());
        } else if (h.port() != 0) {
            o.put("port", h.port());
        }
        if (h.path() != null) {
            o.put("path", h.path()).put("expectStatus", h.expectStatus());
        }
        return o.put("intervalSeconds", h.intervalSeconds()).put("timeoutSeconds", h.timeoutSeconds()).put("rise", h.rise())
                .put("fall", h.fall());
    }

    @Override
    public boolean isEmpty(LoadBalancers value) {
        return value.list().isEmpty();
    }

    @Override
    public String describe(LoadBalancers value) {
        return value.list().size() + " load balancer(s)";
    }

}
