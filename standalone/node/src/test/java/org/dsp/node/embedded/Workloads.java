package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.sh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Workloads for the real-traffic tests: one network namespace per workload, joined to a test
 * bridge by a veth pair (the outer end an OVS port at a chosen OpenFlow port number; TCP checksum
 * offload off inside, as the userspace datapath needs), with the document's MAC and address; and
 * the processes started in them (the scripts of testbed/lb). {@link #close()} kills every process and deletes every
 * namespace and port it made.
 */
final class Workloads implements AutoCloseable {
    private final String bridge;
    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<String> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    /** The workload scripts the testbed's load-balancer check uses too. */
    private final Path scripts = Path.of("../../testbed/lb").toAbsolutePath();

    Workloads(String bridge, String prefix) {
        this.bridge = bridge;
        this.prefix = prefix;
    }

    /** The namespace of a workload. */
    String ns(String name) {
        return prefix + "-" + name;
    }

    /** Creates workload {@code name} on OpenFlow port {@code port} with {@code mac} and {@code ip}/24. */
    void add(String name, int port, String mac, String ip) throws Exception {
        String ns = ns(name);
        String outer = prefix + "p" + port;
        sh("ip", "netns", "add", ns);
        namespaces.add(ns);
        sh("ip", "link", "add", outer, "type", "veth", "peer", "name", "eth0", "netns", ns);
        ports.add(outer);
        sh("ip", "link", "set", outer, "up");
        sh("ovs-vsctl", "--timeout=10", "add-port", bridge, outer, "--", "set", "interface", outer, "ofport_request=" + port);
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "address", mac);
        sh("ip", "netns", "exec", ns, "ip", "addr", "add", ip + "/24", "dev", "eth0");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "eth0", "up");
        sh("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        sh("ip", "netns", "exec", ns, "ethtool", "-K", "eth0", "tx", "off");
    }

    /** Gives workload {@code name} the IPv6 address {@code ip6}/64 (no duplicate address detection: usable at once). */
    void addV6(String name, String ip6) throws Exception {
        sh("ip", "netns", "exec", ns(name), "ip", "-6", "addr", "add", ip6 + "/64", "dev", "eth0", "nodad");
    }

    /** Runs {@code cmd} in workload {@code name}'s namespace, its output discarded; the process and its children are killed on close. */
    Process exec(String name, String... cmd) throws IOException {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns(name)));
        all.addAll(List.of(cmd));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        return p;
    }

    /** Runs a script of testbed/lb in workload {@code name}'s namespace; the process is killed on close. */
    Process start(String name, String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns(name), "/usr/bin/python3",
                scripts.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(p);
        return p;
    }

    /** Runs a script to its end (at most {@code seconds}) and returns its output lines. */
    List<String> run(String name, int seconds, String script, String... args) throws Exception {
        Process p = start(name, script, args);
        p.getOutputStream().close();
        if (!p.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " in " + name + " did not finish in " + seconds + " s");
        }
        return List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split("\n"));
    }

    @Override
    public void close() throws IOException {
        try {
            for (Process p : processes) {
                // a command's own children first (timeout's python: killing timeout alone left it running for good)
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            for (String port : ports) {
                new ProcessBuilder("ovs-vsctl", "--timeout=10", "--if-exists", "del-port", port).start().waitFor();
                new ProcessBuilder("ip", "link", "del", port).start().waitFor();
            }
            for (String ns : namespaces) {
                new ProcessBuilder("ip", "netns", "del", ns).start().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while tearing the workloads down", e);
        }
    }
}
