package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.app.api.NetworkService;
import org.dsp.app.api.NetworkServiceApp;
import org.dsp.app.api.RealizationState;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.ValidationError;
import org.dsp.driver.ovs.Cookies;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.ir.Owner;
import org.dsp.model.Posture;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The firewall and microsegmentation apps switch their document sections on and off: sections of
 * an inactive service are refused with a clear error; an app that goes away takes exactly the
 * flows of its sections with it, and coming back restores them; the stored document is never
 * touched.
 */
class NetworkServiceAppsTest {
    private final NetworkServiceApp firewall = () -> NetworkService.FIREWALL;
    private final NetworkServiceApp microseg = () -> NetworkService.MICROSEGMENTATION;
    private DspManager manager;
    private RecordingFlowRules flows;

    @BeforeEach
    void setUp() {
        flows = new RecordingFlowRules();
        manager = TestManagers.active(flows);
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    /**
     * The installed flows, each as its full rendering (table, priority, cookie, match and actions):
     * ONOS's FlowRule equality ignores treatment and cookie, so sets of FlowRules would not show a
     * changed action.
     */
    private Set<String> installed() {
        Set<String> all = new HashSet<>();
        flows.installed.forEach((d, m) -> m.keySet().forEach(r -> all.add(d + " " + FlowRuleTranslator.fromFlowRule(r).render())));
        return all;
    }

    private static Owner.Kind kind(String rendered) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("cookie=0x([0-9a-f]+)").matcher(rendered);
        if (!m.find()) {
            throw new AssertionError("no cookie in " + rendered);
        }
        return Cookies.kind(Long.parseUnsignedLong(m.group(1), 16));
    }

    @Test
    void sectionsOfAnInactiveServiceAreRefusedNamingTheFieldAndTheApp() throws IOException {
        TenantDocument doc = DspManagerTest.example();
        List<ValidationError> errors = ServiceSections.check(doc, Set.of());
        assertEquals(List.of("$.firewall", "$.tenant.defaultPosture"), errors.stream().map(ValidationError::path).collect(java.util.stream.Collectors.toList()));
        assertTrue(errors.stream().allMatch(e -> e.code() == ErrorCode.SERVICE_NOT_ACTIVE));
        assertTrue(errors.get(0).reason().contains("org.dsp.firewall is not active"), errors.get(0).reason());
        TenantDocument segmented = doc.toBuilder().segment(org.dsp.model.Segment.of("db-zone",
                doc.groups().keySet().iterator().next(), Posture.DEFAULT_DENY, Set.of(org.dsp.model.Direction.INGRESS))).build();
        assertEquals(List.of("$.segments", "$.tenant.defaultPosture"), ServiceSections.check(segmented,
                Set.of(NetworkService.FIREWALL)).stream().map(ValidationError::path).collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of(), ServiceSections.check(doc, Set.of(NetworkService.values())));
        manager.unbindNetworkServiceApp(firewall);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> manager.apply(doc));
        assertEquals(1, e.errors().size());
        assertEquals("$.firewall", e.errors().get(0).path());
        assertFalse(manager.tenants().contains("acme"), "nothing was stored");
        assertThrows(InvalidDocumentException.class, () -> manager.dryRun(doc));
    }

    @Test
    void theCompilerSeesOnlyActiveSections() throws IOException {
        TenantDocument doc = DspManagerTest.example();
        TenantDocument noFirewall = ServiceSections.effective(doc, Set.of(NetworkService.MICROSEGMENTATION));
        assertTrue(noFirewall.allRules().isEmpty());
        assertEquals(doc.segments(), noFirewall.segments());
        assertEquals(doc.posture(), noFirewall.posture());
        TenantDocument noMicroseg = ServiceSections.effective(doc, Set.of(NetworkService.FIREWALL));
        assertTrue(noMicroseg.segments().isEmpty());
        assertEquals(Posture.DEFAULT_ALLOW, noMicroseg.posture());
        assertEquals(doc.allRules(), noMicroseg.allRules());
        assertEquals(doc.endpoints(), noMicroseg.endpoints());
        assertTrue(doc == ServiceSections.effective(doc, Set.of(NetworkService.values())));
    }

    @Test
    void aFirewallAppGoingAwayRemovesExactlyItsFlowsAndComingBackRestoresThem() throws IOException {
        manager.apply(DspManagerTest.example());
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
        Set<String> full = installed();
        assertTrue(full.stream().anyMatch(r -> kind(r) == Owner.Kind.RULE));
        manager.unbindNetworkServiceApp(firewall);
        assertEquals(Set.of(NetworkService.MICROSEGMENTATION), manager.activeServices());
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
        Set<String> without = installed();
        Set<String> removed = new HashSet<>(full);
        removed.removeAll(without);
        assertFalse(removed.isEmpty());
        assertTrue(removed.stream().allMatch(r -> kind(r) == Owner.Kind.RULE),
                "only rule flows leave (the isolation of the default-deny posture stays): " + removed);
        assertTrue(without.stream().noneMatch(r -> kind(r) == Owner.Kind.RULE));
        assertTrue(full.containsAll(without), "nothing new was installed");
        assertTrue(manager.tenant("acme").document().allRules().size() > 0, "the stored document keeps its rules");
        manager.bindNetworkServiceApp(firewall);
        manager.status("acme");
        assertEquals(full, installed(), "the firewall's flows are back, exactly");
    }

    @Test
    void aMicrosegAppGoingAwayRemovesItsIsolationFlows() throws IOException {
        // without rules (which isolate by themselves), the isolation comes from the default-deny posture alone
        manager.apply(ServiceSections.effective(DspManagerTest.example(), Set.of(NetworkService.MICROSEGMENTATION)));
        manager.status("acme");
        Set<String> full = installed();
        manager.unbindNetworkServiceApp(microseg);
        manager.status("acme");
        Set<String> removed = new HashSet<>(full);
        removed.removeAll(installed());
        Map<Owner.Kind, Long> kinds = new java.util.HashMap<>();
        removed.forEach(r -> kinds.merge(kind(r), 1L, Long::sum));
        assertEquals(Set.of(Owner.Kind.ISOLATION), kinds.keySet(), "only isolation defaults leave: " + kinds);
        manager.bindNetworkServiceApp(microseg);
        manager.status("acme");
        assertEquals(full, installed());
    }
}
