package org.dsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code dsp trace} on the three-tier example (two DSNs joined at their uplinks, port 10): a
 * connection across the fabric is delivered and names the rules that allowed it on each DSN; one
 * that default deny stops is dropped at the sender's DSN naming the isolation; a reply passes
 * through conntrack; bad options exit 2 naming them.
 */
class TraceCommandTest {
    static final String[] BASE = {"-f", "../examples/three-tier.json", "--uplink", "of:0000000000000001=10", "--uplink",
        "of:0000000000000002=10"};

    static Object[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        TraceCommand cmd = new TraceCommand();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] all = new String[BASE.length + args.length];
        System.arraycopy(BASE, 0, all, 0, BASE.length);
        System.arraycopy(args, 0, all, BASE.length, args.length);
        int code = new CommandLine(cmd).execute(all);
        return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void acrossTheFabricTheAllowingRulesOfBothDsnsAreNamed() {
        Object[] r = run("--from", "web-1", "--to", "app-1", "-s", "tcp/8080");
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        assertTrue(out.contains("=> out of the uplink (port 10) to of:0000000000000002"), out);
        assertTrue(out.contains("of:0000000000000002, in on port 10:"), out);
        assertTrue(out.contains("result: delivered to port 1 (acme/app-1) at of:0000000000000002"), out);
        assertTrue(out.contains("decided by: acme/rule/web-out on of:0000000000000001; acme/rule/app-in on of:0000000000000002"), out);
    }

    @Test
    void defaultDenyIsNamedWhereItDrops() {
        String out = (String) run("--from", "client-1", "--to", "db-1", "-s", "tcp/5432")[1];
        assertTrue(out.contains("result: dropped at of:0000000000000001"), out);
        assertTrue(out.contains("decided by: acme/isolation/client-1/egress on of:0000000000000001"), out);
        assertTrue(out.contains("table 19  egress_isolation"), out);
    }

    @Test
    void aReplyPassesByConntrack() {
        String out = (String) run("--from", "app-1", "--to", "db-1", "-s", "tcp/5432", "--state", "reply")[1];
        assertTrue(out.contains("db-1 10.0.0.41:5432 -> 10.0.0.31:40000"), out);
        assertTrue(out.contains("result: delivered to port 1 (acme/app-1) at of:0000000000000002"), out);
        assertTrue(out.contains("decided by: conntrack"), out);
        // the rules that let the connection in, from the trace of its first packet
        assertTrue(out.contains("(the connection acme/rule/app-out on of:0000000000000002; acme/rule/db-in on of:0000000000000002 let in)"),
                out);
    }

    @Test
    void badOptionsAreNamed() {
        Object[] r = run("--from", "nobody", "--to", "db-1", "-s", "tcp/1");
        assertEquals(2, r[0]);
        assertTrue(((String) r[2]).contains("from: no endpoint 'nobody'"), (String) r[2]);
        assertEquals(2, run("--from", "app-1", "--to", "db-1", "-s", "gre")[0]);
        assertEquals(2, run("--from", "app-1", "--to", "db-1", "-s", "tcp/1", "--state", "later")[0]);
    }
}
