package org.dsp.driver.ovs;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * What step 2 needs to know of the network besides the tenants: for each DSN, the uplink port
 * that remote destinations are reached through (none: remote traffic drops), and the tunnel
 * endpoint that overlay networks' packets leave and arrive through (none: no overlay there), and
 * the external ports of the gateway DSNs (NAT, docs/nat.md), and the links between devices (the
 * fabric distances service chains place their instances by, docs/chaining.md). Devices listed here
 * get a program only when workloads are attached to them.
 */
public final class Inventory {
    private final Map<DeviceId, PortNumber> uplinks;
    private final Map<DeviceId, TunnelEndpoint> tunnels;
    private final Map<DeviceId, ExternalPort> externals;
    private final Map<DeviceId, SecureEndpoint> secure;
    private final Map<DeviceId, java.util.Set<DeviceId>> fabric;
    /** Each source's distances, found on first use (breadth-first over {@link #fabric}). */
    private final Map<DeviceId, Map<DeviceId, Integer>> distances = new java.util.concurrent.ConcurrentHashMap<>();

    private Inventory(Map<DeviceId, PortNumber> uplinks, Map<DeviceId, TunnelEndpoint> tunnels, Map<DeviceId, ExternalPort> externals) {
        this(uplinks, tunnels, externals, Map.of(), Map.of());
    }

    private Inventory(Map<DeviceId, PortNumber> uplinks, Map<DeviceId, TunnelEndpoint> tunnels, Map<DeviceId, ExternalPort> externals,
                      Map<DeviceId, SecureEndpoint> secure, Map<DeviceId, java.util.Set<DeviceId>> fabric) {
        TreeMap<DeviceId, PortNumber> m = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        m.putAll(uplinks);
        this.uplinks = Collections.unmodifiableMap(m);
        TreeMap<DeviceId, TunnelEndpoint> t = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        t.putAll(tunnels);
        this.tunnels = Collections.unmodifiableMap(t);
        TreeMap<DeviceId, ExternalPort> x = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        x.putAll(externals);
        this.externals = Collections.unmodifiableMap(x);
        TreeMap<DeviceId, SecureEndpoint> e = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        e.putAll(secure);
        this.secure = Collections.unmodifiableMap(e);
        TreeMap<DeviceId, java.util.Set<DeviceId>> f = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        fabric.forEach((d, n) -> f.put(d, java.util.Set.copyOf(n)));
        this.fabric = Collections.unmodifiableMap(f);
    }

    /**
     * Returns this inventory with the network's links as each device's neighbours (the topology a
     * chain's instances are chosen by, nearest first: docs/chaining.md); a link counts both ways.
     */
    public Inventory withFabric(Map<DeviceId, ? extends java.util.Collection<DeviceId>> neighbours) {
        Map<DeviceId, java.util.Set<DeviceId>> both = new java.util.HashMap<>();
        neighbours.forEach((d, ns) -> ns.forEach(n -> {
            if (!n.equals(d)) {
                both.computeIfAbsent(d, k -> new java.util.HashSet<>()).add(n);
                both.computeIfAbsent(n, k -> new java.util.HashSet<>()).add(d);
            }
        }));
        return new Inventory(uplinks, tunnels, externals, secure, both);
    }

    /** Returns each device's neighbours over the network's links. */
    public Map<DeviceId, java.util.Set<DeviceId>> fabric() {
        return fabric;
    }

    /**
     * Returns the number of links on the shortest path between devices {@code a} and {@code b}
     * (0 for a device and itself), or -1 when no path is known. A path crosses no DSN (a device with
     * a tunnel endpoint) between its ends: a server with two uplinks is no shortcut between leaves.
     */
    public int hops(DeviceId a, DeviceId b) {
        if (a.equals(b)) {
            return 0;
        }
        return distances.computeIfAbsent(a, this::breadthFirst).getOrDefault(b, -1);
    }

