package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Service chaining realized by the node (docs/chaining.md): the overlay's two managed servers with
 * red's service functions (testbed.sh managed-chain; testbed/chain/sf.py counts what each passes).
 * examples/chain.json applied over REST: web-1's connections to db-1 pass server 1's IDS and the
 * routed firewall on server 2; the node's health probes find an instance that stops passing
 * packets and move its new connections to the other IDS; a firewall that stops forwarding makes the
 * class drop (fail-closed) or, with its step set to bypass, pass without it; the audits find the
 * programs as written.
 */
class ChainNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    final String p = "dcn" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));
    final Map<String, Process> functions = new HashMap<>();

    @TempDir
    Path data;

    @Test
    void theNodeSteersThroughLiveInstancesAndFailsOverByHealth() throws Exception {
        NodeOptions o = options(data).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            tb.up("managed-chain", String.valueOf(node.openflowPort()), String.valueOf(node.ovsdbPort()));
            connected(node, tb);
            start("ids1", "transparent");
            start("ids2", "transparent");
            start("fw1", "routed");
            String doc = Files.readString(Path.of("../../examples/chain.json"));
            // red without its chain first: a connection web-1 opens now goes its usual way, also after the chain applies
            ObjectNode unchained = (ObjectNode) M.readTree(doc);
            unchained.remove("chains");
            assertEquals(200, Rest.call(node, "PUT", "tenants/red", unchained.toString(), 30).statusCode());
            await("red INSTALLED", 30_000, () -> M.readTree(Rest.call(node, "GET", "tenants/red/status", null, 10).body())
                    .path("state").asText().equals("INSTALLED"));
            tb.serve("r-db1", 5432, "db");
            reachable("r-web1", "10.10.2.21");
            String key = "10.10.1.11>10.10.2.21";
            java.util.concurrent.CompletableFuture<String> held = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return tb.connect("r-web1", "10.10.2.21", 5432, 200_000, "x", 8);
                } catch (Exception e) {
                    return e.toString();
                }
            });
            Thread.sleep(2000); // the connection is open and sending
            assertEquals(200, Rest.call(node, "PUT", "tenants/red", doc, 30).statusCode());
            await("red with its chain INSTALLED", 30_000, () -> M.readTree(Rest.call(node, "GET", "tenants/red/status", null, 10).body())
                    .path("state").asText().equals("INSTALLED") && explain(node, "from=red-web-1&to=red-db-1&service=tcp/5432")
                    .path("chain").asText().equals("inspect-db"));
            installed(tb);
            assertEquals("db 200000", held.get(40, java.util.concurrent.TimeUnit.SECONDS), "the connection opened before the chain completes");
            for (String f : List.of("ids1", "ids2", "fw1")) {
                assertEquals(0, packets(f, key), f + " saw nothing of the connection opened before the chain (it never saw its start)");
            }
            // the path explained over REST: server 1's IDS (web-1's DSN), then the firewall; bad queries are refused
            JsonNode ex = explain(node, "from=red-web-1&to=red-db-1&service=tcp/5432");
            assertEquals("inspect-db", ex.path("chain").asText(), ex.toString());
            assertEquals("red-ids-1", ex.path("steps").get(1).path("candidates").get(0).path("instance").asText(), ex.toString());
            // the detour by the node's topology: 0 links to the IDS on web-1's DSN, then 1 on to db-1's (the link discovery finds
            // between the servers' uplinks, through the testbed's underlay switch; 2 through the configured uplinks' one fabric before)
            await("the explanation's detour over the discovered link", 15_000, () -> explain(node, "from=red-web-1&to=red-db-1&service=tcp/5432")
                    .path("steps").get(1).path("candidates").get(0).path("fabricHops").asInt() == 1);
            assertEquals("red-fw-1", ex.path("steps").get(2).path("candidates").get(0).path("instance").asText(), ex.toString());
            java.net.http.HttpResponse<String> bad = Rest.call(node, "GET", "tenants/red/services/chain/explain?to=red-db-1", null, 10);
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().contains("'from'"), bad.body());
            assertEquals(404, Rest.call(node, "GET", "tenants/red/services/chain/nope", null, 10).statusCode());
            reachable("r-web1", "10.10.2.21");
            reachable("r-web2", "10.10.1.11");
            // every instance passes its probes
            await("every instance up", 10_000, () -> instances(node).size() == 3
                    && instances(node).stream().allMatch(i -> i.path("up").asBoolean() && i.path("checks").asLong() >= 2));
            String fwd = "10.10.1.11>10.10.2.21";
            long ids1 = packets("ids1", fwd);
            long fw1 = packets("fw1", fwd);
            assertEquals("db 100000", tb.connect("r-web1", "10.10.2.21", 5432, 100_000));
            assertTrue(packets("ids1", fwd) > ids1 && packets("fw1", fwd) > fw1, "web-1's connection passed server 1's IDS and the firewall");
            // IPv6 alike: the class over IPv6 passes the same functions (the routed firewall forwards IPv6 too)
            reachable("r-web1", "fd00:10:2::21");
            String fwd6 = "fd00:10:1::11>fd00:10:2::21";
            long ids6 = packets("ids1", fwd6);
            long fw6 = packets("fw1", fwd6);
            assertEquals("db 100000", tb.connect("r-web1", "fd00:10:2::21", 5432, 100_000));
            assertTrue(packets("ids1", fwd6) > ids6 && packets("fw1", fwd6) > fw6, "web-1's IPv6 connection passed both functions");
            assertTrue(packets("ids1", "fd00:10:2::21>fd00:10:1::11") > 0, "and its replies");
            // web-1 and db-1 configured above their networks' MTU (1500 > 1450): a chained packet is measured where it is
            // steered and one too large answered ("fragmentation needed"), so TCP through the chain adapts instead of stalling
            // (the IDS's port, at its network's 1450, and the tunnel would lose the 1500-byte segments silently)
            for (String w : List.of("r-web1", "r-db1")) {
                tb.ns(w, 5, "ip", "link", "set", "eth0", "mtu", "1500");
            }
            try {
                long before = packets("ids1", fwd);
                assertEquals("db 2097152", tb.connect("r-web1", "10.10.2.21", 5432, 2 << 20), "TCP through the chain adapts to the answered MTU");
                assertTrue(packets("ids1", fwd) > before, "through the IDS");
                String mtu = tb.ns("r-web1", 5, "ip", "route", "get", "10.10.2.21");
                assertTrue(mtu.contains("mtu 1450"), "web-1 learned the MTU from the node's answer: " + mtu);
                // the same through the VIP db-vip (translated at web-1's DSN to db-1): the answer quotes the packet as
                // web-1 sent it, to the VIP, and comes from the VIP (sent through the DSN's conntrack, which undoes the
                // translation of a related packet) - else web-1's socket, connected to the VIP, ignores it and stalls
                long viaVip = packets("ids1", fwd);
                assertEquals("db 2097152", tb.connect("r-web1", "10.10.1.200", 5432, 2 << 20), "TCP to the VIP adapts to the answered MTU");
                assertTrue(packets("ids1", fwd) > viaVip, "through the IDS");
                String vipMtu = tb.ns("r-web1", 5, "ip", "route", "get", "10.10.1.200");
                assertTrue(vipMtu.contains("mtu 1450"), "web-1 learned the VIP's path MTU: " + vipMtu);
            } finally {
                for (String w : List.of("r-web1", "r-db1")) {
                    tb.ns(w, 5, "ip", "link", "set", "eth0", "mtu", "1450");
                }
            }
            long ids2 = packets("ids2", fwd);

            // server 1's IDS stops: its new connections go to server 2's (the receiver's DSN)
            long stopped = System.currentTimeMillis();
            functions.remove("ids1").destroyForcibly().waitFor();
            await("ids-1 down", 10_000, () -> !up(node, "red-ids-1"));
            long detected = System.currentTimeMillis() - stopped;
            await("web-1 to db-1 through server 2's IDS", 10_000, () -> tb.connect("r-web1", "10.10.2.21", 5432, 10_000).equals("db 10000"));
            long failover = System.currentTimeMillis() - stopped;
            assertTrue(packets("ids2", fwd) > ids2, "server 2's IDS took web-1's connection");
            JsonNode moved = explain(node, "from=red-web-1&to=red-db-1&service=tcp/5432");
            assertEquals("red-ids-2", moved.path("steps").get(1).path("candidates").get(0).path("instance").asText(), moved.toString());
            assertEquals("[\"red-ids-1\"]", moved.path("steps").get(1).path("down").toString(), moved.toString());
            System.out.println("chain failover: instance down after " + detected + " ms, new connections through another after "
                    + failover + " ms");
            assertTrue(detected < 5_000, "an instance that stops passing packets is down within 5 s: " + detected + " ms");

            // the firewall stops forwarding: its hop fails closed - the class drops, other traffic does not
            tb.ns("r-fw1", 5, "sysctl", "-qw", "net.ipv4.ip_forward=0");
            await("fw-1 down", 10_000, () -> !up(node, "red-fw-1"));
            assertTrue(tb.connect("r-web1", "10.10.2.21", 5432, 1000).contains("timed out"), "fail-closed: the class drops");
            assertTrue(tb.ns("r-web1", 5, "ping", "-c", "1", "-W", "1", "10.10.2.21").contains(" 0% packet loss"), "ICMP is no class of it");
            // with the firewall's step set to bypass, the class passes without it
            ObjectNode bypass = (ObjectNode) M.readTree(doc);
            ((ObjectNode) bypass.get("chains").get(0).get("steps").get(2)).put("failure", "bypass");
            assertEquals(200, Rest.call(node, "PUT", "tenants/red", bypass.toString(), 30).statusCode());
            long fwBefore = packets("fw1", fwd);
            await("fail-open: the class passes without the firewall", 10_000,
                    () -> tb.connect("r-web1", "10.10.2.21", 5432, 1000).equals("db 1000"));
            assertEquals(fwBefore, packets("fw1", fwd), "the firewall saw nothing");
            // forwarding again: up, and the class passes it again
            tb.ns("r-fw1", 5, "sysctl", "-qw", "net.ipv4.ip_forward=1");
            await("fw-1 up", 10_000, () -> up(node, "red-fw-1"));
            await("through the firewall again", 10_000, () -> {
                long before = packets("fw1", fwd);
                return tb.connect("r-web1", "10.10.2.21", 5432, 1000).equals("db 1000") && packets("fw1", fwd) > before;
            });
            Thread.sleep(2500); // two audit rounds
            assertEquals(0, (int) node.repaired().getOrDefault(D1, 0), "DSN 1's audits find the program as written");
            assertEquals(0, (int) node.repaired().getOrDefault(D2, 0), "DSN 2's audits find the program as written");
        }
    }

    /** The node's options for the two managed servers: any free ports, an audit a second, both servers' uplink on port 10. */
    static NodeOptions.Builder options(Path data) {
        return NodeOptions.builder().dataDir(data.toFile()).openflow(new InetSocketAddress("0.0.0.0", 0))
                .ovsdb(new InetSocketAddress("0.0.0.0", 0)).auditMillis(1000)
                .uplinks(Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10)));
    }

    /** Waits until both of the testbed's servers are connected to {@code node} and have their tunnel port. */
    static void connected(DspNode node, OverlayTestbed tb) throws Exception {
        await("both DSNs connected", 30_000, () -> node.openflow().isConnected(D1.toString()) && node.openflow().isConnected(D2.toString()));
        for (int n = 1; n <= 2; n++) {
            int server = n;
            await("server " + n + "'s tunnel port", 30_000, () -> tb.vsctl(server, "--if-exists", "get", "interface", "dsp-tun", "ofport")
                    .trim().matches("[1-9][0-9]*"));
        }
    }

    private void start(String w, String mode) throws Exception {
        functions.put(w, tb.serveFunction("r-" + w, mode, 170));
    }

    private Path counts(String w) {
        return tb.functionCounts("r-" + w);
    }

    /** What service function {@code w} counted for {@code key} (after its next write). */
    private long packets(String w, String key) throws Exception {
        Thread.sleep(500);
        JsonNode seen = M.readTree(Files.readString(counts(w)));
        return seen.path(key).asLong(0);
    }

    static JsonNode explain(DspNode node, String query) throws Exception {
        java.net.http.HttpResponse<String> r = Rest.call(node, "GET", "tenants/red/services/chain/explain?" + query, null, 10);
        assertEquals(200, r.statusCode(), r.body());
        return M.readTree(r.body());
    }

    static List<JsonNode> instances(DspNode node) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        M.readTree(Rest.call(node, "GET", "tenants/red/services", null, 10).body()).path("services").path("chain").path("instances")
                .forEach(out::add);
        return out;
    }

    static boolean up(DspNode node, String instance) throws Exception {
        return instances(node).stream().anyMatch(i -> i.path("instance").asText().equals(instance) && i.path("up").asBoolean());
    }

    /** Whether the node says red is INSTALLED (every DSN confirmed its program). */
    static boolean installed(DspNode node) throws Exception {
        return M.readTree(Rest.call(node, "GET", "tenants/red/status", null, 10).body()).path("state").asText().equals("INSTALLED");
    }

    /**
     * Brings testbed {@code tb} (managed-chain) up for {@code node}, starts service functions {@code fns} (ids1, ids2, ids3:
     * transparent; fw1: routed) into {@code functions}, applies {@code red} and waits for it to be installed, the functions up
     * and web-1 reaching db-1.
     */
    static void redUp(DspNode node, OverlayTestbed tb, Map<String, Process> functions, ObjectNode red, String... fns) throws Exception {
        tb.up("managed-chain", String.valueOf(node.openflowPort()), String.valueOf(node.ovsdbPort()));
        connected(node, tb);
        for (String f : fns) {
            functions.put(f, tb.serveFunction("r-" + f, f.startsWith("fw") ? "routed" : "transparent", 170));
        }
        assertEquals(200, Rest.call(node, "PUT", "tenants/red", red.toString(), 30).statusCode());
        await("red INSTALLED", 30_000, () -> installed(node));
        for (String f : fns) { // ids1 is red-ids-1
            String instance = "red-" + f.replaceAll("(\\d+)$", "-$1");
            await(instance + " up", 15_000, () -> up(node, instance));
        }
        await("web-1 to reach db-1", 20_000, () -> tb.ns("r-web1", 5, "ping", "-c", "1", "-W", "1", "10.10.2.21").contains(" 0% packet loss"));
    }

    /** Waits until workload {@code w} pings {@code address} (the first tunnelled packets wait for the underlay neighbour). */
    private void reachable(String w, String address) throws Exception {
        await(w + " to reach " + address, 20_000, () -> tb.ns(w, 5, "ping", "-c", "1", "-W", "1", address).contains(" 0% packet loss"));
    }

    /** Checks what the servers hold once red's chain is installed (nothing here: {@link ChainConjunctiveNodeIT} looks). */
    void installed(OverlayTestbed testbed) throws Exception {
    }
}
