package org.dsp.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The overlay tests' two-server testbed (testbed/overlay/testbed.sh) seen from Java: commands in
 * its namespaces, bounded TCP peers (testbed/overlay/peer.py) that answer with a banner naming
 * them. Every command has a timeout; {@link #close} stops the peers and removes the testbed.
 */
public final class OverlayTestbed implements AutoCloseable {
    private final String prefix;
    private final Path script;
    private final Path peer;
    private final Path function;
    private final List<Process> peers = new ArrayList<>();

    /**
     * A testbed named {@code prefix} (its namespaces are PREFIX-...), the repository's testbed/overlay
     * scripts found under {@code root}.
     */
    public OverlayTestbed(String prefix, Path root) {
        this.prefix = prefix;
        this.script = root.resolve("testbed/overlay/testbed.sh").toAbsolutePath();
        this.peer = root.resolve("testbed/overlay/peer.py").toAbsolutePath();
        this.function = root.resolve("testbed/chain/sf.py").toAbsolutePath();
    }

    /** Builds it: {@code testbed.sh MODE PREFIX ARGS...} (up, or managed with the node's ports). */
    public void up(String mode, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString(), mode, prefix));
        cmd.addAll(List.of(args));
        run(90, true, cmd);
    }

    /** Returns the testbed's name. */
    public String prefix() {
        return prefix;
    }

    /** Starts a peer in workload {@code w} answering on {@code port} with {@code banner} for at most 60 s. */
    public void serve(String w, int port, String banner) throws Exception {
        peers.add(new ProcessBuilder("ip", "netns", "exec", prefix + "-" + w, "/usr/bin/python3", peer.toString(), "serve",
                String.valueOf(port), banner, "60").redirectErrorStream(true).start());
        Thread.sleep(300);
    }

    /**
     * Starts a service function (testbed/chain/sf.py, {@code mode} transparent or routed) in workload
     * {@code w} on its eth0 for at most {@code seconds}, counting what it passes into
     * {@link #functionCounts}; returns once it writes its counts (the process, to stop it early).
     */
    public Process serveFunction(String w, String mode, int seconds) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", prefix + "-" + w, "/usr/bin/python3", function.toString(), mode, "eth0",
                functionCounts(w).toString(), String.valueOf(seconds)).redirectErrorStream(true).start();
        peers.add(p);
        for (int i = 0; i < 50 && !java.nio.file.Files.exists(functionCounts(w)); i++) {
            Thread.sleep(100);
        }
        if (!java.nio.file.Files.exists(functionCounts(w))) {
            throw new AssertionError(w + "'s service function did not start");
        }
        return p;
    }

    /** Returns the JSON file a service function in workload {@code w} writes its counts to. */
    public Path functionCounts(String w) {
        return Path.of("/tmp/" + prefix + "/sf-" + w + ".json");
    }

    /** Starts a UDP peer in workload {@code w} answering each datagram on {@code port} with its source address and port, for at most 60 s. */
    public void serveUdp(String w, int port) throws Exception {
        peers.add(new ProcessBuilder("ip", "netns", "exec", prefix + "-" + w, "/usr/bin/python3", peer.toString(), "udp-serve",
                String.valueOf(port), "60").redirectErrorStream(true).start());
        Thread.sleep(300);
    }

    /** Sends a datagram from workload {@code w} (three tries), returns the answer or "timed out". */
    public String udp(String w, String host, int port) throws Exception {
        return ns(w, 15, "/usr/bin/python3", peer.toString(), "udp", host, String.valueOf(port)).trim();
    }

    /** Connects from workload {@code w}, sends {@code bytes}, returns the peer's answer (or the error). */
    public String connect(String w, String host, int port, int bytes) throws Exception {
        return ns(w, 20, "/usr/bin/python3", peer.toString(), "connect", host, String.valueOf(port), String.valueOf(bytes)).trim();
    }

    /**
     * Connects from workload {@code w} and sends {@code bytes} of {@code text} repeated, spread
     * over {@code seconds}; returns the peer's answer (or the error).
     */
    public String connect(String w, String host, int port, int bytes, String text, double seconds) throws Exception {
        return ns(w, (int) seconds + 25, "/usr/bin/python3", peer.toString(), "connect", host, String.valueOf(port), String.valueOf(bytes),
                text, String.valueOf(seconds)).trim();
    }

    /**
     * Starts {@code tcpdump -A} on interface {@code ifc} of server {@code server} for {@code seconds}
     * (bounded), writing what it prints to {@code out}; returns the process (wait for it to read out).
     */
    public Process capture(int server, String ifc, int seconds, Path out) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", prefix + "-s" + server, "timeout", String.valueOf(seconds), "tcpdump", "-l",
                "-n", "-A", "-s", "0", "-i", ifc).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        peers.add(p);
        for (int i = 0; i < 100 && !(java.nio.file.Files.exists(out) && java.nio.file.Files.readString(out).contains("listening on")); i++) {
            Thread.sleep(50);
        }
        if (!java.nio.file.Files.readString(out).contains("listening on")) {
            throw new AssertionError("tcpdump did not start on " + ifc + ": " + java.nio.file.Files.readString(out));
        }
        return p;
    }

    /** Runs a command in namespace PREFIX-{@code w} (bounded), returns its output. */
    public String ns(String w, int seconds, String... cmd) throws Exception {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-" + w));
        c.addAll(List.of(cmd));
        return run(seconds, false, c);
    }

    /** Returns the OpenFlow management socket of server {@code server}'s bridge, for ovs-ofctl. */
    public String bridge(int server) {
        return "unix:/tmp/" + prefix + "/s" + server + "/br-dsn.mgmt";
    }

    /** Runs ovs-vsctl against server {@code server}'s database (bounded), returns its output. */
    public String vsctl(int server, String... args) throws Exception {
        List<String> c = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "--db=unix:/tmp/" + prefix + "/s" + server + "/db.sock"));
        c.addAll(List.of(args));
        return run(15, false, c);
    }

    /**
     * Loads a {@code dsp compile} program into server {@code server}'s bridge: its groups (its
     * {@code #group } comment lines) replace the bridge's, then its flows with ovs-ofctl
     * {@code flowsMode} ({@code add-flows}, {@code replace-flows}) in one bundle.
     */
    public void load(int server, String program, String flowsMode) throws Exception {
        String ns = prefix + "-s" + server;
        StringBuilder groups = new StringBuilder();
        program.lines().filter(l -> l.startsWith("#group ")).forEach(l -> groups.append(l.substring(7)).append('\n'));
        run(30, true, List.of("ip", "netns", "exec", ns, "ovs-ofctl", "-O", "OpenFlow13", "del-groups", bridge(server)));
        if (groups.length() > 0) {
            Path g = java.nio.file.Files.createTempFile("dsp-program", ".groups");
            java.nio.file.Files.writeString(g, groups);
            run(30, true, List.of("ip", "netns", "exec", ns, "ovs-ofctl", "-O", "OpenFlow13", "add-groups", bridge(server), g.toString()));
            java.nio.file.Files.delete(g);
        }
        Path flows = java.nio.file.Files.createTempFile("dsp-program", ".flows");
        java.nio.file.Files.writeString(flows, program);
        run(30, true, List.of("ip", "netns", "exec", ns, "ovs-ofctl", "-O", "OpenFlow13", flowsMode, "--bundle", bridge(server),
                flows.toString()));
        java.nio.file.Files.delete(flows);
    }

    /** Returns server {@code server}'s flows (ovs-ofctl dump-flows, optionally filtered, e.g. {@code table=35}). */
    public String dumpFlows(int server, String... filter) throws Exception {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", prefix + "-s" + server, "ovs-ofctl", "-O", "OpenFlow13",
                "dump-flows", bridge(server)));
        c.addAll(List.of(filter));
        return run(15, false, c);
    }

    /** Runs a command (bounded), returns its output; {@code mustSucceed}: a failure throws with the output. */
    public static String run(int seconds, boolean mustSucceed, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after " + seconds + " s: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (mustSucceed && p.exitValue() != 0) {
            throw new AssertionError(cmd + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (Process p : peers) {
            p.destroyForcibly();
        }
        run(60, true, List.of("bash", script.toString(), "down", prefix));
    }
}
