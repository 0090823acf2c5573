package org.dsp.launcher;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dsp node}: boots Apache Felix with SCR, onos-api 2.7.0 and its dependency bundles, the
 * node's own bundles (OpenFlow, store, node services) and the DSP bundles exactly as the .oar
 * files carry them; runs in the foreground until SIGTERM or Ctrl-C.
 */
@Command(name = "dsp node", mixinStandardHelpOptions = true,
        description = "Run the standalone DSP node (OSGi): OpenFlow 1.3 for the switches, REST API, durable store.")
public final class NodeLauncher implements Callable<Integer> {
    /** The .oar files whose bundles start, in this order (service apps before the core, so the core starts with them bound). */
    static final List<String> APPS = List.of("dsp-firewall", "dsp-microseg", "dsp-lb", "dsp-overlay", "dsp-nat", "dsp-chain", "dsp-core-app");

    @Option(names = "--openflow", description = "OpenFlow listen address (default ${DEFAULT-VALUE}).")
    String openflow = "0.0.0.0:6653";

    @Option(names = "--ovsdb", description = "OVSDB listen address, HOST:PORT: servers' ovsdb-servers connect here "
            + "(ovs-vsctl set-manager tcp:NODE:PORT) and the node creates their tunnel ports (docs/overlay.md); default: off.")
    String ovsdb = "";

    @Option(names = "--encrypt-pool", description = "The IPv4 prefix the DSNs' secure addresses (encryption between DSNs, "
            + "docs/encryption.md) come from; default 10.254.0.0/16")
    String encryptPool = "10.254.0.0/16";

    @Option(names = "--ipfix", description = "HOST:PORT where the node collects the DSNs' flow-log samples (IPFIX over UDP; "
            + "the node configures each DSN's export over OVSDB), or 'off'; default: --ovsdb's host, port 4739 "
            + "(docs/observability.md).")
    String ipfix = "";

    @Option(names = "--flow-log-max", description = "The most flow-log records kept, oldest dropped first (default ${DEFAULT-VALUE}).")
    long flowLogMax = 100_000;

    @Option(names = "--flow-log-max-per-tenant", description = "The most flow-log records of one tenant, its own oldest "
            + "dropped first (default: a quarter of --flow-log-max).")
    long flowLogMaxPerTenant;

    @Option(names = "--flow-log-retention", description = "Seconds a flow-log record is kept after its connection was last "
            + "seen (default ${DEFAULT-VALUE}).")
    long flowLogRetention = 3600;

    @Option(names = "--rest", description = "REST listen address (default ${DEFAULT-VALUE}).")
    String rest = "127.0.0.1:8181";

    @Option(names = "--data-dir", description = "Directory of the durable store (default ${DEFAULT-VALUE}).")
    File dataDir = new File(".dsp/node");

    @Option(names = "--uplink", description = "DSN=PORT: configure a DSN's uplink port, e.g. of:0000000000000001=10 "
            + "(for networks without LLDP discovery); repeatable.")
    List<String> uplinks = new ArrayList<>();

