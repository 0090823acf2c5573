package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.model.Direction;
import org.dsp.model.TenantDocument;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.ServiceDelta;
import org.dsp.spi.TenantContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service whose flows the OVS driver cannot carry yet (here: rewriting the transport source port) is refused with
 * NOT_REALIZABLE, whole: nothing stored, no flow sent, and the compile state is what it was, so
 * the tenant's next change compiles as if the refused one never happened.
 */
class UnrealizableTest {
    static final Stage STAGE = Stage.of("natty_snat", Phase.POST_POLICY, 1, "natty");
    private DspManager manager;
    private RecordingFlowRules flows;

    /** Section "natty": true asks for every workload's packets to leave from source port 1000 (a rewrite the driver does not carry). */
    static class NattyApp implements ServiceApp {
        @Override
        public String name() {
            return "natty";
        }

        @Override
        public String app() {
            return "org.example.natty";
        }

        @Override
        public List<SectionCodec<?>> sections() {
            return List.of(org.dsp.testing.TestServices.flag("natty", "snat", "off"));
        }

        @Override
        public List<Stage> stages() {
            return List.of(STAGE);
        }

        @Override
        public List<Owner.Kind> ownerKinds() {
            return List.of(Owner.Kind.of(59, "snat"));
        }

        @Override
        public ServiceCompiler compiler(TenantContext tenant) {
            return new ServiceCompiler() {
                private List<LogicalFlow> last = List.of();

                @Override
                public ServiceDelta update(TenantContext ctx) {
                    List<LogicalFlow> now = List.of();
                    if (Boolean.TRUE.equals(ctx.document().section("natty", Boolean.class))) {
                        TreeSet<EndpointTerm> all = new TreeSet<>();
                        ctx.document().endpoints().keySet().forEach(e -> all.add(EndpointTerm.of(e)));
                        now = List.of(LogicalFlow.actions(STAGE, 10, Owner.of(ctx.tenantId(), ctx.tenantKey(),
                                Owner.Kind.of(59, "snat"), "all", 1), Direction.EGRESS, all, null, null,
                                List.of(LogicalAction.set(org.dsp.ir.LogicalField.L4_SRC, 1000))));
                    }
                    ServiceDelta d = new ServiceDelta(last, now, Map.of());
                    last = now;
                    return d;
                }

                @Override
                public ServiceDelta clear() {
                    ServiceDelta d = new ServiceDelta(last, List.of(), Map.of());
                    last = List.of();
                    return d;
                }
            };
        }
    }

    @BeforeEach
    void setUp() {
        flows = new RecordingFlowRules();
        manager = TestManagers.active(flows);
        manager.bindServiceApp(new NattyApp());
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    private Set<String> installed() {
        return flows.rendered();
    }

    @Test
    void aChangeTheDriverCannotCarryIsRefusedWholeAndLeavesNoTrace() throws Exception {
        TenantDocument doc = DspManagerTest.example();
        long v1 = manager.apply(doc).version();
        Set<String> before = installed();
        TenantDocument natted = doc.toBuilder().section("natty", true).build();
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> manager.apply(natted));
        assertEquals(ErrorCode.NOT_REALIZABLE, e.errors().get(0).code(), e.errors().toString());
        assertTrue(e.errors().get(0).reason().contains("natty_snat") && e.errors().get(0).reason().contains("does not carry"),
                e.errors().get(0).reason());
        assertEquals(v1, manager.tenant("acme").version(), "nothing stored");
        assertEquals(before, installed(), "no flow sent");
        e = assertThrows(InvalidDocumentException.class, () -> manager.dryRun(natted));
        assertEquals(ErrorCode.NOT_REALIZABLE, e.errors().get(0).code());
        // the compile state is the accepted document's: removing a rule now removes exactly its flows
        TenantDocument fewer = org.dsp.firewall.Firewall.removeRule(doc.toBuilder(), "db-in").build();
        manager.apply(fewer);
        Set<String> after = installed();
        assertTrue(before.containsAll(after) && before.size() > after.size(), "only the rule's flows left");
        manager.apply(doc);
        assertEquals(before, installed(), "and they come back as they were");
    }

    /** A service with one 32-bit register field and nothing else. */
    private static ServiceApp wide(String name) {
        return new NattyApp() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<SectionCodec<?>> sections() {
                return List.of();
            }

            @Override
            public List<Stage> stages() {
                return List.of();
            }

            @Override
            public List<Owner.Kind> ownerKinds() {
                return List.of();
            }

            @Override
            public List<org.dsp.ir.LogicalField> fields() {
                return List.of(org.dsp.ir.LogicalField.service(name, "state", 32, false));
            }
        };
    }

    @Test
    void aServiceWhoseFieldsDoNotFitIsRefusedAndSaysWhy() {
        for (String n : List.of("w1", "w2", "w3")) {
            manager.bindServiceApp(wide(n));
        }
        manager.bindServiceApp(wide("w4"));
        org.dsp.app.api.ServiceInfo w4 = manager.services().stream().filter(s -> s.name().equals("w4")).findFirst().orElseThrow();
        assertTrue(!w4.active() && w4.refusal().contains("field reg.w4.state (32 bits) of service w4 does not fit"), w4.refusal());
        assertTrue(manager.services().stream().filter(s -> s.name().startsWith("w") && !s.name().equals("w4"))
                .allMatch(org.dsp.app.api.ServiceInfo::active));
    }

    @Test
    void aStoredDocumentThatCannotBeRealizedIsFailedAndCanBeDeleted() throws Exception {
        TenantDocument natted = DspManagerTest.example().toBuilder().section("natty", true).build();
        manager.store().put(natted); // stored behind the core's back (another member, an older release)
        org.dsp.app.api.TenantStatus st = TestManagers.awaitStatus(manager, "acme",
                s -> s.state() == org.dsp.app.api.RealizationState.FAILED);
        assertEquals(org.dsp.app.api.RealizationState.FAILED, st.state(), String.valueOf(st == null ? null : st.failure()));
        assertTrue(st.failure().contains("cannot be realized") && st.failure().contains("does not carry"), st.failure());
        assertEquals(Set.of(), installed(), "nothing of it reached a switch");
        assertTrue(manager.remove("acme"), "and it can be deleted");
        assertEquals(null, manager.status("acme"));
        assertTrue(manager.apply(DspManagerTest.example()).version() > 0, "the tenant can start over");
    }
}
