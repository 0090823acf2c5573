package org.dsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * NAT with real packets (docs/nat.md): the overlay testbed's two servers and an external network
 * (namespace ext: a Linux bridge with 203.0.113.10, joined to port 20 of both servers' bridges);
 * `dsp compile --tunnel --external` programs for red and blue (the same private addresses, their
 * own external addresses) loaded with ovs-ofctl. The external server reports the address each
 * connection or datagram came from; the workloads report the external source they see.
 */
class NatIT {
    static final String P = "dnt" + (ProcessHandle.current().pid() % 10000);
    static final OverlayTestbed TB = new OverlayTestbed(P, Path.of(".."));
    static final String D1 = "of:0000000000000001";
    static final String D2 = "of:0000000000000002";
    static String nextHop;

    @BeforeAll
    static void up() throws Exception {
        TB.up("nat");
        nextHop = TB.ns("ext", 5, "cat", "/sys/class/net/br-ext/address").trim();
        program("add-flows", D1);
        // the first tunnelled packet waits for the underlay neighbour (Open vSwitch drops it meanwhile)
        TB.ns("r-web2", 10, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.10.1.11");
        TB.ns("r-web2", 10, "ping", "-c", "3", "-i", "0.3", "-W", "1", "203.0.113.10");
    }

    @AfterAll
    static void down() throws Exception {
        TB.close();
    }

    /** Compiles red and blue with {@code gateway} as the one gateway and loads each server's program ({@code mode}: add-flows, replace-flows). */
    static void program(String mode, String gateway) throws Exception {
        program(mode, gateway, "../examples/nat.json");
    }

    /** The same with red's document from {@code red}. */
    static void program(String mode, String gateway, String red) throws Exception {
        for (int n = 1; n <= 2; n++) {
            String dsn = n == 1 ? D1 : D2;
            Object[] r = CompileCommandTest.run("-f", red, "-f", "../examples/nat-blue.json", "--dsn", dsn,
                    "--uplink", D1 + "=10", "--uplink", D2 + "=10",
                    "--tunnel", D1 + "=9@192.168.100.1", "--tunnel", D2 + "=9@192.168.100.2",
                    "--external", gateway + "=20@" + nextHop);
            assertEquals(0, r[0], (String) r[2]);
            TB.load(n, (String) r[1], mode); // the program's groups (a published load balancer's), then its flows
        }
    }

    static String vswitchdPid(int server) throws Exception {
        return Files.readString(Path.of("/tmp/" + P + "/s" + server + "/ovs-vswitchd.pid")).trim();
    }

    /** The address and port of an answer "ADDRESS PORT [BYTES]". */
    static String[] peer(String answer) {
        Matcher m = Pattern.compile("^(\\S+) (\\d+)").matcher(answer);
        assertTrue(m.find(), "an answer naming the peer: " + answer);
        return new String[] {m.group(1), m.group(2)};
    }

    @Test
    void outboundConnectionsLeaveFromEachTenantsPool() throws Exception {
        TB.serve("ext", 8080, "@peer");
        // red-web-2 sits on server 2: its packets are tunnelled to the gateway (server 1) and translated there
        String[] red = peer(TB.connect("r-web2", "203.0.113.10", 8080, 1 << 20));
        assertEquals("203.0.113.100", red[0], "red's front network leaves from its pool");
        int port = Integer.parseInt(red[1]);
        assertTrue(port >= 20000 && port <= 29999, "a port of the pool's range: " + port);
        assertTrue(TB.connect("r-web2", "203.0.113.10", 8080, 1 << 20).endsWith(" 1048576"), "1 MiB arrives whole");
        // blue's web-2 has red's address on the same server: it leaves from blue's pool
        String[] blue = peer(TB.connect("b-web2", "203.0.113.10", 8080, 1000));
        assertTrue(blue[0].equals("203.0.113.110") || blue[0].equals("203.0.113.111"), "blue leaves from its own pool: " + blue[0]);
        // blue-web-1 sits on the gateway itself
        String[] blueLocal = peer(TB.connect("b-web1", "203.0.113.10", 8080, 1000));
        assertTrue(blueLocal[0].startsWith("203.0.113.11"), "blue's web-1 too: " + blueLocal[0]);
    }

    @Test
    void udpAndIcmpAreTranslatedToo() throws Exception {
        TB.serveUdp("ext", 5353);
        String[] udp = peer(TB.udp("r-web2", "203.0.113.10", 5353));
        assertEquals("203.0.113.100", udp[0]);
        Process dump = new ProcessBuilder("ip", "netns", "exec", P + "-ext", "timeout", "8", "tcpdump", "-nn", "-l", "-c", "2",
                "-i", "br-ext", "icmp and src host 203.0.113.100").redirectErrorStream(true).start();
        Thread.sleep(1500);
        String ping = TB.ns("r-web2", 10, "ping", "-c", "3", "-i", "0.3", "-W", "1", "203.0.113.10");
        assertTrue(ping.contains(" 0% packet loss"), ping);
        assertTrue(ping.contains("ttl=63"), "one routing hop, at the sending DSN: " + ping);
        dump.waitFor();
        String seen = new String(dump.getInputStream().readAllBytes());
        assertTrue(seen.contains("203.0.113.100 > 203.0.113.10: ICMP echo request"), "the echo leaves from the pool: " + seen);
    }

    @Test
    void aFloatingIpIsTranslatedAtTheMembersOwnGatewayBothWays() throws Exception {
        // red-web-1 sits on server 1, the gateway: its floating IP is translated there (no tunnel hop)
        TB.serve("r-web1", 8080, "@peer");
        String[] in = peer(TB.connect("ext", "203.0.113.50", 8080, 1 << 20));
        assertEquals("203.0.113.10", in[0], "the member sees the real external source");
        TB.serve("ext", 8081, "@peer");
        String[] out = peer(TB.connect("r-web1", "203.0.113.10", 8081, 1000));
        assertEquals("203.0.113.50", out[0], "the member's own connections leave from its floating IP");
        // policy sees the translated destination and the external source: web admits tcp/8080 from outside, not tcp/22
        TB.serve("r-web1", 22, "@peer");
        assertTrue(TB.connect("ext", "203.0.113.50", 22, 10).contains("timed out"), "tcp/22 to web-1 is not allowed");
    }

    @Test
    void portForwardsReachTheMembersPort() throws Exception {
        TB.serve("r-db1", 22, "@peer"); // red-db-1 sits on server 2: tunnelled from the gateway
        String[] in = peer(TB.connect("ext", "203.0.113.51", 2222, 1 << 20));
        assertEquals("203.0.113.10", in[0]);
        TB.serveUdp("r-db1", 5353);
        String[] udp = peer(TB.udp("ext", "203.0.113.51", 5353));
        assertEquals("203.0.113.10", udp[0]);
        assertTrue(TB.connect("ext", "203.0.113.51", 2223, 10).contains("timed out"), "a port nobody forwards");
        // blue forwards its own address to blue-web-2, which has red-web-2's private address on the same server
        TB.serve("b-web2", 8080, "@peer");
        TB.serve("r-web2", 8080, "@peer");
        assertEquals("203.0.113.10", peer(TB.connect("ext", "203.0.113.112", 8080, 1000))[0]);
    }

    @Test
    void anExhaustedPoolIsReportedAndRefusesOnlyTheExtraConnection() throws Exception {
        String pid = vswitchdPid(1);
        TB.serve("ext", 8082, "@peer");
        // red's back network has a pool of one address and two ports: two connections hold both (TIME_WAIT keeps them)
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String[] p = peer(TB.connect("r-db1", "203.0.113.10", 8082, 100));
            assertEquals("203.0.113.101", p[0]);
            ports.add(Integer.parseInt(p[1]));
        }
        assertEquals(List.of(30000, 30001), ports.stream().sorted().toList());
        assertTrue(TB.connect("r-db1", "203.0.113.10", 8082, 100).contains("timed out"), "no third port");
        // NAT's mark (2 bits: 3 = translation tried) wherever the driver placed it among the services' fields
        org.dsp.driver.ovs.RegField mark = org.dsp.driver.ovs.TablePlan.standard().fields().of(org.dsp.nat.NatApp.MARK);
        String punt = TB.dumpFlows(1, "table=35," + mark.container().name().toLowerCase() + "=0x" + Long.toHexString(3L << mark.low())
                + "/0x" + Long.toHexString(mark.mask()));
        Matcher m = Pattern.compile("n_packets=(\\d+).*reg2=0x" + Integer.toHexString(redKey())).matcher(punt);
        assertTrue(m.find() && Long.parseLong(m.group(1)) > 0, "the untranslated packets went to the controller: " + punt);
        assertEquals(pid, vswitchdPid(1), "ovs-vswitchd did not restart");
        // the front network's pool is untouched
        assertEquals("203.0.113.100", peer(TB.connect("r-web2", "203.0.113.10", 8082, 100))[0]);
    }

    @Test
    void aLoadBalancerPublishedOnAFloatingIpTakesExternalConnectionsToItsBackends() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode red = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(
                Files.readString(Path.of("../examples/nat.json")));
        red.set("loadBalancers", m.readTree("[{\"name\": \"db-vip\", \"vips\": [\"10.10.1.200\"], \"ports\": [{\"port\": 5432}],"
                + " \"backends\": {\"group\": \"db\"}}, {\"name\": \"back-vip\", \"vips\": [\"10.10.2.200\"], \"ports\": [{\"port\": 5432}],"
                + " \"backends\": {\"group\": \"db\"}}]"));
        red.with("nat").withArray("floatingIps").add(m.readTree(
                "{\"name\": \"db-public\", \"loadBalancer\": \"db-vip\", \"address\": \"203.0.113.60\"}"));
        Path doc = Files.createTempFile("dsp-nat-lb", ".json");
        Files.writeString(doc, red.toString());
        try {
            program("replace-flows", D1, doc.toString());
            TB.serve("r-db1", 5432, "@peer"); // red-db-1, on server 2, the VIP's one backend
            assertEquals("203.0.113.10", peer(TB.connect("ext", "203.0.113.60", 5432, 1 << 20))[0],
                    "the external connection to the published VIP port reaches the backend, which sees the external source");
            assertTrue(TB.connect("ext", "203.0.113.60", 22, 10).contains("timed out"), "only the VIP's ports are published");
            assertTrue(TB.dumpFlows(1, "table=36").contains("group:"), TB.dumpFlows(1, "table=36"));
            // NAT leaves the tenant's own load balancing alone: web-1 (a NAT member) reaches a VIP in the other network, routed
            // to it through the router, balanced onto db-1 on the other server - not sent out through the gateway
            assertEquals("10.10.1.11", peer(TB.connect("r-web1", "10.10.2.200", 5432, 1000))[0]);
        } finally {
            Files.delete(doc);
            program("replace-flows", D1);
        }
    }

    static int redKey() {
        return org.dsp.compiler.Keys.tenantKeys(List.of("red", "blue")).get("red");
    }

    @Test
    void whenTheGatewayMovesConnectionsAreMadeThroughTheOther() throws Exception {
        try {
            long start = System.nanoTime();
            program("replace-flows", D2); // server 1 no longer a gateway: everything of red and blue moves to server 2
            TB.serve("ext", 8083, "@peer");
            String answer = "";
            for (int i = 0; i < 20 && !answer.startsWith("203.0.113.100"); i++) {
                answer = TB.connect("r-web2", "203.0.113.10", 8083, 100);
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(answer.startsWith("203.0.113.100 "), "red leaves from its pool through server 2: " + answer);
            assertTrue(ms < 10_000, "re-established within 10 s of the move: " + ms + " ms");
            // the floating IP of red-web-1 (server 1) is now served by server 2 and tunnelled to server 1
            TB.serve("ext", 8084, "@peer");
            assertEquals("203.0.113.50", peer(TB.connect("r-web1", "203.0.113.10", 8084, 100))[0]);
            TB.serve("r-web1", 8080, "@peer");
            assertEquals("203.0.113.10", peer(TB.connect("ext", "203.0.113.50", 8080, 1000))[0]);
            assertTrue(TB.dumpFlows(1, "table=35").lines().noneMatch(l -> l.contains("output:20")), "server 1 sends nothing out");
        } finally {
            program("replace-flows", D1);
            // the external bridge learns the addresses' MACs back on server 1's port from their first packets out
            TB.ns("r-web1", 10, "ping", "-c", "2", "-i", "0.3", "-W", "1", "203.0.113.10");
            TB.ns("r-web2", 10, "ping", "-c", "2", "-i", "0.3", "-W", "1", "203.0.113.10");
        }
    }
}
