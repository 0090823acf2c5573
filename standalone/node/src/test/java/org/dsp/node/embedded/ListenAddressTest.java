package org.dsp.node.embedded;

import org.dsp.node.NodeOptions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node listens exactly where it is told: REST and OpenFlow bound to 127.0.0.1 show as
 * listening sockets on 127.0.0.1 (not the wildcard) in the kernel's socket table, and another
 * loopback address of the same machine (127.0.0.2) is refused.
 */
class ListenAddressTest {
    @TempDir
    Path data;

    /** The local addresses (hex "ADDR:PORT" as the kernel prints them, IPv4-mapped IPv6 shown as IPv4) of TCP sockets listening on {@code port}. */
    static List<String> listening(int port) throws Exception {
        List<String> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(String.format(":%04X", port))) {
                    // an IPv6 socket bound to an IPv4-mapped address (::ffff:a.b.c.d) is bound to a.b.c.d
                    out.add(f[1].startsWith("0000000000000000FFFF0000") ? f[1].substring(24) : f[1]);
                }
            }
        }
        return out;
    }

    @Test
    void restAndOpenFlowAreBoundToTheGivenAddressOnly() throws Exception {
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile())
                .openflow(new InetSocketAddress("127.0.0.1", 0)).rest("127.0.0.1", 0).auditMillis(0).build())) {
            int rest = node.restUri().getPort();
            int of = node.openflowPort();
            assertEquals("127.0.0.1", node.restUri().getHost());
            // 0100007F is 127.0.0.1 in /proc/net/tcp's byte order; the wildcard would be 00000000
            assertEquals(List.of(String.format("0100007F:%04X", rest)), listening(rest), "REST listening sockets");
            assertEquals(List.of(String.format("0100007F:%04X", of)), listening(of), "OpenFlow listening sockets");
            for (int port : new int[] {rest, of}) {
                assertThrows(ConnectException.class, () -> new Socket("127.0.0.2", port).close(),
                        "another address of this machine must not reach port " + port);
                try (Socket s = new Socket("127.0.0.1", port)) {
                    assertTrue(s.isConnected());
                }
            }
        }
    }
}