    @Option(names = "--gateway", description = "DSN=PORT@NEXT-HOP-MAC: the DSN is a NAT gateway, PORT its port on the external "
            + "network, NEXT-HOP-MAC the external router's MAC (docs/nat.md); repeatable.")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--fabric", split = ",", description = "DPID[,DPID...]: fabric switches (leaves, spines): they get "
            + "L2 switching (NORMAL) plus discovery; every other switch is a DSN. Repeatable.")
    List<String> fabric = new ArrayList<>();

    @Option(names = "--probe-ms", description = "LLDP probe period in ms (default ${DEFAULT-VALUE}).")
    long probeMillis = 3000;

    @Option(names = "--audit-ms", description = "Flow audit period in ms: read every switch's flows, update flow "
            + "states and counters, repair drift (default ${DEFAULT-VALUE}; 0 = off).")
    long auditMillis = 10000;

    @Option(names = "--keep-foreign", description = "Leave flows whose cookie is not DSP's on the switches when reconciling.")
    boolean keepForeign;

    @Option(names = "--max-flows-per-dsn", description = "Flow budget: the most flows one DSN may hold; a document "
            + "that would exceed it is refused up front, naming the DSN (default ${DEFAULT-VALUE}).")
    int maxFlowsPerDsn = 500_000;

    @Option(names = "--max-flows-per-tenant", description = "Flow budget: the most flows one tenant may hold over all "
            + "DSNs (default ${DEFAULT-VALUE}).")
    int maxFlowsPerTenant = 250_000;

    @Option(names = "--warm-up-ms", description = "Before taking changes, warm the compile path for about this long on a "
            + "synthetic tenant that is never stored or sent (docs/node.md; default ${DEFAULT-VALUE}; 0 = off).")
    long warmUpMillis = 1500;

    @Option(names = "--max-body-mb", description = "Largest REST request body the node reads, in MiB; larger ones get "
            + "413 before they are read (default ${DEFAULT-VALUE}).")
    int maxBodyMb = 32; // BodyLimit.DEFAULT in MiB (the core app is not on this class path)

    @Option(names = "--rest-tls", description = "P12: serve REST over TLS (HTTPS) with this PKCS#12 keystore (key and "
            + "certificate); needs --tls-password-file.")
    String restTls = "";

    @Option(names = "--openflow-tls", description = "P12: serve OpenFlow over TLS with this PKCS#12 keystore; switches connect "
            + "with ssl:NODE:PORT and must present a certificate signed by --openflow-ca. Needs --tls-password-file.")
    String openflowTls = "";

    @Option(names = "--openflow-ca", description = "PEM: the CA certificate(s) that sign switch certificates.")
    String openflowCa = "";

    @Option(names = "--switch-claims", description = "FILE: lines 'CN DPID[,DPID...]': the datapath ids a switch certificate "
            + "with that subject CN may claim (default: only the datapath id its CN names, e.g. CN=0000000000000001).")
    String switchClaims = "";

    @Option(names = "--tls-password-file", description = "FILE: its first line is the password of the --rest-tls and "
            + "--openflow-tls keystores.")
    String tlsPasswordFile = "";

    @Option(names = "--home", description = "Directory holding node-bundles/ and node-apps/ (default: next to this jar).")
    File home;

    @Option(names = "--app", description = "OAR: also run the ONOS app in this .oar file (a service app built on DSP's "
            + "SPI, e.g. services/dscp/target/dsp-dscp-*.oar); its bundles start before the DSP core. Repeatable.")
    List<File> extraApps = new ArrayList<>();

    /** Returns the framework properties that carry the options to the node's bundle. */
    Map<String, String> nodeProperties() {
        Map<String, String> p = new HashMap<>();
        p.put("dsp.node.openflow", openflow);
        p.put("dsp.node.ovsdb", ovsdb);
        p.put("dsp.node.encrypt-pool", encryptPool);
        p.put("dsp.node.ipfix", ipfix);
        p.put("dsp.node.flow-log-max", Long.toString(flowLogMax));
        p.put("dsp.node.flow-log-retention", Long.toString(flowLogRetention));
        p.put("dsp.node.flow-log-max-per-tenant", Long.toString(flowLogMaxPerTenant));
        p.put("dsp.node.rest-tls", restTls);
        p.put("dsp.node.openflow-tls", openflowTls);
        p.put("dsp.node.openflow-ca", openflowCa);
        p.put("dsp.node.switch-claims", switchClaims);
        p.put("dsp.node.tls-password-file", tlsPasswordFile);
        p.put("dsp.node.rest", rest);
        p.put("dsp.node.data-dir", dataDir.getAbsolutePath());
        p.put("dsp.node.uplinks", String.join(",", uplinks));
        p.put("dsp.node.gateways", String.join(",", gateways));
        p.put("dsp.node.fabric", String.join(",", fabric));
        p.put("dsp.node.probe-ms", Long.toString(probeMillis));
        p.put("dsp.node.keep-foreign", Boolean.toString(keepForeign));
        p.put("dsp.node.audit-ms", Long.toString(auditMillis));
        p.put("dsp.flows.maxPerDsn", Integer.toString(maxFlowsPerDsn));
        p.put("dsp.flows.maxPerTenant", Integer.toString(maxFlowsPerTenant));
        p.put("dsp.node.max-body-mb", Integer.toString(maxBodyMb));
        p.put("dsp.warmUpMillis", Long.toString(warmUpMillis)); // read by the core (WarmUp.PROPERTY)
        return p;
    }

    private File home() throws Exception {
        if (home != null) {
            return home;
        }
        return new File(NodeLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParentFile();
    }

    /** A bad option value, found by the node's bundle: the message names the option, the value and the reason. */
    static final class BadOption extends Exception {
        BadOption(String message) {
            super(message);
        }
    }

    /** A running OSGi node. */
    static final class Running {
        final Framework framework;
        final Bundle core;
        final Path scratch;

        Running(Framework framework, Bundle core, Path scratch) {
            this.framework = framework;
            this.core = core;
            this.scratch = scratch;
        }

        /** Stops the DSP core first (its flows stay on the switches), then the framework; removes the scratch directory. */
        void stop() throws Exception {
            if (core != null && core.getState() == Bundle.ACTIVE) {
                core.stop();
            }
            framework.stop();
            framework.waitForStop(10_000);
            deleteTree(scratch);
        }
    }

    /** Refuses an --app that is not an .oar archive holding at least one bundle. */
    private static void checkApp(File oar) throws BadOption {
        if (!oar.isFile() || !oar.getName().endsWith(".oar")) {
            throw new BadOption("--app " + oar + ": expected an ONOS app archive (.oar file) that exists");
        }
        try (ZipFile z = new ZipFile(oar)) {
            if (java.util.Collections.list(z.entries()).stream().noneMatch(e -> e.getName().startsWith("m2/")
                    && e.getName().endsWith(".jar"))) {
                throw new BadOption("--app " + oar + ": the archive holds no bundle (m2/.../*.jar)");
            }
        } catch (java.io.IOException e) {
            throw new BadOption("--app " + oar + ": not a readable .oar (zip) archive: " + e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Boots the framework: installs the runtime bundles and the bundles of the .oar files, starts
     * them (the node's services bundle validates the options and throws {@link BadOption}).
     */
    Running boot() throws Exception {
        File base = home();
        Path bundles = base.toPath().resolve("node-bundles");
        Path apps = base.toPath().resolve("node-apps");
        if (!Files.isDirectory(bundles) || !Files.isDirectory(apps)) {
            throw new IllegalStateException(bundles + " or " + apps + " is missing (build with mvn install, or give --home)");
        }
        for (File extra : extraApps) {
            checkApp(extra);
        }
        Path scratch = Files.createTempDirectory("dsp-node-osgi");
        Map<String, String> config = new HashMap<>(nodeProperties());
        config.put("org.osgi.framework.storage", scratch.resolve("felix-cache").toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        // the JDK's HTTP server, which Jersey's container uses
        config.put("org.osgi.framework.system.packages.extra", "com.sun.net.httpserver,sun.misc");
        Framework framework = new FrameworkFactory().newFramework(config);
        framework.init();
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> runtime = new ArrayList<>();
        try (Stream<Path> s = Files.list(bundles)) {
            for (Path p : s.sorted().collect(Collectors.toList())) {
                runtime.add(ctx.installBundle(p.toUri().toString()));
            }
        }
        List<Path> oars = new ArrayList<>();
        for (String app : APPS) {
            try (Stream<Path> s = Files.list(apps)) {
                oars.add(s.filter(p -> p.getFileName().toString().startsWith(app + "-") && p.toString().endsWith(".oar"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no " + app + " .oar in " + apps)));
            }
        }
        for (File extra : extraApps) {
            oars.add(oars.size() - 1, extra.toPath()); // before the core
        }
        List<Bundle> dsp = new ArrayList<>();
        Path extracted = Files.createDirectories(scratch.resolve("oar-bundles"));
        for (Path oar : oars) {
            try (ZipFile z = new ZipFile(oar.toFile())) {
                for (ZipEntry e : java.util.Collections.list(z.entries())) {
                    if (e.getName().startsWith("m2/") && e.getName().endsWith(".jar")) {
                        Path out = extracted.resolve(Path.of(e.getName()).getFileName());
                        try (InputStream in = z.getInputStream(e)) {
                            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                        }
                        dsp.add(ctx.installBundle(out.toUri().toString()));
                    }
                }
            }
        }
        framework.start();
        Running running = new Running(framework, null, scratch);
        try {
            for (Bundle b : runtime) {
                if (b.getHeaders().get("Fragment-Host") == null) {
                    start(b);
                }
            }
            Bundle core = null;
            for (Bundle b : dsp) {
                start(b);
                if ("org.dsp.core-app".equals(b.getSymbolicName())) {
                    core = b;
                }
            }
            return new Running(framework, core, scratch);
        } catch (BadOption | RuntimeException e) {
            running.stop();
            throw e;
        }
    }

    /**
     * Copies everything written to it to the console and, once {@link #attach} names it, to the
     * log file; what was written before is kept in memory and written to the file first.
     */
    static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream console;
        private java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream();
        private java.io.OutputStream file;

        Tee(java.io.OutputStream console) {
            this.console = console;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            console.write(b);
            (file != null ? file : early).write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            console.write(b, off, len);
            (file != null ? file : early).write(b, off, len);
        }

        @Override
        public synchronized void flush() throws java.io.IOException {
            console.flush();
            if (file != null) {
                file.flush();
            }
        }

        synchronized void attach(java.io.OutputStream f) throws java.io.IOException {
            early.writeTo(f);
            early = null;
            file = f;
        }
    }

    @Override
    public Integer call() throws Exception {
        // the node logs to the console and to <data-dir>/dsp-node.log (appended; attached once the
        // options are known to be good, so a refused start creates nothing)
        Tee out = new Tee(new java.io.FileOutputStream(java.io.FileDescriptor.out));
        Tee err = new Tee(new java.io.FileOutputStream(java.io.FileDescriptor.err));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        Running node;
        try {
            node = boot();
        } catch (BadOption e) {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.err.println(e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.err.println("dsp node: " + e.getMessage());
            return 1;
        }
        java.nio.file.Path logFile = new File(dataDir, "dsp-node.log").toPath();
        if (!java.nio.file.Files.exists(logFile)) { // readable by the node's user only, as the store
            java.nio.file.Files.createFile(logFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        java.io.OutputStream log = new java.io.FileOutputStream(logFile.toFile(), true);
        out.attach(log);
        err.attach(log);
        java.util.concurrent.atomic.AtomicBoolean asked = new java.util.concurrent.atomic.AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            asked.set(true);
            System.out.println("dsp-node stopping (flows stay on the switches)");
            try {
                node.stop();
            } catch (Exception e) {
                System.err.println("dsp-node: stopping: " + e);
            }
            stopped.countDown();
        }, "dsp-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // the framework stops on SIGTERM/Ctrl-C (the hook above) or when the node cannot serve
        node.framework.waitForStop(0);
        if (!asked.get()) {
            System.err.println("dsp-node: the node stopped itself (see the messages above)");
            Runtime.getRuntime().removeShutdownHook(hook);
            log.close();
            return 1;
        }
        stopped.await();
        log.close();
        return 0;
    }

    private static void start(Bundle b) throws BadOption {
        try {
            b.start();
        } catch (BundleException e) {
            if (e.getCause() instanceof IllegalArgumentException) {
                throw new BadOption(e.getCause().getMessage());
            }
            throw new IllegalStateException("bundle " + b.getSymbolicName() + " " + b.getVersion() + " does not start: "
                    + e.getMessage(), e);
        }
    }

    /** Runs the node. */
    public static void main(String[] args) {
        int code = new CommandLine(new NodeLauncher()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
