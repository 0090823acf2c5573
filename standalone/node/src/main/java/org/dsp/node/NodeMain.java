package org.dsp.node;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    @Option(names = "--uplink", description = "DSN=PORT: configure a DSN's uplink port, e.g. of:0000000000000001=10 "
            + "(for networks without LLDP discovery); repeatable.")
    List<String> uplinks = new ArrayList<>();

    @Option(names = "--fabric", split = ",", description = "DPID[,DPID...]: fabric switches (leaves, spines): they get "
            + "L2 switching (NORMAL) plus discovery; every other switch is a DSN. Repeatable.")
    List<String> fabric = new ArrayList<>();

    @Option(names = "--probe-ms", description = "LLDP probe period in ms (default ${DEFAULT-VALUE}); links unseen for "
            + "3 periods + 1 s are removed.")
    long probeMillis = 3000;

    @Option(names = "--keep-foreign", description = "Leave flows whose cookie is not DSP's on the switches when "
            + "reconciling (default: the node owns every flow of a switch that connects to it).")
    boolean keepForeign;

    @Spec
    CommandSpec spec;

    /** Parses --uplink values; an error names the value and says what is expected. */
    static Map<DeviceId, PortNumber> parseUplinks(List<String> values) {
        Map<DeviceId, PortNumber> up = new LinkedHashMap<>();
        for (String u : values) {
            int eq = u.lastIndexOf('=');
            String dsn = eq < 0 ? "" : u.substring(0, eq);
            if (!dsn.matches("of:[0-9a-fA-F]{16}")) {
                throw new IllegalArgumentException("--uplink " + u + ": expected DSN=PORT with DSN of:<16 hex digits>, "
                        + "e.g. of:0000000000000001=10");
            }
            long port;
            try {
                port = Long.parseLong(u.substring(eq + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 0xffffff00L) {
                throw new IllegalArgumentException("--uplink " + u + ": PORT must be an OpenFlow port number 1..4294967040");
            }
            if (up.put(DeviceId.deviceId(dsn.toLowerCase()), PortNumber.portNumber(port)) != null) {
                throw new IllegalArgumentException("--uplink " + u + ": " + dsn + " already has an uplink");
            }
        }
        return up;
    }

    /** Parses --fabric values (of:<16 hex digits>); an error names the value. */
    static Set<DeviceId> parseFabric(List<String> values) {
        Set<DeviceId> out = new LinkedHashSet<>();
        for (String v : values) {
            if (!v.matches("of:[0-9a-fA-F]{16}")) {
                throw new IllegalArgumentException("--fabric " + v + ": expected a device id of:<16 hex digits>, "
                        + "e.g. of:0000000000000b00");
            }
            out.add(DeviceId.deviceId(v.toLowerCase()));
        }
        return out;
    }

    /** Parses a HOST:PORT option value; an error names the option. */
    static InetSocketAddress parseAddress(String option, String value) {
        int colon = value.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " " + value + ": expected HOST:PORT with PORT 0..65535, e.g. 127.0.0.1:8181");
        }
        return InetSocketAddress.createUnresolved(value.substring(0, colon), port);
    }

    @Override
    public Integer call() throws Exception {
        Map<DeviceId, PortNumber> up;
        Set<DeviceId> fab;
        InetSocketAddress of;
        InetSocketAddress r;
        try {
            if (probeMillis < 100) {
                throw new IllegalArgumentException("--probe-ms " + probeMillis + ": must be at least 100");
            }
            up = parseUplinks(uplinks);
            fab = parseFabric(fabric);
            of = parseAddress("--openflow", openflow);
            r = parseAddress("--rest", rest);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        long t0 = System.nanoTime();
        DspNode node = DspNode.start(NodeOptions.builder().dataDir(dataDir)
                .openflow(new InetSocketAddress(of.getHostString(), of.getPort())).rest(r.getHostString(), r.getPort())
                .uplinks(up).keepForeign(keepForeign).fabric(fab).probeMillis(probeMillis).build());
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
