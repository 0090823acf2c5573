package org.dsp.app.impl;

import java.util.HashSet;
import java.util.Set;
import org.dsp.app.api.StaleVersionException;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.UnreadableTenantException;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.codec.ValidationError;
import org.dsp.compiler.Keys;
import org.dsp.model.TenantDocument;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;

/**
 * Tenant documents in ONOS distributed primitives: the documents (as their JSON, keyed by tenant
 * id, versioned by the store) and each tenant's 16-bit key (its conntrack zone), allocated once
 * and never reused while the tenant exists. Every cluster member sees the same maps.
 */
final class TenantStore {
    static final String DOCUMENTS = "dsp-tenant-documents";
    static final String KEYS = "dsp-tenant-keys";
    static final String KEY_OWNERS = "dsp-tenant-key-owners";

    private final ConsistentMap<String, String> documents;
    private final ConsistentMap<String, Integer> keys;
    private final ConsistentMap<Integer, String> keyOwners;
    /**
     * What the last decode of each tenant's stored document gave - its record, or why it did not
     * read - with the services that decoded it: decoded again when the stored version changes or the
     * active services do (a section an inactive service wrote must come back raw, not as that
     * service's value: no codec of the new services writes it).
     */
    private final java.util.Map<String, Decoded> decoded = new java.util.concurrent.ConcurrentHashMap<>();

    /** One decode: the record, or the refusal of a stored document that does not read; the services that decoded it. */
    private static final class Decoded {
        final TenantRecord record;
        final UnreadableTenantException unreadable;
        final org.dsp.spi.Services services;

        Decoded(TenantRecord record, UnreadableTenantException unreadable, org.dsp.spi.Services services) {
            this.record = record;
            this.unreadable = unreadable;
            this.services = services;
        }

        long version() {
            return record != null ? record.version() : unreadable.version();
        }
    }

    private final java.util.function.Supplier<TenantDocumentCodec> codec;

    /** Opens the maps; {@code codec} reads and writes documents with the sections of the active services. */
    TenantStore(StorageService storage, java.util.function.Supplier<TenantDocumentCodec> codec) {
        this.codec = codec;
        documents = storage.<String, String>consistentMapBuilder().withName(DOCUMENTS)
                .withSerializer(Serializer.forTypes(String.class)).build();
        keys = storage.<String, Integer>consistentMapBuilder().withName(KEYS)
                .withSerializer(Serializer.forTypes(String.class, Integer.class)).build();
        keyOwners = storage.<Integer, String>consistentMapBuilder().withName(KEY_OWNERS)
                .withSerializer(Serializer.forTypes(String.class, Integer.class)).build();
    }

    void addListener(MapEventListener<String, String> l) {
        documents.addListener(l);
    }

    void removeListener(MapEventListener<String, String> l) {
        documents.removeListener(l);
    }

    /** The active services changed: documents are decoded again (their sections now read, or kept raw). */
    void servicesChanged() {
        decoded.clear();
    }

    Set<String> ids() {
        return new HashSet<>(documents.keySet());
    }

    /** Returns how many tenants are stored (without copying their ids). */
    int size() {
        return documents.size();
    }

    /**
     * Returns the tenant's document and version, or null when none is stored.
     *
     * @throws UnreadableTenantException when the stored document does not read with today's checks
     *         and services (it stays stored as it is)
     */
    TenantRecord get(String tenantId) {
        Versioned<String> v = documents.get(tenantId);
        if (v == null) {
            decoded.remove(tenantId);
            return null;
        }
        // the services now: a cached decode of other services is stale even before servicesChanged() clears it (queued)
        TenantDocumentCodec c = codec.get();
        Decoded cached = decoded.get(tenantId);
        if (cached != null && cached.version() == v.version() && cached.services == c.services()) {
            if (cached.unreadable != null) {
                throw cached.unreadable;
            }
            return cached.record;
        }
        TenantRecord r;
        try {
            r = new TenantRecord(c.readStored(TenantDocumentCodec.parse(v.value())).withVersion(v.version()), v.version());
        } catch (InvalidDocumentException e) {
            ValidationError first = e.errors().get(0);
            throw remember(new UnreadableTenantException(tenantId, v.version(),
                    first.path() + " " + first.code() + ": " + first.reason(), v.value()), c.services());
        } catch (RuntimeException e) { // not even JSON any more: kept, as any other stored document
            throw remember(new UnreadableTenantException(tenantId, v.version(), e.toString(), v.value()), c.services());
        }
        return keep(tenantId, r, c.services());
    }

    /** Remembers the readable record of the tenant's stored version, decoded with {@code services}, and returns it. */
    private TenantRecord keep(String tenantId, TenantRecord r, org.dsp.spi.Services services) {
        decoded.put(tenantId, new Decoded(r, null, services));
        return r;
    }

    private UnreadableTenantException remember(UnreadableTenantException e, org.dsp.spi.Services services) {
        decoded.put(e.tenant(), new Decoded(null, e, services));
        return e;
    }

    /** As {@link #get}, but null for a document that cannot be read as well as for none. */
    TenantRecord readable(String tenantId) {
        try {
            return get(tenantId);
        } catch (UnreadableTenantException e) {
            return null;
        }
    }

