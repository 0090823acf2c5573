package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsp.node.NodeOptions;
import org.dsp.node.openflow.Ovs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The load balancer (apps/dsp-lb, in the default node) on a real Open vSwitch, with real TCP and
 * UDP (examples/load-balancer.json):
 * client-1 opens connections to the VIP 10.0.0.100 (tcp/80 and udp/7) and the client's DSN spreads
 * them over web-1, web-2 and web-3 (weights 1, 1, 2) on their port 8080 (named http for TCP); a held connection keeps its
 * backend while the weights change; guest-1, whom no rule allows, gets nothing; with no backend,
 * connections are refused at once. Each workload is a namespace on the bridge. (Backends on other
 * DSNs are checked by the fabric testbed, where each DSN is its own Open vSwitch: two bridges of
 * one ovs-vswitchd share one conntrack table, which no two DSNs do.)
 */
class LoadBalancerIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final String VIP = "10.0.0.100";
    final String tag = String.valueOf(ProcessHandle.current().pid() % 100000);
    final String br = "dspl" + tag;

    @TempDir
    Path data;

    @BeforeEach
    void bridge() throws Exception {
        Ovs.bridge(br, "0000000000000001");
    }

    @AfterEach
    void cleanup() throws Exception {
        Ovs.deleteBridge(br);
    }

    /** The embedded node with audits every second and the bridge's uplink at port 10, its data in {@code dir}. */
    private static DspNode node(Path dir) throws Exception {
        return DspNode.start(NodeOptions.builder().dataDir(dir.toFile()).auditMillis(1000).uplinks(Map.of(D1, PortNumber.portNumber(10))).build());
    }

    /** Adds the example's client-1 and web-1..3 (and guest-1 when {@code guest}) as namespaces on the bridge. */
    private static void workloads(Workloads w, boolean guest) throws Exception {
        w.add("client-1", 1, "02:00:00:00:01:01", "10.0.0.11");
        if (guest) {
            w.add("guest-1", 5, "02:00:00:00:01:02", "10.0.0.12");
        }
        w.add("web-1", 2, "02:00:00:00:02:01", "10.0.0.21");
        w.add("web-2", 3, "02:00:00:00:02:02", "10.0.0.22");
        w.add("web-3", 4, "02:00:00:00:02:03", "10.0.0.23");
    }

    /** Starts the test's backend server (name on each connection, port 8080) in web-1, web-2 and web-3. */
    private static void serveHttpOn8080(Workloads w) throws Exception {
        for (String web : List.of("web-1", "web-2", "web-3")) {
            w.start(web, "server.py", web, "8080", "150");
        }
    }

    /** Points the bridge at the node and waits for the DSN to connect. */
    private void connect(DspNode node) throws Exception {
        sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
        Ovs.await("the DSN to connect", 30_000, () -> node.openflow().isConnected(D1.toString()));
    }

    /** The example tenant with its load balancer (examples/load-balancer.json). */
    private static ObjectNode example() throws Exception {
        return (ObjectNode) M.readTree(java.nio.file.Files.readString(Path.of("../../examples/load-balancer.json")));
    }

    private static HttpResponse<String> put(DspNode node, ObjectNode doc) throws Exception {
        return Rest.call(node, "PUT", "tenants/shop", doc.toString(), 30);
    }

    private static void installed(DspNode node) throws Exception {
        Ovs.await("shop INSTALLED", 30_000, () -> M.readTree(Rest.call(node, "GET", "tenants/shop/status", null, 10).body())
                .path("state").asText().equals("INSTALLED"));
    }

    private static Map<String, Integer> count(List<String> lines) {
        Map<String, Integer> m = new TreeMap<>();
        lines.forEach(l -> m.merge(l, 1, Integer::sum));
        return m;
    }

    private static long vswitchd() throws Exception {
        return Long.parseLong(sh("cat", "/var/run/openvswitch/ovs-vswitchd.pid").trim());
    }

    @Test
    void connectionsToTheVipSpreadByWeightAndKeepTheirBackend() throws Exception {
        long pid = vswitchd();
        try (DspNode node = node(data); Workloads w = new Workloads(br, "lb" + tag)) {
            workloads(w, true);
            serveHttpOn8080(w);
            connect(node);
            ObjectNode doc = example();
            assertEquals(200, put(node, doc).statusCode());
            installed(node);

            // 300 connections, one after another, each from a new source port; the client closes first
            Map<String, Integer> spread = count(w.run("client-1", 120, "client.py", "tcp", VIP, "80", "300"));
            System.out.println("300 connections to the VIP: " + spread);
            String neigh = sh("ip", "netns", "exec", w.ns("client-1"), "ip", "neigh", "show", VIP);
            assertTrue(neigh.contains("0a:00:0a:00:00:64"), "the client's DSN answered ARP for the VIP: " + neigh);
            assertEquals(300, spread.getOrDefault("web-1", 0) + spread.getOrDefault("web-2", 0) + spread.getOrDefault("web-3", 0),
                    "every connection reached a backend: " + spread);
            double[] share = {0.25, 0.25, 0.5};
            for (int i = 0; i < 3; i++) {
                double got = spread.getOrDefault("web-" + (i + 1), 0) / 300.0;
                assertTrue(Math.abs(got - share[i]) <= 0.10, "web-" + (i + 1) + " got " + got + " of the connections, weight share "
                        + share[i] + ": " + spread);
            }
            // counted per backend on the switch: the VIP's select group counts each bucket's (backend's) new connections
            String group = "group_id=" + sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=6,tcp,nw_dst=10.0.0.100,tp_dst=80")
                    .replaceAll("(?s).*group:(\\d+).*", "$1").trim();
            // (OpenFlow 1.3 reads every group's description: the line of this one)
            String described = java.util.Arrays.stream(sh("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", br).split("\n"))
                    .filter(l -> l.trim().startsWith(group + ",")).findFirst().orElse("");
            List<String> order = new java.util.ArrayList<>();
            java.util.regex.Matcher bm = java.util.regex.Pattern.compile("nat\\(dst=10\\.0\\.0\\.2(\\d):8080\\)").matcher(described);
            while (bm.find()) {
                order.add("web-" + bm.group(1));
            }
            assertEquals(3, order.size(), "the group has a bucket per backend: " + order);
            Map<String, Long> counted = new TreeMap<>();
            Ovs.await("the switch's counters to hold the 300 connections", 10_000, () -> {
                counted.clear();
                String stats = java.util.Arrays.stream(sh("ovs-ofctl", "-O", "OpenFlow13", "dump-group-stats", br).split("\n"))
                        .filter(l -> l.trim().startsWith(group + ",")).findFirst().orElse("");
                java.util.regex.Matcher cm = java.util.regex.Pattern.compile("bucket(\\d+):packet_count=(\\d+)").matcher(stats);
                while (cm.find()) {
                    counted.put(order.get(Integer.parseInt(cm.group(1))), Long.parseLong(cm.group(2)));
                }
                return counted.values().stream().mapToLong(Long::longValue).sum() == 300;
            });
            for (Map.Entry<String, Integer> e : spread.entrySet()) {
                assertEquals((long) e.getValue(), counted.getOrDefault(e.getKey(), 0L), "connections counted for " + e.getKey()
                        + " on the switch: " + counted + " against " + spread);
            }
            // and each backend's established packets under a cookie of its own
            java.util.Set<String> cookies = new java.util.HashSet<>();
            for (String line : sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=6,tcp").split("\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("cookie=(0x[0-9a-f]+),.*\\+dnat,.*nw_dst=(10\\.0\\.0\\.2\\d),tp_dst=8080 ")
                        .matcher(line);
                if (m.find() && !line.contains("nw_src=")) {
                    cookies.add(m.group(2) + "=" + m.group(1));
                }
            }
            assertEquals(3, cookies.stream().map(c -> c.substring(c.indexOf('=') + 1)).distinct().count(),
                    "one cookie per backend: " + cookies);
            System.out.println("counted per backend on the switch: " + counted);
            // UDP: each datagram from a new socket is a new connection, translated to a backend that answers (Open vSwitch's
            // select-group hash leaves UDP ports out: one client's UDP flows to one VIP port go to one backend, docs/lb.md)
            Map<String, Integer> udp = count(w.run("client-1", 60, "client.py", "udp", VIP, "7", "40"));
            System.out.println("40 UDP exchanges with the VIP: " + udp);
            assertEquals(40, udp.getOrDefault("web-1", 0) + udp.getOrDefault("web-2", 0) + udp.getOrDefault("web-3", 0),
                    "every datagram was answered by a backend: " + udp);

            // guest-1: no rule allows it to reach the web tier, through the VIP or not
            Map<String, Integer> guest = count(w.run("guest-1", 60, "client.py", "tcp", VIP, "80", "3", "1"));
            assertEquals(Map.of("timeout", 3), guest, "policy sees the real backend and denies: " + guest);

            // a held connection keeps its backend while the group's buckets change under it
            Process hold = w.start("client-1", "hold.py", VIP, "80", "60");
            BufferedReader out = new BufferedReader(new InputStreamReader(hold.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(hold.getOutputStream(), StandardCharsets.UTF_8);
            String backend = out.readLine();
            assertTrue(backend != null && backend.startsWith("web-"), "held connection answered by " + backend);
            ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).putObject("weights").put("web-1", 5);
            assertEquals(200, put(node, doc).statusCode());
            installed(node);
            in.write("still-there\n");
            in.flush();
            assertEquals("still-there", out.readLine(), "the held connection to " + backend + " survives the change");
            // its backend removed: the held connection is cut (its next packet is denied and the connection dead)
            com.fasterxml.jackson.databind.node.ArrayNode others = ((ObjectNode) doc.get("loadBalancers").get(0).get("backends"))
                    .putArray("endpoints");
            List.of("web-1", "web-2", "web-3").stream().filter(x -> !x.equals(backend)).forEach(others::add);
            ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).remove(List.of("group", "weights"));
            assertEquals(200, put(node, doc).statusCode());
            installed(node);
            // INSTALLED: the switch committed the new flow tables; its datapath's flow caches follow asynchronously (the
            // revalidators), so the established connection's next packet may still take a cached path for a moment
            sh("ovs-appctl", "revalidator/wait");
            in.write("after-removal\n");
            in.flush();
            assertEquals("broken", out.readLine(), "a connection to a removed backend is cut");
            Map<String, Integer> rest = count(w.run("client-1", 60, "client.py", "tcp", VIP, "80", "20"));
            assertEquals(null, rest.get(backend), "no new connection reaches the removed " + backend + ": " + rest);
            assertEquals(20, rest.values().stream().mapToInt(Integer::intValue).sum() - rest.getOrDefault("timeout", 0)
                    - rest.getOrDefault("refused", 0), "the other backends take them all: " + rest);
            in.close();
            hold.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);

            // no backend at all: refused at once (TCP RST from the client's DSN), not a timeout
            ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).remove(List.of("endpoints"));
            ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).putObject("selector").putObject("matchLabels")
                    .put("tier", "none");
            assertEquals(200, put(node, doc).statusCode());
            installed(node);
            long t0 = System.nanoTime();
            Map<String, Integer> none = count(w.run("client-1", 60, "client.py", "tcp", VIP, "80", "3", "2"));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Map.of("refused", 3), none, "no backend: the declared refusal");
            assertTrue(ms < 3000, "refused at once, not after timeouts: " + ms + " ms for 3 attempts");
            String responder = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=1,arp,arp_op=1");
            assertTrue(responder.contains("arp_tpa=10.0.0.100") && !responder.contains("n_packets=0,"),
                    "ARP for the VIP was answered by the responder flow: " + responder);
            assertEquals(pid, vswitchd(), "ovs-vswitchd did not restart (the OVS 3.1 conntrack crash)");
            Thread.sleep(1500); // audits every second: the group, its buckets' nat and the eth_dst actions read back as written
            assertEquals(0, (int) node.repaired().getOrDefault(D1, 0), "the audits find the program as written");
        }
    }

    /**
     * Source-IP affinity with a 2 s timeout (equal weights): after a first connection (and 300 ms for
     * the switch to learn it), 50 connections of client-1 from new
     * source ports all reach one backend, remembered by a flow the switch learned (table 50, the
     * load balancer's cookie); 2 s without a connection and the learned flow is gone, and the
     * client's next connections are balanced afresh - round after round until one lands on
     * another backend (each round sticks to its backend). The audits leave the learned flows alone.
     */
    @Test
    void aClientKeepsItsBackendUntilItsAffinityTimesOut() throws Exception {
        try (DspNode node = node(data); Workloads w = new Workloads(br, "lb" + tag)) {
            workloads(w, false);
            serveHttpOn8080(w);
            connect(node);
            ObjectNode doc = example();
            ObjectNode lb = (ObjectNode) doc.get("loadBalancers").get(0);
            ((ObjectNode) lb.get("backends")).remove("weights");
            lb.putObject("selection").put("mode", "sourceIp").put("timeoutSeconds", 2);
            assertEquals(200, put(node, doc).statusCode());
            installed(node);

            // the first connection makes the switch learn; Open vSwitch installs the learned flow and revalidates its
            // flow caches within milliseconds: each round opens one connection, waits 300 ms, then checks that the
            // next ones keep its backend
            String backend = prime(w);
            Map<String, Integer> first = count(w.run("client-1", 60, "client.py", "tcp", VIP, "80", "50"));
            System.out.println("50 connections with source-IP affinity after one to " + backend + ": " + first);
            assertEquals(Map.of(backend, 50), first, "every connection reached the backend the first one reached; learned: "
                    + sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=50"));
            String learned = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=50");
            assertTrue(learned.contains("nw_src=10.0.0.11") && learned.contains("nw_dst=10.0.0.100") && learned.contains("idle_timeout=2"),
                    "the switch learned the client's backend: " + learned);

            java.util.Set<String> seen = new java.util.TreeSet<>(first.keySet());
            int rounds = 0;
            while (seen.size() == 1 && rounds < 10) {
                rounds++;
                Ovs.await("the learned flow to time out", 10_000, () -> !sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=50")
                        .contains("nw_src=10.0.0.11"));
                Thread.sleep(500); // its removal reaches the flow caches
                String now = prime(w);
                List<String> answers = w.run("client-1", 60, "client.py", "tcp", VIP, "80", "5");
                System.out.println("round " + rounds + ": primed to " + now + ", then " + answers);
                assertEquals(java.util.Collections.nCopies(5, now), answers, "round " + rounds + ": the client sticks to its new backend");
                seen.add(now);
            }
            System.out.println("after " + rounds + " timeouts the client had reached " + seen);
            assertTrue(seen.size() > 1, "after its affinity timed out the client was balanced afresh: " + seen + " in " + rounds + " rounds");
            Thread.sleep(1500); // audits every second: the learned table is the switch's, the learn actions read back as written
            assertEquals(0, (int) node.repaired().getOrDefault(D1, 0), "the audits neither repair nor delete learned flows");
        }
    }

    /** Opens one connection from client-1 to the VIP and returns who answered, after giving the switch 300 ms to learn it. */
    private static String prime(Workloads w) throws Exception {
        List<String> one = w.run("client-1", 30, "client.py", "tcp", VIP, "80", "1");
        assertTrue(one.size() == 1 && one.get(0).startsWith("web-"), "answered: " + one);
        Thread.sleep(300);
        return one.get(0);
    }

    /**
     * Hairpin: web-1, a backend, opens 60 connections to its own VIP (a rule lets the web tier
     * reach itself on http). Every one is answered - by web-2 and web-3, and by web-1 itself: the
     * connection translated back to web-1 reaches it from the VIP (its source translated in
     * conntrack zone 0 after policy), so its answers come back through the DSN instead of staying
     * inside its own network stack. The audits find the hairpin flows as written.
     */
    @Test
    void aBackendReachesItsOwnVipAndItselfThroughIt() throws Exception {
        long pid = vswitchd();
        try (DspNode node = node(data); Workloads w = new Workloads(br, "lb" + tag)) {
            workloads(w, false);
            serveHttpOn8080(w);
            connect(node);
            ObjectNode doc = example();
            ((ObjectNode) doc.get("loadBalancers").get(0).get("backends")).remove("weights");
            com.fasterxml.jackson.databind.node.ArrayNode rules = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("firewall").get("tenant");
            for (String dir : List.of("egress", "ingress")) {
                ObjectNode r = rules.addObject().put("name", "web-web-" + dir).put("direction", dir).put("appliedTo", "web").put("action", "allow");
                r.putArray("peers").addObject().put("group", "web");
                r.putArray("services").addObject().put("protocol", "tcp").putArray("ports").add("http");
            }
            assertEquals(200, put(node, doc).statusCode());
            installed(node);

            Map<String, Integer> got = count(w.run("web-1", 120, "client.py", "tcp", VIP, "80", "60"));
            System.out.println("60 connections from web-1 to its own VIP: " + got);
            assertEquals(60, got.getOrDefault("web-1", 0) + got.getOrDefault("web-2", 0) + got.getOrDefault("web-3", 0),
                    "every connection was answered: " + got);
            assertTrue(got.getOrDefault("web-1", 0) > 0, "some reached web-1 itself (hairpin): " + got);
            assertTrue(got.getOrDefault("web-2", 0) > 0 && got.getOrDefault("web-3", 0) > 0, "the others too: " + got);
            String zone0 = sh("ovs-appctl", "dpctl/dump-conntrack", "zone=0");
            assertTrue(zone0.contains("src=10.0.0.21") && zone0.contains("dst=10.0.0.100"),
                    "hairpin connections were translated to come from the VIP in zone 0: " + zone0);
            assertEquals(pid, vswitchd(), "ovs-vswitchd did not restart");
            Thread.sleep(1500);
            assertEquals(0, (int) node.repaired().getOrDefault(D1, 0), "the audits find the hairpin flows as written");
        }
    }

    /**
     * The select groups survive a node restart untouched: the node that starts again compiles the
     * stored tenant, applies its groups and flows before the switch reconnects, and the
     * reconciliation finds them all held - zero GROUP_MODs and FLOW_MODs; the groups are the same
     * on the switch, and the VIP still answers.
     */
    @Test
    void aRestartWithNothingChangedSendsNoGroupOrFlowMod() throws Exception {
        String before;
        try (Workloads w = new Workloads(br, "lb" + tag)) {
            workloads(w, false);
            serveHttpOn8080(w);
            try (DspNode node = node(data)) {
                connect(node);
                ObjectNode doc = example();
                assertEquals(200, put(node, doc).statusCode());
                installed(node);
                before = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", br);
                assertEquals(2, before.split("group_id=", -1).length - 1, "a group per VIP port (tcp/80, udp/7): " + before);
            }
            try (DspNode node = node(data)) {
                sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
                Ovs.await("the DSN reconciled", 30_000, () -> node.reconciled().containsKey(D1));
                installed(node);
                assertEquals(0, (int) node.reconciled().get(D1), "nothing changed: no GROUP_MOD, no FLOW_MOD");
                assertEquals(before, sh("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", br), "the same groups");
                Map<String, Integer> after = count(w.run("client-1", 60, "client.py", "tcp", VIP, "80", "20"));
                assertEquals(20, after.values().stream().mapToInt(Integer::intValue).sum() - after.getOrDefault("timeout", 0)
                        - after.getOrDefault("refused", 0), "the VIP answers after the restart: " + after);
            }
        }
    }

    /**
     * A backend that was down when the node stopped is down when it starts again (its health kept
     * in the node's store, ServiceHost.durable): the restarted node compiles the selection it had,
     * and the reconciliation sends nothing; were it started up, the select group would be changed
     * on reconnect and back when its probes failed again.
     */
    @Test
    void aBackendDownBeforeARestartIsDownAfterItAndNothingIsSent() throws Exception {
        String before;
        try (Workloads w = new Workloads(br, "lr" + tag)) {
            workloads(w, false);
            for (String web : List.of("web-1", "web-3")) { // web-2 serves nothing: refused, down
                w.start(web, "server.py", web, "8080", "150");
            }
            try (DspNode node = node(data)) {
                connect(node);
                ObjectNode doc = example();
                ((ObjectNode) doc.get("loadBalancers").get(0)).putObject("healthCheck").put("type", "tcp").put("intervalSeconds", 1)
                        .put("timeoutSeconds", 1).put("rise", 2).put("fall", 2);
                assertEquals(200, put(node, doc).statusCode());
                installed(node);
                awaitHealth(node, "web-2", "down");
                installed(node);
                before = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", br);
            }
            try (DspNode node = node(data)) {
                assertTrue(health(node).get("web-2").startsWith("down"), "down from the start: " + health(node));
                sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
                Ovs.await("the DSN reconciled", 30_000, () -> node.reconciled().containsKey(D1));
                assertEquals(0, (int) node.reconciled().get(D1), "the selection as before: no GROUP_MOD, no FLOW_MOD");
                assertEquals(before, sh("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", br), "the same groups");
                Map<String, Integer> after = count(w.run("client-1", 60, "client.py", "tcp", VIP, "80", "20"));
                assertEquals(null, after.get("web-2"), "no connection reaches web-2: " + after);
                assertEquals(20, after.getOrDefault("web-1", 0) + after.getOrDefault("web-3", 0), after.toString());
            }
        }
    }

    private Map<String, String> health(DspNode node) throws Exception {
        Map<String, String> out = new TreeMap<>();
        M.readTree(Rest.call(node, "GET", "tenants/shop/services", null, 10).body()).path("services").path("lb").path("shop-web").fields()
                .forEachRemaining(e -> out.put(e.getKey().replaceAll(":.*", ""), e.getValue().path("state").asText()
                        + (e.getValue().path("lastError").asText().isEmpty() ? "" : " (" + e.getValue().path("lastError").asText() + ")")));
        return out;
    }

    private long awaitHealth(DspNode node, String backend, String state) throws Exception {
        long t0 = System.nanoTime();
        Ovs.await(backend + " " + state, 20_000, () -> health(node).getOrDefault(backend, "").startsWith(state));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * Health checks run by the node at each backend's DSN: with a TCP check every second (fall 2,
     * rise 2), stopping web-2's server takes it out of the selection (its probes are refused) and
     * no new connection reaches it; started again, it comes back. Then an HTTP check of
     * GET /healthz on a separate port: web-3 answering 404 is taken out the same way.
     */
    @Test
    void backendsThatFailTheirHealthCheckLeaveTheSelectionAndComeBack() throws Exception {
        long pid = vswitchd();
        java.nio.file.Path www = data.resolve("www");
        try (DspNode node = node(data.resolve("node")); Workloads w = new Workloads(br, "lh" + tag)) {
            workloads(w, false);
            Map<String, Process> servers = new java.util.HashMap<>();
            for (String web : List.of("web-1", "web-2", "web-3")) {
                servers.put(web, w.start(web, "server.py", web, "8080", "150"));
                java.nio.file.Files.createDirectories(www.resolve(web));
                java.nio.file.Files.writeString(www.resolve(web).resolve("healthz"), "ok\n");
                w.exec(web, "timeout", "150", "/usr/bin/python3", "-m", "http.server", "8081", "--directory", www.resolve(web).toString());
            }
            connect(node);
            ObjectNode doc = example();
            ObjectNode lb = (ObjectNode) doc.get("loadBalancers").get(0);
            ((ObjectNode) lb.get("backends")).remove("weights");
            lb.putObject("healthCheck").put("type", "tcp").put("intervalSeconds", 1).put("timeoutSeconds", 1).put("rise", 2).put("fall", 2);
            assertEquals(200, put(node, doc).statusCode());
            installed(node);
            Ovs.await("three backends probed and up", 20_000, () -> health(node).values().stream().filter(v -> v.equals("up")).count() == 3);

            // web-2's server stops: its probes are refused (RST), and after two it is down
            servers.get("web-2").destroyForcibly().waitFor();
            long down = awaitHealth(node, "web-2", "down");
            System.out.println("web-2 down " + down + " ms after its server stopped: " + health(node));
            assertTrue(health(node).get("web-2").contains("refused"), health(node).toString());
            installed(node);
            Map<String, Integer> without = count(w.run("client-1", 60, "client.py", "tcp", VIP, "80", "60"));
            assertEquals(null, without.get("web-2"), "no new connection reaches web-2 while it is down: " + without);
            assertEquals(60, without.getOrDefault("web-1", 0) + without.getOrDefault("web-3", 0), without.toString());

            // back: two successful probes and it takes connections again
            servers.put("web-2", w.start("web-2", "server.py", "web-2", "8080", "150"));
            long up = awaitHealth(node, "web-2", "up");
            System.out.println("web-2 up again " + up + " ms after its server restarted");
            installed(node);
            Map<String, Integer> with = count(w.run("client-1", 60, "client.py", "tcp", VIP, "80", "60"));
            assertTrue(with.getOrDefault("web-2", 0) > 0, "web-2 takes connections again: " + with);

            // an HTTP check on port 8081: web-3 answering 404 is down, with the status as its error
            lb.putObject("healthCheck").put("type", "http").put("path", "/healthz").put("port", 8081).put("intervalSeconds", 1)
                    .put("timeoutSeconds", 1).put("rise", 2).put("fall", 2);
            assertEquals(200, put(node, doc).statusCode());
            installed(node);
            Ovs.await("three backends up by HTTP", 20_000, () -> health(node).values().stream().filter(v -> v.equals("up")).count() == 3);
            java.nio.file.Files.delete(www.resolve("web-3").resolve("healthz"));
            long http404 = awaitHealth(node, "web-3", "down");
            assertTrue(health(node).get("web-3").contains("HTTP status 404"), health(node).toString());
            System.out.println("web-3 down " + http404 + " ms after its /healthz went 404");
            installed(node);
            Map<String, Integer> noWeb3 = count(w.run("client-1", 60, "client.py", "tcp", VIP, "80", "40"));
            assertEquals(null, noWeb3.get("web-3"), "no new connection reaches web-3: " + noWeb3);
            assertEquals(pid, vswitchd(), "ovs-vswitchd did not restart");
        }
    }

    /**
     * An IPv6 VIP: the client resolves fd00::100 by neighbour discovery - its DSN punts the
     * solicitation and the node answers for the VIP - and its connections are balanced over the
     * backends' IPv6 addresses.
     */
    @Test
    void anIpv6VipIsResolvedAndBalanced() throws Exception {
        try (DspNode node = node(data); Workloads w = new Workloads(br, "l6" + tag)) {
            String[][] wl = {{"client-1", "1", "02:00:00:00:01:01", "10.0.0.11", "fd00::11"},
                {"web-1", "2", "02:00:00:00:02:01", "10.0.0.21", "fd00::21"}, {"web-2", "3", "02:00:00:00:02:02", "10.0.0.22", "fd00::22"},
                {"web-3", "4", "02:00:00:00:02:03", "10.0.0.23", "fd00::23"}};
            ObjectNode doc = example();
            for (String[] x : wl) {
                w.add(x[0], Integer.parseInt(x[1]), x[2], x[3]);
                w.addV6(x[0], x[4]);
                for (com.fasterxml.jackson.databind.JsonNode e : doc.withArray("endpoints")) {
                    if (e.get("name").asText().equals(x[0])) {
                        ((com.fasterxml.jackson.databind.node.ArrayNode) e.get("addresses")).add(x[4]);
                    }
                }
                if (x[0].startsWith("web")) {
                    w.start(x[0], "server.py", x[0], "8080", "120");
                }
            }
            ((ObjectNode) doc.get("loadBalancers").get(0)).withArray("vips").add("fd00::100");
            connect(node);
            HttpResponse<String> r = put(node, doc);
            assertEquals(200, r.statusCode(), r.body());
            installed(node);
            Map<String, Integer> spread = count(w.run("client-1", 60, "client.py", "tcp", "fd00::100", "80", "60"));
            System.out.println("60 connections to [fd00::100]:80: " + spread + "\n"
                    + sh("ip", "netns", "exec", w.ns("client-1"), "ip", "-6", "neigh", "show", "fd00::100"));
            assertEquals(60, spread.getOrDefault("web-1", 0) + spread.getOrDefault("web-2", 0) + spread.getOrDefault("web-3", 0),
                    "every connection reached a backend: " + spread + "\n" + sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=1"));
            assertTrue(sh("ip", "netns", "exec", w.ns("client-1"), "ip", "-6", "neigh", "show", "fd00::100").contains("0a:00:00:00:01:00"),
                    "resolved by neighbour discovery, answered with the VIP's MAC");
        }
    }
}
