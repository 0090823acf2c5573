package org.dsp.app.impl;

import java.util.HashMap;
import java.util.Map;
import org.onosproject.store.service.AsyncConsistentMap;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.ConsistentMapBuilder;
import org.onosproject.store.service.TestStorageService;

/** A test StorageService whose maps are shared by name, like a cluster's: two managers see one store. */
final class SharedStorageService extends TestStorageService {
    private final Map<String, ConsistentMap<?, ?>> maps = new HashMap<>();

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> ConsistentMapBuilder<K, V> consistentMapBuilder() {
        ConsistentMapBuilder<K, V> inner = super.consistentMapBuilder();
        return new ConsistentMapBuilder<K, V>() {
            @Override
            public ConsistentMap<K, V> build() {
                return (ConsistentMap<K, V>) maps.computeIfAbsent(name(), n -> inner.withName(n).build());
            }

            @Override
            public AsyncConsistentMap<K, V> buildAsyncMap() {
                throw new UnsupportedOperationException("async maps are not used by DSP");
            }
        };
    }
}
