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

    @TempDir
    Path data;

    @Test
    void anOpenConnectionStaysWithItsInstanceWhenANearerOneComesBack() throws Exception {
        NodeOptions o = ChainNodeIT.options(data).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            tb.up("managed-chain", String.valueOf(node.openflowPort()), String.valueOf(node.ovsdbPort()));
            ChainNodeIT.connected(node, tb);
            functions.put("ids1", tb.serveFunction("r-ids1", "transparent", 170));
            functions.put("ids2", tb.serveFunction("r-ids2", "transparent", 170));
            ObjectNode red = (ObjectNode) ChainNodeIT.M.readTree(Files.readString(Path.of("../../examples/chain.json")));
            ((ArrayNode) red.get("chains").get(0).get("steps")).remove(2); // the firewall: the IDS is the only function
            assertEquals(200, Rest.call(node, "PUT", "tenants/red", red.toString(), 30).statusCode());
            await("red INSTALLED", 30_000, () -> ChainNodeIT.M.readTree(Rest.call(node, "GET", "tenants/red/status", null, 10).body())
                    .path("state").asText().equals("INSTALLED"));
            await("both IDSes up", 15_000, () -> ChainNodeIT.up(node, "red-ids-1") && ChainNodeIT.up(node, "red-ids-2"));
            tb.serve("r-db1", 5432, "db");
            await("web-1 to reach db-1", 20_000, () -> tb.ns("r-web1", 5, "ping", "-c", "1", "-W", "1", "10.10.2.21").contains(" 0% packet loss"));
            // server 1's IDS stops: web-1's connections take server 2's
            functions.remove("ids1").destroyForcibly().waitFor();
            await("ids-1 down", 10_000, () -> !ChainNodeIT.up(node, "red-ids-1"));
            String fwd = "10.10.1.11>10.10.2.21";
            String rev = "10.10.2.21>10.10.1.11";
            CompletableFuture<String> held = CompletableFuture.supplyAsync(() -> {
                try {
                    return tb.connect("r-web1", "10.10.2.21", 5432, 300_000, "x", 12);
                } catch (Exception e) {
                    return e.toString();
                }
            });
            await("the connection through server 2's IDS", 10_000, () -> packets("ids2", fwd) > 0 && packets("ids2", rev) > 0);
            // server 1's IDS comes back, and is web-1's nearest again (explained so) while the connection goes on
            functions.put("ids1", tb.serveFunction("r-ids1", "transparent", 150));
            await("ids-1 up", 10_000, () -> ChainNodeIT.up(node, "red-ids-1"));
            await("ids-1 placed first again", 10_000, () -> ChainNodeIT.explain(node, "from=red-web-1&to=red-db-1&service=tcp/5432")
                    .path("steps").get(1).path("candidates").get(0).path("instance").asText().equals("red-ids-1"));
            long ids2 = packets("ids2", fwd);
            assertEquals("db 300000", held.get(40, TimeUnit.SECONDS), "the open connection completes");
            assertTrue(packets("ids2", fwd) > ids2, "its packets after ids-1 came back still passed server 2's IDS");
            assertEquals(0, packets("ids1", fwd), "the IDS that came back saw none of the open connection's packets");
            assertEquals(0, packets("ids1", rev), "nor of its replies");
            // a new connection takes server 1's IDS, both ways
            assertEquals("db 20000", tb.connect("r-web1", "10.10.2.21", 5432, 20_000));
            assertTrue(packets("ids1", fwd) > 0 && packets("ids1", rev) > 0, "a new connection passed server 1's IDS both ways");
            Thread.sleep(2500); // two audit rounds
            assertEquals(0, (int) node.repaired().getOrDefault(ChainNodeIT.D1, 0), "DSN 1's audits find the program as written");
            assertEquals(0, (int) node.repaired().getOrDefault(ChainNodeIT.D2, 0), "DSN 2's audits find the program as written");
        }
    }

    /** What service function {@code w} counted for {@code key} (after its next write). */
    private long packets(String w, String key) throws Exception {
        Thread.sleep(500);
        JsonNode seen = ChainNodeIT.M.readTree(Files.readString(tb.functionCounts("r-" + w)));
        return seen.path(key).asLong(0);
    }
}
