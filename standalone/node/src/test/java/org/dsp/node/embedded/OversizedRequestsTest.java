package org.dsp.node.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dsp.node.NodeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node stays responsive while clients push bodies over its limit: four clients stream 64 MiB
 * each (chunked, so no declared length warns the node) at once, every one is answered 413 long
 * before it finishes sending, and meanwhile {@code /ready} keeps answering promptly; the node
 * then still accepts an ordinary document.
 */
class OversizedRequestsTest {
    private static final int CLIENTS = 4;
    private static final long SEND_BYTES = 64L << 20;

    @TempDir
    Path data;

    /** Streams {@code SEND_BYTES} of JSON-looking chunks as a PUT until the node answers; returns "STATUS bytesSent". */
    private static String pushTooMuch(DspNode node, String tenant) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(node.restUri().getHost(), node.restUri().getPort()), 5_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("PUT " + node.restUri().getPath() + "tenants/" + tenant + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: " + node.adminAuthorization() + "\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 << 10];
            Arrays.fill(chunk, (byte) ' ');
            chunk[0] = '[';
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            try {
                while (sent < SEND_BYTES) {
                    out.write(head);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                    if (s.getInputStream().available() > 0) {
                        break; // answered before the body ended
                    }
                }
            } catch (java.io.IOException closed) {
                // the node stopped reading and closed: its answer is still there to read
            }
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return status + " " + sent;
        }
    }

    @Test
    void fourClientsStreamingFarOverTheLimitGet413AndTheNodeKeepsAnswering() throws Exception {
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile())
                .openflow(new InetSocketAddress("127.0.0.1", 0)).rest("127.0.0.1", 0).auditMillis(0).maxBodyBytes(1 << 20).build())) {
            assertEquals(200, Rest.call(node, "GET", "ready", null, 10).statusCode());
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<String>> pushes = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    String tenant = "big" + i;
                    pushes.add(pool.submit(() -> pushTooMuch(node, tenant)));
                }
                long worst = 0;
                int asked = 0;
                while (pushes.stream().anyMatch(f -> !f.isDone()) && asked < 200) {
                    long t0 = System.nanoTime();
                    assertEquals(200, Rest.call(node, "GET", "ready", null, 10).statusCode());
                    worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
                    asked++;
                }
                for (Future<String> f : pushes) {
                    String[] r = f.get(60, TimeUnit.SECONDS).split(" ");
                    assertTrue(r[1].equals("413"), "answered " + String.join(" ", r));
                    long sent = Long.parseLong(r[r.length - 1]);
                    assertTrue(sent < SEND_BYTES / 4, "refused after " + sent + " bytes, not after the whole body");
                }
                assertTrue(asked > 0 && worst < 2_000, "/ready answered " + asked + " times meanwhile, the slowest in " + worst + " ms");
            } finally {
                pool.shutdownNow();
            }
            String doc = java.nio.file.Files.readString(Path.of("../../examples/three-tier.json"));
            assertEquals(200, Rest.call(node, "PUT", "tenants/acme", doc, 30).statusCode(), "an ordinary document is still accepted");
        }
    }
}
