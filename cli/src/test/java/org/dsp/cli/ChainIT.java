package org.dsp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsp.testing.OverlayTestbed;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service chaining with real packets (docs/chaining.md): the overlay testbed's two servers with red's
 * service functions (testbed.sh chain): ids1 on server 1 and ids2 on server 2, transparent
 * forwarders, and fw1 on server 2, a routed one (the kernel forwards); each counts what it handles
 * (testbed/chain/sf.py). `dsp compile --tunnel` programs for examples/chain.json (web to db on
 * tcp/5432: firewall, ids, fw; and db-vip, a load balancer of the db tier) loaded with ovs-ofctl.
 */
class ChainIT {
    static final String P = "dch" + (ProcessHandle.current().pid() % 10000);
    static final OverlayTestbed TB = new OverlayTestbed(P, Path.of(".."));
    static final ObjectMapper M = new ObjectMapper();

    @BeforeAll
    static void up() throws Exception {
        TB.up("chain");
        for (int n = 1; n <= 2; n++) {
            String dsn = "of:000000000000000" + n;
            Object[] r = CompileCommandTest.run("-f", "../examples/chain.json", "--dsn", dsn,
                    "--uplink", "of:0000000000000001=10", "--uplink", "of:0000000000000002=10",
                    "--tunnel", "of:0000000000000001=9@192.168.100.1", "--tunnel", "of:0000000000000002=9@192.168.100.2");
            assertEquals(0, r[0], (String) r[2]);
            TB.load(n, (String) r[1], "add-flows"); // the program's groups (the load balancer's), then its flows
        }
        start("ids1", "transparent");
        start("ids2", "transparent");
        start("fw1", "routed");
        // the first tunnelled packet waits for the underlay neighbour (Open vSwitch drops it meanwhile)
        TB.ns("r-web1", 10, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.10.2.21");
        TB.ns("r-web2", 10, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.10.1.11");
        TB.serve("r-db1", 5432, "db");
        TB.serve("r-web2", 8080, "web2");
    }

    static void start(String w, String mode) throws Exception {
        TB.serveFunction("r-" + w, mode, 150);
    }

    static Path counts(String w) {
        return TB.functionCounts("r-" + w);
    }

    /** What service function {@code w} counted (after its next write). */
    static JsonNode seen(String w) throws Exception {
        Thread.sleep(500);
        return M.readTree(Files.readString(counts(w)));
    }

    static long packets(JsonNode seen, String key) {
        return seen.has(key) ? seen.get(key).asLong() : 0;
    }

    @AfterAll
    static void down() throws Exception {
        TB.close();
    }

    @Test
    void theClassPassesEachStepInOrderAndRepliesTakeTheSameInstancesInReverse() throws Exception {
        JsonNode ids1 = seen("ids1");
        JsonNode fw1 = seen("fw1");
        JsonNode ids2 = seen("ids2");
        String answer = TB.connect("r-web1", "10.10.2.21", 5432, 1 << 20);
        assertEquals("db 1048576", answer, "1 MiB from web-1 (server 1) to db-1 (server 2) through both functions");
        JsonNode ids1After = seen("ids1");
        JsonNode fw1After = seen("fw1");
        String fwd = "10.10.1.11>10.10.2.21";
        String rev = "10.10.2.21>10.10.1.11";
        for (JsonNode[] s : new JsonNode[][] {{ids1, ids1After}, {fw1, fw1After}}) {
            assertTrue(packets(s[1], fwd) - packets(s[0], fwd) > 100, "every step saw the request's packets: " + s[1]);
            assertTrue(packets(s[1], rev) - packets(s[0], rev) > 10, "and the replies: " + s[1]);
        }
        assertEquals(ids2.toString(), seen("ids2").toString(), "the IDS instance on the other server saw nothing of web-1's connection");
        // order: the request meets the IDS first, then the firewall (first-seen times: the firewall's are its sniffer's,
        // which can only be later than its forwarding); the reply the firewall, then the IDS - by the TTL the firewall takes
        // off (not by times: the firewall's sniffer lagged its own forwarding by 78 us once, and the IDS saw the reply first)
        assertTrue(ids1After.get("first " + fwd).asDouble() < fw1After.get("first " + fwd).asDouble(), ids1After + " " + fw1After);
        assertEquals(fw1After.get("ttl " + rev).asInt() - 1, ids1After.get("ttl " + rev).asInt(),
                "the reply reaches the IDS after the firewall routed it (one TTL less than db-1 sent)");
    }

    @Test
    void aConnectionUsesTheInstanceOnItsSendersDsn() throws Exception {
        JsonNode ids1 = seen("ids1");
        JsonNode ids2 = seen("ids2");
        assertEquals("db 100000", TB.connect("r-web2", "10.10.2.21", 5432, 100_000));
        JsonNode ids2After = seen("ids2");
        assertTrue(packets(ids2After, "10.10.1.12>10.10.2.21") - packets(ids2, "10.10.1.12>10.10.2.21") > 10, ids2After.toString());
        assertTrue(packets(ids2After, "10.10.2.21>10.10.1.12") - packets(ids2, "10.10.2.21>10.10.1.12") > 0, ids2After.toString());
        assertEquals(packets(ids1, "10.10.1.12>10.10.2.21"), packets(seen("ids1"), "10.10.1.12>10.10.2.21"),
                "web-2's connection never went to server 1's IDS");
    }

    @Test
    void aConnectionToTheLoadBalancersVipIsChainedToTheBackendItPicked() throws Exception {
        throughVip("r-web1", "10.10.1.11", "ids1", "db-vip picks db-1, at web-1's DSN");
    }

    @Test
    void aVipConnectionWhoseBackendIsOnTheClientsDsnIsChainedBothWays() throws Exception {
        JsonNode ids1 = seen("ids1");
        throughVip("r-web2", "10.10.1.12", "ids2", "db-vip picks db-1, which is on web-2's own DSN (server 2), as are both functions' instances");
        String fwd = "10.10.1.12>10.10.2.21";
        assertEquals(packets(ids1, fwd), packets(seen("ids1"), fwd), "server 1's IDS saw none of it");
    }

    /** Connects {@code client} ({@code address}) to db-vip; the IDS instance {@code ids} and the firewall see the translated connection both ways. */
    static void throughVip(String client, String address, String ids, String why) throws Exception {
        JsonNode idsBefore = seen(ids);
        JsonNode fwBefore = seen("fw1");
        assertEquals("db 100000", TB.connect(client, "10.10.1.200", 5432, 100_000), why);
        String fwd = address + ">10.10.2.21";
        String rev = "10.10.2.21>" + address;
        for (JsonNode[] s : new JsonNode[][] {{idsBefore, seen(ids)}, {fwBefore, seen("fw1")}}) {
            assertTrue(packets(s[1], fwd) - packets(s[0], fwd) > 10, "the functions see the translated connection: " + s[1]);
            assertTrue(packets(s[1], rev) - packets(s[0], rev) > 0, "and its replies, before they leave from the VIP: " + s[1]);
        }
    }

    @Test
    void otherTrafficIsNotChained() throws Exception {
        JsonNode[] before = {seen("ids1"), seen("ids2"), seen("fw1")};
        String ping = TB.ns("r-web1", 10, "ping", "-c", "3", "-i", "0.3", "-W", "1", "10.10.2.21");
        assertTrue(ping.contains(" 0% packet loss"), ping);
        assertTrue(ping.contains("ttl=63"), "ICMP to db-1 is routed once and goes straight: " + ping);
        assertEquals("web2 100000", TB.connect("r-web1", "10.10.1.12", 8080, 100_000));
        JsonNode[] after = {seen("ids1"), seen("ids2"), seen("fw1")};
        for (int i = 0; i < 3; i++) {
            assertEquals(before[i].toString(), after[i].toString(), "no service function saw ICMP or web-to-web traffic");
        }
    }
}
