package org.dsp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import picocli.CommandLine;

/**
 * The OSGi node as `./dsp node` runs it: Felix boots the runtime bundles and the DSP bundles of
 * the three built .oar files; bad options exit 2 before anything listens; the node serves REST
 * from the DSP core component SCR activated, a real OVS bridge connects and is reconciled, a
 * tenant PUT through REST lands on it, and a restart of the node sends zero FLOW_MODs.
 */
class NodeLauncherIT {
    static final ObjectMapper M = new ObjectMapper();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String br = "dspl" + ProcessHandle.current().pid() % 100000;

    @TempDir
    Path data;

    static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    static int flows(String br) throws Exception {
        return (int) sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br).lines().filter(l -> l.contains("cookie=")).count();
    }

    static void await(String what, Callable<Boolean> check) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!check.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    private NodeLauncher launcher(int of, int rest, String... extra) {
        NodeLauncher l = new NodeLauncher();
        String[] args = new String[] {"--home", new File("target").getAbsolutePath(), "--data-dir", data.toString(),
            "--openflow", "127.0.0.1:" + of, "--rest", "127.0.0.1:" + rest, "--probe-ms", "500"};
        String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        new CommandLine(l).parseArgs(all);
        return l;
    }

    /** GETs a REST path; null while the node does not answer (yet) or answers other than 200. */
    private JsonNode get(int rest, String path) throws Exception {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + path))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", auth()).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? M.readTree(r.body()) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }


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

    /**
     * The audit log survives kill -9: the OSGi node in its own process records a refused login and
     * an accepted change, is killed with SIGKILL, and a new process on the same data directory
     * serves both entries (each is committed to disk before the request is answered).
     */
    @Test
    void theAuditLogSurvivesKill9() throws Exception {
        File jar = new File("target/dsp-node-launcher.jar");
        assertTrue(jar.isFile(), jar.getAbsolutePath());
        int rest = free();
        java.util.List<String> cmd = java.util.List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.getAbsolutePath(), "--data-dir", data.toString(), "--openflow", "127.0.0.1:" + free(), "--rest",
                "127.0.0.1:" + rest, "--audit-ms", "0");
        Process node = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolve("run1.out").toFile()).start();
        try {
            await("the node's REST", () -> get(rest, "/onos/dsp/v1/whoami") != null);
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest + "/onos/dsp/v1/tenants"))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:guess-guess-guess".getBytes()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, bad.statusCode());
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest
                    + "/onos/dsp/v1/tenants/acme")).header("Content-Type", "application/json")
                    .header("Authorization", auth()).PUT(HttpRequest.BodyPublishers.ofString(
                            Files.readString(Path.of("../../examples/three-tier.json")))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, put.statusCode(), put.body());
        } finally {
            node.destroyForcibly(); // SIGKILL
            node.waitFor();
        }
        assertEquals(137, node.exitValue(), "killed by SIGKILL");
        // the log is the node user's only, and the bootstrap password is not in it (nor on the console)
        Path logFile = data.resolve("dsp-node.log");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(logFile)));
        String secret = Files.readString(data.resolve("bootstrap-admin.secret")).trim();
        assertTrue(!Files.readString(logFile).contains(secret) && !Files.readString(data.resolve("run1.out")).contains(secret),
                "the password leaked into the log");
        assertTrue(Files.readString(logFile).contains("its password is in " + data.resolve("bootstrap-admin.secret")));
        Process again = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(data.resolve("run2.out").toFile()).start();
        try {
            await("the restarted node's REST", () -> get(rest, "/onos/dsp/v1/whoami") != null);
            JsonNode entries = get(rest, "/onos/dsp/v1/audit?limit=1000").get("entries");
            String log = entries.toString();
            assertTrue(log.contains("\"kind\":\"tenant.apply\",\"tenant\":\"acme\",\"version\":1"), log);
            assertTrue(log.contains("\"result\":\"refused: bad credentials\""), log);
            assertTrue(log.contains("\"kind\":\"user.bootstrap\""), log);
        } finally {
            again.destroy();
            again.waitFor();
        }
    }

    @Test
    void aBadOptionExitsTwoWithTheReasonAndStartsNothing() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        int code;
        try {
            code = new CommandLine(new NodeLauncher()).execute("--home", new File("target").getAbsolutePath(),
                    "--data-dir", data.resolve("never").toString(), "--fabric", "leaf1");
        } finally {
            System.setErr(err);
        }
        assertEquals(2, code);
        assertTrue(buf.toString().contains("--fabric leaf1: expected a device id of:<16 hex digits>"), buf.toString());
        assertTrue(!Files.exists(data.resolve("never")), "no store was created");
    }

    @Test
    void anAppThatIsNotAnOarExitsTwoNamingIt() throws Exception {
        Path notOar = data.resolve("dscp.oar");
        Files.writeString(notOar, "not a zip");
        for (String app : new String[] {data.resolve("missing.oar").toString(), notOar.toString()}) {
            PrintStream err = System.err;
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            System.setErr(new PrintStream(buf, true));
            int code;
            try {
                code = new CommandLine(new NodeLauncher()).execute("--home", new File("target").getAbsolutePath(),
                        "--data-dir", data.resolve("never").toString(), "--app", app);
            } finally {
                System.setErr(err);
            }
            assertEquals(2, code, buf.toString());
            assertTrue(buf.toString().contains("--app " + app + ": "), buf.toString());
            assertTrue(!Files.exists(data.resolve("never")), "no store was created");
        }
    }

    @Test
    void theOsgiNodeProgramsARealBridgeAndRestartsWithoutFlowMods() throws Exception {
        int of = free();
        int rest = free();
        sh("ovs-vsctl", "--timeout=10", "add-br", br, "--", "set", "bridge", br, "datapath_type=netdev", "fail-mode=secure",
                "protocols=OpenFlow13", "other-config:datapath-id=0000000000000002", "--", "add-port", br, br + "p2",
                "--", "set", "interface", br + "p2", "type=internal", "ofport_request=2");
        try {
            NodeLauncher.Running node = launcher(of, rest).boot();
            try {
                for (Bundle b : node.framework.getBundleContext().getBundles()) {
                    boolean fragment = b.getHeaders().get("Fragment-Host") != null;
                    assertEquals(fragment ? Bundle.RESOLVED : Bundle.ACTIVE, b.getState(), b.getSymbolicName());
                }
                await("REST", () -> get(rest, "/onos/dsp/v1/services") != null);
                // DSP's driver loader (in the core .oar) registered dsp-ovs with the node's DriverService; its
                // resolver rebuilds DSP's action extensions
                org.osgi.framework.BundleContext bc = node.framework.getBundleContext();
                Bundle api = java.util.Arrays.stream(bc.getBundles()).filter(b -> "org.onosproject.onos-api".equals(b.getSymbolicName()))
                        .findFirst().orElseThrow();
                Class<?> driverService = api.loadClass("org.onosproject.net.driver.DriverService");
                Object drivers = bc.getService(bc.getServiceReference(driverService.getName()));
                Object dspOvs = driverService.getMethod("getDriver", String.class).invoke(drivers, "dsp-ovs");
                assertTrue(dspOvs != null, "driver dsp-ovs registered in the node");
                Class<?> driver = api.loadClass("org.onosproject.net.driver.Driver");
                assertEquals("ovs", driver.getMethod("name").invoke(driver.getMethod("parent").invoke(dspOvs)));
                Object device = api.loadClass("org.onosproject.net.DeviceId").getMethod("deviceId", String.class)
                        .invoke(null, "of:0000000000000002");
                Object handler = driverService.getMethod("createHandler", device.getClass(), String[].class)
                        .invoke(drivers, device, new String[0]);
                Class<?> resolver = api.loadClass("org.onosproject.net.behaviour.ExtensionTreatmentResolver");
                Object r = api.loadClass("org.onosproject.net.driver.DriverHandler").getMethod("behaviour", Class.class)
                        .invoke(handler, resolver);
                Object type = api.loadClass("org.onosproject.net.flow.instructions.ExtensionTreatmentType")
                        .getConstructor(int.class).newInstance(0x4453);
                Object ext = resolver.getMethod("getExtensionInstruction", type.getClass()).invoke(r, type);
                assertEquals("org.dsp.driver.ovs.DspActionExtension", ext.getClass().getName());
                assertEquals(6, get(rest, "/onos/dsp/v1/services").get("services").size(), "firewall, microsegmentation, lb, overlay, nat, chain");
                // the services with a step 2 of their own give it to the driver through OSGi (no ServiceLoader here):
                // without it the core refuses their documents (400 NOT_REALIZABLE, docs/services.md "Step 2")
                for (String example : List.of("overlay", "nat", "chain")) {
                    String body = Files.readString(Path.of("../../examples/" + example + ".json"));
                    String tenant = M.readTree(body).path("tenant").path("id").asText();
                    HttpResponse<String> dry = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rest
                            + "/onos/dsp/v1/tenants/" + tenant + "/dry-run")).header("Content-Type", "application/json")
                            .header("Authorization", auth()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, dry.statusCode(), example + ": " + dry.body());
                    assertTrue(M.readTree(dry.body()).path("dsns").size() > 0, example + ": " + dry.body());
                }
                sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + of);
                await("the bridge to connect", () -> get(rest, "/onos/dsp/v1/ready").get("switches").size() == 1);
                await("the LLDP and BDDP punts on the bridge", () -> flows(br) == 2);
                String doc = Files.readString(Path.of("../../examples/three-tier.json"));
                HttpResponse<String> put = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + rest + "/onos/dsp/v1/tenants/acme")).header("Content-Type", "application/json")
                        .header("Authorization", auth()).PUT(HttpRequest.BodyPublishers.ofString(doc)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, put.statusCode(), put.body());
                await("acme INSTALLED on the bridge", () -> "INSTALLED".equals(String.valueOf(get(rest,
                        "/onos/dsp/v1/tenants/acme/status")).contains("of:0000000000000002") ? get(rest,
                        "/onos/dsp/v1/tenants/acme/status").get("dsns").path("of:0000000000000002").path("state").asText() : ""));
            } finally {
                node.stop();
            }
            int held = flows(br);
            assertTrue(held > 50, "a stopped node leaves the flows: " + held);
            Thread.sleep(1500); // let the flows age, so a re-add (which resets durations) would show
            NodeLauncher.Running again = launcher(of, rest).boot();
            try {
                await("the restarted node's REST", () -> get(rest, "/onos/dsp/v1/tenants/acme/status") != null);
                await("the bridge reconnected and reconciled", () -> {
                    JsonNode ready = get(rest, "/onos/dsp/v1/ready");
                    return ready != null && ready.path("reconciled").has("of:0000000000000002");
                });
                assertEquals(0, get(rest, "/onos/dsp/v1/ready").path("reconciled").path("of:0000000000000002").asInt(-1),
                        "a restart with unchanged intents sends zero FLOW_MODs");
                await("acme INSTALLED again on the bridge", () -> {
                    JsonNode st = get(rest, "/onos/dsp/v1/tenants/acme/status");
                    return st != null && "INSTALLED".equals(st.get("dsns").path("of:0000000000000002").path("state").asText());
                });
                assertEquals(held, flows(br), "the restart changed the bridge's flows");
                String dump = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-flows", br);
                double youngest = dump.lines().filter(l -> l.contains("duration="))
                        .mapToDouble(l -> Double.parseDouble(l.replaceAll(".*duration=([0-9.]+)s.*", "$1"))).min().orElse(0);
                assertTrue(youngest >= 1.5, "flow durations were reset by the restart: youngest " + youngest + " s");
            } finally {
                again.stop();
            }
        } finally {
            sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", br);
        }
    }
}
