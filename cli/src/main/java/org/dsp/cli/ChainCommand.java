package org.dsp.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dsp.chain.ChainExplain;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.ServicePaths;
import org.dsp.model.Attachment;
import org.dsp.model.TenantDocument;
import org.onosproject.net.DeviceId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsp chain}: service chains (docs/chaining.md). */
@Command(name = "chain", description = "Service chains (docs/chaining.md).", subcommands = {ChainCommand.Explain.class})
public final class ChainCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** {@code dsp chain explain}: the path a connection would take through a tenant's chains. */
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Print the path a connection from one endpoint to another would take: the chain that takes it, each step "
                    + "and where it runs, each service function's candidate instances (DSN, port, steering id), the request's and "
                    + "the reply's way across the DSNs.")
    public static final class Explain implements Callable<Integer> {
        @Option(names = {"-f", "--file"}, required = true, description = "The tenant document (JSON).")
        Path file;

        @Option(names = "--from", required = true, description = "The endpoint that opens the connection.")
        String from;

        @Option(names = "--to", required = true, description = "The endpoint it connects to.")
        String to;

        @Option(names = {"-s", "--service"}, description = "tcp/PORT, udp/PORT, tcp, udp or icmp (default: any IP).")
        String service;

        @Option(names = "--tunnel", description = "DSN=PORT@ADDRESS: a DSN with a tunnel endpoint; when any is given, an instance on a "
                + "DSN without one is not live. Repeatable.")
        List<String> tunnels = new ArrayList<>();

        @Option(names = "--json", description = "Print the explanation as JSON (what the node's REST answers).")
        boolean json;

        PrintStream out = System.out;
        PrintStream err = System.err;

        @Override
        public Integer call() throws Exception {
            OfflineCompile o = OfflineCompile.build(List.of(file), List.of(), List.of(), List.of(), null, true, "chain explain", err);
            if (o.exit != 0) {
                return o.exit;
            }
            TenantDocument doc = o.docs.get(0);
            ServicePaths sp = null;
            for (LogicalFlow f : o.logical.get(0).flows().values()) {
                ServicePaths found = ServicePaths.of(f);
                sp = found != null ? found : sp;
            }
            Map<String, Attachment> where = new LinkedHashMap<>();
            doc.endpoints().values().forEach(e -> where.put(e.name(), e.attachment()));
            Set<DeviceId> reachable = new java.util.HashSet<>();
            for (String t : tunnels) {
                int eq = t.lastIndexOf('=');
                if (eq < 0) {
                    err.println("dsp chain explain: --tunnel must be DSN=PORT@IPV4-ADDRESS, got '" + t + "'");
                    return 2;
                }
                reachable.add(DeviceId.deviceId(t.substring(0, eq)));
            }
            try {
                int[] svc = ChainExplain.parseService(service);
                Map<String, Object> e = ChainExplain.explain(sp, where, d -> tunnels.isEmpty() || reachable.contains(d),
                        org.dsp.ir.ServicePlacement.Distance.UNKNOWN, from, to, svc[0], svc[1]);
                out.print(json ? new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(e) + "\n"
                        : ChainExplain.render(e));
                return 0;
            } catch (IllegalArgumentException e) {
                err.println("dsp chain explain: " + e.getMessage());
                return 2;
            }
        }
    }
}
