package org.dsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code dsp chain explain}: the path of a chained connection, of one no chain takes, and the refusals. */
class ChainCommandTest {
    static Object[] run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ChainCommand.Explain cmd = new ChainCommand.Explain();
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = new CommandLine(cmd).execute(args);
        return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void aChainedConnectionIsExplainedStepByStepBothWays() {
        Object[] r = run("-f", "../examples/chain.json", "--from", "red-web-1", "--to", "red-db-1", "-s", "tcp/5432");
        assertEquals(0, r[0], (String) r[2]);
        String out = (String) r[1];
        assertTrue(out.contains("chain inspect-db"), out);
        assertTrue(out.contains("1. firewall (built-in): egress at of:0000000000000001"), out);
        assertTrue(out.contains("red-ids-1 at of:0000000000000001 port 13, steering id 0x"), out);
        String path = out.substring(out.indexOf("path:"), out.indexOf("reply:"));
        assertTrue(path.indexOf("ids: red-ids-1") < path.indexOf("tunnel from of:0000000000000001 to of:0000000000000002")
                && path.indexOf("tunnel from") < path.indexOf("fw: red-fw-1"), path);
        String reply = out.substring(out.indexOf("reply:"));
        assertTrue(reply.indexOf("fw: red-fw-1") < reply.indexOf("ids: red-ids-1"), "the reply takes the steps in reverse: " + reply);
        // web-2 shares no DSN with server 1's IDS; db-1's DSN holds red-ids-2: the receiver's DSN comes next
        String web2 = (String) run("-f", "../examples/chain.json", "--from", "red-web-2", "--to", "red-db-1", "-s", "tcp/5432")[1];
        assertTrue(web2.contains("red-ids-2 at of:0000000000000002") && !web2.contains("red-ids-1 at"), web2);
    }

    @Test
    void aConnectionNoChainTakesGoesItsUsualWayAndBadInputIsRefused() {
        String out = (String) run("-f", "../examples/chain.json", "--from", "red-web-1", "--to", "red-db-1", "-s", "tcp/22")[1];
        assertTrue(out.contains("no chain takes this connection"), out);
        Object[] bad = run("-f", "../examples/chain.json", "--from", "red-web-1", "--to", "red-db-1", "-s", "sctp/1");
        assertEquals(2, bad[0]);
        assertTrue(((String) bad[2]).contains("not tcp/PORT"), (String) bad[2]);
        Object[] nobody = run("-f", "../examples/chain.json", "--from", "ghost", "--to", "red-db-1");
        assertEquals(2, nobody[0]);
        assertTrue(((String) nobody[2]).contains("no endpoint ghost"), (String) nobody[2]);
        // with tunnel endpoints given, the steering needs one at the sender's DSN too: from D1, which has none, no instance
        // across is live - the IDS is left out (bypass), the firewall's step drops the class at D1
        String noD1 = (String) run("-f", "../examples/chain.json", "--from", "red-web-1", "--to", "red-db-1", "-s", "tcp/5432",
                "--tunnel", "of:0000000000000002=9@192.168.100.2")[1];
        assertTrue(noD1.contains("2. ids (function, transparent, bypass): no live instance") && noD1.contains("red-web-1 sends; policy, "
                + "commit; dropped (a fail-closed step has no live instance)") && !noD1.contains("red-ids-2 at"), noD1);
        // both ends on D2: its own instances are live there
        String onD2 = (String) run("-f", "../examples/chain.json", "--from", "red-web-2", "--to", "red-db-1", "-s", "tcp/5432",
                "--tunnel", "of:0000000000000002=9@192.168.100.2")[1];
        assertTrue(onD2.contains("red-ids-2 at of:0000000000000002") && onD2.contains("red-fw-1 at of:0000000000000002"), onD2);
    }
}
