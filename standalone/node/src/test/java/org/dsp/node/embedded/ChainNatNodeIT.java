package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;

/**
 * A chain to the external network realized by the node, with real packets (docs/chaining.md,
 * "Classes to the external network"): the overlay's two managed servers with red's service
 * functions and the external network (testbed.sh managed-chain-nat; both servers gateways, red's
 * network front translated to the pool 203.0.113.100 at server 1). red's web workloads' TCP to the
 * external server 203.0.113.10:8080 passes an IDS on the other server (sf.py counts it, both ways)
 * before it leaves translated - web-1 from server 1 through server 2's IDS and back, then NAT at
 * its own DSN; web-2 from server 2 through server 1's IDS and back, then out through the tunnel it
 * came back by to the gateway, its replies in by the tunnel and on through it to the IDS; port 8081
 * to the same server goes out without the chain; with server 2's IDS down web-1's class is dropped
 * (fail-closed) while 8081 and web-2's class still go out; the explanation names the IDS and NAT.
 * web-1 has a floating IP (203.0.113.50: its connections out leave from it), and the external
 * server's connections to it on tcp/8082 are a class from the external network through server 2's
 * IDS - translated at server 1, through the IDS both ways, dropped with the IDS down. red's load
 * balancer db-vip is published on 203.0.113.60: the external server's connections to it reach its
 * backend db-1 (server 2) through server 1's IDS, a class from the external network to a load balancer.
 */
class ChainNatNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    /** The external bridge's MAC (testbed.sh sets it): the next hop of both gateways. */
    static final String NEXT_HOP = "02:00:00:cb:00:0a";
    final String p = "dxn" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));
    final Map<String, Process> functions = new HashMap<>();

    @TempDir
    Path data;

    @Test
    void theClassPassesTheIdsBeforeItLeavesTranslatedAndFailsClosedWithoutIt() throws Exception {
        NodeOptions o = ChainNodeIT.options(data)
                .gateways(Map.of(D1, "20@" + NEXT_HOP, D2, "20@" + NEXT_HOP)).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            tb.up("managed-chain-nat", String.valueOf(node.openflowPort()), String.valueOf(node.ovsdbPort()));
            ChainNodeIT.connected(node, tb);
            functions.put("ids1", tb.serveFunction("r-ids1", "transparent", 170));
            functions.put("ids2", tb.serveFunction("r-ids2", "transparent", 170));
            ObjectNode red = (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/chain.json")));
            // red's network front from the pool; web-1 on its floating IP 203.0.113.50 (translated at its own DSN, a gateway)
            red.set("nat", M.readTree("{\"snat\":[{\"name\":\"front-out\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.100\","
                    + "\"ports\":\"20000-29999\"}}],\"floatingIps\":[{\"name\":\"web-1-public\",\"endpoint\":\"red-web-1\",\"address\":"
                    + "\"203.0.113.50\"},{\"name\":\"db-public\",\"loadBalancer\":\"db-vip\",\"address\":\"203.0.113.60\"}]}"));
            ((com.fasterxml.jackson.databind.node.ArrayNode) red.get("firewall").get("tenant")).add(M.readTree("{\"name\":\"web-from-ext\","
                    + "\"direction\":\"ingress\",\"appliedTo\":\"web\",\"peers\":[{\"cidr\":\"203.0.113.10/32\"}],\"protocol\":\"tcp\","
                    + "\"ports\":[8082],\"action\":\"allow\"}"));
            ((com.fasterxml.jackson.databind.node.ArrayNode) red.get("firewall").get("tenant")).add(M.readTree("{\"name\":\"db-from-ext\","
                    + "\"direction\":\"ingress\",\"appliedTo\":\"db\",\"peers\":[{\"cidr\":\"203.0.113.10/32\"}],\"protocol\":\"tcp\","
                    + "\"ports\":[5432],\"action\":\"allow\"}"));
            // web-1 (server 1) through server 2's IDS; web-2 (server 2) through server 1's: each crosses to the other server and back
            // before NAT; red's gateway is server 1, so web-2's connection then goes back out through the tunnel it came in by,
            // and its replies come in by the tunnel and go on through it to the IDS
            String chain = "{\"name\":\"NAME\",\"from\":[{\"endpoint\":\"FROM\"}],\"to\":[{\"cidr\":\"203.0.113.10/32\"}],\"protocol\":"
                    + "\"tcp\",\"ports\":[8080],\"steps\":[{\"service\":\"firewall\"},{\"function\":\"ids\",\"instances\":[\"IDS\"]},"
                    + "{\"service\":\"nat\"}]}";
            // and the external server's connections to web-1 on tcp/8082 (through its floating IP) through server 2's IDS too
            red.set("chains", M.readTree("[" + chain.replace("NAME", "out-1").replace("FROM", "red-web-1").replace("IDS", "red-ids-2") + ","
                    + chain.replace("NAME", "out-2").replace("FROM", "red-web-2").replace("IDS", "red-ids-1") + ",{\"name\":\"in-1\",\"from\":"
                    + "[{\"cidr\":\"203.0.113.10/32\"}],\"to\":[{\"endpoint\":\"red-web-1\"}],\"protocol\":\"tcp\",\"ports\":[8082],"
                    + "\"steps\":[{\"service\":\"nat\"},{\"function\":\"ids\",\"instances\":[\"red-ids-2\"]}]},"
                    // and its connections to red's load balancer db-vip, published on 203.0.113.60 (backend db-1, server 2), through
                    // server 1's IDS: picked and translated at the gateway (server 1), marked at db-1's DSN, across to the IDS and back
                    + "{\"name\":\"in-db\",\"from\":[{\"cidr\":\"203.0.113.10/32\"}],\"to\":[{\"loadBalancer\":\"db-vip\"}],"
                    + "\"protocol\":\"tcp\",\"ports\":[5432],\"steps\":[{\"service\":\"nat\"},{\"service\":\"loadBalancer\"},"
                    + "{\"function\":\"ids\",\"instances\":[\"red-ids-1\"]}]}]"));
            java.net.http.HttpResponse<String> put = Rest.call(node, "PUT", "tenants/red", red.toString(), 30);
            assertEquals(200, put.statusCode(), put.body());
            await("red INSTALLED", 30_000, () -> M.readTree(Rest.call(node, "GET", "tenants/red/status", null, 10).body())
                    .path("state").asText().equals("INSTALLED"));
            await("the IDS instances up", 15_000, () -> up(node, "red-ids-1") && up(node, "red-ids-2"));
            tb.serve("ext", 8080, "@peer");
            tb.serve("ext", 8081, "@peer");
            reachable("r-web1", "203.0.113.10");
            reachable("r-web2", "203.0.113.10");
            for (String[] w : List.of(new String[] {"r-web1", "10.10.1.11", "ids2", "203.0.113.50"},
                    new String[] {"r-web2", "10.10.1.12", "ids1", "203.0.113.100"})) {
                String fwd = w[1] + ">203.0.113.10";
                String rev = "203.0.113.10>" + w[1];
                long before = packets(w[2], fwd);
                long replies = packets(w[2], rev);
                String answer = tb.connect(w[0], "203.0.113.10", 8080, 100_000);
                if (!answer.startsWith(w[3] + " ")) { // what the servers hold and the IDS saw, for the report
                    throw new AssertionError(w[0] + " leaves from " + w[3] + ": " + answer + "\n" + w[2] + " saw " + packets(w[2], fwd) + " / "
                            + packets(w[2], rev) + "\nserver 1:\n" + tb.dumpFlows(1) + "\nserver 2:\n" + tb.dumpFlows(2));
                }
                assertTrue(packets(w[2], fwd) > before, w[0] + "'s connection passed " + w[2] + " on its way out");
                assertTrue(packets(w[2], rev) > replies, w[0] + "'s replies passed " + w[2] + " on their way back");
                long other = packets(w[2], fwd);
                assertTrue(tb.connect(w[0], "203.0.113.10", 8081, 1000).startsWith(w[3] + " "), "8081 leaves too");
                assertEquals(other, packets(w[2], fwd), "8081 is no class of the chain: the IDS saw none of it");
            }
            // in from the external server to web-1's floating IP: through server 2's IDS, translated at server 1 before it
            tb.serve("r-web1", 8082, "@peer");
            long in = packets("ids2", "203.0.113.10>10.10.1.11");
            long inReplies = packets("ids2", "10.10.1.11>203.0.113.10");
            String seen = tb.connect("ext", "203.0.113.50", 8082, 100_000);
            assertTrue(seen.startsWith("203.0.113.10 "), "web-1 sees the external server's own address: " + seen);
            assertTrue(packets("ids2", "203.0.113.10>10.10.1.11") > in, "the connection in passed server 2's IDS");
            assertTrue(packets("ids2", "10.10.1.11>203.0.113.10") > inReplies, "its replies passed it on their way out");
            // in from the external server to db-vip's published address: the backend db-1 sees it, through server 1's IDS both ways
            tb.serve("r-db1", 5432, "@peer");
            long toDb = packets("ids1", "203.0.113.10>10.10.2.21");
            long fromDb = packets("ids1", "10.10.2.21>203.0.113.10");
            String atDb = tb.connect("ext", "203.0.113.60", 5432, 100_000);
            assertTrue(atDb.startsWith("203.0.113.10 "), "db-1 sees the external server's own address: " + atDb);
            assertTrue(packets("ids1", "203.0.113.10>10.10.2.21") > toDb, "the connection to the published load balancer passed server 1's IDS");
            assertTrue(packets("ids1", "10.10.2.21>203.0.113.10") > fromDb, "its replies passed it on their way out");
            JsonNode exDb = M.readTree(Rest.call(node, "GET", "tenants/red/services/chain/explain?from=203.0.113.10&to=red-db-1&service=tcp/5432",
                    null, 10).body());
            assertEquals("in-db", exDb.path("chain").asText(), exDb.toString());
            JsonNode exIn = M.readTree(Rest.call(node, "GET", "tenants/red/services/chain/explain?from=203.0.113.10&to=red-web-1&service=tcp/8082",
                    null, 10).body());
            assertEquals("in-1", exIn.path("chain").asText(), exIn.toString());
            JsonNode ex = M.readTree(Rest.call(node, "GET", "tenants/red/services/chain/explain?from=red-web-1&to=203.0.113.10&service=tcp/8080",
                    null, 10).body());
            assertEquals("out-1", ex.path("chain").asText(), ex.toString());
            assertEquals("red-ids-2", ex.path("steps").get(1).path("candidates").get(0).path("instance").asText(), ex.toString());
            assertTrue(ex.path("path").toString().contains("on to NAT"), ex.toString());
            // server 2's IDS stops: web-1's step fails closed - its class is dropped before NAT, 8081 still leaves, web-2's chain
            // (through server 1's IDS) goes on
            functions.remove("ids2").destroyForcibly().waitFor();
            await("the IDS down", 10_000, () -> !up(node, "red-ids-2"));
            assertTrue(tb.connect("r-web1", "203.0.113.10", 8080, 1000).contains("timed out"), "fail-closed: the class drops");
            assertTrue(tb.connect("r-web1", "203.0.113.10", 8081, 1000).startsWith("203.0.113.50 "), "other traffic still leaves");
            assertTrue(tb.connect("r-web2", "203.0.113.10", 8080, 1000).startsWith("203.0.113.100 "), "web-2's class still passes");
            assertTrue(tb.connect("ext", "203.0.113.50", 8082, 1000).contains("timed out"), "nor does the class in come in");
            Thread.sleep(2500); // two audit rounds
            assertEquals(0, (int) node.repaired().getOrDefault(D1, 0), "DSN 1's audits find the program as written");
            assertEquals(0, (int) node.repaired().getOrDefault(D2, 0), "DSN 2's audits find the program as written");
        } finally {
            functions.values().forEach(Process::destroyForcibly);
        }
    }

    /** What service function {@code w} counted for {@code key} (after its next write). */
    private long packets(String w, String key) throws Exception {
        Thread.sleep(500);
        JsonNode seen = M.readTree(Files.readString(tb.functionCounts("r-" + w)));
        return seen.path(key).asLong(0);
    }

    private static boolean up(DspNode node, String instance) throws Exception {
        JsonNode is = M.readTree(Rest.call(node, "GET", "tenants/red/services", null, 10).body()).path("services").path("chain").path("instances");
        for (JsonNode i : is) {
            if (i.path("instance").asText().equals(instance) && i.path("up").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    /** Waits until workload {@code w} pings {@code address} (the first tunnelled packets wait for the underlay neighbour). */
    private void reachable(String w, String address) throws Exception {
        await(w + " to reach " + address, 20_000, () -> tb.ns(w, 5, "ping", "-c", "1", "-W", "1", address).contains(" 0% packet loss"));
    }
}
