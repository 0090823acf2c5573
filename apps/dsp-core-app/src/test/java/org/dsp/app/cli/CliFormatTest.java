package org.dsp.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.TenantStatus;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.junit.jupiter.api.Test;

/** What the shell commands print, from a real manager's answers. */
class CliFormatTest {
    @Test
    void tenantsStatusAndFlows() throws Exception {
        RecordingFlowRules flows = new RecordingFlowRules();
        DspManager m = TestManagers.active(flows);
        try {
            TenantRecord r = m.apply(TenantDocumentCodec.decode(Files.readString(Path.of("../../examples/three-tier.json"))));
            TenantStatus s = m.status("acme");
            List<String> t = CliFormat.tenants(Map.of("acme", r), Map.of("acme", s));
            assertEquals(2, t.size());
            assertTrue(t.get(1).matches("acme\\s+" + r.version() + "\\s+INSTALLED\\s+2"), t.get(1));
            List<String> st = CliFormat.status(s);
            assertEquals("tenant acme version " + r.version() + ": INSTALLED", st.get(0));
            assertTrue(st.get(2).contains("of:0000000000000002") && st.get(2).contains("INSTALLED"), st.get(2));
            List<String> f = CliFormat.flows(m.flows("acme"), "of:0000000000000001");
            assertEquals("# dsn of:0000000000000001", f.get(0));
            assertTrue(f.get(f.size() - 1).matches("# dsn of:0000000000000001: \\d+ flows"));
            assertEquals(f.size() - 2, f.stream().filter(l -> l.startsWith("table=")).count());
        } finally {
            TestManagers.stop(m);
        }
    }

    @Test
    void aFailedTenantsStatusSaysWhy() throws Exception {
        DspManager m = TestManagers.active(new RecordingFlowRules());
        try {
            TestManagers.storeRaw(m, "acme", "{\"tenant\": "); // a damaged stored record
            TenantStatus s = TestManagers.awaitStatus(m, "acme", x -> x.failure() != null);
            List<String> st = CliFormat.status(s);
            assertTrue(st.get(0).endsWith(": FAILED"), st.toString());
            assertTrue(st.get(1).startsWith("  reason: the stored document of tenant acme") && st.get(1).contains("cannot be read"),
                    st.toString());
        } finally {
            TestManagers.stop(m);
        }
    }

    @Test
    void errorsNameEveryProblem() {
        try {
            TenantDocumentCodec.decode("{\"tenant\": {\"id\": \"x y\"}, \"endpoints\": 3}");
        } catch (InvalidDocumentException e) {
            List<String> lines = CliFormat.errors(e.errors());
            assertEquals("2 problem(s); nothing was changed:", lines.get(0));
            assertTrue(lines.get(1).contains("$.tenant.id") && lines.get(1).contains("[BAD_NAME]"), lines.toString());
            assertTrue(lines.get(2).contains("$.endpoints") && lines.get(2).contains("[WRONG_TYPE]"), lines.toString());
            return;
        }
        throw new AssertionError("the document should be invalid");
    }
}
