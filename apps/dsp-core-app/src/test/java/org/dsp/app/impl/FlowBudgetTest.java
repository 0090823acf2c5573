package org.dsp.app.impl;

import org.dsp.firewall.Firewall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsp.app.api.DryRun;
import org.dsp.app.api.DsnLoad;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.StaleVersionException;
import org.dsp.app.api.TenantRecord;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * The flow budget and admission: a document is compiled and measured before it is stored; one over
 * the per-DSN or per-tenant limit is refused whole (400 FLOW_BUDGET naming the DSN and the count),
 * and a refused or stale document leaves the compiled state and the switches exactly as they were.
 */
class FlowBudgetTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");

    private DspManager manager;
    private final RecordingFlowRules flows = new RecordingFlowRules();

    @AfterEach
    void stop() {
        if (manager != null) {
            manager.deactivate();
        }
    }

    private static TenantDocument doc(String name) throws Exception {
        return TenantDocumentCodec.decode(Files.readString(Path.of("../../examples/" + name)));
    }

    private void start(int perDsn, int perTenant) {
        manager = TestManagers.active(flows, new SharedStorageService(), TestManagers.connected(),
                new org.onosproject.net.link.LinkServiceAdapter(), new FlowBudget(perDsn, perTenant));
    }

    @Test
    void aDocumentOverTheDsnLimitIsRefusedAndChangesNothing() throws Exception {
        start(90, 1_000_000);
        TenantRecord acme = manager.apply(doc("three-tier.json"));
        Map<DeviceId, Integer> counts = manager.dsnFlowCounts();
        Map<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> acmeFlows = manager.flows("acme");
        int batches = flows.batches.size();
        // globex adds its flows to the DSNs acme already uses: one of them goes over 90
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> manager.apply(doc("globex.json")));
        assertEquals(ErrorCode.FLOW_BUDGET, e.errors().get(0).code());
        String reason = e.errors().get(0).reason();
        assertTrue(reason.matches("DSN of:000000000000000[12] would hold \\d+ flows \\(\\d+ of them this tenant's\\), over the "
                + "limit of 90 flows per DSN \\(dsp.flows.maxPerDsn\\)"), reason);
        assertNull(manager.tenant("globex"), "nothing stored");
        assertNull(manager.status("globex"));
        assertEquals(batches, flows.batches.size(), "nothing sent");
        assertEquals(counts, manager.dsnFlowCounts(), "the compiled programs are as before");
        assertEquals(acmeFlows, manager.flows("acme"));
        // acme itself can still change
        manager.apply(acme.document());
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
    }

    @Test
    void aTenantOverItsLimitIsRefused() throws Exception {
        start(1_000_000, 50);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> manager.apply(doc("three-tier.json")));
        assertEquals(ErrorCode.FLOW_BUDGET, e.errors().get(0).code());
        assertTrue(e.errors().get(0).reason().contains("over the limit of 50 flows per tenant"), e.errors().get(0).reason());
        assertEquals(Map.of(), manager.dsnFlowCounts(), "a refused first document leaves no program");
        assertEquals(0, flows.count());
    }

    @Test
    void dryRunReportsLoadsAndRefusesWhatApplyWould() throws Exception {
        start(1_000_000, 1_000_000);
        DryRun run = manager.dryRun(doc("three-tier.json"));
        assertEquals(run.changes().keySet(), run.loads().keySet());
        for (Map.Entry<DeviceId, DsnLoad> e : run.loads().entrySet()) {
            DsnLoad l = e.getValue();
            assertEquals(run.changes().get(e.getKey()).adds().size(), l.dsnFlows(), "a first tenant: every flow is new");
            assertTrue(l.tenantFlows() > 0 && l.tenantFlows() < l.dsnFlows(), "tenant flows exclude the pipeline's");
            assertTrue(l.largestMessage() > 56 && l.largestMessage() < 2000, "largest message " + l.largestMessage());
        }
        assertEquals(Map.of(), manager.dsnFlowCounts(), "a dry run compiles nothing in");
        TenantRecord r = manager.apply(doc("three-tier.json"));
        assertEquals(run.loads().get(D1).tenantFlows(), manager.status("acme").dsns().get(D1).load().tenantFlows());
        assertEquals(r.version(), manager.status("acme").version());
        manager.deactivate();
        manager = null;
        start(10, 1_000_000);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> manager.dryRun(doc("three-tier.json")));
        assertEquals(ErrorCode.FLOW_BUDGET, e.errors().get(0).code());
    }

    @Test
    void aStaleVersionTakesTheCompiledChangeBack() throws Exception {
        start(1_000_000, 1_000_000);
        TenantRecord r = manager.apply(doc("three-tier.json"));
        manager.apply(r.document()); // someone else updated it
        Map<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> before = manager.flows("acme");
        TenantDocument.Builder b = r.document().toBuilder();
        Firewall.rules(r.document(), org.dsp.firewall.model.Tier.TENANT).forEach(x -> Firewall.removeRule(b, x.name()));
        TenantDocument changed = b.build();
        assertThrows(StaleVersionException.class, () -> manager.apply(changed));
        assertEquals(before, manager.flows("acme"), "the stale document's rules never entered the compiled state");
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
    }

    @Test
    void aFailedBatchNamesTheRulesOfTheRefusedFlows() throws Exception {
        start(1_000_000, 1_000_000);
        flows.failing.add(D2);
        manager.apply(doc("three-tier.json"));
        String reason = manager.status("acme").dsns().get(D2).reason();
        assertTrue(reason.startsWith("of:0000000000000002 refused "), reason);
        assertTrue(reason.contains("acme/rule/"), "names the rules: " + reason);
        assertTrue(reason.contains("nothing of the change was applied"), reason);
    }

    @Test
    void aFlowTooLargeForOneMessageIsRefusedNamingItsOwner() {
        Realizer realizer = new Realizer(org.dsp.driver.ovs.Inventory.empty(), org.dsp.driver.ovs.DsnTarget.OVS_NICIRA,
                org.dsp.spi.Services.discovered());
        List<org.dsp.driver.ovs.DsnAction> conj = new java.util.ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            conj.add(org.dsp.driver.ovs.DsnAction.conjunction(i + 1, 1, 2));
        }
        DsnFlow huge = new DsnFlow(new DsnFlow.Key(org.dsp.driver.ovs.Table.byNumber(21), 2000,
                org.dsp.driver.ovs.DsnMatch.builder().reg(org.dsp.driver.ovs.Registers.DST_PORT, 1).build()),
                conj, 0x1234000000000401L, List.of("perf/rule/r1"));
        Realizer.Admission a = new Realizer.Admission("perf", null, 0, Map.of(D1,
                new org.dsp.driver.ovs.FlowDelta(D1, List.of(huge), List.of(), List.of())));
        Map<DeviceId, DsnLoad> loads = FlowBudget.loads("perf", a, realizer);
        assertTrue(loads.get(D1).largestMessage() > 80_000, "5,000 conjunction actions: " + loads.get(D1).largestMessage());
        List<org.dsp.codec.ValidationError> errors = new FlowBudget(1_000_000, 1_000_000).check("perf", a, loads, realizer);
        assertEquals(1, errors.size());
        assertEquals(ErrorCode.MESSAGE_TOO_LARGE, errors.get(0).code());
        assertTrue(errors.get(0).reason().contains("perf/rule/r1") && errors.get(0).reason().contains("65,511"),
                errors.get(0).reason());
    }

    @Test
    void aDocumentOverTheTenantLimitsIsRefusedUpFrontNamingTheLimit() throws Exception {
        start(1_000_000, 1_000_000);
        manager.limits = new DocumentLimits(3, 10_000, 1_000);
        org.dsp.codec.InvalidDocumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.dsp.codec.InvalidDocumentException.class, () -> manager.apply(doc("three-tier.json")));
        assertEquals("$.endpoints", e.errors().get(0).path());
        assertEquals(org.dsp.codec.ErrorCode.TOO_MANY, e.errors().get(0).code());
        assertTrue(e.errors().get(0).reason().contains("4 endpoints; a tenant may have at most 3 (dsp.limits.endpointsPerTenant)"),
                e.errors().get(0).reason());
        assertEquals(0, flows.count(), "nothing compiled or sent");
        org.junit.jupiter.api.Assertions.assertThrows(org.dsp.codec.InvalidDocumentException.class,
                () -> manager.dryRun(doc("three-tier.json")));
    }

    @Test
    void theNodesLimitsCountEveryTenant() throws Exception {
        start(1_000_000, 1_000_000);
        manager.limits = new DocumentLimits(10_000, 10_000, 1_000, 2, 5, 100); // acme 4 + globex 2 endpoints: over 5
        manager.apply(doc("three-tier.json")); // 4 endpoints
        org.dsp.codec.InvalidDocumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.dsp.codec.InvalidDocumentException.class, () -> manager.apply(doc("globex.json")));
        assertTrue(e.errors().get(0).reason().contains("the node would hold") && e.errors().get(0).reason().contains("at most 5"),
                e.errors().toString());
        assertEquals(null, manager.tenant("globex"), "nothing stored");
        manager.apply(doc("three-tier.json")); // a changed tenant replaces its own count
    }

    @Test
    void theNodesTenantAndGroupLimitsAreRefusedNamingTheLimit() throws Exception {
        start(1_000_000, 1_000_000);
        int acmeGroups = doc("three-tier.json").groups().size();
        manager.limits = new DocumentLimits(10_000, 10_000, 1_000, 1, 1_000, 1_000); // one tenant
        manager.apply(doc("three-tier.json"));
        org.dsp.codec.InvalidDocumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.dsp.codec.InvalidDocumentException.class, () -> manager.apply(doc("globex.json")));
        assertEquals("$.tenant.id", e.errors().get(0).path(), e.errors().toString());
        assertTrue(e.errors().get(0).reason().contains("at most 1 (" + DocumentLimits.NODE_TENANTS + ")"), e.errors().toString());
        assertEquals(null, manager.tenant("globex"), "nothing stored");
        manager.apply(doc("three-tier.json")); // the tenant itself may still change

        manager.limits = new DocumentLimits(10_000, 10_000, 1_000, 10, 1_000, acmeGroups); // acme's groups fill the node
        e = org.junit.jupiter.api.Assertions.assertThrows(org.dsp.codec.InvalidDocumentException.class,
                () -> manager.apply(doc("globex.json")));
        assertEquals("$.groups", e.errors().get(0).path(), e.errors().toString());
        assertTrue(e.errors().get(0).reason().contains("at most " + acmeGroups + " (" + DocumentLimits.NODE_GROUPS + ")"),
                e.errors().toString());
        assertEquals(null, manager.tenant("globex"), "nothing stored");
    }
}
