package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.ValidationError;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.onlab.packet.IpAddress;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;

/**
 * Which tenant holds each workload resource: a DSN port, a MAC address, an IP address (the one
 * address space every flat tenant shares; an endpoint a service scoped - an overlay network's
 * member - claims no address, since its addresses are private to its tenant, and its MAC only on
 * its own DSN, since it never reaches the shared fabric unencapsulated). A tenant's
 * document claims the resources of its endpoints before it is stored; a resource another tenant
 * holds is refused at the endpoint's path without naming that tenant. Claims live in an ONOS
 * ConsistentMap, so every cluster member sees them and {@code putIfAbsent} settles races.
 */
final class ResourceClaims {
    static final String CLAIMS = "dsp-resource-claims";

    private final ConsistentMap<String, String> claims;
    private final java.util.function.Function<TenantDocument, Set<String>> scoped;
    private final java.util.function.Function<TenantDocument, Map<String, String>> services;

    ResourceClaims(StorageService storage) {
        this(storage, doc -> Set.of(), doc -> Map.of());
    }

    /**
     * Claims in {@code storage}; {@code scoped} names a document's endpoints whose addresses are
     * private to its tenant, {@code services} the resources its service sections hold (with paths).
     */
    ResourceClaims(StorageService storage, java.util.function.Function<TenantDocument, Set<String>> scoped,
                   java.util.function.Function<TenantDocument, Map<String, String>> services) {
        claims = storage.<String, String>consistentMapBuilder().withName(CLAIMS)
                .withSerializer(Serializer.forTypes(String.class)).build();
        this.scoped = scoped;
        this.services = services;
    }

    /** The resources a document's endpoints hold (addresses too, of every endpoint). */
    static Map<String, String> of(TenantDocument doc) {
        return of(doc, Set.of());
    }

    private Map<String, String> claimed(TenantDocument doc) {
        Map<String, String> out = of(doc, scoped.apply(doc));
        services.apply(doc).forEach(out::putIfAbsent);
        return out;
    }

    /**
     * The resources a document's endpoints hold, each with the JSON path of the field that names
     * it; endpoints in {@code scoped} hold their port and MAC but no address.
     */
    static Map<String, String> of(TenantDocument doc, Set<String> scoped) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        for (Endpoint e : doc.endpoints().values()) {
            String path = "$.endpoints[" + i + "]";
            out.put("port " + e.attachment().dsn() + "/" + e.attachment().port().toLong(), path + ".attachment");
            if (!scoped.contains(e.name())) {
                out.put("mac " + e.mac(), path + ".mac"); // the shared fabric's one L2 space
            }
            // on one DSN a MAC is one workload's (its guard and delivery flows match the MAC alone); an overlay
            // member's MAC never leaves its DSN unencapsulated, so other DSNs may hold it in other tenants
            out.put("mac " + e.mac() + " on " + e.attachment().dsn(), path + ".mac");
            int j = 0;
            for (IpAddress a : scoped.contains(e.name()) ? List.<IpAddress>of() : e.addresses()) {
                out.put("address " + a, path + ".addresses[" + j + "]");
                j++;
            }
            i++;
        }
        return out;
    }

    /**
     * Claims what {@code doc} needs for its tenant; throws (having claimed nothing new) when
     * another tenant holds any of it. Returns the resources newly claimed, for {@link #release}
     * if the document is not stored after all.
     */
    List<String> claim(TenantDocument doc) {
        String tenant = doc.tenantId();
        Map<String, String> wanted = claimed(doc);
        List<String> taken = new ArrayList<>();
        List<ValidationError> errors = new ArrayList<>();
        Set<String> refusedPaths = new java.util.HashSet<>();
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            Versioned<String> held = claims.putIfAbsent(w.getKey(), tenant);
            if (held == null) {
                taken.add(w.getKey());
            } else if (!held.value().equals(tenant) && refusedPaths.add(w.getValue())) { // one refusal per field
                errors.add(ValidationError.of(w.getValue(), ErrorCode.RESOURCE_IN_USE, w.getKey()
                        + (w.getValue().startsWith("$.endpoints") ? " belongs to a workload of another tenant" : " is held by another tenant")));
            }
        }
        if (!errors.isEmpty()) {
            release(tenant, taken);
            throw new InvalidDocumentException(errors);
        }
        return taken;
    }

    /** Releases resources the tenant holds (only its own). */
    void release(String tenant, List<String> resources) {
        for (String r : resources) {
            claims.remove(r, tenant);
        }
    }

    /** Releases what {@code before} held and {@code after} (null: nothing) no longer needs. */
    void changed(String tenant, TenantDocument before, TenantDocument after) {
        if (before == null) {
            return;
        }
        Set<String> keep = after == null ? Set.of() : claimed(after).keySet();
        List<String> drop = new ArrayList<>();
        Set<String> held = new java.util.LinkedHashSet<>(of(before).keySet()); // every address too: claimed before it was scoped?
        held.addAll(services.apply(before).keySet());
        for (String r : held) {
            if (!keep.contains(r)) {
                drop.add(r);
            }
        }
        release(tenant, drop);
    }

    /**
     * Releases every claim of the tenant that {@code after} (null: nothing) does not need - what is
     * left to do when the tenant's previous document cannot be read to say what it held.
     */
    void keepOnly(String tenant, TenantDocument after) {
        Set<String> keep = after == null ? Set.of() : claimed(after).keySet();
        for (Map.Entry<String, Versioned<String>> e : claims.entrySet()) {
            if (e.getValue().value().equals(tenant) && !keep.contains(e.getKey())) {
                claims.remove(e.getKey(), tenant);
            }
        }
    }

    /**
     * Makes the claims agree with the stored documents (at start: a member that stopped between
     * claiming and storing leaves claims no document needs): claims of no stored document are
     * dropped, and every stored document's resources are claimed for it where free. The claims of
     * the tenants in {@code unreadable} (stored documents that cannot be read) stay as they are.
     */
    void reconcile(Map<String, TenantDocument> stored, Set<String> unreadable) {
        Map<String, String> need = new java.util.HashMap<>();
        stored.forEach((tenant, doc) -> claimed(doc).keySet().forEach(r -> need.putIfAbsent(r, tenant)));
        for (Map.Entry<String, Versioned<String>> e : claims.entrySet()) {
            if (unreadable.contains(e.getValue().value())) {
                continue;
            }
            if (!e.getValue().value().equals(need.get(e.getKey()))) {
                claims.remove(e.getKey(), e.getValue().value());
            }
        }
        need.forEach(claims::putIfAbsent);
    }
}
