package org.dsp.dscp;

import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dsp.node.openflow.Ovs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DSCP app as an operator runs it: its .oar handed to the OSGi node ({@code ./dsp node --app}),
 * where SCR registers it with the DSP core exactly as ONOS would; the node serves its section and
 * schema, and a tenant document with a marking lands on a real bridge with the marking flow.
 */
class DscpOarNodeIT {
    static final ObjectMapper M = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String br = "dspo" + (ProcessHandle.current().pid() % 100000);

    @TempDir
    Path data;


    /** The bootstrap admin's Basic credentials (the node writes them on its first start); empty before that. */
    private String auth() {
        try {
            String secret = Files.readString(data.resolve("bootstrap-admin.secret")).trim();
            return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException notYet) {
            return "Basic -";
        }
    }

    private static int free() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private JsonNode get(int rest, String path) throws Exception {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + "/onos/dsp/v1" + path))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", auth()).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? M.readTree(r.body()) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void await(String what, Process node, Callable<Boolean> check) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!check.call()) {
            assertTrue(node.isAlive(), "the node exited (" + what + ")");
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    @Test
    void theOarRunsOnTheOsgiNodeAndItsFlowsReachTheBridge() throws Exception {
        File launcher = new File("../../standalone/launcher/target/dsp-node-launcher.jar");
        assertTrue(launcher.isFile(), "the node launcher is built before the drop-in services: " + launcher.getAbsolutePath());
        Path oar;
        try (Stream<Path> s = Files.list(Path.of("target"))) {
            oar = s.filter(p -> p.getFileName().toString().matches("dsp-dscp-.*\\.oar")).findFirst().orElseThrow();
        }
        int of = free();
        int rest = free();
        Ovs.bridge(br, "0000000000000001", 2, 10);
        Process node = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                launcher.getAbsolutePath(), "--app", oar.toAbsolutePath().toString(), "--data-dir", data.toString(),
                "--openflow", "127.0.0.1:" + of, "--rest", "127.0.0.1:" + rest, "--uplink", "of:0000000000000001=10"))
                .redirectErrorStream(true).redirectOutput(data.resolve("node.out").toFile()).start();
        try {
            await("the node's REST", node, () -> get(rest, "/services") != null);
            JsonNode services = get(rest, "/services").get("services");
            assertTrue(services.toString().contains("{\"service\":\"dscp\",\"app\":\"org.dsp.dscp\",\"active\":true"),
                    services.toString());
            assertTrue(get(rest, "/schema").path("properties").has("dscp"), "the node's schema has the app's section");
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + of);
            await("the bridge to connect", node, () -> get(rest, "/ready").get("switches").size() == 1);
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest
                    + "/onos/dsp/v1/tenants/acme")).header("Content-Type", "application/json")
                    .header("Authorization", auth()).PUT(HttpRequest.BodyPublishers.ofString(DscpCompileTest.marked(46, "web").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
            await("acme INSTALLED", node, () -> {
                JsonNode st = get(rest, "/tenants/acme/status");
                return st != null && "INSTALLED".equals(st.path("dsns").path("of:0000000000000001").path("state").asText());
            });
            String dump = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br, "table=32");
            assertTrue(dump.contains("in_port=2") && dump.contains("set_field:46->ip_dscp"), dump);
        } finally {
            node.destroy(); // SIGTERM: the node stops cleanly
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
            Ovs.deleteBridge(br);
        }
        String out = Files.readString(data.resolve("node.out"));
        assertEquals(143, node.exitValue(), "a JVM ended by SIGTERM exits 128+15 after its shutdown hook: " + out);
        assertTrue(out.contains("network service dscp active (app org.dsp.dscp)") && out.contains("dsp-node stopping"), out);
    }
}
