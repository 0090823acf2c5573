package org.dsp.node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dsp.app.api.Underlay;
import org.dsp.node.encryption.WireGuardKeys;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.DeviceId;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;

/**
 * The node's keys for encryption between DSNs (docs/encryption.md). A server whose provisioning
 * names its WireGuard endpoint ({@code external_ids:dsp-encrypt-endpoint=ADDRESS/PREFIX} of its
 * Open_vSwitch row) gets from the node, over its OVSDB: a key pair (Curve25519, generated here and
 * kept in the node's durable store), a secure address from the node's pool, and the list of its
 * peers - every other such DSN's public key, WireGuard endpoint and secure address. The server's
 * encryption agent ({@code tools/dsp-encrypt-agent}) configures WireGuard from them and reports
 * back which key it runs. Keys are rotated on request (a new key pair; the DSN's peers learn its
 * new public key) and withdrawn on request (the DSN loses its key and every peer drops it: it
 * exchanges no traffic of a tenant that requires encryption until it is admitted again).
 */
final class NodeEncryption {
    static final String ENDPOINT_KEY = "dsp-encrypt-endpoint";
    static final String ADDRESS_KEY = "dsp-encrypt-address";
    static final String POOL_KEY = "dsp-encrypt-pool";
    static final String KEY_KEY = "dsp-encrypt-key";
    static final String PEERS_KEY = "dsp-encrypt-peers";
    static final String STATUS_KEY = "dsp-encrypt-status";
    /** What the node writes into a server's Open_vSwitch external_ids (the rest is the server's). */
    static final List<String> WRITTEN = List.of(ADDRESS_KEY, POOL_KEY, KEY_KEY, PEERS_KEY);
    /** The annotations of a DSN's encrypted endpoint. */
    static final List<String> ANNOTATIONS = List.of(Underlay.SECURE_ADDRESS, Underlay.SECURE_PORT, Underlay.WIREGUARD_PORT,
            Underlay.WIREGUARD_ADDRESS);
    /** The UDP port every server's WireGuard listens on. */
    static final int LISTEN_PORT = 51820;
    static final String STORE = "dsp-encryption-keys";

    /**
     * A DSN's keys: its index in the pool, the key's generation, its private key and the public key
     * derived from it once, when the key is made (both null: withdrawn).
     */
    static final class Entry {
        final int index;
        final int generation;
        final String privateKey;
        final String publicKey;

        private Entry(int index, int generation, String privateKey, String publicKey) {
            this.index = index;
            this.generation = generation;
            this.privateKey = privateKey;
            this.publicKey = publicKey;
        }

        /** A new key pair at pool index {@code index}, generation {@code generation}. */
        static Entry generate(int index, int generation) {
            String key = WireGuardKeys.generatePrivate();
            return new Entry(index, generation, key, WireGuardKeys.publicKey(key));
        }

        /** This entry's index and generation, its keys withdrawn. */
        Entry withdrawn() {
            return new Entry(index, generation, null, null);
        }

        static Entry parse(String s) {
            String[] f = s.split(" ");
            return new Entry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f.length > 3 ? f[2] : null, f.length > 3 ? f[3] : null);
        }

