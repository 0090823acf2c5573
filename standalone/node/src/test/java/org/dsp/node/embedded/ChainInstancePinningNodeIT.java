package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chain with one function step pins each connection to its instance (docs/chaining.md, "Pinned to
 * an instance"), with real packets on the overlay's two managed servers (testbed.sh managed-chain):
 * examples/chain.json with the IDS as inspect-db's only function. Server 1's IDS is down, so web-1's
 * connection to db-1 takes server 2's; server 1's comes back meanwhile - nearer to web-1, so new
 * connections take it - and the open connection stays with server 2's IDS to its end, both ways:
 * the IDS that comes back sees none of its packets (hashed alone, the rest of it would have moved).
 */
class ChainInstancePinningNodeIT {
    final String p = "dcp" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));
    final Map<String, Process> functions = new HashMap<>();
    /** What the service functions count of web-1's packets to db-1, and of db-1's to web-1. */
    static final String FWD = "10.10.1.11>10.10.2.21";
    static final String REV = "10.10.2.21>10.10.1.11";

    @TempDir
    Path data;

    @Test
    void anOpenConnectionStaysWithItsInstanceWhenANearerOneComesBack() throws Exception {
        NodeOptions o = ChainNodeIT.options(data).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            ObjectNode red = red();
            ((ArrayNode) red.get("chains").get(0).get("steps")).remove(2); // the firewall: the IDS is the only function
            ChainNodeIT.redUp(node, tb, functions, red, "ids1", "ids2");
            tb.serve("r-db1", 5432, "db");
            // server 1's IDS stops: web-1's connections take server 2's
            functions.remove("ids1").destroyForcibly().waitFor();
            await("ids-1 down", 10_000, () -> !ChainNodeIT.up(node, "red-ids-1"));
            CompletableFuture<String> held = async(() -> tb.connect("r-web1", "10.10.2.21", 5432, 300_000, "x", 12));
            await("the connection through server 2's IDS", 10_000, () -> packets("ids2", FWD) > 0 && packets("ids2", REV) > 0);
            // server 1's IDS comes back, and is web-1's nearest again (explained so) while the connection goes on
            keepsServer2sIdsWhenServer1sReturns(node, held, 1);
            Thread.sleep(2500); // two audit rounds
            assertEquals(0, (int) node.repaired().getOrDefault(ChainNodeIT.D1, 0), "DSN 1's audits find the program as written");
            assertEquals(0, (int) node.repaired().getOrDefault(ChainNodeIT.D2, 0), "DSN 2's audits find the program as written");
        }
    }

    /**
     * The receiver follows the sender's choice: a one-way UDP flow from web-1 to db-1 (a chain of its own, through the IDS only)
     * starts while server 1's IDS is down, so through server 2's; server 1's comes back, nearer to web-1, before db-1 answers; the
     * answer - the flow's first reply, whose DSN chose no instance yet - takes server 2's IDS too (chosen by db-1's DSN alone it
     * would take server 1's: the slots changed since the sender's choice).
     */
    @Test
    void aOneWayFlowsFirstReplyTakesTheInstanceItsSenderChose() throws Exception {
        NodeOptions o = ChainNodeIT.options(data).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            ObjectNode red = red();
            ((ArrayNode) red.get("firewall").get("tenant")).add(ChainNodeIT.M.readTree("{\"name\":\"db-udp-from-web\",\"direction\":\"ingress\","
                    + "\"appliedTo\":\"db\",\"peers\":[{\"group\":\"web\"}],\"protocol\":\"udp\",\"ports\":[5353],\"action\":\"allow\"}"));
            ((ArrayNode) red.get("chains")).add(ChainNodeIT.M.readTree("{\"name\":\"inspect-udp\",\"from\":[{\"group\":\"web\"}],"
                    + "\"to\":[{\"group\":\"db\"}],\"protocol\":\"udp\",\"ports\":[5353],\"steps\":[{\"function\":\"ids\","
                    + "\"mode\":\"transparent\",\"instances\":[\"red-ids-1\",\"red-ids-2\"],\"failure\":\"bypass\"}]}"));
            ChainNodeIT.redUp(node, tb, functions, red, "ids1", "ids2");
            functions.remove("ids1").destroyForcibly().waitFor();
            await("ids-1 down", 10_000, () -> !ChainNodeIT.up(node, "red-ids-1"));
            Path answer = data.resolve("answer-now");
            // db-1 takes datagrams on 5353 until told to answer, then answers their sender; web-1 sends one every 0.3 s until it has
            // the answer (so none lost while a DSN is reprogrammed, nor before db-1 listens, matters; and the flow stays in conntrack)
            CompletableFuture<String> db = async(() -> tb.ns("r-db1", 90, "/usr/bin/python3", "-c", "import socket,os,sys,time\n"
                    + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('0.0.0.0',5353));s.settimeout(60)\n"
                    + "d,peer=s.recvfrom(2048);n=1;s.settimeout(0.2);end=time.time()+60\n"
                    + "while not os.path.exists(sys.argv[1]) and time.time()<end:\n"
                    + "  try:\n    s.recvfrom(2048);n+=1\n  except socket.timeout:\n    pass\n"
                    + "for i in range(3):\n  s.sendto(b'answer',peer);time.sleep(0.1)\n"
                    + "print('db got %d from %s' % (n,peer[0]))", answer.toString()));
            CompletableFuture<String> web = async(() -> tb.ns("r-web1", 90, "/usr/bin/python3", "-c", "import socket,time\n"
                    + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.bind(('0.0.0.0',40777));s.settimeout(0.3);end=time.time()+60\n"
                    + "while time.time()<end:\n  s.sendto(b'one-way',('10.10.2.21',5353))\n  try:\n"
                    + "    d,peer=s.recvfrom(2048);print('web got %s from %s' % (d.decode(),peer[0]));break\n"
                    + "  except socket.timeout:\n    pass"));
            await("the one-way flow through server 2's IDS", 10_000, () -> packets("ids2", FWD) >= 3);
            assertEquals(0, packets("ids1", FWD), "server 1's IDS is down");
            assertEquals(0, packets("ids2", REV), "no answer yet");
            // server 1's IDS comes back and is placed first for the pair before db-1 answers
            functions.put("ids1", tb.serveFunction("r-ids1", "transparent", 150));
            await("ids-1 up", 10_000, () -> ChainNodeIT.up(node, "red-ids-1"));
            await("ids-1 placed first again", 10_000, () -> ChainNodeIT.explain(node, "from=red-web-1&to=red-db-1&service=udp/5353")
                    .path("steps").get(0).path("candidates").get(0).path("instance").asText().equals("red-ids-1"));
            // and both DSNs hold that compile (the explanation is the compile's; its status INSTALLED, the switches confirmed it)
            await("red INSTALLED again", 10_000, () -> ChainNodeIT.installed(node));
            Thread.sleep(1000);
            assertEquals(0, packets("ids1", FWD), "the flow's datagrams still pass server 2's IDS only");
            Files.writeString(answer, "now");
            assertTrue(db.get(30, TimeUnit.SECONDS).startsWith("db got "), "db-1 had the flow's datagrams");
            assertEquals("web got answer from 10.10.2.21", web.get(30, TimeUnit.SECONDS));
            assertTrue(packets("ids2", REV) > 0, "the answer passed server 2's IDS, the one its flow's sender chose");
            assertEquals(0, packets("ids1", REV), "not server 1's, placed first for new flows meanwhile");
            assertEquals(0, packets("ids1", FWD), "which saw none of the flow");
            assertTrue(db.join().endsWith(" from 10.10.1.11"), db.join());
        }
    }

    /**
     * In a chain of several steps an instance chosen where neither end is stays pinned there: the routed firewall (server 2) first,
     * then the IDS, chosen on server 2 after the firewall. Server 1's IDS is down while web-1 opens a connection to db-1 (so it takes
     * server 2's); server 1's comes back and is placed first for new connections; the open one stays with server 2's IDS to its
     * end, both ways - the firewall step's conntrack zone on server 2 holds the choice (hashed, it moved to server 1's IDS).
     */
    @Test
    void anOpenConnectionThroughTwoStepsKeepsTheInstanceChosenAfterTheFirst() throws Exception {
        NodeOptions o = ChainNodeIT.options(data).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            ObjectNode red = red();
            ArrayNode steps = (ArrayNode) red.get("chains").get(0).get("steps");
            steps.add(steps.remove(1)); // firewall (built in), fw, ids
            ChainNodeIT.redUp(node, tb, functions, red, "ids1", "ids2", "fw1");
            tb.serve("r-db1", 5432, "db");
            functions.remove("ids1").destroyForcibly().waitFor();
            await("ids-1 down", 10_000, () -> !ChainNodeIT.up(node, "red-ids-1"));
            CompletableFuture<String> held = async(() -> tb.connect("r-web1", "10.10.2.21", 5432, 300_000, "x", 12));
            await("the connection through the firewall and server 2's IDS", 10_000, () -> packets("ids2", FWD) > 0 && packets("ids2", REV) > 0
                    && packets("fw1", FWD) > 0);
            keepsServer2sIdsWhenServer1sReturns(node, held, 2);
        }
    }

    /**
     * Server 1's IDS comes back and is placed first for web-1 -> db-1 (the chain's step {@code step}, explained so) while {@code held},
     * a connection through server 2's IDS, goes on: it completes there, server 1's IDS sees none of it either way, and a new
     * connection takes server 1's IDS both ways.
     */
    private void keepsServer2sIdsWhenServer1sReturns(DspNode node, CompletableFuture<String> held, int step) throws Exception {
        functions.put("ids1", tb.serveFunction("r-ids1", "transparent", 150));
        await("ids-1 up", 10_000, () -> ChainNodeIT.up(node, "red-ids-1"));
        await("ids-1 placed first again", 10_000, () -> ChainNodeIT.explain(node, "from=red-web-1&to=red-db-1&service=tcp/5432")
                .path("steps").get(step).path("candidates").get(0).path("instance").asText().equals("red-ids-1"));
        await("red INSTALLED again", 10_000, () -> ChainNodeIT.installed(node));
        assertTrue(!held.isDone(), "the connection is still open once ids-1 is placed first: " + (held.isDone() ? held.join() : ""));
        long ids2 = packets("ids2", FWD);
        assertEquals("db 300000", held.get(40, TimeUnit.SECONDS), "the open connection completes");
        assertTrue(packets("ids2", FWD) > ids2, "its packets after ids-1 came back still passed server 2's IDS");
        assertEquals(0, packets("ids1", FWD), "the IDS that came back saw none of the open connection's packets");
        assertEquals(0, packets("ids1", REV), "nor of its replies");
        assertEquals("db 20000", tb.connect("r-web1", "10.10.2.21", 5432, 20_000));
        assertTrue(packets("ids1", FWD) > 0 && packets("ids1", REV) > 0, "a new connection passed server 1's IDS both ways");
    }

    /** examples/chain.json's red. */
    private static ObjectNode red() throws Exception {
        return (ObjectNode) ChainNodeIT.M.readTree(Files.readString(Path.of("../../examples/chain.json")));
    }


    /** Runs {@code call} on another thread: its answer, or what it threw as text. */
    private static CompletableFuture<String> async(java.util.concurrent.Callable<String> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.call().trim();
            } catch (Exception e) {
                return e.toString();
            }
        });
    }

    /** What service function {@code w} counted for {@code key} (after its next write). */
    private long packets(String w, String key) throws Exception {
        Thread.sleep(500);
        JsonNode seen = ChainNodeIT.M.readTree(Files.readString(tb.functionCounts("r-" + w)));
        return seen.path(key).asLong(0);
    }
}
