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

    @Test
    void labelValuesAreEscaped() {
        String t = new PrometheusText().family("x", "gauge", "h").sample("x", MetricsResource.labels("a", "q\"b\\c\nd"), 1.5).toString();
        assertEquals("# HELP x h\n# TYPE x gauge\nx{a=\"q\\\"b\\\\c\\nd\"} 1.5\n", t);
    }
}
