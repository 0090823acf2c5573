package org.dsp.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.JsonFields;
import org.dsp.codec.Problems;
import org.dsp.model.Endpoint;
import org.dsp.overlay.model.Network;
import org.dsp.overlay.model.Networks;
import org.dsp.overlay.model.Subnet;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/**
 * The {@code networks} section: read (every problem at its JSON path), checked against the rest
 * of the document (each endpoint with addresses lies in exactly one network; a gateway is no
 * endpoint's address; no endpoint takes the router's MAC), written back, and its schema.
 */
final class OverlayCodec implements SectionCodec<Networks> {
    static final String KEY = "networks";
    private static final String SCHEMA = SectionCodec.resource(OverlayCodec.class, "networks.schema.json");
    private static final Set<String> NETWORK_FIELDS = Set.of("name", "id", "subnets", "mtu");
    private static final Set<String> SUBNET_FIELDS = Set.of("cidr", "gateway");
    /** The smallest MTU of a network with an IPv6 subnet (RFC 8200) and of an IPv4-only one (RFC 791). */
    static final int MIN_MTU_V6 = 1280;
    static final int MIN_MTU_V4 = 576;
    /** The largest MTU: a 9000-byte jumbo underlay less the tunnel's 50 bytes. */
    static final int MAX_MTU = 8950;

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<Networks> type() {
        return Networks.class;
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    @Override
    public Networks read(JsonNode value, String path, SectionReading reading) {
        JsonFields fields = reading.fields();
        Problems p = fields.problems();
        JsonNode arr = p.array(value, path);
        if (arr == null) {
            return null;
        }
        if (arr.size() > Network.MAX_ID) {
            p.add(path, ErrorCode.TOO_MANY, arr.size() + " networks; a tenant has at most " + Network.MAX_ID);
            return null;
        }
        List<Network> out = new ArrayList<>();
        Map<Integer, String> ids = new HashMap<>();
        List<Map.Entry<IpPrefix, String>> prefixes = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String np = path + "[" + i + "]";
            JsonNode o = p.object(arr.get(i), np);
            if (o == null) {
                continue;
            }
            int before = p.list().size();
            p.onlyFields(o, np, NETWORK_FIELDS);
            String name = p.name(o, "name", np, true);
            fields.unique("network", name, np);
            Integer id = JsonFields.has(o, "id") ? p.bounded(o.get("id"), np + ".id", 1, Network.MAX_ID) : null;
            int effective = id != null ? id : i + 1;
            String holder = ids.putIfAbsent(effective, np);
            if (holder != null) {
                p.add(np + (id != null ? ".id" : ""), ErrorCode.CONFLICTING_FIELDS, "network id " + effective
                        + " is already the id of the network at " + holder + " (a network without an id takes its position)");
            }
            List<Subnet> subnets = subnets(p, o, np, prefixes);
            boolean v6 = subnets.stream().anyMatch(s -> s.cidr().isIp6());
            Integer mtu = JsonFields.has(o, "mtu") ? p.bounded(o.get("mtu"), np + ".mtu", v6 ? MIN_MTU_V6 : MIN_MTU_V4, MAX_MTU)
                    : Integer.valueOf(Network.DEFAULT_MTU);
            if (p.list().size() == before && name != null && mtu != null) {
                out.add(fields.locate(Network.of(name, id, subnets, mtu), np));
            }
        }
        return out.isEmpty() ? null : new Networks(out);
    }

    private static List<Subnet> subnets(Problems p, JsonNode o, String np, List<Map.Entry<IpPrefix, String>> seen) {
        List<Subnet> out = new ArrayList<>();
        if (!JsonFields.has(o, "subnets")) {
            p.add(np + ".subnets", ErrorCode.REQUIRED, "a network has at least one subnet");
            return out;
        }
        JsonNode arr = p.array(o.get("subnets"), np + ".subnets");
        if (arr == null) {
            return out;
        }
        if (arr.isEmpty()) {
            p.add(np + ".subnets", ErrorCode.EMPTY, "a network has at least one subnet");
        }
        for (int j = 0; j < arr.size(); j++) {
            String sp = np + ".subnets[" + j + "]";
            JsonNode s = p.object(arr.get(j), sp);
            if (s == null) {
                continue;
            }
            p.onlyFields(s, sp, SUBNET_FIELDS);
            IpPrefix cidr = prefix(p, p.string(s, "cidr", sp, true), sp + ".cidr");
            if (cidr == null) {
                continue;
            }
            for (Map.Entry<IpPrefix, String> e : seen) {
                if (e.getKey().contains(cidr) || cidr.contains(e.getKey())) {
                    p.add(sp + ".cidr", ErrorCode.CONFLICTING_FIELDS, cidr + " overlaps " + e.getKey() + " at " + e.getValue()
                            + ": a tenant's subnets are disjoint");
                }
            }
            seen.add(Map.entry(cidr, sp + ".cidr"));
            IpAddress gateway = gateway(p, s, sp, cidr);
            out.add(Subnet.of(cidr, gateway));
        }
        return out;
    }

