package org.dsp.spi;

import java.util.List;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;

/**
 * One network service, as its app declares it to the DSP core. Everything here is data or a pure
 * function: the core and the driver assign table numbers and register bits, refuse overlaps with
 * other services, and never know a service by name.
 */
public interface ServiceApp {
    /** Returns the service's short name, e.g. {@code firewall}: owner labels, REST, logs. */
    String name();

    /** Returns the ONOS application that carries the service, e.g. {@code org.dsp.firewall}. */
    String app();

    /** Returns the document sections the service owns. */
    List<SectionCodec<?>> sections();

    /** Returns the pipeline stages the service adds (none: it only contributes to the core's stages). */
    List<Stage> stages();

    /**
     * Returns the service's step-2 translation for the DSN driver whose translation API is
     * {@code api} (the OVS driver's: {@code org.dsp.driver.ovs.ServiceTranslator}), or null when
     * the service has none for that driver: its flows use only the IR's generic actions, which
     * every driver translates (docs/services.md, "Step 2"). The core stays driver-neutral: the
     * driver asks with its own interface, and only a service with flows of its own kind names it.
     * By default null.
     *
     * @param api the driver's translation interface
     * @param <T> its type
     * @return the service's translation for it, or null
     */
    default <T> T translation(Class<T> api) {
        return null;
    }

    /** Returns the owner kinds (with their stable cookie codes) the service's flows carry. */
    default List<Owner.Kind> ownerKinds() {
        return List.of();
    }

    /**
     * Returns the fields of the service's own state its flows set and match
     * ({@link org.dsp.ir.LogicalField#service}): the driver places each in free register bits
     * (per packet) or conntrack mark bits (per connection) and refuses the service when they do
     * not fit.
     */
    default List<org.dsp.ir.LogicalField> fields() {
        return List.of();
    }

    /**
     * Returns the service's fixed flows ({@link org.dsp.ir.LogicalFlow#fixed}): flows of its own
     * stages that every DSN holds while the service is active, whatever the tenants.
     */
    default List<org.dsp.ir.LogicalFlow> fixedFlows() {
        return List.of();
    }

    /** Returns a compiler for one tenant, which keeps what it needs to compile that tenant's changes incrementally. */
    ServiceCompiler compiler(TenantContext tenant);

    /** Returns the service's reference semantics for the policy oracle, or null when it decides no connection. */
    default PolicySemantics semantics() {
        return null;
    }

    /**
     * The core binds the app: {@code host} is valid until {@link #unbind}. A service with runtime
     * state of its own (health checks) starts its work here; by default nothing happens.
     */
    default void bind(ServiceHost host) {
    }

    /** The core no longer uses the app: stop the work {@link #bind} started. */
    default void unbind() {
    }

    /**
     * A packet one of the service's flows of a punt kind ({@link org.dsp.ir.Owner.Kind#punted})
     * sent to the controller: from DSN {@code dsn}, received on {@code inPort}, sent by the flow
     * with {@code cookie}. Called on the packet service's thread: return quickly.
     */
    default void packetIn(org.onosproject.net.DeviceId dsn, long inPort, long cookie, byte[] frame) {
    }

    /**
     * Returns the service's runtime state of tenant {@code tenantId} for REST and the CLI, as JSON
     * values (maps, lists, strings, numbers, booleans); empty when it has none.
     */
    default java.util.Map<String, Object> state(String tenantId) {
        return java.util.Map.of();
    }

    /**
     * Returns the metric families the service reports of tenant {@code tenantId} (a load
     * balancer's backend health), each named {@code dsp_<service>_...}; the core adds the
     * {@code tenant} label and serves them with its own at {@code /metrics}, and leaves out (and
     * logs) a family named for another service or reported with two types. Called on a scrape:
     * return quickly, from state the service already holds. By default none.
     */
    default java.util.List<ServiceMetric> metrics(String tenantId) {
        return java.util.List.of();
    }

    /**
     * Returns the endpoints of {@code doc} whose addresses this service makes private to the
     * tenant (an overlay network's members): another tenant may use the same addresses, the core
     * claims none of them, and the pipeline reaches these endpoints only through the service's
     * flows, never from the shared fabric. By default none. Called on documents that validated.
     */
    default java.util.Set<String> scopedEndpoints(org.dsp.model.TenantDocument doc) {
        return java.util.Set.of();
    }

    /**
     * The shared resources a validated document's section holds besides its endpoints' (a NAT
     * section's external addresses: {@code "address 203.0.113.50"}), each with the JSON path of
     * the field naming it. The core claims them for the tenant with the endpoints' ports, MACs and
     * addresses, and refuses the document when another tenant holds one, without naming it. By
     * default none.
     */
    default java.util.Map<String, String> claims(org.dsp.model.TenantDocument doc) {
        return java.util.Map.of();
    }

    /**
     * Answers query {@code name} about tenant {@code tenantId} with {@code params} (the service
     * chains' {@code explain}), served at {@code GET /tenants/{id}/services/{service}/{name}} with the
     * query parameters; null when the service has no such query or does not hold the tenant.
     *
     * @throws IllegalArgumentException when a parameter is missing or bad (its message names it)
     */
    default java.util.Map<String, Object> query(String tenantId, String name, java.util.Map<String, String> params) {
        return null;
    }
}
