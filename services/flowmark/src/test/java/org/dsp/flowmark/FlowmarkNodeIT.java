package org.dsp.flowmark;

import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dsp.node.NodeOptions;
import org.dsp.node.embedded.DspNode;
import org.dsp.node.openflow.Ovs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The connection-marking service realized by the embedded node on a real Open vSwitch bridge,
 * with real packets between two namespaces (client-1 on port 1, web-1 on port 2): with client-1's
 * group marked, the SYN of its connection to web-1 and web-1's SYN-ACK arrive with DSCP 46 (TOS
 * 0xb8) - the answer is marked by what its connection holds - and the switch's connection tracker
 * holds the value in the label's upper bits; web-1's ping to client-1 (a connection client-1 did
 * not start) comes back unmarked; with web-1's group marked instead, the connection client-1 starts
 * is not marked either way; and the node's audits find the bridge holding exactly its program.
 */
class FlowmarkNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    final String br = "dspm" + (ProcessHandle.current().pid() % 100000);
    final String client = br + "-c";
    final String web = br + "-w";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Process> processes = new ArrayList<>();

    @TempDir
    Path data;

    @BeforeEach
    void bridge() throws Exception {
        Ovs.bridge(br, "0000000000000001", 10);
        workload(client, 1, FlowmarkCompileTest.CLIENT_MAC, "10.0.0.11");
        workload(web, 2, FlowmarkCompileTest.WEB_MAC, "10.0.0.21");
        sh("ip", "netns", "exec", client, "ip", "neigh", "add", "10.0.0.21", "lladdr", FlowmarkCompileTest.WEB_MAC, "dev", "eth0");
        sh("ip", "netns", "exec", web, "ip", "neigh", "add", "10.0.0.11", "lladdr", FlowmarkCompileTest.CLIENT_MAC, "dev", "eth0");
    }

    /** A namespace joined to the bridge at OpenFlow port {@code port} by a veth pair, with the document's MAC and address. */
    private void workload(String ns, int port, String mac, String ip) throws Exception {
        String outer = br + "p" + port;
        sh("ip", "netns", "add", ns);
        sh("ip", "link", "add", outer, "type", "veth", "peer", "name", "eth0", "netns", ns);
        sh("ip", "link", "set", outer, "up");
        sh("ovs-vsctl", "--timeout=10", "add-port", br, outer, "--", "set", "interface", outer, "ofport_request=" + port);
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "address", mac);
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", ip + "/24", "dev", "eth0");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        sh("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off");
    }

    @AfterEach
    void cleanup() throws Exception {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
        for (String ns : List.of(client, web)) {
            new ProcessBuilder("ip", "netns", "del", ns).start().waitFor(10, TimeUnit.SECONDS);
        }
        for (int port : new int[] {1, 2}) {
            new ProcessBuilder("ip", "link", "del", br + "p" + port).start().waitFor(10, TimeUnit.SECONDS);
        }
        Ovs.deleteBridge(br);
    }

    /** Starts a process in a namespace (killed after the test). */
    private Process in(String ns, String... cmd) throws Exception {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        Process p = new ProcessBuilder(all).start();
        processes.add(p);
        return p;
    }

    /** Starts capturing the first packet {@code filter} matches in a namespace, once tcpdump listens. */
    private Process capture(String ns, String filter) throws Exception {
        Process p = in(ns, "tcpdump", "-i", "eth0", "-n", "-v", "-l", "-c", "1", filter);
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = err.readLine()) != null && !line.contains("listening on")) {
            // tcpdump's banner
        }
        return p;
    }

    /** The IP header tcpdump printed for the captured packet (fails when nothing came within 10 s). */
    private static String header(Process capture) throws Exception {
        assertTrue(capture.waitFor(10, TimeUnit.SECONDS), "no packet captured within 10 s");
        String out = new String(capture.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("IP (tos "), out);
        return out;
    }

    private String status() throws Exception {
        return M.readTree(http.send(HttpRequest.newBuilder(node.restUri().resolve("tenants/acme/status"))
                .header("Authorization", node.adminAuthorization()).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("dsns").path(D1.toString()).path("state").asText();
    }

    private long version() throws Exception {
        return M.readTree(http.send(HttpRequest.newBuilder(node.restUri().resolve("tenants/acme/status"))
                .header("Authorization", node.adminAuthorization()).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("version").asLong();
    }

    private void put(ObjectNode doc) throws Exception {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(node.restUri().resolve("tenants/acme"))
                .header("Authorization", node.adminAuthorization()).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(doc.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        long v = M.readTree(put.body()).path("version").asLong();
        Ovs.await("acme version " + v + " INSTALLED on " + D1, 30_000, () -> version() == v && "INSTALLED".equals(status()));
    }

    private DspNode node;

    @Test
    void theConnectionsAGroupStartsAreMarkedOnTheWireBothWays() throws Exception {
        try (DspNode n = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).auditMillis(500)
                .uplinks(Map.of(D1, PortNumber.portNumber(10))).build())) {
            node = n;
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + n.openflowPort());
            Ovs.await("the DSN to connect", 30_000, () -> n.openflow().isConnected(D1.toString()));
            put(FlowmarkCompileTest.marked(46, "clients"));
            in(web, "nc", "-lk", "80");
            Thread.sleep(300); // the listener is up
            Process syn = capture(web, "tcp dst port 80 and tcp[13] & 2 != 0");
            Process synAck = capture(client, "tcp src port 80 and tcp[13] & 18 == 18");
            sh("ip", "netns", "exec", client, "nc", "-z", "-w", "3", "-p", "40001", "10.0.0.21", "80");
            String h = header(syn);
            assertTrue(h.contains("tos 0xb8"), "client-1's SYN, marked on its way: " + h);
            h = header(synAck);
            assertTrue(h.contains("tos 0xb8"), "web-1's SYN-ACK, marked by its connection: " + h);
            String ct = sh("ovs-appctl", "dpctl/dump-conntrack", "-m");
            String conn = ct.lines().filter(l -> l.contains("src=10.0.0.11") && l.contains("sport=40001")).findFirst().orElse("");
            assertTrue(conn.contains("labels=0x"), "the connection, with a label: " + ct);
            java.math.BigInteger labels = new java.math.BigInteger(conn.replaceAll(".*labels=0x([0-9a-f]+).*", "$1"), 16);
            int low = FlowmarkCompileTest.labelLow();
            assertEquals(46, labels.shiftRight(low).intValue() & 0x3f, "the value in label bits " + low + "-" + (low + 5)
                    + " (the rules' keys below 64): " + conn);
            long mark = Long.decode(conn.replaceAll(".*mark=(0x[0-9a-f]+|\\d+),.*", "$1"));
            assertEquals(2, (mark >> 2) & 3, "MARKED in mark bits 2-3: " + conn);

            Process reply = capture(web, "icmp[icmptype] == icmp-echoreply");
            sh("ip", "netns", "exec", web, "ping", "-c", "1", "-W", "3", "10.0.0.11");
            h = header(reply);
            assertTrue(h.contains("tos 0x0,"), "client-1's echo reply (it did not start it): " + h);

            put(FlowmarkCompileTest.marked(46, "web"));
            syn = capture(web, "tcp dst port 80 and tcp[13] & 2 != 0");
            synAck = capture(client, "tcp src port 80 and tcp[13] & 18 == 18");
            sh("ip", "netns", "exec", client, "nc", "-z", "-w", "3", "-p", "40002", "10.0.0.21", "80");
            h = header(syn);
            assertTrue(h.contains("tos 0x0,"), "web-1's group is marked now, client-1's SYN is not: " + h);
            h = header(synAck);
            assertTrue(h.contains("tos 0x0,"), "nor web-1's answer in a connection it did not start: " + h);
            Thread.sleep(1500); // three audits
            assertEquals(0, (int) n.repaired().getOrDefault(D1, 0), "the audits find the program as written (128-bit label matches)");
        }
    }
}
