package org.dsp.node.store;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.DistributedPrimitive;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.Versioned;

/**
 * A ConsistentMap of one node, kept in an MVStore map and committed to disk on every change, so
 * it survives the process being killed. Keys and values are serialized with the map's ONOS
 * serializer; each entry carries the ONOS version (a per-map counter, also durable) and its
 * creation time. All operations are atomic (one lock per map); listeners run on their executors.
 */
final class DurableConsistentMap<K, V> implements ConsistentMap<K, V> {
    private static final String VERSION_KEY = "version";

    private final String name;
    private final Serializer serializer;
    private final MVStore store;
    private final MVMap<byte[], byte[]> data;
    private final MVMap<String, Long> meta;
    private final Map<MapEventListener<K, V>, Executor> listeners = new ConcurrentHashMap<>();
    /**
     * The decoded entries whose values are immutable (strings, numbers, booleans, enums) and large
     * (at least {@link #KEEP_DECODED_BYTES} serialized), by their serialized key: a read of a tenant
     * document (hundreds of KB) returns the entry its last write kept instead of decoding it again
     * (after a restart, until the next write, reads decode).
     * Small values - audit entries, tokens, records - decode cheaply and are not kept, so the cache
     * holds only what is large, i.e. tenant documents. Every write goes through {@link #write},
     * which replaces or drops the key's entry.
     */
    private final Map<ByteBuffer, Versioned<V>> decoded = new ConcurrentHashMap<>();
    /** The serialized size from which an immutable value is kept decoded. */
    static final int KEEP_DECODED_BYTES = 16 * 1024;

