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
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A firewall step after a service function (docs/chaining.md, "A step per firewall tier"), with real
 * packets on the overlay's two managed servers (testbed.sh managed-chain): red's inspect-db made
 * {@code [firewall(platform), ids, firewall(tenant, baseline), fw]} and a tenant-tier rule that
 * denies web to db on tcp/5432. web-1's attempts (server 1) reach server 1's IDS, which counts them,
 * and go no further: the routed firewall after the IDS sees nothing, db-1 never answers. The same
 * from web-2, on server 2 with db-1, server 2's IDS and the firewall. The rule removed, connections
 * pass the IDS and the firewall both ways and complete.
 */
class ChainLateTierNodeIT {
    final String p = "dct" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));
    final Map<String, Process> functions = new HashMap<>();
    static final String WEB1_DB = "10.10.1.11>10.10.2.21";
    static final String WEB2_DB = "10.10.1.12>10.10.2.21";
    static final String DB_WEB1 = "10.10.2.21>10.10.1.11";
    static final String DB_WEB2 = "10.10.2.21>10.10.1.12";

    @TempDir
    Path data;

    @Test
    void whatTheLateTierDeniesReachesTheIdsAndNothingAfterIt() throws Exception {
        NodeOptions o = ChainNodeIT.options(data).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            ChainNodeIT.redUp(node, tb, functions, red(true), "ids1", "ids2", "fw1");
            tb.serve("r-db1", 5432, "db");
            String refused = tb.connect("r-web1", "10.10.2.21", 5432, 100);
            assertTrue(!refused.contains("db"), "web-1 to db-1 is denied: " + refused);
            long ids1 = packets("ids1", WEB1_DB);
            assertTrue(ids1 > 0, "server 1's IDS sees web-1's attempts: " + counts("ids1"));
            assertEquals(0, packets("fw1", WEB1_DB) + packets("fw1", DB_WEB1) + packets("ids1", DB_WEB1),
                    "nothing passes the firewall after the late tier, and db-1 never answers: " + counts("fw1") + " " + counts("ids1"));
            // both ends, the IDS and the firewall on server 2
            String refused2 = tb.connect("r-web2", "10.10.2.21", 5432, 100);
            assertTrue(!refused2.contains("db"), "web-2 to db-1 is denied: " + refused2);
            assertTrue(packets("ids2", WEB2_DB) > 0, "server 2's IDS sees web-2's attempts: " + counts("ids2"));
            assertEquals(0, packets("fw1", WEB2_DB) + packets("fw1", DB_WEB2) + packets("ids2", DB_WEB2),
                    "nothing passes the firewall: " + counts("fw1") + " " + counts("ids2"));
            // the rule goes: both connect, through the IDS and the firewall, both ways
            assertEquals(200, Rest.call(node, "PUT", "tenants/red", red(false).toString(), 30).statusCode());
            await("red INSTALLED", 30_000, () -> ChainNodeIT.installed(node));
            tb.serve("r-db1", 5432, "db");
            assertTrue(tb.connect("r-web1", "10.10.2.21", 5432, 100).contains("db"), "web-1 to db-1, allowed");
            assertTrue(tb.connect("r-web2", "10.10.2.21", 5432, 100).contains("db"), "web-2 to db-1, allowed");
            assertTrue(packets("fw1", WEB1_DB) > 0 && packets("fw1", DB_WEB1) > 0 && packets("fw1", WEB2_DB) > 0 && packets("fw1", DB_WEB2) > 0,
                    "allowed connections pass the firewall both ways: " + counts("fw1"));
            assertTrue(packets("ids1", DB_WEB1) > 0 && packets("ids2", DB_WEB2) > 0, "and the IDS: " + counts("ids1") + " " + counts("ids2"));
        }
    }

    /** examples/chain.json's red, its chain deciding the tenant and baseline tiers after the IDS; with {@code deny}, a tenant-tier rule refusing web to db tcp/5432. */
    static ObjectNode red(boolean deny) throws Exception {
        ObjectNode red = (ObjectNode) ChainNodeIT.M.readTree(Files.readString(Path.of("../../examples/chain.json")));
        ArrayNode steps = (ArrayNode) red.get("chains").get(0).get("steps");
        ((ObjectNode) steps.get(0)).putArray("tiers").add("platform");
        steps.insertObject(2).put("service", "firewall").putArray("tiers").add("tenant").add("baseline");
        if (deny) {
            ObjectNode rule = ((ArrayNode) red.get("firewall").get("tenant")).insertObject(0).put("name", "no-db").put("direction", "egress")
                    .put("appliedTo", "web").put("protocol", "tcp").put("action", "deny");
            rule.putArray("peers").addObject().put("group", "db");
            rule.putArray("ports").add(5432);
        }
        return red;
    }

    /** What service function {@code w} counted for {@code key} (after its next write). */
    private long packets(String w, String key) throws Exception {
        return counts(w).path(key).asLong(0);
    }

    private JsonNode counts(String w) throws Exception {
        Thread.sleep(500);
        return ChainNodeIT.M.readTree(Files.readString(tb.functionCounts("r-" + w)));
    }
}
