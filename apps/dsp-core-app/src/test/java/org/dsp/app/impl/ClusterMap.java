package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.onosproject.store.primitives.ConsistentMapBackedJavaMap;
import org.onosproject.store.service.ConsistentMapAdapter;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.Versioned;

/**
 * One ConsistentMap shared by every member of an emulated cluster, with what DSP relies on from
 * Atomix's: every operation is atomic (a conditional replace or remove either happens whole or
 * not at all, whichever member races), versions grow with every write, and each listener - on
 * whichever member - receives every change, in the order made, on its own thread (never on the
 * writer's). The operations DSP does not use throw.
 */
final class ClusterMap<K, V> extends ConsistentMapAdapter<K, V> {
    private final String name;
    private final Map<K, Versioned<V>> map = new LinkedHashMap<>();
    private final Map<MapEventListener<K, V>, ExecutorService> listeners = new LinkedHashMap<>();
    private long version;

    ClusterMap(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    private Versioned<V> write(K key, V value) {
        Versioned<V> v = new Versioned<>(value, ++version, System.currentTimeMillis());
        Versioned<V> old = map.put(key, v);
        notify(key, v, old);
        return old;
    }

    private void notify(K key, Versioned<V> now, Versioned<V> old) {
        MapEvent<K, V> e = new MapEvent<>(name, key, now, old);
        listeners.forEach((l, thread) -> thread.execute(() -> l.event(e)));
    }

    @Override
    public synchronized int size() {
        return map.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public synchronized boolean containsKey(K key) {
        return map.containsKey(key);
    }

    @Override
    public synchronized Versioned<V> get(K key) {
        return map.get(key);
    }

    @Override
    public synchronized Versioned<V> put(K key, V value) {
        return write(key, value);
    }

    @Override
    public synchronized Versioned<V> putAndGet(K key, V value) {
        write(key, value);
        return map.get(key);
    }

    @Override
    public synchronized Versioned<V> putIfAbsent(K key, V value) {
        Versioned<V> held = map.get(key);
        if (held == null) {
            write(key, value);
        }
        return held;
    }

    @Override
    public synchronized Versioned<V> remove(K key) {
        Versioned<V> old = map.remove(key);
        if (old != null) {
            notify(key, null, old);
        }
        return old;
    }

    @Override
    public synchronized boolean remove(K key, V value) {
        Versioned<V> held = map.get(key);
        if (held == null || !held.value().equals(value)) {
            return false;
        }
        remove(key);
        return true;
    }

    @Override
    public synchronized boolean remove(K key, long expected) {
        Versioned<V> held = map.get(key);
        if (held == null || held.version() != expected) {
            return false;
        }
        remove(key);
        return true;
    }

    @Override
    public synchronized Versioned<V> replace(K key, V value) {
        return map.containsKey(key) ? write(key, value) : null;
    }

    @Override
    public synchronized boolean replace(K key, V expected, V value) {
        Versioned<V> held = map.get(key);
        if (held == null || !held.value().equals(expected)) {
            return false;
        }
        write(key, value);
        return true;
    }

    @Override
    public synchronized boolean replace(K key, long expected, V value) {
        Versioned<V> held = map.get(key);
        if (held == null || held.version() != expected) {
            return false;
        }
        write(key, value);
        return true;
    }

    @Override
    public synchronized Set<K> keySet() {
        return new java.util.LinkedHashSet<>(map.keySet());
    }

    @Override
    public synchronized Collection<Versioned<V>> values() {
        return new ArrayList<>(map.values());
    }

    @Override
    public synchronized Set<Map.Entry<K, Versioned<V>>> entrySet() {
        Set<Map.Entry<K, Versioned<V>>> out = new java.util.LinkedHashSet<>();
        map.forEach((k, v) -> out.add(Map.entry(k, v)));
        return out;
    }

    @Override
    public synchronized void clear() {
        new ArrayList<>(map.keySet()).forEach(this::remove);
    }

    @Override
    public Map<K, V> asJavaMap() {
        return new ConsistentMapBackedJavaMap<>(this);
    }

    @Override
    public synchronized void addListener(MapEventListener<K, V> listener, java.util.concurrent.Executor unused) {
        listeners.put(listener, Executors.newSingleThreadExecutor(r -> new Thread(r, "cluster-map-" + name)));
    }

    @Override
    public void addListener(MapEventListener<K, V> listener) {
        addListener(listener, null);
    }

    @Override
    public synchronized void removeListener(MapEventListener<K, V> listener) {
        ExecutorService thread = listeners.remove(listener);
        if (thread != null) {
            thread.shutdownNow(); // a member that stops listening gets no more events
        }
    }

    /** Stops every listener's thread (the cluster is torn down). */
    synchronized void close() {
        listeners.values().forEach(ExecutorService::shutdownNow);
        listeners.clear();
    }

    private static UnsupportedOperationException unused(String what) {
        return new UnsupportedOperationException(what + " is not used by DSP: emulate it before using it");
    }

    @Override
    public Versioned<V> getOrDefault(K key, V value) {
        throw unused("getOrDefault");
    }

    @Override
    public boolean containsValue(V value) {
        throw unused("containsValue");
    }

    @Override
    public Versioned<V> computeIfAbsent(K key, Function<? super K, ? extends V> f) {
        throw unused("computeIfAbsent");
    }

    @Override
    public Versioned<V> compute(K key, BiFunction<? super K, ? super V, ? extends V> f) {
        throw unused("compute");
    }

    @Override
    public Versioned<V> computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> f) {
        throw unused("computeIfPresent");
    }

    @Override
    public Versioned<V> computeIf(K key, Predicate<? super V> c, BiFunction<? super K, ? super V, ? extends V> f) {
        throw unused("computeIf");
    }

    @Override
    public java.util.Iterator<Map.Entry<K, Versioned<V>>> iterator() {
        return entrySet().iterator();
    }
}