    DurableConsistentMap(String name, Serializer serializer, MVStore store) {
        this.name = name;
        this.serializer = serializer;
        this.store = store;
        this.data = store.openMap("map." + name);
        this.meta = store.openMap("meta." + name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DistributedPrimitive.Type primitiveType() {
        return DistributedPrimitive.Type.CONSISTENT_MAP;
    }

    /**
     * Serialized keys of immutable types (strings, numbers - what DSP's maps are keyed by), so that
     * a read does not serialize its key again: the serializer allocates a 4 KB buffer per call, and
     * one change of a tenant reads hundreds of keys (claims, tenant keys, identities). Bounded in
     * count (it starts over past {@link #KEPT_KEYS} keys) and in size: a key longer than
     * {@link #KEPT_KEY_BYTES} serialized is not kept (keys come from callers too - a user name
     * presented to the REST API is looked up before it is checked -, so one could otherwise make
     * the node keep 16k arbitrary large strings). The arrays are never written to (MVStore keeps
     * them as they are).
     */
    private final Map<Object, byte[]> keys = new ConcurrentHashMap<>();
    /** The most serialized keys kept. */
    static final int KEPT_KEYS = 16_384;
    /** The longest serialized key kept (DSP's keys - ids, names, addresses, numbers - are far shorter). */
    static final int KEPT_KEY_BYTES = 256;

    /** Returns how many serialized keys are kept (tests). */
    int keptKeys() {
        return keys.size();
    }

    private byte[] key(K k) {
        Objects.requireNonNull(k, "null key");
        if (!immutable(k)) {
            return serializer.encode(k);
        }
        byte[] b = keys.get(k);
        if (b == null) {
            if (keys.size() >= KEPT_KEYS) {
                keys.clear();
            }
            b = serializer.encode(k);
            if (b.length <= KEPT_KEY_BYTES) {
                keys.put(k, b);
            }
        }
        return b;
    }

    private Versioned<V> decode(byte[] raw) {
        if (raw == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        long version = b.getLong();
        long created = b.getLong();
        byte[] value = Arrays.copyOfRange(raw, 16, raw.length);
        return new Versioned<>(serializer.decode(value), version, created);
    }

    private byte[] encode(V value, long version, long created) {
        byte[] v = serializer.encode(Objects.requireNonNull(value, "null value"));
        return ByteBuffer.allocate(16 + v.length).putLong(version).putLong(created).put(v).array();
    }

    /** Whether a value can be handed to several readers: nothing they do can change it. */
    private static boolean immutable(Object v) {
        return v instanceof String || v instanceof Number && v.getClass().getName().startsWith("java.lang.")
                || v instanceof Boolean || v instanceof Enum;
    }

    /**
     * The entry of a serialized key: the one kept decoded by the last write, else decoded from the
     * store. Reads take no lock and never add to the decoded entries - only writes do, under the
     * map's lock - so a read can neither block on a write nor leave a stale entry behind.
     */
    private Versioned<V> read(byte[] key) {
        Versioned<V> v = decoded.get(ByteBuffer.wrap(key));
        return v != null ? v : decode(data.get(key));
    }

    /** Writes a value (null: removes) and commits; returns the event to fire. */
    private MapEvent<K, V> write(K k, V value) {
        byte[] key = key(k);
        Versioned<V> old = read(key);
        decoded.remove(ByteBuffer.wrap(key));
        Versioned<V> now = null;
        boolean large = false;
        if (value == null) {
            data.remove(key);
        } else {
            long version = meta.getOrDefault(VERSION_KEY, 0L) + 1;
            meta.put(VERSION_KEY, version);
            long now0 = System.currentTimeMillis();
            byte[] raw = encode(value, version, now0);
            data.put(key, raw);
            now = new Versioned<>(value, version, now0);
            large = raw.length >= KEEP_DECODED_BYTES;
        }
        store.commit();
        if (now != null && large && immutable(value)) {
            decoded.put(ByteBuffer.wrap(key), now);
        }
        MapEvent.Type type = now == null ? MapEvent.Type.REMOVE : old == null ? MapEvent.Type.INSERT : MapEvent.Type.UPDATE;
        return new MapEvent<>(type, name, k, now, old);
    }

    private void fire(MapEvent<K, V> e) {
        if (e == null) {
            return;
        }
        listeners.forEach((l, ex) -> ex.execute(() -> l.event(e)));
    }

    /** Runs {@code op} under the map's lock, then fires the events it recorded. */
    private <T> T locked(Function<List<MapEvent<K, V>>, T> op) {
        List<MapEvent<K, V>> events = new ArrayList<>(1);
        T result;
        synchronized (this) {
            result = op.apply(events);
        }
        events.forEach(this::fire);
        return result;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public boolean isEmpty() {
        return data.isEmpty();
    }

    @Override
    public boolean containsKey(K key) {
        return data.containsKey(key(key));
    }

    @Override
    public boolean containsValue(V value) {
        return values().stream().anyMatch(v -> Objects.equals(v.value(), value));
    }

    @Override
    public Versioned<V> get(K key) {
        return read(key(key));
    }

    @Override
    public Versioned<V> getOrDefault(K key, V defaultValue) {
        Versioned<V> v = get(key);
        return v != null ? v : new Versioned<>(defaultValue, 0);
    }

    @Override
    public Versioned<V> computeIf(K key, Predicate<? super V> condition,
                                  BiFunction<? super K, ? super V, ? extends V> fn) {
        return locked(events -> {
            Versioned<V> old = get(key);
            V oldValue = old == null ? null : old.value();
            if (!condition.test(oldValue)) {
                return old;
            }
            V next = fn.apply(key, oldValue);
            if (next == null && old == null) {
                return null;
            }
            MapEvent<K, V> e = write(key, next);
            events.add(e);
            return e.newValue();
        });
    }

    @Override
    public Versioned<V> computeIfAbsent(K key, Function<? super K, ? extends V> fn) {
        return computeIf(key, Objects::isNull, (k, v) -> fn.apply(k));
    }

    @Override
    public Versioned<V> compute(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        return computeIf(key, v -> true, fn);
    }

    @Override
    public Versioned<V> computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> fn) {
        return computeIf(key, Objects::nonNull, fn);
    }

    @Override
    public Versioned<V> put(K key, V value) {
        return locked(events -> {
            MapEvent<K, V> e = write(key, value);
            events.add(e);
            return e.oldValue();
        });
    }

    @Override
    public Versioned<V> putAndGet(K key, V value) {
        return locked(events -> {
            MapEvent<K, V> e = write(key, value);
            events.add(e);
            return e.newValue();
        });
    }

    @Override
    public Versioned<V> remove(K key) {
        return locked(events -> {
            if (!data.containsKey(key(key))) {
                return null;
            }
            MapEvent<K, V> e = write(key, null);
            events.add(e);
            return e.oldValue();
        });
    }

    @Override
    public void clear() {
        for (K k : keySet()) {
            remove(k);
        }
    }

    @Override
    public Set<K> keySet() {
        Set<K> out = new LinkedHashSet<>();
        for (byte[] k : data.keySet()) {
            out.add(serializer.decode(k));
        }
        return out;
    }

    @Override
    public Collection<Versioned<V>> values() {
        List<Versioned<V>> out = new ArrayList<>();
        for (byte[] v : data.values()) {
            out.add(decode(v));
        }
        return out;
    }

    @Override
    public Set<Map.Entry<K, Versioned<V>>> entrySet() {
        Map<K, Versioned<V>> out = new LinkedHashMap<>();
        for (Map.Entry<byte[], byte[]> e : data.entrySet()) {
            out.put(serializer.decode(e.getKey()), decode(e.getValue()));
        }
        return out.entrySet();
    }

    @Override
    public Versioned<V> putIfAbsent(K key, V value) {
        return locked(events -> {
            Versioned<V> old = get(key);
            if (old != null) {
                return old;
            }
            events.add(write(key, value));
            return null;
        });
    }

    @Override
    public boolean remove(K key, V value) {
        return writeIf(key, old -> Objects.equals(old.value(), value), null);
    }

    @Override
    public boolean remove(K key, long version) {
        return writeIf(key, old -> old.version() == version, null);
    }

    @Override
    public Versioned<V> replace(K key, V value) {
        return locked(events -> {
            Versioned<V> old = get(key);
            if (old == null) {
                return null;
            }
            events.add(write(key, value));
            return old;
        });
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        return writeIf(key, old -> Objects.equals(old.value(), oldValue), newValue);
    }

    @Override
    public boolean replace(K key, long oldVersion, V newValue) {
        return writeIf(key, old -> old.version() == oldVersion, newValue);
    }

    /** Writes {@code value} (null removes) when the key is present and its entry passes {@code test}. */
    private boolean writeIf(K key, Predicate<Versioned<V>> test, V value) {
        return locked(events -> {
            Versioned<V> old = get(key);
            if (old == null || !test.test(old)) {
                return false;
            }
            events.add(write(key, value));
            return true;
        });
    }

    @Override
    public void addListener(MapEventListener<K, V> listener, Executor executor) {
        listeners.put(listener, executor);
    }

    @Override
    public void removeListener(MapEventListener<K, V> listener) {
        listeners.remove(listener);
    }

    @Override
    public Map<K, V> asJavaMap() {
        Map<K, V> out = new HashMap<>();
        entrySet().forEach(e -> out.put(e.getKey(), e.getValue().value()));
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public Iterator<Map.Entry<K, Versioned<V>>> iterator() {
        return entrySet().iterator();
    }
}
