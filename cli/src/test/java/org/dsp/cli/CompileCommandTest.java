package org.dsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompileCommandTest {
    static final Path EXAMPLE = Path.of("../examples/three-tier.json");

    /** Runs {@code dsp args...}; returns exit code, stdout, stderr. */
    static Object[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompileCommand cmd = new CompileCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = new CommandLine(cmd).execute(args);
        return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void eachDsnSectionOpensAndClosesWithItsFlowCount() {
        Object[] r = run("-f", EXAMPLE.toString(), "--uplink", "of:0000000000000001=10");
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        List<String> dsns = new ArrayList<>();
        Matcher open = Pattern.compile("(?m)^# dsn (\\S+)$").matcher(out);
        while (open.find()) {
            dsns.add(open.group(1));
        }
        assertEquals(List.of("of:0000000000000001", "of:0000000000000002"), dsns);
        for (String d : dsns) {
            int start = out.indexOf("# dsn " + d + "\n");
            Matcher close = Pattern.compile("(?m)^# dsn " + Pattern.quote(d) + ": (\\d+) flows$").matcher(out);
            assertTrue(close.find(start), "no closing line for " + d);
            String section = out.substring(start, close.start());
            long flows = section.lines().filter(l -> l.startsWith("table=")).count();
            assertEquals(Long.parseLong(close.group(1)), flows, d);
            assertTrue(section.lines().allMatch(l -> l.startsWith("#") || l.startsWith("table=")), section);
        }
        assertTrue(out.contains("# table 21 ingress_tenant"));
        assertTrue(out.contains("# owner acme/rule/web-in"));
    }

    @Test
    void dsnOptionSelectsOneSection() {
        Object[] r = run("-f", EXAMPLE.toString(), "--dsn", "of:0000000000000002");
        assertEquals(0, r[0]);
        assertTrue(((String) r[1]).startsWith("# dsn of:0000000000000002\n"));
        assertTrue(!((String) r[1]).contains("# dsn of:0000000000000001"));
    }

    @Test
    void invalidDocumentExitsThreeWithEveryProblem(@TempDir Path tmp) throws Exception {
        String doc = Files.readString(EXAMPLE).replace("\"02:00:00:00:01:01\"", "\"nonsense\"")
                .replace("\"appliedTo\": \"db\"", "\"appliedTo\": \"dbz\"");
        Path f = tmp.resolve("bad.json");
        Files.writeString(f, doc);
        Object[] r = run("-f", f.toString());
        assertEquals(DspCli.EXIT_INVALID, r[0]);
        String err = (String) r[2];
        assertTrue(err.contains("$.endpoints[0].mac: 'nonsense' is not a MAC address"), err);
        assertTrue(err.contains("$.firewall.tenant[5].appliedTo: group 'dbz' is not defined in this tenant"), err);
        assertEquals("", r[1]);
    }

    @Test
    void theOnosTargetHasNoConjunctionControllerUserdataOrSample() {
        Object[] node = run("-f", EXAMPLE.toString(), "--dsn", "of:0000000000000002");
        Object[] onos = run("-f", EXAMPLE.toString(), "--dsn", "of:0000000000000002", "--target", "onos");
        assertEquals(0, onos[0], (String) onos[2]);
        assertTrue(((String) node[1]).contains("conjunction("), "the node program uses conjunctions");
        assertTrue(((String) node[1]).contains("controller(userdata="), "the node program rejects with userdata");
        String o = (String) onos[1];
        assertTrue(!o.contains("conjunction(") && !o.contains("conj_id") && !o.contains("controller(") && !o.contains("sample("), o);
        assertTrue(o.contains("CONTROLLER:65535"), "reject punts with a plain controller output");
        Object[] bad = run("-f", EXAMPLE.toString(), "--target", "p4");
        assertEquals(2, bad[0]);
        assertTrue(((String) bad[2]).contains("--target must be node or onos"), (String) bad[2]);
    }

    @Test
    void logicalOptionPrintsStages() {
        Object[] r = run("-f", EXAMPLE.toString(), "--logical");
        assertEquals(0, r[0]);
        assertTrue(((String) r[1]).contains("stage=ingress_tenant prio=30000 match=(local in [web-1:tcp/80] && peer in [10.0.0.11/32]) action=allow(stateful) owner=acme/rule/web-in"), (String) r[1]);
    }

    @Test
    void badUplinkIsAUsageError() {
        Object[] r = run("-f", EXAMPLE.toString(), "--uplink", "of:1");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("--uplink must be DSN=PORT"));
    }
}
