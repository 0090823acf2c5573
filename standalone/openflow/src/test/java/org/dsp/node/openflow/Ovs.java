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

    /** The number of flows a bridge holds. */
    public static int flowCount(String bridge) throws Exception {
        String agg = sh("ovs-ofctl", "-O", "OpenFlow13", "dump-aggregate", bridge);
        return Integer.parseInt(agg.replaceAll("(?s).*flow_count=(\\d+).*", "$1"));
    }
}
