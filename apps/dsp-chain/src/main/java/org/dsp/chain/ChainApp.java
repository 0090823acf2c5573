package org.dsp.chain;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.ir.LogicalField;
import org.dsp.ir.Owner;
import org.dsp.ir.ServicePlacement;
import org.dsp.ir.Stage;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceHost;
import org.dsp.spi.Services;
import org.dsp.spi.TenantContext;
import org.osgi.service.component.annotations.Component;

/**
 * Service chaining for overlay tenants: the {@code chains} section's ordered steps per traffic
 * class - built-in services in the DSN pass of the workload, service functions (workloads of the
 * tenant) reached through the overlay with the hop in the tunnel key, replies through the same
 * instance (docs/chaining.md). Steering runs after policy and commit, in the overlay's tables.
 */
@Component(immediate = true, service = ServiceApp.class)
public class ChainApp implements ServiceApp {
    /** The service's name (also the purpose of its steering key). */
    public static final String NAME = "chain";
    /** The hop placement a packet is being dispatched to, its dispatch id on this DSN (per packet; 0: none; 16 bits, so ids from names rarely collide). */
    public static final LogicalField HOP = LogicalField.service(NAME, "hop", 16, false);
    /** The instance slot a connection hashed to (per packet). */
    public static final LogicalField SLOT = LogicalField.service(NAME, "slot", 4, false);
    /** Marks, in conntrack, a connection whose first packet a chain steered (only those are steered after it). */
    public static final LogicalField PINNED = LogicalField.label(NAME, "pinned", 1);
    /**
     * In conntrack at the sender's DSN: the steering index of the instance a connection of a chain
     * with one function step is pinned to (0: none yet; docs/chaining.md, "Pinned to an instance");
     * where both ends share a DSN, for both directions.
     */
    public static final LogicalField OUT = LogicalField.label(NAME, "out", 8);
    /** In conntrack at the receiver's DSN: the steering index of the instance its replies are pinned to (0: none yet). */
    public static final LogicalField BACK = LogicalField.label(NAME, "back", 8);
    /** Set on a packet a chain delivers to its destination (whose DSN marks its connection as chained). */
    public static final LogicalField ARRIVED = LogicalField.service(NAME, "arrived", 1, false);
    /**
     * At the receiver's DSN, the steering index of the instance a packet of a chain with one function
     * step was delivered from (per packet; 0: none): its connection's replies are pinned to it, so the
     * receiver follows the sender's choice.
     */
    public static final LogicalField VIA = LogicalField.service(NAME, "via", 8, false);
    /**
     * Set on a packet that a firewall tier its class decides late denied at the sender's DSN (per
     * packet, from the deny stage to the dispatch): it is steered through the functions before that
     * tier, and dropped as it comes back from the last (docs/chaining.md, "A step per firewall tier").
     */
    public static final LogicalField DOOM = LogicalField.service(NAME, "doom", 1, false);
    /** The purpose of the tenant's key of doomed packets' tunnel ids (allocated only for a tenant with late firewall tiers). */
    public static final String DOOMED = NAME + "-doom";
    /** The purpose of the tenant's second steering key: the delivery ids that name the instance a delivered packet came from. */
    public static final String DELIVERY = NAME + "-delivery";
    /** The owner kind of the chains' flows. */
    public static final Owner.Kind CHAIN = Owner.Kind.of(28, "chain");
    /** The punt kind of the flows that send instances' answers to their health probes here. */
    public static final Owner.Kind PUNT = Owner.Kind.of(44, "chain-punt");

    private final ChainHealth health = new ChainHealth();
    private final ChainLoad load = new ChainLoad();
    private final Map<String, ChainCompiler.Explained> explained = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile ServiceHost host;
    private volatile Set<String> onClassPath;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String app() {
        return "org.dsp.chain";
    }

    /**
     * The chains' step 2 for the OVS driver ({@link org.dsp.chain.ovs.ChainTranslator}): steering,
     * dispatch, the instances' return paths and the late tiers' doomed packets. Given when the driver
     * asks with its own interface.
     */
    @Override
    public <T> T translation(Class<T> api) {
        return api == org.dsp.driver.ovs.ServiceTranslator.class ? api.cast(new org.dsp.chain.ovs.ChainTranslator()) : null;
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return List.of(new ChainCodec(this::active));
    }

