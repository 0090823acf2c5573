package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsp.app.api.ProgrammedFlow;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleServiceAdapter;

/**
 * The Prometheus text of {@code /metrics}: the switches' counters of a rule's flows land on that
 * rule (per DSN and table), summed over its flows, and on no other owner; flows per tenant and DSN
 * and the realization histogram agree with the manager; the format is Prometheus's (HELP and TYPE
 * per family, escaped labels, cumulative buckets up to +Inf).
 */
class MetricsResourceTest {
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    private DspManager manager;
    private RecordingFlowRules flows;

    @BeforeEach
    void start() throws Exception {
        flows = new RecordingFlowRules();
        manager = TestManagers.active(flows);
        manager.apply(manager.parse(Files.readString(Path.of("../../examples/three-tier.json"))));
    }

    @AfterEach
    void stop() {
        TestManagers.stop(manager);
    }

    @Test
    void countersLandOnTheirRulesAndTheFormatIsPrometheus() {
        // the switch counted 7 packets (100 bytes each) on every flow of DSN 2 owned by rule db-in
        List<FlowRule> counted = new ArrayList<>();
        int ruleFlows = 0;
        for (ProgrammedFlow f : manager.flows("acme").get(D2)) {
            if (f.owners().contains("acme/rule/db-in")) {
                ruleFlows++;
            }
        }
        assertTrue(ruleFlows > 0, "the example has flows of db-in on DSN 2");
        FlowRuleServiceAdapter stats = new FlowRuleServiceAdapter() {
            @Override
            public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
                List<FlowEntry> out = new ArrayList<>();
                for (FlowRule r : flows.installed.getOrDefault(deviceId, Map.of()).keySet()) {
                    boolean mine = deviceId.equals(D2) && owned(r, "acme/rule/db-in");
                    out.add(new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED, 5, java.util.concurrent.TimeUnit.SECONDS,
                            mine ? 7 : 0, mine ? 700 : 0));
                    if (mine) {
                        counted.add(r);
                    }
                }
                return out;
            }
        };
        String text = new MetricsResource(manager, stats, new DeviceServiceAdapter(), List.of()).render();
        long packets = 0;
        Matcher m = Pattern.compile("(?m)^dsp_flow_packets_total\\{dsn=\"of:0000000000000002\",table=\"(\\d+)\",tenant=\"acme\","
                + "owner=\"rule/db-in\"} (\\d+)$").matcher(text);
        while (m.find()) {
            packets += Long.parseLong(m.group(2));
        }
        assertEquals(7L * counted.size(), packets, text);
        assertTrue(counted.size() > 0);
        Matcher other = Pattern.compile("(?m)^dsp_flow_packets_total\\{[^}]*owner=\"(?!rule/db-in\")[^\"]*\"} ([1-9]\\d*)$").matcher(text);
        // an owner sharing a flow with db-in counts too (merged flows); none may count more than those flows
        while (other.find()) {
            assertTrue(Long.parseLong(other.group(1)) <= 7L * counted.size(), other.group());
        }
        assertTrue(text.contains("# TYPE dsp_flow_packets_total counter\n"), text);
        assertTrue(text.contains("dsp_tenant_flows{tenant=\"acme\",dsn=\"of:0000000000000002\"} "
                + manager.flows("acme").get(D2).size() + "\n"), text);
        assertTrue(text.contains("dsp_realization_state{tenant=\"acme\",dsn=\"of:0000000000000002\",state=\"INSTALLED\"} 1\n"), text);
        long count = manager.realizationLatency().count();
        assertTrue(count >= 2, "both DSNs confirmed: " + manager.realizationLatency());
        assertTrue(text.contains("dsp_realization_seconds_bucket{le=\"+Inf\"} " + count + "\n"), text);
        assertTrue(text.contains("dsp_realization_seconds_count " + count + "\n"), text);
    }

    private boolean owned(FlowRule r, String owner) {
        for (ProgrammedFlow f : manager.flows("acme").get(D2)) {
            if (f.cookie() == (r.id().value() & 0xFFFF_FFFF_FFFFL) && f.priority() == r.priority() && f.table() == r.tableId() && f.owners().contains(owner)) {
                return true;
            }
        }
        return false;
    }

    private static final FlowRuleServiceAdapter NO_COUNTS = new FlowRuleServiceAdapter() {
        @Override
        public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
            return List.of();
        }
    };

    /** A service that reports metrics of every tenant: its own, one named for another service, one named as the core's. */
    private static final class Reporting implements org.dsp.spi.ServiceApp {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public String app() {
            return "org.dsp.test.probe";
        }

        @Override
        public List<org.dsp.spi.SectionCodec<?>> sections() {
            return List.of();
        }

        @Override
        public List<org.dsp.ir.Stage> stages() {
            return List.of();
        }

        @Override
        public org.dsp.spi.ServiceCompiler compiler(org.dsp.spi.TenantContext tenant) {
            return new org.dsp.spi.ServiceCompiler() {
                @Override
                public org.dsp.spi.ServiceDelta update(org.dsp.spi.TenantContext context) {
                    return org.dsp.spi.ServiceDelta.none();
                }

                @Override
                public org.dsp.spi.ServiceDelta clear() {
                    return org.dsp.spi.ServiceDelta.none();
                }
            };
        }

        @Override
        public List<org.dsp.spi.ServiceMetric> metrics(String tenantId) {
            return List.of(org.dsp.spi.ServiceMetric.gauge("dsp_probe_up", "1 when \"it\" is up.")
                            .sample(1, "target", "web-1").sample(0, "target", "we\"b-2").build(),
                    org.dsp.spi.ServiceMetric.counter("dsp_lb_checks_total", "another service's").sample(3).build(),
                    org.dsp.spi.ServiceMetric.gauge("dsp_probe_x", "x").sample(1).build());
        }
    }

    @Test
    void servicesAddTheirOwnFamiliesWithTheTenantLabelFirst() throws Exception {
        TestManagers.serviceCame(manager, new Reporting());
        String text = new MetricsResource(manager, NO_COUNTS, new DeviceServiceAdapter(), List.of()).render();
        assertTrue(text.contains("# HELP dsp_probe_up 1 when \"it\" is up.\n# TYPE dsp_probe_up gauge\n"
                + "dsp_probe_up{tenant=\"acme\",target=\"web-1\"} 1\n"
                + "dsp_probe_up{tenant=\"acme\",target=\"we\\\"b-2\"} 0\n"), text);
        assertTrue(text.contains("dsp_probe_x{tenant=\"acme\"} 1\n"), text);
        assertTrue(!text.contains("dsp_lb_checks_total"), "a family named for another service is left out: " + text);
        assertEquals(1, text.split("# TYPE dsp_probe_up ", -1).length - 1, "one family header");
        manager.apply(manager.parse("{\"tenant\": {\"id\": \"beta\"}}"));
        text = new MetricsResource(manager, NO_COUNTS, new DeviceServiceAdapter(), List.of()).render();
        assertEquals(1, text.split("# TYPE dsp_probe_up ", -1).length - 1, "one family header for two tenants: " + text);
        assertTrue(text.contains("dsp_probe_up{tenant=\"beta\",target=\"web-1\"} 1\n"), text);
    }

    @Test
    void aServicesMetricCannotTakeTheTenantLabelOrABadName() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.dsp.spi.ServiceMetric.gauge("dsp_probe_up", "h").sample(1, "tenant", "globex"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.dsp.spi.ServiceMetric.gauge("dsp-probe up", "h"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.dsp.spi.ServiceMetric.gauge("dsp_probe_up", "h").sample(1, "a", "1", "a", "2"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.dsp.spi.ServiceMetric.counter("dsp_probe_checks", "a counter ends in _total"));
        assertTrue(org.dsp.spi.ServiceMetric.gauge("dsp_lb_backend_up", "h").build().belongsTo("lb"));
        assertTrue(!org.dsp.spi.ServiceMetric.gauge("dsp_lb_backend_up", "h").build().belongsTo("nat"));
    }

    @Test
    void labelValuesAreEscaped() {
        String t = new PrometheusText().family("x", "gauge", "h").sample("x", MetricsResource.labels("a", "q\"b\\c\nd"), 1.5).toString();
        assertEquals("# HELP x h\n# TYPE x gauge\nx{a=\"q\\\"b\\\\c\\nd\"} 1.5\n", t);
    }
}