    private static IpPrefix prefix(Problems p, String text, String path) {
        if (text == null) {
            return null;
        }
        IpPrefix cidr;
        try {
            cidr = IpPrefix.valueOf(text);
        } catch (IllegalArgumentException e) {
            p.add(path, ErrorCode.BAD_CIDR, "'" + text + "' is not an IPv4 or IPv6 prefix (address/length)");
            return null;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            p.add(path, ErrorCode.BAD_CIDR, "'" + text + "' has no prefix length (address/length)");
            return null;
        }
        if (!IpAddress.valueOf(text.substring(0, slash)).equals(cidr.address())) {
            p.add(path, ErrorCode.BAD_CIDR, "'" + text + "' has host bits set; the subnet is " + cidr);
            return null;
        }
        int max = cidr.isIp4() ? 32 : 128;
        if (cidr.prefixLength() < (cidr.isIp4() ? 8 : 48) || cidr.prefixLength() > max - 2) {
            p.add(path, ErrorCode.BAD_CIDR, "prefix length " + cidr.prefixLength() + " of " + cidr + " is outside "
                    + (cidr.isIp4() ? "8-30" : "48-126") + " (a subnet holds at least two workloads)");
            return null;
        }
        return cidr;
    }

    private static IpAddress gateway(Problems p, JsonNode s, String sp, IpPrefix cidr) {
        String text = p.string(s, "gateway", sp, false);
        if (text == null) {
            return null;
        }
        IpAddress g;
        try {
            g = IpAddress.valueOf(text);
        } catch (IllegalArgumentException e) {
            p.add(sp + ".gateway", ErrorCode.BAD_ADDRESS, "'" + text + "' is not an IP address");
            return null;
        }
        if (!cidr.contains(g)) {
            p.add(sp + ".gateway", ErrorCode.BAD_VALUE, "gateway " + g + " is outside its subnet " + cidr);
            return null;
        }
        if (g.equals(cidr.address()) || (cidr.isIp4() && g.equals(broadcast(cidr)))) {
            p.add(sp + ".gateway", ErrorCode.BAD_VALUE, "gateway " + g + " is the " + (g.equals(cidr.address()) ? "network"
                    : "broadcast") + " address of " + cidr);
            return null;
        }
        return g;
    }

    private static IpAddress broadcast(IpPrefix cidr) {
        int host = 32 - cidr.prefixLength();
        int bits = cidr.address().getIp4Address().toInt() | (int) ((1L << host) - 1);
        return org.onlab.packet.Ip4Address.valueOf(bits);
    }


    @Override
    public void validate(Networks value, String path, DocumentCheck check) {
        Map<IpAddress, String> gateways = new HashMap<>();
        for (Network n : value.list()) {
            for (int j = 0; j < n.subnets().size(); j++) {
                if (n.subnets().get(j).gateway() != null) {
                    gateways.put(n.subnets().get(j).gateway(), check.pathOf(n) + ".subnets[" + j + "].gateway");
                }
            }
        }
        for (Endpoint e : check.document().endpoints().values()) {
            String ep = check.pathOf(e);
            Network first = null;
            for (int j = 0; j < e.addresses().size(); j++) {
                IpAddress a = e.addresses().get(j);
                String ap = ep + ".addresses[" + j + "]";
                Network n = value.holding(a);
                if (n == null) {
                    check.problems().add(ap, ErrorCode.BAD_ADDRESS, a + " of endpoint '" + e.name() + "' is in no subnet of the"
                            + " tenant's networks (a tenant with networks places every workload in one)");
                } else if (first == null) {
                    first = n;
                } else if (first != n) {
                    check.problems().add(ap, ErrorCode.CONFLICTING_FIELDS, a + " is in network '" + n.name() + "', the endpoint's "
                            + "other addresses in '" + first.name() + "': an endpoint sits in one network");
                }
                String gw = gateways.get(a);
                if (gw != null) {
                    check.problems().add(ap, ErrorCode.DUPLICATE_ADDRESS, a + " is the gateway at " + gw);
                }
            }
            if (Router.MAC.equals(e.mac())) {
                check.problems().add(ep + ".mac", ErrorCode.DUPLICATE_MAC, e.mac() + " is the MAC of the tenant's distributed "
                        + "router (its gateways answer ARP with it)");
            }
        }
    }

    @Override
    public JsonNode write(Networks value) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Network n : value.list()) {
            ObjectNode o = a.addObject().put("name", n.name());
            if (n.id() != null) {
                o.put("id", n.id());
            }
            ArrayNode subnets = o.putArray("subnets");
            for (Subnet s : n.subnets()) {
                ObjectNode so = subnets.addObject().put("cidr", s.cidr().toString());
                if (s.gateway() != null) {
                    so.put("gateway", s.gateway().toString());
                }
            }
            o.put("mtu", n.mtu());
        }
        return a;
    }

    @Override
    public boolean isEmpty(Networks value) {
        return value.list().isEmpty();
    }

    @Override
    public String describe(Networks value) {
        return value.list().size() + " network(s)";
    }
}
