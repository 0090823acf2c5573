package org.dsp.app.impl;

import org.dsp.firewall.Firewall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.StaleVersionException;
import org.dsp.app.api.TenantEvent;
import org.dsp.app.api.TenantRecord;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.firewall.model.Rule;
import org.dsp.model.TenantDocument;
import org.dsp.firewall.model.Tier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.TestApplicationId;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleServiceAdapter;
import org.onosproject.net.link.LinkServiceAdapter;

/** The DSP core component with ONOS 2.7.0 test adapters: what it stores and which FlowRules it applies. */
class DspManagerTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");

    private DspManager manager;
    private RecordingFlowRules flows;
    private final List<TenantEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Events arrive on their own thread, in order: waits (bounded) for one. */
    private static void await(String what, java.util.function.BooleanSupplier check) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!check.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    static TenantDocument example() throws IOException {
        return TenantDocumentCodec.decode(Files.readString(Path.of("../../examples/three-tier.json")));
    }

    @BeforeEach
    void setUp() {
        flows = new RecordingFlowRules();
        manager = TestManagers.active(flows);
        manager.addListener(events::add);
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    private static String uncookied(String text) {
        return text.replaceAll("cookie=0x[0-9a-f]+,", "");
    }

    /** The flows the manager says each DSN should hold, as ovs-ofctl text without cookies (the app id is stamped when sent). */
    private Map<DeviceId, Set<String>> wanted(String tenant) {
        Map<DeviceId, Set<String>> out = new HashMap<>();
        manager.flows(tenant).forEach((d, fs) -> fs.forEach(f -> out.computeIfAbsent(d, k -> new HashSet<>()).add(uncookied(f.text()))));
        return out;
    }

    /** The flows installed on a DSN, in the same form. */
    private Set<String> installed(DeviceId d) {
        Set<String> out = new HashSet<>();
        flows.installed.getOrDefault(d, Map.of()).keySet().forEach(r -> out.add(uncookied(FlowRuleTranslator.fromFlowRule(r).render())));
        return out;
    }

    @Test
    void applyStoresCompilesAndProgramsEveryDsn() throws Exception {
        TenantRecord r = manager.apply(example());
        assertTrue(r.version() > 0);
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
        Map<DeviceId, Integer> counts = manager.dsnFlowCounts();
        assertEquals(Set.of(D1, D2), counts.keySet());
        assertEquals(counts.get(D1) + counts.get(D2), flows.count());
        for (Map.Entry<DeviceId, Set<String>> e : wanted("acme").entrySet()) {
            assertTrue(installed(e.getKey()).containsAll(e.getValue()));
        }
        await("TENANT_REALIZED", () -> events.stream().anyMatch(e -> e.type() == TenantEvent.Type.TENANT_REALIZED
                && e.subject().equals("acme")));
    }

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void aListenerMayReadStatusFromTheEventWithoutDeadlock() throws Exception {
        List<RealizationState> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> on = new java.util.concurrent.CopyOnWriteArrayList<>();
        manager.addListener(e -> {
            if (e.type() == TenantEvent.Type.TENANT_REALIZED) {
                on.add(Thread.currentThread());
                seen.add(manager.status(e.subject()).state()); // a read from a listener goes through the work queue
            }
        });
        manager.apply(example());
        await("the listener's read", () -> seen.contains(RealizationState.INSTALLED));
        assertTrue(on.stream().noneMatch(t -> t == manager.worker), "events are delivered off the work queue");
    }

    @Test
    void aRequestTheBusyCoreCannotReachInTimeIsWithdrawnAndAnsweredBusy() throws Exception {
        manager.callTimeoutMillis = 200;
        java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
        manager.queue.execute(() -> {
            try {
                hold.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            org.dsp.app.api.BusyException e = org.junit.jupiter.api.Assertions.assertThrows(org.dsp.app.api.BusyException.class,
                    () -> manager.apply(example()));
            assertTrue(!e.started() && e.getMessage().contains("withdrawn, nothing was done"), e.getMessage());
        } finally {
            hold.countDown();
        }
        manager.callTimeoutMillis = 120_000;
        assertEquals(null, manager.tenant("acme"), "the withdrawn request never ran");
        assertEquals(0, flows.count());
        assertTrue(manager.apply(example()).version() > 0, "the core serves again");
    }

    @Test
    void aChangeSendsOnlyTheDelta() throws IOException {
        TenantRecord r = manager.apply(example());
        manager.status("acme");
        int before = flows.batches.size();
        TenantDocument.Builder b = r.document().toBuilder();
        Rule old = Firewall.rules(r.document(), Tier.TENANT).get(4);
        Firewall.replaceRule(b, Rule.builder().name(old.name()).direction(old.direction()).appliedTo(old.appliedTo())
                .peer(old.peers().get(0)).service(org.dsp.firewall.model.Service.of(org.dsp.model.Protocol.TCP,
                        List.of(org.dsp.firewall.model.PortSpec.port(6432)))).action(old.action()).build());
        Map<DeviceId, org.dsp.app.api.FlowChanges> preview = manager.dryRun(b.build()).changes();
        assertEquals(Set.of(D2), preview.keySet());
        manager.apply(b.build());
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
        List<FlowRuleOperations> sent = flows.batches.subList(before, flows.batches.size());
        assertEquals(1, sent.size());
        int ops = sent.get(0).stages().stream().mapToInt(Set::size).sum();
        assertEquals(preview.get(D2).size(), ops);
        assertTrue(ops <= 4, "ops " + ops);
    }

    @Test
    void aStaleVersionChangesNothing() throws IOException {
        TenantRecord r = manager.apply(example());
        manager.apply(r.document()); // someone else updated it
        manager.status("acme");
        int before = flows.batches.size();
        StaleVersionException e = assertThrows(StaleVersionException.class, () -> manager.apply(r.document()));
        assertTrue(e.getMessage().contains("based on version " + r.version()));
        manager.status("acme");
        assertEquals(before, flows.batches.size());
    }

    /**
     * ONOS attributes a flow rule to the application whose id is its cookie's top 16 bits: every
     * rule DSP installs carries DSP's registered application id there, and the tenant key below it.
     */
    @Test
    void everyFlowRuleIsAttributedToDspsRegisteredApplication() throws Exception {
        manager.apply(example());
        int acme = org.dsp.compiler.Keys.tenantKey("acme");
        int rules = 0;
        int acmes = 0;
        for (Map<FlowRule, FlowRule> m : flows.installed.values()) {
            for (FlowRule f : m.keySet()) {
                assertEquals(TestManagers.APP_ID, f.appId(), "ONOS's owner of " + f);
                assertEquals(TestManagers.APP_ID, org.dsp.driver.ovs.Cookies.appId(f.id().value()));
                acmes += org.dsp.driver.ovs.Cookies.tenantKey(f.id().value()) == acme ? 1 : 0;
                rules++;
            }
        }
        assertTrue(rules > 50 && acmes > 50, rules + " rules, " + acmes + " of acme's key");
    }

    @Test
    void removingATenantRemovesExactlyItsFlows() throws IOException {
        manager.apply(example());
        TenantDocument other = TenantDocumentCodec.decode(Files.readString(Path.of("../../examples/globex.json")));
        manager.apply(other);
        manager.status("acme");
        Map<DeviceId, Set<String>> globex = wanted("globex");
        assertTrue(manager.remove("acme"));
        assertNull(manager.status("acme"));
        assertFalse(manager.tenants().contains("acme"));
        int expected = manager.dsnFlowCounts().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(expected, flows.count());
        for (Map.Entry<DeviceId, Set<String>> e : globex.entrySet()) {
            assertTrue(installed(e.getKey()).containsAll(e.getValue()));
        }
        for (Map<FlowRule, FlowRule> m : flows.installed.values()) {
            for (FlowRule f : m.keySet()) {
                assertTrue(org.dsp.driver.ovs.Cookies.tenantKey(FlowRuleTranslator.fromFlowRule(f).cookie())
                        != org.dsp.compiler.Keys.tenantKey("acme"), "acme flow left: " + f);
            }
        }
    }

    @Test
    void aRefusingDeviceMakesTheTenantFailed() throws IOException {
        flows.failing.add(D2);
        manager.apply(example());
        assertEquals(RealizationState.FAILED, manager.status("acme").state());
        assertEquals(RealizationState.INSTALLED, manager.status("acme").dsns().get(D1).state());
        assertTrue(manager.status("acme").dsns().get(D2).reason().contains("refused"));
    }

    @Test
    void deactivateRemovesEverythingItInstalled() throws IOException {
        manager.apply(example());
        manager.status("acme");
        assertTrue(flows.count() > 0);
        manager.deactivate();
        assertEquals(0, flows.count());
        setUp(); // for tearDown
    }

    @Test
    void storedTenantsAreRealizedOnActivation() throws IOException {
        manager.apply(example());
        manager.status("acme");
        int installed = flows.count();
        DspManager second = new DspManager();
        second.coreService = manager.coreService;
        second.storageService = manager.storageService;   // the same cluster store
        RecordingFlowRules other = new RecordingFlowRules();
        second.flowRuleService = other;
        second.groupService = new RecordingGroups();
        second.deviceService = manager.deviceService;
        second.linkService = manager.linkService;
        second.mastershipService = manager.mastershipService;
        second.queue = Executors.newSingleThreadExecutor();
        second.eventDispatcher(new TestEventDispatcher());
        org.dsp.spi.Services.discovered().apps().forEach(second::bindServiceApp); // SCR binds the service apps before activating
        second.activate();
        assertEquals(RealizationState.INSTALLED, second.status("acme").state());
        assertEquals(installed, other.count());
        second.deactivate();
    }

    @Test
    void putsRacingDeletesOfOneTenantNeverFail() throws Exception {
        TenantDocument doc = example();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                all.add(pool.submit(() -> {
                    try {
                        manager.apply(doc);
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }));
                all.add(pool.submit(() -> {
                    try {
                        manager.remove("acme");
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : all) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), unexpected, "every PUT and DELETE answered normally");
        manager.status("acme"); // settles the queue
        int expected = manager.dsnFlowCounts().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(expected, flows.count(), "the switches hold what the core compiled, whichever came last");
    }
}
