package org.dsp.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dsp.ir.LogicalField;
import org.dsp.ir.Owner;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.testing.TestServices;
import org.junit.jupiter.api.Test;

/**
 * A set of services refuses every overlap the SPI forbids, naming both services: a name, a
 * document section, a stage's slot in its phase, a stage declared for another service, an owner
 * kind code (a core one too), a field of another service or one declared twice; services that do
 * not overlap go together in any order.
 */
class ServicesTest {
    private static ServiceApp app(String name, List<String> sections, List<Stage> stages, List<Owner.Kind> kinds,
                                  List<LogicalField> fields) {
        List<SectionCodec<?>> codecs = new java.util.ArrayList<>();
        sections.forEach(k -> codecs.add(TestServices.flag(k, "true", "false")));
        return TestServices.app(name, codecs, stages, kinds, fields);
    }

    /** Owner kinds are declared once per JVM by code and name: these two are the test's own. */
    private static final Owner.Kind KIND_A = Owner.Kind.of(33, "services-test-a");
    private static final Owner.Kind KIND_B = Owner.Kind.of(34, "services-test-b");

    private static ServiceApp plain(String name, String section, int slot, Owner.Kind kind) {
        return app(name, List.of(section), List.of(Stage.of(name + "_in", Phase.PRE_POLICY, slot, name)),
                List.of(kind), List.of(LogicalField.service(name, "mark", 4, false)));
    }

    private static String refusal(ServiceApp... apps) {
        return assertThrows(IllegalArgumentException.class, () -> Services.of(List.of(apps))).getMessage();
    }

    @Test
    void servicesThatDoNotOverlapGoTogetherInAnyOrder() {
        ServiceApp a = plain("alpha", "alpha", 1, KIND_A);
        ServiceApp b = plain("beta", "beta", 2, KIND_B);
        assertEquals(List.of("alpha", "beta"), Services.of(List.of(b, a)).apps().stream().map(ServiceApp::name).collect(java.util.stream.Collectors.toList()));
        assertEquals(Services.of(List.of(a, b)).apps(), Services.of(List.of(b, a)).apps());
        assertTrue(Services.of(List.of(a)).with(b).without("alpha").apps().stream().allMatch(s -> s.name().equals("beta")));
    }

    @Test
    void aNameTwiceIsRefused() {
        String m = refusal(plain("alpha", "a1", 1, KIND_A), plain("alpha", "a2", 2, KIND_B));
        assertTrue(m.contains("two services named alpha"), m);
    }

    @Test
    void aDocumentSectionTwiceIsRefusedNamingBoth() {
        String m = refusal(plain("alpha", "shared", 1, KIND_A), plain("beta", "shared", 2, KIND_B));
        assertTrue(m.contains("document section shared is claimed by services alpha and beta"), m);
    }

    @Test
    void twoStagesInOneSlotAreRefused() {
        String m = refusal(plain("alpha", "alpha", 3, KIND_A), plain("beta", "beta", 3, KIND_B));
        assertTrue(m.contains("service beta does not fit the pipeline"), m);
    }

    @Test
    void aStageOfAnotherServiceIsRefused() {
        ServiceApp thief = app("alpha", List.of(), List.of(Stage.of("beta_in", Phase.PRE_POLICY, 1, "beta")), List.of(),
                List.of());
        String m = refusal(thief);
        assertTrue(m.contains("service alpha declares stage") && m.contains("of service beta"), m);
    }

    @Test
    void anOwnerKindCodeTwiceOrACoreOneIsRefused() {
        String m = refusal(plain("alpha", "alpha", 1, KIND_A), plain("beta", "beta", 2, KIND_A));
        assertTrue(m.contains("owner kind code 33 of service beta is held by alpha"), m);
        m = refusal(app("alpha", List.of(), List.of(), List.of(Owner.Kind.ENDPOINT), List.of()));
        assertTrue(m.contains("is held by core"), m);
    }

    @Test
    void aFieldOfAnotherServiceOrTwiceIsRefused() {
        String m = refusal(app("alpha", List.of(), List.of(), List.of(), List.of(LogicalField.service("beta", "x", 1, false))));
        assertTrue(m.contains("service alpha declares field reg.beta.x of service beta"), m);
        m = refusal(app("alpha", List.of(), List.of(), List.of(),
                List.of(LogicalField.service("alpha", "x", 1, false), LogicalField.service("alpha", "x", 2, false))));
        assertTrue(m.contains("service alpha declares field reg.alpha.x twice"), m);
    }
}
