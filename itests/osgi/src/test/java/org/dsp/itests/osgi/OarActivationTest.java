package org.dsp.itests.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The ONOS path, as far as this machine can prove it: a real OSGi framework (Apache Felix 7 with
 * SCR) runs onos-api 2.7.0 and its dependency bundles; the DSP bundles are installed exactly as
 * the built .oar carries them; every bundle must resolve and start, and every DSP component must
 * become ACTIVE once the ONOS services it references are registered. A missing Import-Package or
 * a broken SCR descriptor fails here.
 */
class OarActivationTest {
    static final Path TARGET = Path.of("target");
    static Framework framework;
    static BundleContext ctx;
    static final List<Bundle> runtime = new ArrayList<>();
    static final List<Bundle> dsp = new ArrayList<>();
    static final Map<String, String> appXml = new HashMap<>();
    static final Map<String, List<Bundle>> bundlesOfApp = new HashMap<>();

    static Path oar(String module) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("../../apps", module, "target"))) {
            return s.filter(p -> p.toString().endsWith(".oar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no .oar built under apps/" + module + "/target"));
        }
    }

    @BeforeAll
    static void boot() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("org.osgi.framework.storage", TARGET.resolve("felix-cache").toAbsolutePath().toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        framework = new FrameworkFactory().newFramework(config);
        framework.init();
        framework.start();
        ctx = framework.getBundleContext();
        try (Stream<Path> s = Files.list(TARGET.resolve("bundles"))) {
            for (Path p : s.sorted().collect(Collectors.toList())) {
                runtime.add(ctx.installBundle(p.toUri().toString()));
            }
        }
        Path extracted = Files.createDirectories(TARGET.resolve("oar"));
        for (String module : List.of("dsp-core-app", "dsp-firewall", "dsp-microseg", "dsp-lb", "dsp-overlay", "dsp-nat", "dsp-chain")) {
            try (ZipFile z = new ZipFile(oar(module).toFile())) {
                String xml = new String(z.getInputStream(z.getEntry("app.xml")).readAllBytes(), StandardCharsets.UTF_8);
                Matcher name = Pattern.compile("<app name=\"([^\"]+)\"").matcher(xml);
                assertTrue(name.find(), xml);
                appXml.put(name.group(1), xml);
                for (ZipEntry e : java.util.Collections.list(z.entries())) {
                    if (e.getName().startsWith("m2/") && e.getName().endsWith(".jar")) {
                        Path out = extracted.resolve(Path.of(e.getName()).getFileName());
                        try (InputStream in = z.getInputStream(e)) {
                            Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                        }
                        Bundle b = ctx.installBundle(out.toUri().toString());
                        dsp.add(b);
                        bundlesOfApp.computeIfAbsent(name.group(1), k -> new ArrayList<>()).add(b);
                    }
                }
            }
        }
        for (Bundle b : runtime) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                b.start();
            }
        }
        for (Bundle b : dsp) {
            b.start();
        }
    }

    @AfterAll
    static void shutdown() throws Exception {
        framework.stop();
        framework.waitForStop(10000);
    }

    static Bundle bundle(String symbolicName) {
        for (Bundle b : ctx.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().equals(symbolicName)) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    static List<String> artifacts(String xml) {
        Matcher m = Pattern.compile("<artifact>mvn:org.dsp/([^/]+)/").matcher(xml);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theOarsDeclareTheAppsAndCarryTheirBundles() {
        assertEquals(Set.of("org.dsp.core", "org.dsp.firewall", "org.dsp.microseg", "org.dsp.lb", "org.dsp.overlay", "org.dsp.nat", "org.dsp.chain"), appXml.keySet());
        String core = appXml.get("org.dsp.core");
        assertEquals(Set.of("dsp-core-app", "dsp-core", "dsp-api", "dsp-driver-ovs", "dsp-driver-ovs-openflow"), Set.copyOf(artifacts(core)));
        assertEquals(5, bundlesOfApp.get("org.dsp.core").size());
        assertTrue(core.contains("apps=\"org.onosproject.openflow-base\""), "requires ONOS's OpenFlow base app: " + core);
        for (String app : List.of("org.dsp.firewall", "org.dsp.microseg", "org.dsp.lb", "org.dsp.overlay", "org.dsp.nat", "org.dsp.chain")) {
            String xml = appXml.get(app);
            assertEquals(List.of(app.replace("org.dsp.", "dsp-")), artifacts(xml));
            assertTrue(xml.contains(app.equals("org.dsp.nat") || app.equals("org.dsp.chain") ? "apps=\"org.dsp.core,org.dsp.overlay\"" : "apps=\"org.dsp.core\""),
                    app + " requires the core app (NAT and chaining the overlay too): " + xml);
            for (String attr : List.of("title=", "version=", "category=", "url=", "featuresRepo=")) {
                assertTrue(xml.contains(attr), app + " app.xml has " + attr);
            }
        }
        assertEquals(11, dsp.size());
    }

    /**
     * The API bundle is driver-neutral (issue 10, Deliver 1): it imports no package of the OVS
     * driver and none of OpenFlow (openflowj, ONOS's OpenFlow API); the core and the service apps
     * reach the driver only through it or their own step 2 (docs/services.md).
     */
    @Test
    void theApiBundleImportsNoDriverOrOpenFlowPackage() {
        String imports = bundle("org.dsp.api").getHeaders().get("Import-Package");
        assertNotNull(imports);
        assertTrue(imports.contains("org.dsp."), "the API bundle's imports are read: " + imports);
        assertFalse(Pattern.compile("org\\.dsp\\.driver|org\\.projectfloodlight|org\\.onosproject\\.openflow").matcher(imports).find(),
                "the API bundle imports a driver or OpenFlow package: " + imports);
    }

    @Test
    void everyBundleResolvesAndStarts() {
        for (Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            int want = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            assertEquals(want, b.getState(), b.getSymbolicName() + " " + b.getVersion() + " is not "
                    + (fragment ? "resolved" : "active"));
        }
        Bundle app = bundle("org.dsp.core-app");
        assertEquals("/onos/dsp", app.getHeaders().get("Web-ContextPath"), "the REST API is a web application bundle");
        assertEquals("org.dsp.app.cli", app.getHeaders().get("Karaf-Commands"), "the shell commands are declared to Karaf");
        assertNotNull(app.getEntry("WEB-INF/web.xml"));
        for (Bundle b : dsp) {
            String imports = b.getHeaders().get("Import-Package");
            if (bundlesOfApp.get("org.dsp.core").contains(b)) {
                assertTrue(Pattern.compile("org\\.onosproject\\.[a-z.]+;version=\"\\[2\\.7,3\\)\"").matcher(imports).find(),
                        b.getSymbolicName() + " imports ONOS packages in the range [2.7,3): " + imports);
            }
            assertFalse(Pattern.compile("org\\.onosproject\\.[a-z.]+;version=\"\\[(?!2\\.7,3\\))").matcher(imports).find(),
                    b.getSymbolicName() + " imports an ONOS package outside [2.7,3): " + imports);
        }
    }

    /** Default answers for a fake ONOS service: empty collections, false, zero, null. */
    static Object fake(Class<?> iface) {
        return Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (proxy, method, args) -> {
            Class<?> r = method.getReturnType();
            if (method.getName().equals("toString")) {
                return "fake " + iface.getSimpleName();
            }
            if (method.getName().equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (method.getName().equals("equals")) {
                return proxy == args[0];
            }
            if (method.getName().equals("registerApplication")) {
                // ONOS gives every app an id (DSP puts its app's id in its flows' cookies)
                return iface.getClassLoader().loadClass("org.onosproject.core.DefaultApplicationId")
                        .getConstructor(int.class, String.class).newInstance(42, args[0]);
            }
            if (Iterable.class.isAssignableFrom(r) || Collection.class.isAssignableFrom(r)) {
                return Set.class.isAssignableFrom(r) ? Set.of() : List.of();
            }
            if (r == boolean.class) {
                return false;
            }
            if (r == int.class || r == long.class || r == short.class || r == byte.class) {
                return r == long.class ? 0L : r == int.class ? 0 : r == short.class ? (short) 0 : (byte) 0;
            }
            return null;
        });
    }

    static Object call(Object target, String name, Object... args) throws Exception {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                m.setAccessible(true);
                return m.invoke(target, args);
            }
        }
        throw new AssertionError("no method " + name + " on " + target.getClass());
    }

    @Test
    void theDspComponentBecomesActiveWithOnosServicesAndCompilesATenant() throws Exception {
        Bundle api = bundle("org.onosproject.onos-api");
        ClassLoader apiLoader = api.adapt(BundleWiring.class).getClassLoader();
        // onos-api's own test StorageService (in-memory consistent maps), loaded against the bundle's API classes
        URL testsJar;
        try (Stream<Path> s = Files.list(TARGET.resolve("onos-test"))) {
            testsJar = s.findFirst().orElseThrow().toUri().toURL();
        }
        URLClassLoader testLoader = new URLClassLoader(new URL[] {testsJar}, apiLoader);
        Object storage = testLoader.loadClass("org.onosproject.store.service.TestStorageService").getConstructor().newInstance();
        ctx.registerService("org.onosproject.store.service.StorageService", storage, null);
        for (String s : List.of("org.onosproject.core.CoreService", "org.onosproject.net.flow.FlowRuleService",
                "org.onosproject.net.group.GroupService",
                "org.onosproject.net.device.DeviceService", "org.onosproject.net.link.LinkService",
                "org.onosproject.mastership.MastershipService", "org.onosproject.net.driver.DefaultDriverProviderService",
                "org.onosproject.net.packet.PacketService", "org.onosproject.ui.UiExtensionService",
                "org.onosproject.event.EventDeliveryService")) { // ONOS's core event dispatcher (DspManager's listener manager)
            ctx.registerService(s, fake(api.loadClass(s)), null);
        }
        // the driver admin service knows ONOS's "ovs" driver (DSP's extends it) and records what is registered
        Class<?> driverAdmin = api.loadClass("org.onosproject.net.driver.DriverAdminService");
        Class<?> driverClass = api.loadClass("org.onosproject.net.driver.Driver");
        Object ovs = api.loadClass("org.onosproject.net.driver.DefaultDriver").getConstructor(String.class, List.class,
                String.class, String.class, String.class, Map.class, Map.class)
                .newInstance("ovs", List.of(), "Nicira, Inc.", "Open vSwitch", "2.0", Map.of(), Map.of());
        List<Object> providers = new ArrayList<>();
        Object fakeAdmin = fake(driverAdmin);
        ctx.registerService(driverAdmin.getName(), Proxy.newProxyInstance(driverAdmin.getClassLoader(), new Class<?>[] {driverAdmin},
                (proxy, method, args) -> {
                    if (method.getName().equals("getDriver") && args != null && "ovs".equals(args[0])) {
                        return ovs;
                    }
                    if (method.getName().equals("getBehaviourClass")) {
                        for (Bundle b : ctx.getBundles()) {
                            try {
                                return b.loadClass((String) args[0]);
                            } catch (ClassNotFoundException e) {
                                continue;
                            }
                        }
                        return null;
                    }
                    if (method.getName().equals("registerProvider")) {
                        providers.add(args[0]);
                        return null;
                    }
                    return method.invoke(fakeAdmin, args);
                }), null);
        // SCR's runtime view of every DSP component
        ServiceReference<?> scrRef = ctx.getServiceReference("org.osgi.service.component.runtime.ServiceComponentRuntime");
        assertNotNull(scrRef, "SCR is not running");
        Object scr = ctx.getService(scrRef);
        int components = 0;
        long deadline = System.currentTimeMillis() + 10000;
        for (Bundle b : dsp) {
            Object descriptions = call(scr, "getComponentDescriptionDTOs", (Object) new Bundle[] {b});
            for (Object d : (Collection<?>) descriptions) {
                components++;
                String name = (String) d.getClass().getField("name").get(d);
                int state = -1;
                while (System.currentTimeMillis() < deadline) {
                    Collection<?> configs = (Collection<?>) call(scr, "getComponentConfigurationDTOs", d);
                    state = configs.isEmpty() ? -1 : (int) configs.iterator().next().getClass().getField("state").get(configs.iterator().next());
                    if (state == 8) { // ComponentConfigurationDTO.ACTIVE
                        break;
                    }
                    Thread.sleep(50);
                }
                assertEquals(8, state, "component " + name + " is not ACTIVE (state " + state + ")");
            }
        }
        assertEquals(10, components, "DSP components in the .oar bundles (DspManager, RejectProcessor, DspDriversLoader, "
                + "ConsoleUiExtension, FirewallApp, MicrosegApp, LbApp, OverlayApp, NatApp, ChainApp)");
        // the driver loader registered "dsp-ovs" on top of "ovs", its behaviours loaded from the DSP bundle
        assertEquals(1, providers.size(), "driver providers registered");
        Object dspOvs = null;
        for (Object d : (Set<?>) call(providers.get(0), "getDrivers")) {
            if ("dsp-ovs".equals(call(d, "name"))) {
                dspOvs = d;
            }
        }
        assertNotNull(dspOvs, "driver dsp-ovs");
        assertEquals("ovs", call(call(dspOvs, "parent"), "name"));
        Class<?> interpreter = bundle("org.dsp.mirror.onos-protocols-openflow-api")
                .loadClass("org.onosproject.openflow.controller.ExtensionSelectorInterpreter");
        Object impl = call(dspOvs, "implementation", interpreter);
        assertEquals("org.dsp.driver.ovs.onos.DspSelectorInterpreter", ((Class<?>) impl).getName());
        assertTrue(interpreter.isAssignableFrom((Class<?>) impl), "wired to the same OpenFlow API package");
        assertTrue(driverClass.isInstance(dspOvs));
        // and it works: a tenant document compiles inside OSGi
        // looked up from the app bundle's context: the test class path must not decide assignability
        BundleContext app = bundle("org.dsp.core-app").getBundleContext();
        ServiceReference<?> adminRef = app.getServiceReference("org.dsp.app.api.TenantAdminService");
        assertNotNull(adminRef);
        Object admin = app.getService(adminRef);
        Object doc = call(admin, "parse", Files.readString(Path.of("../../examples/three-tier.json")));
        call(admin, "apply", doc);
        @SuppressWarnings("unchecked")
        Map<Object, Integer> counts = (Map<Object, Integer>) call(admin, "dsnFlowCounts");
        assertEquals(2, counts.size(), "compiled DSNs: " + counts);
        assertTrue(counts.values().stream().allMatch(n -> n > 50), counts.toString());
        assertFalse(((Set<?>) call(admin, "tenants")).isEmpty());
        // the document schema's validator (networknt with its own Jackson, relocated into dsp-core beside ONOS's 2.11) works
        // inside the framework: parse ran it on the document above; here it finds a structural mistake at its place
        Class<?> validator = bundle("org.dsp.core-lib").loadClass("org.dsp.jsonschema.SchemaValidator");
        Object compiled = validator.getMethod("compile", String.class).invoke(null, call(call(admin, "codec"), "schema").toString());
        List<?> found = (List<?>) call(compiled, "validate", "{\"tenant\":{\"id\":\"x\"},\"endpoints\":[{\"name\":\"a\",\"mac\":7}]}");
        assertTrue(found.stream().anyMatch(v -> v.toString().startsWith("$.endpoints[0].mac: ")), "violations: " + found);
        assertEquals(6, ((Set<?>) call(admin, "activeServices")).size(), "the six service apps bound to the core");
        // stopping the firewall app's bundle takes exactly its sections out; starting it brings them back
        int full = counts.values().stream().mapToInt(Integer::intValue).sum();
        Bundle firewall = bundlesOfApp.get("org.dsp.firewall").get(0);
        firewall.stop();
        assertEquals(Set.of("lb", "microsegmentation", "overlay", "nat", "chain"), Set.copyOf((Set<?>) call(admin, "activeServices")));
        @SuppressWarnings("unchecked")
        int without = ((Map<Object, Integer>) call(admin, "dsnFlowCounts")).values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(without < full, "the firewall's flows left: " + full + " -> " + without);
        firewall.start();
        long until = System.currentTimeMillis() + 10000;
        while (((Set<?>) call(admin, "activeServices")).size() < 6 && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        @SuppressWarnings("unchecked")
        int back = ((Map<Object, Integer>) call(admin, "dsnFlowCounts")).values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(full, back, "the firewall's flows are back");
    }
}
