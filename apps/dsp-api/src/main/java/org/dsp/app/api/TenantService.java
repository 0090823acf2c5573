package org.dsp.app.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.onosproject.event.ListenerService;
import org.onosproject.net.DeviceId;

/** Read access to tenants, their realization and their compiled flows. */
public interface TenantService extends ListenerService<TenantEvent, TenantListener> {
    /** Returns the ids of all tenants. */
    Set<String> tenants();

    /**
     * Returns a tenant's stored document and version, or null.
     *
     * @throws UnreadableTenantException when the stored document cannot be read by this version
     */
    TenantRecord tenant(String tenantId);

    /** Returns the version of a tenant's stored document, whether this version can read it or not; 0 when none is stored. */
    default long version(String tenantId) {
        try {
            TenantRecord r = tenant(tenantId);
            return r == null ? 0 : r.version();
        } catch (UnreadableTenantException e) {
            return e.version();
        }
    }

    /** Returns a tenant's realization on each of its DSNs, or null when the tenant is unknown. */
    TenantStatus status(String tenantId);

    /** Returns the flows compiled for a tenant, per DSN (empty when unknown). */
    Map<DeviceId, List<ProgrammedFlow>> flows(String tenantId);

    /** Returns the number of flows DSP wants on each DSN (all tenants and the pipeline). */
    Map<DeviceId, Integer> dsnFlowCounts();

    /** Returns the network services the core knows: the active ones, those whose apps went away, the refused ones. */
    List<ServiceInfo> services();

    /** Returns the names of the network services whose apps are active (their document sections are enforced). */
    Set<String> activeServices();

    /**
     * Returns the runtime state each active service keeps for tenant {@code tenantId} (a load
     * balancer's backend health), by service name, as JSON values; services with none are left out.
     */
    default Map<String, Map<String, Object>> serviceState(String tenantId) {
        return Map.of();
    }

    /**
     * Returns the metric families each active service reports of tenant {@code tenantId}
     * ({@link org.dsp.spi.ServiceApp#metrics}), by service name; services with none are left out.
     */
    default Map<String, List<org.dsp.spi.ServiceMetric>> serviceMetrics(String tenantId) {
        return Map.of();
    }

    /**
     * Answers query {@code name} of active service {@code service} about tenant {@code tenantId}
     * (the service chains' {@code explain}); null when there is no such service or query, or the
     * service does not hold the tenant.
     *
     * @throws IllegalArgumentException when a parameter is missing or bad
     */
    default Map<String, Object> serviceQuery(String tenantId, String service, String name, Map<String, String> params) {
        return null;
    }

    /**
     * Returns the codec of tenant documents with the sections of the active services (a section of
     * a service that is not active reads as {@link org.dsp.codec.RawSection}, kept as stored).
     */
    org.dsp.codec.TenantDocumentCodec codec();

    /** Returns every declared workload of every tenant, with its tenant id (from the current documents). */
    default java.util.stream.Stream<Map.Entry<String, org.dsp.model.Endpoint>> endpoints() {
        return tenants().stream().flatMap(id -> {
            TenantRecord r = tenant(id);
            return r == null ? java.util.stream.Stream.empty()
                    : r.document().endpoints().values().stream().map(e -> Map.entry(id, e));
        });
    }

    /** Returns how long the realizations on DSNs took since start (submit to confirmation), as a histogram. */
    default RealizationLatency realizationLatency() {
        return RealizationLatency.EMPTY;
    }

    /**
     * Traces a packet of tenant {@code tenantId} through the programs realized now (parameters
     * {@code from}, {@code to}, {@code service}, {@code state}, {@code srcPort}): per DSN the flows
     * hit with their owners, where it went and what decided; null for an unknown tenant.
     *
     * @throws IllegalArgumentException naming a missing or bad parameter
     */
    default Map<String, Object> trace(String tenantId, Map<String, String> params) {
        return null;
    }
}