    private Map<DeviceId, Integer> breadthFirst(DeviceId source) {
        Map<DeviceId, Integer> out = new java.util.HashMap<>();
        out.put(source, 0);
        java.util.ArrayDeque<DeviceId> queue = new java.util.ArrayDeque<>(List.of(source));
        while (!queue.isEmpty()) {
            DeviceId d = queue.poll();
            if (!d.equals(source) && tunnels.containsKey(d)) {
                continue; // reached, but not a transit
            }
            for (DeviceId n : fabric.getOrDefault(d, java.util.Set.of())) {
                if (out.putIfAbsent(n, out.get(d) + 1) == null) {
                    queue.add(n);
                }
            }
        }
        return out;
    }

    /**
     * Returns this inventory with the encrypted tunnel endpoints of the DSNs that have one
     * (docs/encryption.md): a DSN without one exchanges no traffic of a tenant that requires
     * encryption.
     */
    public Inventory withSecure(Map<DeviceId, SecureEndpoint> endpoints) {
        return new Inventory(uplinks, tunnels, externals, Objects.requireNonNull(endpoints), fabric);
    }

    /** Returns the DSNs' encrypted tunnel endpoints. */
    public Map<DeviceId, SecureEndpoint> secure() {
        return secure;
    }

    /** Returns a DSN's encrypted tunnel endpoint, or null (it carries no traffic that must be encrypted). */
    public SecureEndpoint secure(DeviceId dsn) {
        return secure.get(dsn);
    }

    /**
     * Returns the tunnel endpoint of a DSN that traffic uses: its encrypted one's tunnel when
     * {@code encrypted} (null when it has none: then none, never the plain one), else its plain one.
     */
    public TunnelEndpoint tunnel(DeviceId dsn, boolean encrypted) {
        if (!encrypted) {
            return tunnels.get(dsn);
        }
        SecureEndpoint s = secure.get(dsn);
        return s == null ? null : s.tunnel();
    }

    /** No known DSNs: DSNs appear as endpoints are attached to them, without uplinks. */
    public static Inventory empty() {
        return new Inventory(Map.of(), Map.of(), Map.of());
    }

    /** DSNs with their uplink ports. */
    public static Inventory of(Map<DeviceId, PortNumber> uplinks) {
        return new Inventory(Objects.requireNonNull(uplinks), Map.of(), Map.of());
    }

    /** DSNs with their uplink ports, and the tunnel endpoints of those that carry overlay networks. */
    public static Inventory of(Map<DeviceId, PortNumber> uplinks, Map<DeviceId, TunnelEndpoint> tunnels) {
        return new Inventory(Objects.requireNonNull(uplinks), Objects.requireNonNull(tunnels), Map.of());
    }

    /**
     * DSNs with their uplinks, tunnel endpoints, and the external ports of the gateways that are
     * available now (a gateway that disconnects is left out, and its tenants move to another).
     */
    public static Inventory of(Map<DeviceId, PortNumber> uplinks, Map<DeviceId, TunnelEndpoint> tunnels,
                               Map<DeviceId, ExternalPort> externals) {
        return new Inventory(Objects.requireNonNull(uplinks), Objects.requireNonNull(tunnels), Objects.requireNonNull(externals));
    }

    /** Returns the available gateways' external ports. */
    public Map<DeviceId, ExternalPort> externals() {
        return externals;
    }

    /** Returns a DSN's external port, or null (not an available gateway). */
    public ExternalPort external(DeviceId dsn) {
        return externals.get(dsn);
    }

    /** Returns the DSNs' tunnel endpoints. */
    public Map<DeviceId, TunnelEndpoint> tunnels() {
        return tunnels;
    }

    /** Returns a DSN's tunnel endpoint, or null (the DSN carries no overlay traffic). */
    public TunnelEndpoint tunnel(DeviceId dsn) {
        return tunnels.get(dsn);
    }

    /** Returns the DSNs with their uplinks. */
    public Map<DeviceId, PortNumber> uplinks() {
        return uplinks;
    }

    /** Returns a DSN's uplink port, or null. */
    public PortNumber uplink(DeviceId dsn) {
        return uplinks.get(dsn);
    }
}
