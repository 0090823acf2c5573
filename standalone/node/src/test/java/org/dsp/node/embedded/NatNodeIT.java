package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * NAT realized by the node (docs/nat.md): the overlay's two managed servers plus the external
 * network, both servers configured as gateways (--gateway). Red and blue, one private address
 * plan, are applied over REST; connections leave from each tenant's pool, a floating IP and a
 * port forward bring connections in, an exhausted pool is reported in the tenant's service state,
 * the audits find the programs as written (the pools' ranges encoded as Open vSwitch writes them
 * back), and when the gateway serving blue goes away the node moves blue's pool to the other and
 * blue's next connection leaves through it.
 */
class NatNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    /** The external bridge's MAC (testbed.sh sets it): the next hop of both gateways. */
    static final String NEXT_HOP = "02:00:00:cb:00:0a";
    final String p = "dnn" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));

    @TempDir
    Path data;

    @Test
    void theNodeTranslatesAtItsGatewaysAndMovesATenantWhenItsGatewayGoesAway() throws Exception {
        NodeOptions o = NodeOptions.builder().dataDir(data.toFile()).openflow(new InetSocketAddress("0.0.0.0", 0))
                .ovsdb(new InetSocketAddress("0.0.0.0", 0)).auditMillis(1000)
                .uplinks(Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10)))
                .gateways(Map.of(D1, "20@" + NEXT_HOP, D2, "20@" + NEXT_HOP)).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            tb.up("managed-nat", String.valueOf(node.openflowPort()), String.valueOf(node.ovsdbPort()));
            await("both DSNs connected", 30_000, () -> node.openflow().isConnected(D1.toString()) && node.openflow().isConnected(D2.toString()));
            for (int n = 1; n <= 2; n++) {
                int server = n;
                await("server " + n + "'s tunnel port", 30_000, () -> tb.vsctl(server, "--if-exists", "get", "interface", "dsp-tun", "ofport")
                        .trim().matches("[1-9][0-9]*"));
            }
            assertEquals(200, Rest.call(node, "PUT", "tenants/red", Files.readString(Path.of("../../examples/nat.json")), 30).statusCode());
            assertEquals(200, Rest.call(node, "PUT", "tenants/blue", Files.readString(Path.of("../../examples/nat-blue.json")), 30)
                    .statusCode());
            for (String t : List.of("red", "blue")) {
                await(t + " INSTALLED", 30_000, () -> M.readTree(Rest.call(node, "GET", "tenants/" + t + "/status", null, 10).body())
                        .path("state").asText().equals("INSTALLED"));
            }
            // blue cannot take red's floating IP: refused at its path, red not named, nothing stored
            com.fasterxml.jackson.databind.node.ObjectNode stolen = (com.fasterxml.jackson.databind.node.ObjectNode) M.readTree(
                    Files.readString(Path.of("../../examples/nat-blue.json")));
            stolen.with("nat").withArray("floatingIps").add(M.readTree(
                    "{\"name\": \"stolen\", \"endpoint\": \"blue-web-1\", \"address\": \"203.0.113.50\"}"));
            java.net.http.HttpResponse<String> refused = Rest.call(node, "PUT", "tenants/blue", stolen.toString(), 30);
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("$.nat.floatingIps[0].address") && refused.body().contains("RESOURCE_IN_USE")
                    && refused.body().contains("address 203.0.113.50 is held by another tenant")
                    && !refused.body().matches("(?s).*\\bred\\b.*"),
                    refused.body());
            // red's NAT members: web-1 on DSN 1 (floating IP, translated there), web-2 and db-1 on DSN 2: red's gateway is DSN 2
            await("DSN 2 answers red's pool", 30_000, () -> tb.dumpFlows(2).contains("arp_tpa=203.0.113.100"));
            assertTrue(tb.dumpFlows(1).contains("arp_tpa=203.0.113.50") && !tb.dumpFlows(1).contains("arp_tpa=203.0.113.100"));
            reachable("r-web2");
            reachable("r-web1");
            tb.serve("ext", 8080, "@peer");
            assertEquals("203.0.113.100", peer(tb.connect("r-web2", "203.0.113.10", 8080, 1 << 20))[0], "red's pool");
            assertEquals("203.0.113.50", peer(tb.connect("r-web1", "203.0.113.10", 8080, 1000))[0], "web-1's floating IP");
            tb.serve("r-web1", 8080, "@peer");
            assertEquals("203.0.113.10", peer(tb.connect("ext", "203.0.113.50", 8080, 1000))[0], "in through the floating IP");
            tb.serve("r-db1", 22, "@peer");
            assertEquals("203.0.113.10", peer(tb.connect("ext", "203.0.113.51", 2222, 1000))[0], "in through the port forward");
            // blue: web-1 on DSN 1, web-2 and db-1 (both forwarded to) on DSN 2: blue's gateway is DSN 2 too, and blue-web-1's
            // external packets are tunnelled there; same private addresses as red
            assertTrue(tb.dumpFlows(2).contains("arp_tpa=203.0.113.110") && !tb.dumpFlows(1).contains("arp_tpa=203.0.113.110"));
            // the underlay neighbours first, over the overlay (blue-web-1 to blue-web-2 across the tunnel), as every overlay test does
            reachable("b-web1", "10.10.1.12");
            reachable("b-web1");
            assertTrue(peer(tb.connect("b-web1", "203.0.113.10", 8080, 1000))[0].startsWith("203.0.113.11"), "blue's pool");
            // red's back network: a pool of two ports; the third connection is refused and reported
            for (int i = 0; i < 2; i++) {
                assertEquals("203.0.113.101", peer(tb.connect("r-db1", "203.0.113.10", 8080, 100))[0]);
            }
            assertTrue(tb.connect("r-db1", "203.0.113.10", 8080, 100).contains("timed out"), "the pool has no third port");
            await("red's exhausted pool reported", 10_000, () -> state(node, "red").path("untranslated").path("packets").asLong() > 0);
            JsonNode recent = state(node, "red").path("untranslated").path("recent").get(0);
            assertEquals("10.10.2.21", recent.path("source").asText(), recent.toString());
            assertEquals("203.0.113.10", recent.path("destination").asText(), recent.toString());
            Thread.sleep(2500); // two audit rounds (and discovery rounds)
            // the node sends no discovery probe into the external network (a probe round every 3 s)
            String probes = run(15, "ip", "netns", "exec", p + "-ext", "timeout", "4", "tcpdump", "-nn", "-e", "-i", "br-ext",
                    "ether proto 0x88cc or ether proto 0x8942");
            assertTrue(!probes.contains("0x88cc") && !probes.contains("0x8942") && !probes.contains("LLDP"),
                    "discovery frames on the external network: " + probes);
            assertEquals(0, (int) node.repaired().getOrDefault(D1, 0), "DSN 1's audits find the program as written");
            assertEquals(0, (int) node.repaired().getOrDefault(D2, 0), "DSN 2's audits find the program as written (pools' ranges)");
            gatewayGoesAway(node);
        }
    }

    /**
     * DSN 2's switch stops: blue's gateway becomes DSN 1 - until now blue-web-1's external packets were tunnelled to DSN 2 and
     * left there, so the external bridge knew blue's pool MAC on server 2's port - and blue-web-1 leaves from blue's pool there.
     */
    private void gatewayGoesAway(DspNode node) throws Exception {
        assertTrue(run(10, "ip", "netns", "exec", p + "-ext", "bridge", "fdb", "show", "br", "br-ext").contains("0a:00:cb:00:71:6e dev x2 ")
                || run(10, "ip", "netns", "exec", p + "-ext", "bridge", "fdb", "show", "br", "br-ext").contains("0a:00:cb:00:71:6f dev x2 "),
                "blue's pool left through server 2");
                String pid = Files.readString(Path.of("/tmp/" + p + "/s2/ovs-vswitchd.pid")).trim();
        long start = System.nanoTime();
        run(10, "kill", pid);
        await("DSN 2 disconnected", 30_000, () -> !node.openflow().isConnected(D2.toString()));
        await("DSN 1 answers blue's pool", 30_000, () -> tb.dumpFlows(1).contains("arp_tpa=203.0.113.110"));
        // the node announced the moved addresses out of DSN 1's external port (gratuitous ARP): the external
        // bridge learned them there before any packet of blue's went out
        await("the external bridge to learn blue's pool MAC on server 1's port", 10_000, () -> run(10, "ip", "netns", "exec",
                p + "-ext", "bridge", "fdb", "show", "br", "br-ext").contains("0a:00:cb:00:71:6e dev x1 ")
                && run(10, "ip", "netns", "exec", p + "-ext", "bridge", "fdb", "show", "br", "br-ext").contains("0a:00:cb:00:71:6f dev x1 "));
        tb.serve("ext", 8081, "@peer");
        String answer = "";
        for (int i = 0; i < 10 && !answer.startsWith("203.0.113.11"); i++) {
            answer = tb.connect("b-web1", "203.0.113.10", 8081, 100);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(answer.startsWith("203.0.113.11"), "blue leaves from its pool through DSN 1: " + answer);
        System.out.println("NAT gateway takeover: DSN 2 stopped, blue's next connection through DSN 1 after " + ms + " ms");
        assertTrue(ms < 30_000, "within 30 s of the gateway's loss: " + ms + " ms");
    }

    /** Waits until workload {@code w} pings the external host (the first tunnelled packets wait for the underlay neighbour). */
    private void reachable(String w) throws Exception {
        reachable(w, "203.0.113.10");
    }

    /** Waits until workload {@code w} pings {@code address}; on failure the report holds both servers' flows and tunnel state. */
    private void reachable(String w, String address) throws Exception {
        try {
            await(w + " to reach " + address, 20_000, () -> ns(w, 5, "ping", "-c", "1", "-W", "1", address)
                    .contains(" 0% packet loss"));
        } catch (AssertionError e) { // what the servers hold, for the report
            StringBuilder sb = new StringBuilder(e.getMessage());
            for (int n = 1; n <= 2; n++) {
                String ctl = "/tmp/" + p + "/s" + n + "/ovs-vswitchd.ctl";
                sb.append("\nserver ").append(n).append(":\n").append(tb.dumpFlows(n))
                        .append(run(10, "ip", "netns", "exec", p + "-s" + n, "ovs-appctl", "-t", ctl, "tnl/neigh/show"))
                        .append(run(10, "ip", "netns", "exec", p + "-s" + n, "ovs-appctl", "-t", ctl, "ovs/route/show"))
                        .append(run(10, "ip", "netns", "exec", p + "-s" + n, "ovs-ofctl", "show", tb.bridge(n)));
            }
            throw new AssertionError(sb.toString(), e);
        }
    }

    private static JsonNode state(DspNode node, String tenant) throws Exception {
        return M.readTree(Rest.call(node, "GET", "tenants/" + tenant + "/services", null, 10).body()).path("services").path("nat");
    }

    static String[] peer(String answer) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\S+) (\\d+)").matcher(answer);
        assertTrue(m.find(), "an answer naming the peer: " + answer);
        return new String[] {m.group(1), m.group(2)};
    }

    private String ns(String w, int seconds, String... cmd) throws Exception {
        return tb.ns(w, seconds, cmd);
    }

    private static String run(int seconds, String... cmd) throws Exception {
        return OverlayTestbed.run(seconds, false, List.of(cmd));
    }
}
