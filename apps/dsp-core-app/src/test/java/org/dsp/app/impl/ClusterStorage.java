package org.dsp.app.impl;

import java.util.HashMap;
import java.util.Map;
import org.onosproject.store.service.AsyncConsistentMap;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.ConsistentMapBuilder;
import org.onosproject.store.service.StorageServiceAdapter;

/**
 * The storage of an emulated cluster: every member that builds a ConsistentMap of a name gets the
 * one {@link ClusterMap} of that name, as Atomix gives every ONOS member the same primitive.
 */
final class ClusterStorage extends StorageServiceAdapter {
    private final Map<String, ClusterMap<?, ?>> maps = new HashMap<>();

    @Override
    public <K, V> ConsistentMapBuilder<K, V> consistentMapBuilder() {
        return new ConsistentMapBuilder<K, V>() {
            @Override
            @SuppressWarnings("unchecked")
            public ConsistentMap<K, V> build() {
                synchronized (maps) {
                    return (ConsistentMap<K, V>) maps.computeIfAbsent(name(), ClusterMap::new);
                }
            }

            @Override
            public AsyncConsistentMap<K, V> buildAsyncMap() {
                throw new UnsupportedOperationException("async maps are not used by DSP");
            }
        };
    }

    /** Stops delivering events (the cluster is torn down). */
    void close() {
        synchronized (maps) {
            maps.values().forEach(ClusterMap::close);
        }
    }
}
