package org.dsp.app.impl;

import org.dsp.microseg.Microseg;
import org.dsp.firewall.Firewall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.Services;
import org.dsp.app.api.RealizationState;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.ValidationError;
import org.dsp.driver.ovs.Cookies;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.ir.Owner;
import org.dsp.microseg.model.Posture;
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
    private final ServiceApp firewall = Services.discovered().app("firewall");
    private final ServiceApp microseg = Services.discovered().app("microsegmentation");
    private final Services both = Services.discovered();
    private final Map<String, ServiceApp> known = Map.of("firewall", firewall, "microsegmentation", microseg);
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

    private Set<String> installed() {
        return flows.rendered();
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
        List<ValidationError> errors = ServiceSections.check(doc, Services.none(), known);
        assertEquals(List.of("$.firewall", "$.tenant.defaultPosture"), errors.stream().map(ValidationError::path).collect(java.util.stream.Collectors.toList()));
        assertTrue(errors.stream().allMatch(e -> e.code() == ErrorCode.SERVICE_NOT_ACTIVE));
        assertTrue(errors.get(0).reason().contains("org.dsp.firewall is not active"), errors.get(0).reason());
        TenantDocument segmented = Microseg.segment(doc.toBuilder(), org.dsp.microseg.model.Segment.of("db-zone",
                doc.groups().keySet().iterator().next(), Posture.DEFAULT_DENY, Set.of(org.dsp.model.Direction.INGRESS))).build();
        assertEquals(List.of("$.tenant.defaultPosture", "$.segments"), ServiceSections.check(segmented,
                Services.of(List.of(firewall)), known).stream().map(ValidationError::path).collect(java.util.stream.Collectors.toList()));
        assertEquals(List.of(), ServiceSections.check(doc, both, known));
        // a section no service ever declared is an unknown field
        TenantDocument odd = doc.toBuilder().section("loadBalancers", new org.dsp.codec.RawSection(
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(1))).build();
        assertEquals(List.of(ErrorCode.UNKNOWN_FIELD), ServiceSections.check(odd, both, known).stream()
                .map(ValidationError::code).collect(java.util.stream.Collectors.toList()));
        manager.unbindServiceApp(firewall);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> manager.apply(doc));
        assertEquals(1, e.errors().size());
        assertEquals("$.firewall", e.errors().get(0).path());
        assertFalse(manager.tenants().contains("acme"), "nothing was stored");
        assertThrows(InvalidDocumentException.class, () -> manager.dryRun(doc));
    }

    @Test
    void theCompilerSeesOnlyActiveSections() throws IOException {
        TenantDocument doc = DspManagerTest.example();
        TenantDocument noFirewall = ServiceSections.effective(doc, Services.of(List.of(microseg)));
        assertTrue(Firewall.allRules(noFirewall).isEmpty());
        assertEquals(Microseg.segments(doc), Microseg.segments(noFirewall));
        assertEquals(Microseg.posture(doc), Microseg.posture(noFirewall));
        TenantDocument noMicroseg = ServiceSections.effective(doc, Services.of(List.of(firewall)));
        assertTrue(Microseg.segments(noMicroseg).isEmpty());
        assertEquals(Posture.DEFAULT_ALLOW, Microseg.posture(noMicroseg));
        assertEquals(Firewall.allRules(doc), Firewall.allRules(noMicroseg));
        assertEquals(doc.endpoints(), noMicroseg.endpoints());
        assertTrue(doc == ServiceSections.effective(doc, both));
    }

    @Test
    void aFirewallAppGoingAwayRemovesExactlyItsFlowsAndComingBackRestoresThem() throws IOException {
        manager.apply(DspManagerTest.example());
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
        Set<String> full = installed();
        assertTrue(full.stream().anyMatch(r -> kind(r) == Owner.Kind.RULE));
        manager.unbindServiceApp(firewall);
        assertEquals(Set.of("microsegmentation"), manager.activeServices());
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
        Set<String> without = installed();
        Set<String> removed = new HashSet<>(full);
        removed.removeAll(without);
        assertFalse(removed.isEmpty());
        assertTrue(removed.stream().allMatch(r -> kind(r) == Owner.Kind.RULE),
                "only rule flows leave (the isolation of the default-deny posture stays): " + removed);
        assertTrue(without.stream().noneMatch(r -> kind(r) == Owner.Kind.RULE));
        assertTrue(full.containsAll(without), "nothing new was installed");
        assertTrue(manager.tenant("acme").document().sections().containsKey(Firewall.KEY), "the stored document keeps its rules");
        manager.bindServiceApp(firewall);
        manager.status("acme");
        assertEquals(full, installed(), "the firewall's flows are back, exactly");
    }

    @Test
    void aMicrosegAppGoingAwayRemovesItsIsolationFlows() throws IOException {
        // without rules (which isolate by themselves), the isolation comes from the default-deny posture alone
        manager.apply(ServiceSections.effective(DspManagerTest.example(), Services.of(List.of(microseg))));
        manager.status("acme");
        Set<String> full = installed();
        manager.unbindServiceApp(microseg);
        manager.status("acme");
        Set<String> removed = new HashSet<>(full);
        removed.removeAll(installed());
        Map<Owner.Kind, Long> kinds = new java.util.HashMap<>();
        removed.forEach(r -> kinds.merge(kind(r), 1L, Long::sum));
        assertEquals(Set.of(Owner.Kind.ISOLATION), kinds.keySet(), "only isolation defaults leave: " + kinds);
        manager.bindServiceApp(microseg);
        manager.status("acme");
        assertEquals(full, installed());
    }
}
