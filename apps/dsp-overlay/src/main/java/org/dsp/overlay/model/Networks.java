package org.dsp.overlay.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.onlab.packet.IpAddress;

/** The {@code networks} section: a tenant's virtual networks, in document order. */
public final class Networks {
    /**
     * The MAC of every tenant's distributed router, locally administered; the same for every tenant
     * (the DSN matches it only together with the tenant's key), never an endpoint's MAC in the tenant.
     */
    public static final org.onlab.packet.MacAddress ROUTER_MAC = org.onlab.packet.MacAddress.valueOf("0e:d5:00:00:00:01");

    private final List<Network> list;

    /** The tunnel id of a tenant's network: the tenant's 16-bit key, then the network's 8-bit id (0: none, NAT's external path). */
    public static long tunnelId(int tenantKey, int networkId) {
        return ((long) (tenantKey & 0xffff) << 8) | (networkId & 0xff);
    }

    /** Creates the section. */
    public Networks(List<Network> list) {
        this.list = List.copyOf(list);
    }

    /** Returns the networks. */
    public List<Network> list() {
        return list;
    }

    /** Returns the id of the network at {@code index}: its explicit id, else its position (1-based). */
    public int idOf(int index) {
        Integer id = list.get(index).id();
        return id != null ? id : index + 1;
    }

    /** Returns the network one of whose subnets holds {@code a}, or null. */
    public Network holding(IpAddress a) {
        for (Network n : list) {
            if (n.contains(a)) {
                return n;
            }
        }
        return null;
    }

    /**
     * Returns the network of each endpoint of {@code doc} that has addresses, all of them in one
     * network's subnets (validation refuses any other endpoint with addresses), in document order.
     */
    public Map<String, Network> placement(TenantDocument doc) {
        Map<String, Network> out = new LinkedHashMap<>();
        for (Endpoint e : doc.endpoints().values()) {
            Network n = e.addresses().isEmpty() ? null : holding(e.addresses().get(0));
            if (n != null && e.addresses().stream().allMatch(n::contains)) {
                out.put(e.name(), n);
            }
        }
        return out;
    }

    /**
     * Returns each placed member's network id (the tunnel id of packets delivered to it) for a tenant
     * with key {@code tenantKey}, from {@link #placement}'s result; each network's id computed once.
     */
    public Map<String, Long> tunnelIds(Map<String, Network> placed, int tenantKey) {
        Map<Network, Long> ids = new java.util.IdentityHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ids.put(list.get(i), tunnelId(tenantKey, idOf(i)));
        }
        Map<String, Long> out = new LinkedHashMap<>();
        placed.forEach((e, n) -> out.put(e, ids.get(n)));
        return out;
    }

    /** Returns the endpoints of {@code doc} placed in a network (their addresses private to the tenant). */
    public Set<String> members(TenantDocument doc) {
        return placement(doc).keySet();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Networks && ((Networks) o).list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }
}
