package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.node.NodeOptions;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The overlay programmed by the node, nothing pre-configured on the servers but their underlay
 * address: two servers (namespaces, each with its own ovsdb-server and ovs-vswitchd) whose bridges
 * connect to the node by OpenFlow and whose databases by OVSDB (set-manager) over management veths.
 * The node reads each server's bridge and underlay address, creates the tunnel port, and compiles
 * the tunnels; two tenants with the same addresses then reach only their own workloads, across
 * the tunnel and routed between their networks. The OVSDB connection speaks only for the DSN whose
 * OpenFlow channel comes from the same address.
 */
class OverlayNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    final String p = "don" + (ProcessHandle.current().pid() % 10000);
    final OverlayTestbed tb = new OverlayTestbed(p, Path.of("../.."));

    @TempDir
    Path data;

    @Test
    void theNodeCreatesTheTunnelsAndEachTenantReachesOnlyItsOwnWorkloads() throws Exception {
        NodeOptions o = NodeOptions.builder().dataDir(data.toFile()).openflow(new InetSocketAddress("0.0.0.0", 0))
                .ovsdb(new InetSocketAddress("0.0.0.0", 0)).auditMillis(1000)
                .uplinks(Map.of(D1, PortNumber.portNumber(10), D2, PortNumber.portNumber(10))).build();
        try (DspNode node = DspNode.start(o); OverlayTestbed testbed = tb) {
            assertTrue(node.ovsdbPort() > 0);
            tb.up("managed", String.valueOf(node.openflowPort()), String.valueOf(node.ovsdbPort()));
            await("both DSNs connected", 30_000, () -> node.openflow().isConnected(D1.toString()) && node.openflow().isConnected(D2.toString()));
            // the node created each server's tunnel port from its underlay address
            for (int n = 1; n <= 2; n++) {
                int server = n;
                await("server " + n + "'s tunnel port", 30_000, () -> tb.vsctl(server, "--if-exists", "get", "interface", "dsp-tun", "ofport")
                        .trim().matches("[1-9][0-9]*"));
                // and bounded the packet-ins its DSN may send (every punt together)
                await("server " + n + "'s packet-in limit", 30_000, () -> tb.vsctl(server, "get", "controller", "br-dsn",
                        "controller_rate_limit").trim().equals("1000") && tb.vsctl(server, "get", "controller", "br-dsn",
                        "controller_burst_limit").trim().equals("250"));
                String options = tb.vsctl(n, "get", "interface", "dsp-tun", "options");
                assertTrue(options.contains("local_ip=\"192.168.100." + n + "\"") && options.contains("remote_ip=flow")
                        && options.contains("key=flow"), options);
            }
            String red = Files.readString(Path.of("../../examples/overlay.json"));
            String blue = Files.readString(Path.of("../../examples/overlay-blue.json"));
            assertEquals(200, Rest.call(node, "PUT", "tenants/red", red, 30).statusCode());
            assertEquals(200, Rest.call(node, "PUT", "tenants/blue", blue, 30).statusCode());
            for (String t : List.of("red", "blue")) {
                await(t + " INSTALLED", 30_000, () -> M.readTree(Rest.call(node, "GET", "tenants/" + t + "/status", null, 10).body())
                        .path("state").asText().equals("INSTALLED"));
            }
            await("DSN 1's tunnel flows", 30_000, () -> tb.dumpFlows(1).contains("->tun_dst"));
            ns("r-web1", 10, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.10.1.12"); // the underlay neighbour is learned
            serve("r-web2", 8080, "red-web-2");
            serve("b-web2", 8080, "blue-web-2");
            serve("r-db1", 5432, "red-db-1");
            assertEquals("red-web-2 1000", connect("r-web1", "10.10.1.12", 8080, 1000));
            assertEquals("blue-web-2 1000", connect("b-web1", "10.10.1.12", 8080, 1000));
            assertEquals("red-db-1 1048576", connect("r-web1", "10.10.2.21", 5432, 1 << 20), "routed between red's networks");
            String ping = ns("r-web1", 10, "ping", "-c", "2", "-W", "1", "10.10.2.21");
            assertTrue(ping.contains("ttl=63"), ping);
            // IPv6: the node answers the members' neighbour solicitations (gateway: the router's MAC)
            String ping6 = ns("r-web1", 10, "ping", "-6", "-c", "3", "-i", "0.3", "-W", "1", "fd00:10:1::12");
            assertTrue(ping6.contains(" 0% packet loss") || ping6.contains("3 received") || ping6.contains("2 received"), ping6);
            String routed6 = ns("r-web1", 10, "ping", "-6", "-c", "2", "-W", "1", "fd00:10:2::21");
            assertTrue(routed6.contains("ttl=63"), "routed once over IPv6: " + routed6);
            String neigh6 = ns("r-web1", 5, "ip", "-6", "neigh", "show", "dev", "eth0");
            assertTrue(neigh6.contains("fd00:10:1::12 lladdr 02:00:00:0a:01:0c") && neigh6.contains("fd00:10:1::1 lladdr 0e:d5:00:00:00:01"),
                    neigh6);
            serve("b-web2", 8086, "blue-web-2");
            assertEquals("blue-web-2 100000", connect("b-web1", "fd00:10:1::12", 8086, 100000), "TCP over IPv6, blue's own");
            tooLargeForTheTunnelIsAnsweredNotLost();
            impostorCannotRedirectTheTunnels(node);
        }
    }

    /**
     * Workloads configured above their network's MTU (1500 > 1450): the DSN measures what goes into
     * the tunnel and the node answers with "fragmentation needed" / "packet too big", so path MTU
     * discovery adapts and TCP completes instead of stalling on lost segments.
     */
    private void tooLargeForTheTunnelIsAnsweredNotLost() throws Exception {
        for (String w : List.of("b-web1", "b-web2", "r-web1")) {
            ns(w, 5, "ip", "link", "set", "eth0", "mtu", "1500");
        }
        try {
            String ping = ns("b-web1", 10, "ping", "-c", "2", "-W", "1", "-M", "do", "-s", "1472", "10.10.1.12");
            assertTrue(ping.contains("mtu = 1450") || ping.contains("mtu=1450"), "told the network's MTU: " + ping);
            // routed to another network: the DSN has rewritten the frame's source to the router's MAC; the answer still
            // goes to the sender's
            String routed = ns("r-web1", 10, "ping", "-c", "2", "-W", "1", "-M", "do", "-s", "1472", "10.10.2.21");
            assertTrue(routed.contains("mtu = 1450") || routed.contains("mtu=1450"), "routed, told the MTU: " + routed);
            serve("b-web2", 8090, "blue-web-2");
            assertEquals("blue-web-2 2097152", connect("b-web1", "10.10.1.12", 8090, 2 << 20), "TCP adapts to the answered MTU");
            String six = ns("b-web1", 10, "ping", "-6", "-c", "2", "-W", "1", "-s", "1452", "fd00:10:1::12");
            assertTrue(six.contains("mtu = 1450") || six.contains("mtu=1450") || six.contains("Packet too big"), six);
        } finally {
            for (String w : List.of("b-web1", "b-web2", "r-web1")) {
                ns(w, 5, "ip", "link", "set", "eth0", "mtu", "1450");
            }
        }
    }

    /**
     * An ovsdb-server in the root namespace (not where DSN 1's OpenFlow channel comes from) names
     * DSN 1 and another underlay address: the node records a security event and DSN 1's tunnels stay.
     */
    private void impostorCannotRedirectTheTunnels(DspNode node) throws Exception {
        Path dir = Files.createDirectories(Path.of("/tmp/" + p + "/impostor"));
        String db = "unix:" + dir + "/db.sock";
        run(20, "ovsdb-tool", "create", dir + "/conf.db", "/usr/share/openvswitch/vswitch.ovsschema");
        run(20, "ovsdb-server", dir + "/conf.db", "--remote=punix:" + dir + "/db.sock", "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                "--pidfile=" + dir + "/ovsdb-server.pid", "--unixctl=" + dir + "/ovsdb-server.ctl", "--detach");
        try {
            run(20, "ovs-vsctl", "--no-wait", "--db=" + db, "init", "--", "add-br", "br-dsn", "--", "set", "bridge", "br-dsn",
                    "datapath_id=0000000000000001", "--", "set", "open_vswitch", ".", "external_ids:dsp-encap-ip=192.168.100.66");
            run(20, "ovs-vsctl", "--no-wait", "--db=" + db, "set-manager", "tcp:127.0.0.1:" + node.ovsdbPort());
            await("the impostor recorded", 30_000, () -> Rest.call(node, "GET", "ready/security", null, 10).body()
                    .contains("ovsdb-identity-mismatch"));
            assertTrue(tb.dumpFlows(2).contains("192.168.100.1->tun_dst"), "DSN 2 still tunnels to DSN 1's real address");
            assertTrue(!tb.dumpFlows(2).contains("192.168.100.66"), "and never to the impostor's");
            assertEquals("red-web-2 10", connect("r-web1", "10.10.1.12", 8080, 10));
        } finally {
            run(10, "ovs-appctl", "-t", dir + "/ovsdb-server.ctl", "exit");
        }
    }

    private void serve(String w, int port, String banner) throws Exception {
        tb.serve(w, port, banner);
    }

    private String connect(String w, String host, int port, int bytes) throws Exception {
        return tb.connect(w, host, port, bytes);
    }

    private String ns(String w, int seconds, String... cmd) throws Exception {
        return tb.ns(w, seconds, cmd);
    }

    private static String run(int seconds, String... cmd) throws Exception {
        return OverlayTestbed.run(seconds, false, List.of(cmd));
    }
}
