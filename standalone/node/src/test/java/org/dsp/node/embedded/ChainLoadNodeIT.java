package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ties by load (docs/chaining.md), with real packets on the overlay's two managed servers
 * (testbed.sh managed-chain): web-1's connections to db-1 pass an IDS, red-ids-1 or red-ids-3, both
 * on web-1's server - one tier, equally near. A bulk transfer (about 16 Mbit/s for 50 s) takes one of
 * them; the node reads the instances' port counters, finds that one busy (four load levels above the
 * other's) and places new connections mostly on the idle one: of 60 new connections at least 42 take
 * it (weighed 7 of 8 slots; hashed evenly, half would).
 */
class ChainLoadNodeIT {
    final String p = "dcl" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));
    static final String FWD = "10.10.1.11>10.10.2.21";

    @TempDir
    Path data;

    @Test
    void newConnectionsGoMostlyToTheLessLoadedOfTwoEquallyNearInstances() throws Exception {
        NodeOptions o = ChainNodeIT.options(data).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            java.util.Map<String, Process> functions = new java.util.HashMap<>();
            ChainNodeIT.redUp(node, tb, functions, red(), "ids1", "ids3");
            assertTrue(functions.get("ids1").isAlive() && functions.get("ids3").isAlive());
            JsonNode even = ChainNodeIT.explain(node, "from=red-web-1&to=red-db-1&service=tcp/5432").path("steps").get(1);
            assertEquals(2, even.path("candidates").size(), "one tier of two: " + even);
            assertEquals("1 of 2", even.path("candidates").get(0).path("slots").asText(), "equal loads, a slot each: " + even);
            // the bulk transfer, to db-1's port 5433 (its own server: the one on 5432 answers one connection at a time)
            tb.serve("r-db1", 5433, "bulk");
            tb.serve("r-db1", 5432, "db");
            CompletableFuture<String> bulk = CompletableFuture.supplyAsync(() -> {
                try {
                    return tb.connect("r-web1", "10.10.2.21", 5433, 100_000_000, "x", 50);
                } catch (Exception e) {
                    return e.toString();
                }
            });
            await("the bulk transfer through an IDS", 10_000, () -> packets("ids1") + packets("ids3") > 1000);
            String busy = packets("ids1") > packets("ids3") ? "red-ids-1" : "red-ids-3";
            String idle = busy.equals("red-ids-1") ? "red-ids-3" : "red-ids-1";
            // measured: the busy one a level above the idle one, and the tier weighed so (installed: the switches confirmed it)
            await(busy + " busier", 20_000, () -> level(node, busy) >= 4 && level(node, idle) == 0);
            await("the tier weighed by load", 10_000, () -> slotsOf(node, idle).equals("7 of 8"));
            await("red INSTALLED", 10_000, () -> ChainNodeIT.installed(node));
            assertTrue(!bulk.isDone(), "the bulk transfer still runs: " + (bulk.isDone() ? bulk.join() : ""));
            long idleSyns = syns(idle);
            long busySyns = syns(busy);
            // 60 new connections from web-1, one after another, each a byte and the answer
            String out = tb.ns("r-web1", 90, "/usr/bin/python3", "-c", "import socket\nok=0\nfor i in range(60):\n"
                    + "  c=socket.create_connection(('10.10.2.21',5432),timeout=5);c.sendall(b'x');c.shutdown(socket.SHUT_WR)\n"
                    + "  ok+=c.recv(100).startswith(b'db 1');c.close()\nprint('answered %d' % ok)");
            assertEquals("answered 60", out.trim());
            long toIdle = syns(idle) - idleSyns;
            long toBusy = syns(busy) - busySyns;
            System.out.println("ChainLoadNodeIT: " + busy + " at load level " + level(node, busy) + ", " + idle + " idle; of 60 new connections "
                    + toIdle + " took the idle one, " + toBusy + " the busy one");
            assertEquals(60, toIdle + toBusy, "every new connection passed one of the IDSes (" + toIdle + " + " + toBusy + ")");
            assertTrue(toIdle >= 42, "new connections mostly to the idle IDS: " + toIdle + " of 60 (" + busy + " busy)");
            assertTrue(bulk.get(70, TimeUnit.SECONDS).startsWith("bulk 100000000"), "the bulk transfer completes: " + bulk.join());
        }
    }

    /**
     * examples/chain.json's red with red-ids-3 (server 1, port 15) beside red-ids-1 as inspect-db's one function, the chain and
     * db's ingress rule for tcp/5432 and 5433.
     */
    private static ObjectNode red() throws Exception {
        ObjectNode red = (ObjectNode) ChainNodeIT.M.readTree(Files.readString(Path.of("../../examples/chain.json")));
        ObjectNode ids3 = null;
        for (JsonNode e : red.get("endpoints")) {
            if (e.get("name").asText().equals("red-ids-1")) {
                ids3 = e.deepCopy();
            }
        }
        ids3.put("name", "red-ids-3").put("mac", "02:00:00:0a:01:21");
        ((ObjectNode) ids3.get("attachment")).put("port", 15);
        ((ArrayNode) ids3.get("addresses")).removeAll().add("10.10.1.33");
        ((ArrayNode) red.get("endpoints")).add(ids3);
        ObjectNode chain = (ObjectNode) red.get("chains").get(0);
        ((ArrayNode) chain.get("ports")).add(5433);
        ArrayNode steps = (ArrayNode) chain.get("steps");
        steps.remove(2); // the routed firewall
        ((ArrayNode) steps.get(1).get("instances")).removeAll().add("red-ids-1").add("red-ids-3");
        for (JsonNode r : red.get("firewall").get("tenant")) {
            if (r.get("name").asText().equals("db-from-web")) {
                ((ArrayNode) r.get("ports")).add(5433);
            }
        }
        return red;
    }

    private static int level(DspNode node, String instance) throws Exception {
        return ChainNodeIT.instances(node).stream().filter(i -> i.path("instance").asText().equals(instance)).findFirst()
                .map(i -> i.path("loadLevel").asInt(-1)).orElse(-1);
    }

    private static String slotsOf(DspNode node, String instance) throws Exception {
        for (JsonNode c : ChainNodeIT.explain(node, "from=red-web-1&to=red-db-1&service=tcp/5432").path("steps").get(1).path("candidates")) {
            if (c.path("instance").asText().equals(instance)) {
                return c.path("slots").asText();
            }
        }
        return "";
    }

    /** What IDS {@code w} (ids1, ids3) counted of web-1's packets to db-1 (after its next write). */
    private long packets(String w) throws Exception {
        return count(w, FWD);
    }

    /** The connections (first packets) IDS {@code w} (red-ids-1, red-ids-3) saw from web-1 to db-1. */
    private long syns(String instance) throws Exception {
        return count(instance.replace("red-", "").replace("-", ""), "syn " + FWD);
    }

    private long count(String w, String key) throws Exception {
        Thread.sleep(500);
        return ChainNodeIT.M.readTree(Files.readString(tb.functionCounts("r-" + w))).path(key).asLong(0);
    }
}
