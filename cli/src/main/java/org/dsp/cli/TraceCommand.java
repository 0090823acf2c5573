package org.dsp.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsp.driver.ovs.PacketTrace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsp trace}: walks one packet through the compiled programs of the documents' DSNs
 * (offline, the same compilers and the flow simulator): at each DSN every flow it hits, named by
 * the rule or object that owns it, and where it goes next - until it is delivered, dropped or
 * rejected. {@code --state established} traces a second packet of the connection, {@code reply}
 * the answer to its first packet.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Walk a packet through the compiled DSN programs (offline): every flow it hits on every DSN,",
            "named by the rule or object that owns it, and where it ends."})
public final class TraceCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, description = "Tenant document (JSON); repeat for several tenants.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--uplink", description = "DSN=PORT: a DSN's uplink port (where other DSNs are reached); repeatable.")
    List<String> uplinks = new ArrayList<>();

    @Option(names = "--tunnel", description = "DSN=PORT@ADDRESS: a DSN's overlay tunnel port and underlay address; repeatable.")
    List<String> tunnels = new ArrayList<>();

    @Option(names = "--from", required = true, description = "The sending endpoint (its name).")
    String from;

    @Option(names = "--to", required = true, description = "The destination: an endpoint's name, or an IP address.")
    String to;

    @Option(names = {"-s", "--service"}, required = true, description = "tcp/PORT, udp/PORT, sctp/PORT or icmp.")
    String service;

    @Option(names = "--src-port", description = "The source port (default ${DEFAULT-VALUE}).")
    int srcPort = 40000;

    @Option(names = "--state", description = "new (the connection's first packet), established (a later one), "
            + "reply (the answer to the first). Default ${DEFAULT-VALUE}.")
    String state = "new";

    PrintStream out = System.out;
    PrintStream err = System.err;

    @Option(names = "--tenant", description = "Trace on a running node (or ONOS) instead: the tenant there (with --node, "
            + "--token ...; -f, --uplink and --tunnel are then not used).")
    String tenant;

    @picocli.CommandLine.Mixin
    NodeCommands.Common common = new NodeCommands.Common();

    @Override
    public Integer call() throws Exception {
        if (tenant != null) {
            return remote();
        }
        if (files.isEmpty()) {
            err.println("dsp trace: give -f DOC (offline) or --tenant ID (a running node)");
            return 2;
        }
        OfflineCompile o = OfflineCompile.build(files, uplinks, tunnels, List.of(), org.dsp.driver.ovs.DsnTarget.OVS_NICIRA, false,
                "trace", err);
        if (o.exit != 0) {
            return o.exit;
        }
        String owner = null;
        for (org.dsp.model.TenantDocument d : o.docs) {
            if (d.endpoints().containsKey(from)) {
                owner = d.tenantId();
            }
        }
        try {
            out.print(PacketTrace.trace(o.docs, owner == null ? o.docs.get(0).tenantId() : owner, o.programs, o.inventory, from, to,
                    service, srcPort, state).get("text"));
        } catch (IllegalArgumentException e) {
            err.println("dsp trace: " + e.getMessage());
            return 2;
        }
        return 0;
    }

    /** The trace the node computes from the programs it realized. */
    private Integer remote() throws Exception {
        common.out = out;
        common.err = err;
        StringBuilder q = new StringBuilder("tenants/" + tenant + "/trace?from=" + enc(from) + "&to=" + enc(to) + "&service="
                + enc(service) + "&state=" + enc(state) + "&srcPort=" + srcPort);
        NodeCommands.Base call = new NodeCommands.Base() {
            @Override
            Integer run(RestClient c) throws Exception {
                return print(c.send("GET", q.toString(), null), j -> common.out.print(j.path("text").asText()));
            }
        };
        call.common = common;
        return call.call();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