        String format() {
            return index + " " + generation + (privateKey == null ? "" : " " + privateKey + " " + publicKey);
        }
    }

    static final String ENDPOINTS = "dsp-encryption-endpoints";

    private final ConsistentMap<String, String> keys;
    private final Ip4Prefix pool;
    /**
     * The WireGuard endpoints ({@code ADDRESS/PREFIX}) the servers' provisioning named, by DSN,
     * written through to the store: a restarted node gives the first server that reconnects every
     * other DSN as a peer, not only those seen since.
     */
    private final Map<DeviceId, String> endpoints = new ConcurrentHashMap<>();
    private final ConsistentMap<String, String> storedEndpoints;
    private volatile Runnable changed = () -> { };
    private volatile java.util.function.Consumer<DeviceId> withdrawn = d -> { };

    NodeEncryption(StorageService storage, Ip4Prefix pool) {
        this.keys = storage.<String, String>consistentMapBuilder().withName(STORE).withSerializer(Serializer.forTypes(String.class))
                .build();
        this.storedEndpoints = storage.<String, String>consistentMapBuilder().withName(ENDPOINTS)
                .withSerializer(Serializer.forTypes(String.class)).build();
        storedEndpoints.entrySet().forEach(e -> endpoints.put(DeviceId.deviceId(e.getKey()), e.getValue().value()));
        this.pool = pool;
    }

    /** Runs {@code r} whenever any DSN's keys or endpoint change (every server's peers are written again). */
    void onChange(Runnable r) {
        changed = r;
    }

    /** Runs {@code c} for a DSN whose keys are withdrawn, at once (its encrypted endpoint goes away even if its server is unreachable). */
    void onWithdraw(java.util.function.Consumer<DeviceId> c) {
        withdrawn = c;
    }

    /**
     * Returns why {@code endpoint} ({@code ADDRESS/PREFIX}, as a server's provisioning names its
     * WireGuard endpoint) cannot be one, or null: an IPv4 host address and a prefix of 8-32 bits
     * whose subnet does not overlap the secure pool (the namespace would route the pool there).
     */
    String invalid(String endpoint) {
        String[] f = endpoint.split("/");
        try {
            if (f.length != 2 || !f[0].matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
                return "not ADDRESS/PREFIX";
            }
            Ip4Address a = Ip4Address.valueOf(f[0]);
            int plen = Integer.parseInt(f[1]);
            if (plen < 8 || plen > 32) {
                return "a prefix of 8 to 32 bits";
            }
            Ip4Prefix subnet = Ip4Prefix.valueOf(a, plen);
            if (subnet.contains(pool) || pool.contains(subnet)) {
                return "its subnet " + subnet + " overlaps the secure pool " + pool;
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "not ADDRESS/PREFIX";
        }
    }

    /** The pool secure addresses come from. */
    Ip4Prefix pool() {
        return pool;
    }

    /** Returns the DSN's keys, or null when it has none. */
    Entry entry(DeviceId dsn) {
        Versioned<String> v = keys.get(dsn.toString());
        return v == null ? null : Entry.parse(v.value());
    }

    /** Returns the secure address of pool index {@code index}. */
    Ip4Address address(int index) {
        return Ip4Address.valueOf(pool.address().toInt() + index);
    }

    /**
     * What the node writes into the DSN's server's external_ids, given the endpoint its provisioning
     * names ({@code endpoint}, null: none): the secure address, the pool, the private key and the
     * peers; nothing for a DSN without an endpoint or whose keys are withdrawn. A DSN seen with an
     * endpoint for the first time gets its keys here.
     */
    synchronized Map<String, String> desired(DeviceId dsn, String endpoint) {
        String before = endpoint == null ? endpoints.remove(dsn) : endpoints.put(dsn, endpoint);
        boolean moved = !java.util.Objects.equals(before, endpoint);
        if (moved) {
            if (endpoint == null) {
                storedEndpoints.remove(dsn.toString());
            } else {
                storedEndpoints.put(dsn.toString(), endpoint);
            }
        }
        if (endpoint == null) {
            if (moved) {
                changed.run();
            }
            return Map.of();
        }
        Entry e = entry(dsn);
        if (e == null) {
            e = Entry.generate(freeIndex(), 1);
            keys.put(dsn.toString(), e.format());
            moved = true;
        }
        if (moved) {
            changed.run();
        }
        if (e.privateKey == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ADDRESS_KEY, address(e.index).toString());
        out.put(POOL_KEY, pool.toString());
        out.put(KEY_KEY, e.privateKey);
        out.put(PEERS_KEY, peers(dsn));
        return out;
    }

    /** {@code PUBLIC,ENDPOINT-ADDRESS:PORT,SECURE-ADDRESS/32} of every other DSN with an endpoint and keys, joined by ';'. */
    String peers(DeviceId dsn) {
        List<String> out = new ArrayList<>();
        Map<DeviceId, String> sorted = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        sorted.putAll(endpoints);
        for (Map.Entry<DeviceId, String> p : sorted.entrySet()) {
            Entry e = p.getKey().equals(dsn) ? null : entry(p.getKey());
            if (e == null || e.privateKey == null) {
                continue;
            }
            out.add(e.publicKey + "," + p.getValue().split("/")[0] + ":" + LISTEN_PORT + "," + address(e.index) + "/32");
        }
        return String.join(";", out);
    }

    private int freeIndex() {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        keys.values().forEach(v -> used.add(Entry.parse(v.value()).index));
        int max = (int) Math.min(Integer.MAX_VALUE, (1L << (32 - pool.prefixLength())) - 2);
        for (int i = 1; i <= max; i++) {
            if (!used.contains(i)) {
                return i;
            }
        }
        throw new IllegalStateException("the encryption pool " + pool + " has no free address");
    }

    /** Gives the DSN a new key pair (its peers learn the new public key); returns the new generation, or -1 when it has no keys. */
    synchronized int rotate(DeviceId dsn) {
        Entry e = entry(dsn);
        if (e == null || e.privateKey == null) {
            return -1;
        }
        Entry next = Entry.generate(e.index, e.generation + 1);
        keys.put(dsn.toString(), next.format());
        changed.run();
        return next.generation;
    }

    /** Withdraws the DSN's keys: it loses its key and every peer drops it. Returns whether it had keys. */
    synchronized boolean withdraw(DeviceId dsn) {
        Entry e = entry(dsn);
        if (e == null || e.privateKey == null) {
            return false;
        }
        keys.put(dsn.toString(), e.withdrawn().format());
        withdrawn.accept(dsn);
        changed.run();
        return true;
    }

    /** Admits a withdrawn DSN again with a new key pair. Returns whether it was withdrawn. */
    synchronized boolean admit(DeviceId dsn) {
        Entry e = entry(dsn);
        if (e == null || e.privateKey != null) {
            return false;
        }
        keys.put(dsn.toString(), Entry.generate(e.index, e.generation + 1).format());
        changed.run();
        return true;
    }

    /** The DSNs with keys (withdrawn ones too), for REST: never a private key. */
    List<Map<String, Object>> describe(java.util.function.Function<DeviceId, String> state) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, Versioned<String>> k : toVersioned().entrySet()) {
            Entry e = Entry.parse(k.getValue().value());
            DeviceId dsn = DeviceId.deviceId(k.getKey());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dsn", k.getKey());
            m.put("secureAddress", address(e.index).toString());
            m.put("generation", e.generation);
            m.put("publicKey", e.publicKey);
            m.put("endpoint", endpoints.get(dsn));
            m.put("state", e.privateKey == null ? "WITHDRAWN" : state.apply(dsn));
            out.add(m);
        }
        return out;
    }

    private Map<String, Versioned<String>> toVersioned() {
        Map<String, Versioned<String>> m = new TreeMap<>();
        for (Map.Entry<String, Versioned<String>> e : keys.entrySet()) {
            m.put(e.getKey(), e.getValue());
        }
        return m;
    }
}