    /** The services a built-in step may name: the host's active ones, else (no host: the CLI) those on the class path. */
    private Set<String> active() {
        ServiceHost h = host;
        if (h != null && h.services() != null) {
            return h.services();
        }
        Set<String> out = onClassPath;
        if (out == null) { // found once: the class path does not change
            Set<String> names = new TreeSet<>();
            Services.discovered().apps().forEach(a -> names.add(a.name()));
            out = java.util.Collections.unmodifiableSet(names);
            onClassPath = out;
        }
        return out;
    }

    @Override
    public List<Stage> stages() {
        return List.of();
    }

    @Override
    public List<LogicalField> fields() {
        return List.of(HOP, SLOT, PINNED, ARRIVED, OUT, BACK, VIA, DOOM);
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return List.of(CHAIN, PUNT);
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return new ChainCompiler(health, load, explained);
    }

    @Override
    public void bind(ServiceHost h) {
        host = h;
        health.start(h);
        load.start(h);
    }

    @Override
    public void unbind() {
        health.stop();
        load.stop();
        host = null;
    }

    @Override
    public void packetIn(org.onosproject.net.DeviceId dsn, long inPort, long cookie, byte[] frame) {
        try {
            health.answer(dsn, inPort, org.onlab.packet.Ethernet.deserializer().deserialize(frame, 0, frame.length));
        } catch (org.onlab.packet.DeserializationException | RuntimeException e) {
            // not a probe's answer
        }
    }

    /**
     * {@code explain} with {@code from}, {@code to} (endpoint names) and optionally {@code service}
     * ({@code tcp/5432}): the path a connection would take through the tenant's chains as the latest
     * compile placed them, with the DSNs' tunnel endpoints (the encrypted ones for an encrypted
     * class) and the fabric distances as the core knows them now.
     */
    @Override
    public Map<String, Object> query(String tenantId, String name, Map<String, String> params) {
        ChainCompiler.Explained e = explained.get(tenantId);
        if (!"explain".equals(name) || e == null) {
            return null;
        }
        for (String p : List.of("from", "to")) {
            if (params.get(p) == null || params.get(p).isEmpty()) {
                throw new IllegalArgumentException("query parameter '" + p + "' (an endpoint's name) is required");
            }
        }
        int[] svc = ChainExplain.parseService(params.get("service"));
        ServiceHost h = host;
        java.util.function.Predicate<org.onosproject.net.DeviceId> plain = h == null ? null : h.tunnelled(false);
        java.util.function.Predicate<org.onosproject.net.DeviceId> sealed = h == null ? null : h.tunnelled(true);
        java.util.function.BiPredicate<org.onosproject.net.DeviceId, Boolean> tunnelled = (d, encrypted) -> {
            java.util.function.Predicate<org.onosproject.net.DeviceId> p = encrypted ? sealed : plain;
            return p == null || p.test(d); // a host that does not tell: every DSN
        };
        return ChainExplain.explain(e.paths, e.where, tunnelled, h == null ? ServicePlacement.Distance.UNKNOWN : h.distances(),
                params.get("from"), params.get("to"), svc[0], svc[1]);
    }

    /** The instances' health (up, checks completed) and load as metrics. */
    @Override
    public java.util.List<org.dsp.spi.ServiceMetric> metrics(String tenantId) {
        java.util.List<org.dsp.spi.ServiceMetric> out = new java.util.ArrayList<>(health.metrics(tenantId));
        out.addAll(load.metrics(tenantId));
        return out;
    }

    /** The tenant's service-function instances, their health and load. */
    @Override
    public java.util.Map<String, Object> state(String tenantId) {
        java.util.List<java.util.Map<String, Object>> instances = health.state(tenantId);
        instances.forEach(m -> m.putAll(load.state(tenantId, String.valueOf(m.get("instance")))));
        return instances.isEmpty() ? java.util.Map.of() : java.util.Map.of("instances", instances);
    }
}
