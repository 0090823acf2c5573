package org.dsp.app.rest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.ProgrammedFlow;
import org.dsp.app.api.RealizationLatency;
import org.dsp.app.api.TenantService;
import org.dsp.app.api.TenantStatus;
import org.dsp.spi.ServiceMetric;
import org.onlab.osgi.DefaultServiceDirectory;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowRuleService;

/**
 * {@code /metrics}: DSP's metrics in Prometheus's text format, for platform admins and auditors
 * (a scraper logs in as an auditor: Basic, or a token). Per DSN and table, the packets and bytes
 * of the flows of each owner (a tenant's rule, endpoint, service object) as the switches count
 * them (read by the flow audits: as fresh as the last one); flows per tenant and DSN; realization
 * states and the latency histogram (submit to confirmation); DSN connection state. The runtime
 * may add its own (the node: reconciliation counts), and every active service its own families of
 * each tenant ({@code ServiceApp.metrics}: the load balancer's backend health).
 */
@Path("metrics")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
public class MetricsResource {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MetricsResource.class);
    private final TenantService service;
    private final FlowRuleService flowRules;
    private final DeviceService devices;
    private final List<Consumer<PrometheusText>> more;

    /** For ONOS's web container. */
    public MetricsResource() {
        this(DefaultServiceDirectory.getService(TenantService.class), DefaultServiceDirectory.getService(FlowRuleService.class),
                DefaultServiceDirectory.getService(DeviceService.class), List.of());
    }

    /** For the standalone node and tests; {@code more} add the runtime's own metrics. */
    public MetricsResource(TenantService service, FlowRuleService flowRules, DeviceService devices,
                           List<Consumer<PrometheusText>> more) {
        this.service = service;
        this.flowRules = flowRules;
        this.devices = devices;
        this.more = List.copyOf(more);
    }

    /** Returns every metric. */
    @GET
    @Produces({"text/plain", "*/*"})
    public Response get(@Context SecurityContext sc) {
        Caller.of(sc).mayReadPlatform();
        return Response.ok(render(), PrometheusText.CONTENT_TYPE).build();
    }

    /** The metrics text (package-visible for tests). */
    String render() {
        PrometheusText p = new PrometheusText();
        Set<String> tenants = new TreeSet<>(service.tenants());
        Map<String, Map<DeviceId, List<ProgrammedFlow>>> compiled = new TreeMap<>();
        for (String t : tenants) {
            compiled.put(t, service.flows(t)); // once: the counters and the flow counts read the same
        }
        flowCounters(p, compiled);
        p.family("dsp_tenant_flows", "gauge", "Flows DSP compiled for a tenant on a DSN.");
        compiled.forEach((t, byDsn) -> byId(byDsn).forEach((d, flows) ->
                p.sample("dsp_tenant_flows", labels("tenant", t, "dsn", d.toString()), flows.size())));
        p.family("dsp_dsn_flows", "gauge", "Flows DSP wants on a DSN: every tenant's and the pipeline's.");
        byId(service.dsnFlowCounts()).forEach((d, n) -> p.sample("dsp_dsn_flows", labels("dsn", d.toString()), n));
        p.family("dsp_realization_state", "gauge", "1 for a tenant's current realization state on a DSN (PENDING, INSTALLED, FAILED).");
        for (String t : tenants) {
            TenantStatus s = service.status(t);
            if (s != null) {
                byId(s.dsns()).forEach((d, ds) -> p.sample("dsp_realization_state",
                        labels("tenant", t, "dsn", d.toString(), "state", ds.state().name()), 1));
            }
        }
        latency(p, service.realizationLatency());
        p.family("dsp_dsn_connected", "gauge", "1 when the DSN's (or fabric switch's) control connection is up, else 0.");
        List<Device> all = new ArrayList<>();
        devices.getDevices().forEach(all::add);
        all.sort(java.util.Comparator.comparing(d -> d.id().toString()));
        for (Device d : all) {
            p.sample("dsp_dsn_connected", labels("dsn", d.id().toString()), devices.isAvailable(d.id()) ? 1 : 0);
        }
        more.forEach(m -> m.accept(p));
        serviceMetrics(p, tenants);
        return p.toString();
    }

    /** Packets and bytes per DSN, table and owner: the switches' counters of the flows DSP compiled ({@link OwnerCounters}). */
    private void flowCounters(PrometheusText p, Map<String, Map<DeviceId, List<ProgrammedFlow>>> compiled) {
        // one sum per DSN, table and owner, so one sample each; sorted by the labels' text, as scrapes always were
        Map<String, Map.Entry<Map<String, String>, OwnerCounters.Sum>> byLabels = new TreeMap<>();
        for (OwnerCounters.Sum s : OwnerCounters.of(compiled, flowRules)) {
            int slash = s.owner.indexOf('/');
            Map<String, String> l = labels("dsn", s.dsn, "table", Integer.toString(s.table),
                    "tenant", slash < 0 ? "" : s.owner.substring(0, slash), "owner", slash < 0 ? s.owner : s.owner.substring(slash + 1));
            byLabels.put(l.toString(), Map.entry(l, s));
        }
        p.family("dsp_flow_packets_total", "counter", "Packets the DSN counted on the flows of an owner (tenant/kind/name) in a table.");
        byLabels.values().forEach(e -> p.sample("dsp_flow_packets_total", e.getKey(), e.getValue().packets()));
        p.family("dsp_flow_bytes_total", "counter", "Bytes the DSN counted on the flows of an owner (tenant/kind/name) in a table.");
        byLabels.values().forEach(e -> p.sample("dsp_flow_bytes_total", e.getKey(), e.getValue().bytes()));
    }

    private static void latency(PrometheusText p, RealizationLatency l) {
        p.family("dsp_realization_seconds", "histogram", "Time from a change's submission to the DSN's confirmation of it (barrier).");
        long[] c = l.cumulative();
        for (int i = 0; i < c.length; i++) {
            p.sample("dsp_realization_seconds_bucket", labels("le", Double.toString(RealizationLatency.BOUNDS[i])), c[i]);
        }
        p.sample("dsp_realization_seconds_bucket", labels("le", "+Inf"), l.count());
        p.sample("dsp_realization_seconds_sum", Map.of(), l.sumSeconds());
        p.sample("dsp_realization_seconds_count", Map.of(), l.count());
    }

    /**
     * The families the active services report ({@code ServiceApp.metrics}), after the core's and
     * the runtime's: each tenant's samples get its {@code tenant} label first. A family named for
     * another service, named as one already written, or reported with a different type or help for
     * another tenant is left out and logged (once per scrape).
     */
    private void serviceMetrics(PrometheusText p, Set<String> tenants) {
        Map<String, ServiceMetric> first = new TreeMap<>(); // by family name: its type and help, as first reported
        Map<String, List<Map.Entry<String, ServiceMetric.Sample>>> samples = new HashMap<>();
        Set<String> refused = new TreeSet<>(); // "service: family", for the log
        Set<String> left = new java.util.HashSet<>(); // the families left out
        for (String t : tenants) {
            service.serviceMetrics(t).forEach((svc, families) -> {
                for (ServiceMetric m : families) {
                    ServiceMetric seen = first.putIfAbsent(m.name(), m);
                    if (!m.belongsTo(svc) || p.has(m.name())
                            || (seen != null && (seen.type() != m.type() || !seen.help().equals(m.help())))) {
                        refused.add(svc + ": " + m.name());
                        left.add(m.name());
                        continue;
                    }
                    List<Map.Entry<String, ServiceMetric.Sample>> l = samples.computeIfAbsent(m.name(), k -> new ArrayList<>());
                    m.samples().forEach(x -> l.add(Map.entry(t, x)));
                }
            });
        }
        if (!refused.isEmpty()) {
            LOG.warn("metric families left out (named for another service or the core, or reported twice differently): {}", refused);
        }
        first.forEach((name, m) -> {
            if (left.contains(name)) {
                return;
            }
            p.family(name, m.type().text(), m.help());
            for (Map.Entry<String, ServiceMetric.Sample> e : samples.getOrDefault(name, List.of())) {
                Map<String, String> l = labels("tenant", e.getKey());
                l.putAll(e.getValue().labels());
                p.sample(name, l, e.getValue().value());
            }
        });
    }

    /** The map sorted by device id (DeviceId is not Comparable). */
    public static <V> Map<DeviceId, V> byId(Map<DeviceId, V> m) {
        Map<DeviceId, V> sorted = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        sorted.putAll(m);
        return sorted;
    }

    /** Labels in the order given. */
    public static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