    /** Returns the stored document's version, readable or not; 0 when none is stored. */
    long version(String tenantId) {
        Versioned<String> v = documents.get(tenantId);
        return v == null ? 0 : v.version();
    }

    /**
     * Stores a document: unconditionally when its version is 0, else only over that version. The
     * tenant's key is allocated once its first document is stored (a member realizing it first
     * allocates the same way), so refused requests never use keys up.
     */
    TenantRecord put(TenantDocument doc) {
        String id = doc.tenantId();
        TenantDocumentCodec c = codec.get(); // one codec writes it and vouches for the record kept
        String json = c.writeCompactText(doc.withVersion(0));
        if (doc.version() == 0) {
            documents.put(id, json);
        } else if (!documents.replace(id, doc.version(), json)) {
            Versioned<String> now = documents.get(id);
            throw new StaleVersionException(id, doc.version(), now == null ? 0 : now.version());
        }
        key(id);
        Versioned<String> stored = documents.get(id);
        if (stored != null && json.equals(stored.value())) {
            // what was just written reads back as this document (the codec's round trip): no need to decode it again
            return keep(id, new TenantRecord(doc.withVersion(stored.version()), stored.version()), c.services());
        }
        return get(id); // another member wrote since: read what is stored
    }

    /** Returns how many tenant keys are allocated. */
    int allocatedKeys() {
        return keys.size();
    }

    boolean remove(String tenantId) {
        boolean existed = documents.remove(tenantId) != null;
        Versioned<Integer> k = keys.remove(tenantId);
        if (k != null) {
            keyOwners.remove(k.value(), tenantId);
        }
        for (String zone : new java.util.ArrayList<>(keys.keySet())) { // its extra zones (ZONE_SEPARATOR: no tenant id has it)
            if (zone.startsWith(tenantId + ZONE_SEPARATOR)) {
                Versioned<Integer> z = keys.remove(zone);
                if (z != null) {
                    keyOwners.remove(z.value(), zone);
                }
            }
        }
        return existed;
    }

    /** Separates a tenant id from the purpose of one of its extra zones in the key maps. */
    static final String ZONE_SEPARATOR = "#";

    /**
     * Returns the tenant's extra conntrack zone for {@code purpose} (a key drawn from the tenant keys
     * under the id {@code TENANT#PURPOSE}), allocating nothing: the allocated one, or the one
     * {@link #allocateZone} would allocate once the tenant's own key is allocated (so never the
     * tenant's key either), nor one of {@code avoid} unless the zone is allocated already: the zones
     * one compile probed for the tenant's other purposes, none allocated yet, so two purposes of one
     * compile never probe the same free key (a chain's steering key and a step's zone must differ;
     * allocated, they would: {@link #allocateZone} takes each its own). A refused or dry-run
     * document uses nothing up.
     */
    int zone(String tenantId, String purpose, java.util.Collection<Integer> avoid) {
        return probe(tenantId + ZONE_SEPARATOR + purpose, probeKey(tenantId), avoid);
    }

    /** Allocates the tenant's zone for {@code purpose} (its key allocated first), returns it. */
    int allocateZone(String tenantId, String purpose) {
        key(tenantId);
        return key(tenantId + ZONE_SEPARATOR + purpose);
    }

    /** Returns the tenant's key, or the one {@link #key} would allocate now, allocating nothing. */
    int probeKey(String tenantId) {
        return probe(tenantId, 0, java.util.Set.of());
    }

    /** The key {@code id} holds, or the one its allocation would take now, never {@code except} (0: no exception) nor one of {@code avoid}. */
    private int probe(String id, int except, java.util.Collection<Integer> avoid) {
        Versioned<Integer> k = keys.get(id);
        if (k != null) {
            return k.value();
        }
        int candidate = Keys.tenantKey(id);
        for (int i = 0; i < 0xffff; i++) {
            Versioned<String> owner = keyOwners.get(candidate);
            if ((owner == null || owner.value().equals(id)) && candidate != except && !avoid.contains(candidate)) {
                return candidate;
            }
            candidate = candidate == 0xffff ? 1 : candidate + 1;
        }
        throw new IllegalStateException("no free tenant key");
    }

    /** Returns the tenant's key, allocating it (default hash, probing upwards) on first use. */
    int key(String tenantId) {
        Versioned<Integer> k = keys.get(tenantId);
        if (k != null) {
            return k.value();
        }
        int candidate = Keys.tenantKey(tenantId);
        for (int i = 0; i < 0xffff; i++) {
            Versioned<String> owner = keyOwners.putIfAbsent(candidate, tenantId);
            if (owner == null || owner.value().equals(tenantId)) {
                Versioned<Integer> won = keys.putIfAbsent(tenantId, candidate);
                if (won != null && won.value() != candidate) {
                    keyOwners.remove(candidate, tenantId);
                    return won.value();
                }
                return candidate;
            }
            candidate = candidate == 0xffff ? 1 : candidate + 1;
        }
        throw new IllegalStateException("no free tenant key");
    }
}
