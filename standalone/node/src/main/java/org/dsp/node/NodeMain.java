package org.dsp.node;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dsp node}: runs a standalone node in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "dsp node", mixinStandardHelpOptions = true,
        description = "Run the standalone DSP node: OpenFlow 1.3 for the DSNs, REST API, durable store.")
public final class NodeMain implements Callable<Integer> {
    @Option(names = "--openflow", description = "OpenFlow listen address (default ${DEFAULT-VALUE}).")
    String openflow = "0.0.0.0:6653";

    @Option(names = "--rest", description = "REST listen address (default ${DEFAULT-VALUE}).")
    String rest = "127.0.0.1:8181";

    @Option(names = "--data-dir", description = "Directory of the durable store (default ${DEFAULT-VALUE}).")
    File dataDir = new File(".dsp/node");

    @Option(names = "--uplink", description = "DSN=PORT: a DSN's uplink port; repeatable.")
    List<String> uplinks = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Map<DeviceId, PortNumber> up = new LinkedHashMap<>();
        for (String u : uplinks) {
            int eq = u.lastIndexOf('=');
            up.put(DeviceId.deviceId(u.substring(0, eq)), PortNumber.portNumber(Long.parseLong(u.substring(eq + 1))));
        }
        String[] of = openflow.split(":");
        String[] r = rest.split(":");
        long t0 = System.nanoTime();
        DspNode node = DspNode.start(dataDir, new InetSocketAddress(of[0], Integer.parseInt(of[1])), r[0],
                Integer.parseInt(r[1]), up);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("dsp-node stopping (flows stay on the switches)");
            node.close();
            stopped.countDown();
        }, "dsp-node-shutdown"));
        System.out.printf("dsp-node ready in %d ms: openflow %s, rest %s, data %s%n", (System.nanoTime() - t0) / 1_000_000,
                openflow, node.restUri(), dataDir.getAbsolutePath());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Runs the node. */
    public static void main(String[] args) {
        int code = new CommandLine(new NodeMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
