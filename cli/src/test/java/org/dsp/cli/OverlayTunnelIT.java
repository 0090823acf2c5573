package org.dsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overlay with real packets: two servers, each a namespace with its own Open vSwitch (userspace
 * datapath), joined by an underlay veth; `dsp compile --tunnel` programs for two tenants (red and
 * blue) with the same address plan - two networks each, workloads with the same addresses on the
 * same servers - loaded with ovs-ofctl. Checks what arrives: each tenant reaches only its own
 * workloads through the VXLAN tunnel, routed between its networks at the sending DSN (TTL one
 * less), policy holds, no packet crosses tenants (interface counters), ARP is answered at the DSN,
 * and TCP transfers at the network MTU and below it complete. (The node's OVSDB handling and the
 * testbed's overlay come later: docs/overlay.md.)
 */
class OverlayTunnelIT {
    static final String P = "dov" + (ProcessHandle.current().pid() % 10000);
    static final OverlayTestbed TB = new OverlayTestbed(P, Path.of(".."));
    static final String D1 = "of:0000000000000001";
    static final String D2 = "of:0000000000000002";

    @BeforeAll
    static void up() throws Exception {
        TB.up("up");
        Path red = Path.of("../examples/overlay.json");
        Path blue = Path.of("../examples/overlay-blue.json");
        for (int n = 1; n <= 2; n++) {
            String dsn = n == 1 ? D1 : D2;
            Object[] r = CompileCommandTest.run("-f", red.toString(), "-f", blue.toString(), "--dsn", dsn,
                    "--uplink", D1 + "=10", "--uplink", D2 + "=10",
                    "--tunnel", D1 + "=9@192.168.100.1", "--tunnel", D2 + "=9@192.168.100.2");
            assertEquals(0, r[0], (String) r[2]);
            Path flows = Files.createTempFile("dsp-overlay", ".flows");
            Files.writeString(flows, (String) r[1]);
            OverlayTestbed.run(30, true, List.of("ip", "netns", "exec", P + "-s" + n, "ovs-ofctl", "-O", "OpenFlow13", "add-flows",
                    "--bundle", "unix:/tmp/" + P + "/s" + n + "/br-dsn.mgmt", flows.toString()));
            Files.delete(flows);
        }
        // the first tunnelled packet waits for the underlay neighbour (Open vSwitch drops it meanwhile)
        ns("r-web1", 10, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.10.1.12");
    }

    @AfterAll
    static void down() throws Exception {
        TB.close();
    }

    static void serve(String w, int port, String banner) throws Exception {
        TB.serve(w, port, banner);
    }

    static String connect(String w, String host, int port, int bytes) throws Exception {
        return TB.connect(w, host, port, bytes);
    }

    static String ns(String w, int seconds, String... cmd) throws Exception {
        return TB.ns(w, seconds, cmd);
    }

    /** Starts capturing, for {@code seconds}, every frame that arrives at workload {@code w}'s interface (tcpdump -Q in). */
    static Process capture(String w, int seconds) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", P + "-" + w, "timeout", "-s", "INT", String.valueOf(seconds), "tcpdump",
                "-Q", "in", "-nn", "-e", "-l", "-i", "eth0").redirectErrorStream(true).start();
        return p;
    }

    /** Waits for a capture to end; returns the frames it saw (tcpdump's own lines dropped). */
    static List<String> captured(Process p) throws Exception {
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "tcpdump ended");
        List<String> frames = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            if (line.matches("^\\d\\d:\\d\\d:.*")) {
                frames.add(line);
            }
        }
        return frames;
    }

    /** The IPv4 packets workload {@code w}'s stack has received (/proc/net/snmp, Ip InReceives). */
    static long ipv4Received(String w) throws Exception {
        String[] lines = ns(w, 5, "cat", "/proc/net/snmp").split("\n");
        List<String> names = List.of(lines[0].trim().split("\\s+"));
        String[] values = lines[1].trim().split("\\s+");
        return Long.parseLong(values[names.indexOf("InReceives")]);
    }

    @Test
    void eachTenantReachesItsOwnWorkloadThroughTheTunnel() throws Exception {
        serve("r-web2", 8080, "red-web-2");
        serve("b-web2", 8080, "blue-web-2");
        assertEquals("red-web-2 1000", connect("r-web1", "10.10.1.12", 8080, 1000));
        assertEquals("blue-web-2 1000", connect("b-web1", "10.10.1.12", 8080, 1000));
    }

    @Test
    void theTenantsNetworksAreRoutedAtTheSendingDsn() throws Exception {
        serve("r-db1", 5432, "red-db-1");
        assertEquals("red-db-1 1048576", connect("r-web1", "10.10.2.21", 5432, 1 << 20));
        String ping = ns("r-web1", 10, "ping", "-c", "2", "-W", "1", "10.10.2.21");
        assertTrue(ping.contains("ttl=63"), "the reply was routed once, at db-1's DSN: " + ping);
        // policy on the overlay: db-1 admits tcp/5432 and ICMP from web, nothing else
        serve("r-db1", 22, "red-db-1-ssh");
        assertTrue(connect("r-web1", "10.10.2.21", 22, 10).contains("timed out"), "tcp/22 to db-1 is not allowed");
    }

    @Test
    void noPacketOfOneTenantReachesTheOther() throws Exception {
        String[] red = {"r-web1", "r-web2", "r-db1"};
        Map<String, Long> before = new LinkedHashMap<>();
        Map<String, Process> captures = new LinkedHashMap<>();
        for (String w : red) {
            ns(w, 5, "ip", "neigh", "flush", "all"); // red stays silent: no neighbour to re-check, no answer to expect
        }
        for (String w : red) {
            before.put(w, ipv4Received(w));
            captures.put(w, capture(w, 12));
        }
        Thread.sleep(1500); // the captures are listening
        long blueBefore = ipv4Received("b-web2") + ipv4Received("b-db1");
        serve("b-web2", 8081, "blue-web-2");
        for (String dst : new String[] {"10.10.1.12", "10.10.2.21", "10.10.1.1", "10.10.1.99"}) {
            ns("b-web1", 10, "ping", "-c", "5", "-i", "0.2", "-W", "1", dst);
        }
        assertEquals("blue-web-2 100000", connect("b-web1", "10.10.1.12", 8081, 100000));
        Map<String, Long> after = new LinkedHashMap<>();
        for (String w : red) {
            after.put(w, ipv4Received(w));
        }
        assertEquals(before, after, "red's workloads received no IPv4 packet while blue sent to their addresses");
        // nothing is flooded: not blue's packets, not the servers' own ARP and neighbour discovery on the underlay
        for (Map.Entry<String, Process> c : captures.entrySet()) {
            assertEquals(List.of(), captured(c.getValue()), "frames that arrived at red's " + c.getKey());
        }
        assertTrue(ipv4Received("b-web2") + ipv4Received("b-db1") - blueBefore >= 10, "blue's own workloads received blue's packets");
    }

    @Test
    void arpIsAnsweredAtTheDsnAndUnknownAddressesGetNoAnswer() throws Exception {
        ns("r-web1", 10, "ping", "-c", "1", "-W", "1", "10.10.1.12");
        ns("r-web1", 10, "ping", "-c", "1", "-W", "1", "10.10.2.21");
        String neigh = ns("r-web1", 5, "ip", "neigh", "show", "dev", "eth0");
        assertTrue(neigh.contains("10.10.1.12 lladdr 02:00:00:0a:01:0c"), neigh);
        assertTrue(neigh.contains("10.10.1.1 lladdr 0e:d5:00:00:00:01"), "the gateway answers with the router's MAC: " + neigh);
        String unknown = ns("r-web1", 10, "ping", "-c", "2", "-W", "1", "10.10.1.99");
        assertTrue(unknown.contains("100% packet loss"), unknown);
        String n99 = ns("r-web1", 5, "ip", "neigh", "show", "10.10.1.99");
        assertFalse(n99.contains("lladdr"), "nobody answers for an address no workload holds: " + n99);
    }

    @Test
    void tcpTransfersAtTheNetworkMtuAndBelowItComplete() throws Exception {
        // 1450 + 50 bytes of VXLAN over IPv4 = the underlay's 1500
        String full = ns("b-web1", 10, "ping", "-c", "2", "-M", "do", "-s", "1422", "-W", "1", "10.10.1.12");
        assertTrue(full.contains(" 0% packet loss"), "a full-MTU packet crosses the tunnel: " + full);
        serve("b-web2", 8082, "blue-web-2");
        assertEquals("blue-web-2 4194304", connect("b-web1", "10.10.1.12", 8082, 4 << 20));
        ns("b-web1", 5, "ip", "link", "set", "eth0", "mtu", "1400");
        try {
            serve("b-web2", 8083, "blue-web-2");
            serve("b-web1", 8083, "blue-web-1");
            serve("b-db1", 5432, "blue-db-1");
            assertEquals("blue-web-2 4194304", connect("b-web1", "10.10.1.12", 8083, 4 << 20), "from the MTU-1400 workload");
            assertEquals("blue-web-1 4194304", connect("b-web2", "10.10.1.11", 8083, 4 << 20), "towards it");
            assertEquals("blue-db-1 4194304", connect("b-web1", "10.10.2.21", 5432, 4 << 20), "routed, from it");
        } finally {
            ns("b-web1", 5, "ip", "link", "set", "eth0", "mtu", "1450");
        }
    }

    @Test
    void aMembersNeighbourDiscoveryNeverReachesTheUnderlay() throws Exception {
        // red-web-1 solicits an address nobody holds (and the known ones, punted to a controller that is absent here)
        Process capture = new ProcessBuilder("ip", "netns", "exec", P + "-s2", "timeout", "-s", "INT", "6", "tcpdump", "-nn", "-l", "-i",
                P + "-u2", "ether", "src", "02:00:00:0a:01:0b").redirectErrorStream(true).start();
        Thread.sleep(1500);
        ns("r-web1", 10, "ping", "-6", "-c", "2", "-W", "1", "fd00:10:1::99");
        ns("r-web1", 10, "ping", "-6", "-c", "1", "-W", "1", "fd00:10:1::12");
        assertEquals(List.of(), captured(capture), "frames of red-web-1's own MAC on the underlay (its tunnelled packets carry the DSN's)");
    }
}
