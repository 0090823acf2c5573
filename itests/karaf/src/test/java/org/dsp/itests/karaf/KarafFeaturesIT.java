package org.dsp.itests.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * DSP's .oar files installed into Apache Karaf 4.2.9 - the Karaf ONOS 2.7 ships - the way ONOS
 * installs an app: the archive's m2/ copied into Karaf's system repository, its features
 * repository added and its features installed. What ONOS's own feature repository would give
 * (onos-api and its third-party bundles, ONOS's web, REST and shell features) comes from
 * {@code onos-features.xml}, rebuilt from Maven Central; the ONOS core services come from DSP's
 * standalone node bundles (ONOS's core is not on Central); pax-web comes from Karaf's standard
 * features. Then: every DSP bundle ACTIVE, the DSP components ACTIVE, the {@code dsp-*} shell
 * commands answer through Karaf's client, and the REST web bundle serves {@code /onos/dsp/v1}
 * from pax-web behind Karaf's JAAS realm.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KarafFeaturesIT {
    /** The .oar files in the order ONOS would activate them (the core first: the services require it). */
    static final List<String> OARS = List.of("dsp-core-app", "dsp-firewall", "dsp-microseg", "dsp-lb", "dsp-overlay", "dsp-nat",
            "dsp-chain");
    private static KarafHome home;
    private static Karaf karaf;
    private static final Set<String> OAR_BUNDLES = new TreeSet<>();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void install() throws Exception {
        home = new KarafHome(Path.of(System.getProperty("karaf.home")));
        home.configure();
        List<String> commands = new ArrayList<>(List.of(
                "feature:repo-add file:" + System.getProperty("dsp.features"),
                "feature:install dsp-java17",
                "feature:install onos-api onos-rest onos-cli onos-openflow-base"));
        for (String oar : OARS) {
            commands.addAll(installApp(Path.of(System.getProperty("dsp.oars"), oar + ".oar")));
        }
        commands.add("feature:install dsp-node-services"); // the stand-in for ONOS's core services
        Path log = home.home.getParent().resolve("karaf-console.log");
        karaf = Karaf.start(home, log);
        String out = karaf.console(commands.toArray(new String[0]));
        assertFalse(out.contains("Error executing command"), "installing the features:\n" + out);
    }

    /** Copies the .oar's m2/ into Karaf's system repository and returns the commands ONOS's app manager would run. */
    private static List<String> installApp(Path oar) throws Exception {
        String appXml;
        try (ZipFile z = new ZipFile(oar.toFile())) {
            appXml = new String(z.getInputStream(z.getEntry("app.xml")).readAllBytes(), StandardCharsets.UTF_8);
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (e.isDirectory() || !e.getName().startsWith("m2/")) {
                    continue;
                }
                Path to = home.home.resolve("system").resolve(e.getName().substring(3));
                Files.createDirectories(to.getParent());
                try (var in = z.getInputStream(e)) {
                    Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                if (e.getName().endsWith(".jar")) {
                    try (JarInputStream j = new JarInputStream(z.getInputStream(e))) {
                        OAR_BUNDLES.add(j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0]);
                    }
                }
            }
        }
        return List.of("feature:repo-add " + attribute(appXml, "featuresRepo"), "feature:install " + attribute(appXml, "features"));
    }

    private static String attribute(String xml, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(xml);
        assertTrue(m.find(), name + " in app.xml");
        return m.group(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    /** Waits (at most 60 s) until {@code command}'s output contains {@code want}; returns the last output. */
    private static String until(String command, String want) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        String out = karaf.console(command);
        while (!out.contains(want) && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            out = karaf.console(command);
        }
        return out;
    }

    @Test
    @Order(1)
    void everyBundleOfTheOarFilesIsActive() throws Exception {
        String list = karaf.console("bundle:list -s -t 0");
        assertEquals(11, OAR_BUNDLES.size(), "the seven .oar files carry eleven bundles: " + OAR_BUNDLES);
        for (String bundle : OAR_BUNDLES) {
            String line = list.lines().filter(l -> l.endsWith(" " + bundle)).findFirst().orElse("");
            assertTrue(line.contains("| Active "), bundle + " is ACTIVE (Karaf shows Waiting while a component of it lacks a reference):\n" + list);
        }
        assertTrue(list.lines().filter(l -> l.contains("org.dsp.")).allMatch(l -> l.contains("Active")), list);
    }

    @Test
    @Order(2)
    void theDspComponentsAreActiveOnTheOnosServices() throws Exception {
        // SCR registers a component's service once its references are satisfied (DS components are immediate here)
        String core = until("service:list org.dsp.app.api.TenantAdminService", "org.dsp.app.impl.DspManager");
        assertTrue(core.contains("component.name = org.dsp.app.impl.DspManager"), core);
        String apps = until("service:list org.dsp.spi.ServiceApp", "org.dsp.chain.ChainApp");
        for (String app : List.of("firewall.FirewallApp", "microseg.MicrosegApp", "lb.LbApp", "overlay.OverlayApp", "nat.NatApp",
                "chain.ChainApp")) {
            assertTrue(apps.contains("component.name = org.dsp." + app), app + ":\n" + apps);
        }
        // and no DSP bundle waits for a reference (Karaf's bundle:diag lists a component's missing references)
        for (String bundle : OAR_BUNDLES) {
            String diag = karaf.console("bundle:diag " + bundle);
            assertFalse(diag.contains("missing references"), diag);
        }
        String web = karaf.console("web:list");
        assertTrue(Pattern.compile("Active\\s*\\|\\s*Deployed\\s*\\|.*/onos/dsp").matcher(web).find(),
                "the core app's web bundle is deployed by pax-web at /onos/dsp:\n" + web);
    }

    @Test
    @Order(3)
    void theShellCommandsAnswerThroughKarafsClient() throws Exception {
        String empty = until("dsp-tenants", "TENANT");
        assertTrue(empty.contains("TENANT") && empty.contains("VERSION"), empty);
        Path doc = Path.of(System.getProperty("dsp.examples"), "three-tier.json").toAbsolutePath();
        String applied = karaf.console("dsp-apply " + doc);
        assertTrue(applied.contains("tenant acme applied as version 1"), applied);
        String tenants = karaf.console("dsp-tenants");
        assertTrue(Pattern.compile("(?m)^acme\\s+1\\s+PENDING\\s+2").matcher(tenants).find(),
                "no switch is connected: PENDING on its two DSNs, never INSTALLED\n" + tenants);
        String status = karaf.console("dsp-status acme");
        assertTrue(status.contains("of:0000000000000001") && status.contains("of:0000000000000002"), status);
        String flows = karaf.console("dsp-flows acme of:0000000000000001");
        assertTrue(flows.contains("table="), "the compiled flows of the DSN:\n" + flows);
    }

    private static HttpResponse<String> rest(String method, String path, String body, boolean auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + home.http + "/onos/dsp/v1" + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (auth) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(4)
    void theRestWebBundleIsServedByPaxWebBehindKarafsRealm() throws Exception {
        assertEquals(401, rest("GET", "/tenants", null, false).statusCode(), "BASIC auth against the karaf realm is required");
        HttpResponse<String> list = rest("GET", "/tenants", null, true);
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().contains("\"acme\""), "the tenant the shell applied: " + list.body());
        String globex = Files.readString(Path.of(System.getProperty("dsp.examples"), "globex.json"));
        HttpResponse<String> put = rest("PUT", "/tenants/globex", globex, true);
        assertTrue(put.statusCode() == 200 || put.statusCode() == 201, put.statusCode() + " " + put.body());
        HttpResponse<String> status = rest("GET", "/tenants/globex/status", null, true);
        assertEquals(200, status.statusCode(), status.body());
        assertTrue(status.body().contains("PENDING") && !status.body().contains("INSTALLED"), status.body());
        String tenants = karaf.console("dsp-tenants");
        assertTrue(tenants.contains("globex") && tenants.contains("acme"), "REST and shell share one core:\n" + tenants);
    }
}
