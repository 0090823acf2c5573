package org.dsp.app.impl;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Versioned;

/**
 * A service's durable map ({@link org.dsp.spi.ServiceHost#durable}) as a {@link Map}: reads and
 * writes go to the store's consistent map one key at a time (not every store's
 * {@code asJavaMap()} is a view that writes: the node's is a copy); iterating reads a copy.
 */
final class DurableStringMap extends AbstractMap<String, String> {
    private final ConsistentMap<String, String> map;

    DurableStringMap(ConsistentMap<String, String> map) {
        this.map = map;
    }

    @Override
    public String get(Object key) {
        Versioned<String> v = key instanceof String ? map.get((String) key) : null;
        return v == null ? null : v.value();
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String && map.containsKey((String) key);
    }

    @Override
    public String put(String key, String value) {
        Versioned<String> old = map.put(key, value);
        return old == null ? null : old.value();
    }

    @Override
    public String remove(Object key) {
        Versioned<String> old = key instanceof String ? map.remove((String) key) : null;
        return old == null ? null : old.value();
    }

    @Override
    public int size() {
        return map.size();
    }

    /** A copy: changing it changes nothing stored. */
    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        Map<String, String> copy = new HashMap<>();
        map.entrySet().forEach(e -> copy.put(e.getKey(), e.getValue().value()));
        return java.util.Collections.unmodifiableMap(copy).entrySet();
    }
}
