package org.dsp.node.openflow;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Open vSwitch command-line tools for the integration tests (shared through this module's test-jar). */
public final class Ovs {
    private Ovs() {
    }

    /** Runs a command (bounded: 60 s); returns its output, or fails the test with it. */
    public static String sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /**
     * Creates a userspace bridge for a test: OpenFlow 1.3, fail-mode secure, datapath id
     * {@code dpid} (16 hex digits), an internal port {@code name + "p" + n} at OpenFlow port n for
     * each of {@code ports}.
     */
    public static void bridge(String name, String dpid, int... ports) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("ovs-vsctl", "--timeout=10", "add-br", name,
                "--", "set", "bridge", name, "datapath_type=netdev", "fail-mode=secure", "protocols=OpenFlow13",
                "other-config:datapath-id=" + dpid));
        for (int p : ports) {
            cmd.addAll(java.util.List.of("--", "add-port", name, name + "p" + p, "--", "set", "interface", name + "p" + p,
                    "type=internal", "ofport_request=" + p));
        }
        sh(cmd.toArray(new String[0]));
    }

    /** Deletes a test bridge (nothing when it is gone). */
    public static void deleteBridge(String name) throws Exception {
        sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", name);
    }

    /** Waits up to {@code millis} for {@code check}, failing the test naming {@code what}. */
    public static void await(String what, long millis, java.util.concurrent.Callable<Boolean> check) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!check.call()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out (" + millis + " ms) waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The number of flows a bridge holds. */
    public static int flowCount(String bridge) throws Exception {
        String agg = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-aggregate", bridge);
        return Integer.parseInt(agg.replaceAll("(?s).*flow_count=(\\d+).*", "$1"));
    }
}
