package org.dsp.node.store;

import java.io.File;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.mvstore.MVStore;
import org.onosproject.store.service.AsyncConsistentMap;
import org.onosproject.store.service.AsyncConsistentMultimap;
import org.onosproject.store.service.AsyncConsistentTreeMap;
import org.onosproject.store.service.AsyncDocumentTree;
import org.onosproject.store.service.AtomicCounterBuilder;
import org.onosproject.store.service.AtomicCounterMapBuilder;
import org.onosproject.store.service.AtomicIdGeneratorBuilder;
import org.onosproject.store.service.AtomicValueBuilder;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.ConsistentMapBuilder;
import org.onosproject.store.service.ConsistentMultimapBuilder;
import org.onosproject.store.service.ConsistentTreeMapBuilder;
import org.onosproject.store.service.DistributedLockBuilder;
import org.onosproject.store.service.DistributedSetBuilder;
import org.onosproject.store.service.DocumentTreeBuilder;
import org.onosproject.store.service.EventuallyConsistentMapBuilder;
import org.onosproject.store.service.LeaderElectorBuilder;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Topic;
import org.onosproject.store.service.TopicBuilder;
import org.onosproject.store.service.TransactionContextBuilder;
import org.onosproject.store.service.WorkQueue;
import org.onosproject.store.service.WorkQueueBuilder;

/**
 * The standalone node's StorageService: consistent maps in one MVStore file under the node's data
 * directory, committed on every change (a killed node loses nothing it acknowledged). Maps are
 * shared by name, as in a cluster. The other primitives are not used by DSP and refuse, as ONOS's
 * adapters do.
 */
public final class NodeStorageService implements StorageService, AutoCloseable {
    private final MVStore store;
    private final Map<String, DurableConsistentMap<?, ?>> maps = new ConcurrentHashMap<>();

    /**
     * Opens (or creates) the store file {@code file}. A directory or file it creates is readable by
     * the node's user only (0700, 0600): the store holds password hashes, token hashes and the audit log.
     */
    public NodeStorageService(File file) {
        ownerOnly(file.getAbsoluteFile());
        this.store = new MVStore.Builder().fileName(file.getAbsolutePath()).autoCommitDisabled().open();
    }

    private static void ownerOnly(File file) {
        try {
            java.nio.file.Path dir = file.getParentFile().toPath();
            if (!java.nio.file.Files.isDirectory(dir)) {
                java.nio.file.Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            }
            if (!file.exists()) {
                java.nio.file.Files.createFile(file.toPath(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Closes the store file. */
    public void close() {
        store.close();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> ConsistentMapBuilder<K, V> consistentMapBuilder() {
        return new ConsistentMapBuilder<K, V>() {
            @Override
            public ConsistentMap<K, V> build() {
                if (name() == null || serializer() == null) {
                    throw new IllegalArgumentException("a consistent map needs a name and a serializer");
                }
                return (ConsistentMap<K, V>) maps.computeIfAbsent(name(),
                        n -> new DurableConsistentMap<>(n, serializer(), store));
            }

            @Override
            public AsyncConsistentMap<K, V> buildAsyncMap() {
                throw refuse("asynchronous consistent maps");
            }
        };
    }

    private static UnsupportedOperationException refuse(String what) {
        return new UnsupportedOperationException(what + " is not provided by the DSP node's StorageService"
                + " (DSP uses consistent maps only)");
    }

    @Override
    public <K, V> EventuallyConsistentMapBuilder<K, V> eventuallyConsistentMapBuilder() {
        throw refuse("eventuallyConsistentMapBuilder");
    }

    @Override
    public <V> DocumentTreeBuilder<V> documentTreeBuilder() {
        throw refuse("documentTreeBuilder");
    }

    @Override
    public <V> ConsistentTreeMapBuilder<V> consistentTreeMapBuilder() {
        throw refuse("consistentTreeMapBuilder");
    }

    @Override
    public <K, V> ConsistentMultimapBuilder<K, V> consistentMultimapBuilder() {
        throw refuse("consistentMultimapBuilder");
    }

    @Override
    public <K> AtomicCounterMapBuilder<K> atomicCounterMapBuilder() {
        throw refuse("atomicCounterMapBuilder");
    }

    @Override
    public <E> DistributedSetBuilder<E> setBuilder() {
        throw refuse("setBuilder");
    }

    @Override
    public AtomicCounterBuilder atomicCounterBuilder() {
        throw refuse("atomicCounterBuilder");
    }

    @Override
    public AtomicIdGeneratorBuilder atomicIdGeneratorBuilder() {
        throw refuse("atomicIdGeneratorBuilder");
    }

    @Override
    public <V> AtomicValueBuilder<V> atomicValueBuilder() {
        throw refuse("atomicValueBuilder");
    }

    @Override
    public DistributedLockBuilder lockBuilder() {
        throw refuse("lockBuilder");
    }

    @Override
    public LeaderElectorBuilder leaderElectorBuilder() {
        throw refuse("leaderElectorBuilder");
    }

    @Override
    public <T> TopicBuilder<T> topicBuilder() {
        throw refuse("topicBuilder");
    }

    @Override
    public <E> WorkQueueBuilder<E> workQueueBuilder() {
        throw refuse("workQueueBuilder");
    }

    @Override
    public TransactionContextBuilder transactionContextBuilder() {
        throw refuse("transactionContextBuilder");
    }

    @Override
    public <E> WorkQueue<E> getWorkQueue(String name, Serializer serializer) {
        throw refuse("getWorkQueue");
    }

    @Override
    public <V> AsyncDocumentTree<V> getDocumentTree(String name, Serializer serializer) {
        throw refuse("getDocumentTree");
    }

    @Override
    public <K, V> AsyncConsistentMultimap<K, V> getAsyncSetMultimap(String name, Serializer serializer) {
        throw refuse("getAsyncSetMultimap");
    }

    @Override
    public <V> AsyncConsistentTreeMap<V> getAsyncTreeMap(String name, Serializer serializer) {
        throw refuse("getAsyncTreeMap");
    }

    @Override
    public <T> Topic<T> getTopic(String name, Serializer serializer) {
        throw refuse("getTopic");
    }
}
