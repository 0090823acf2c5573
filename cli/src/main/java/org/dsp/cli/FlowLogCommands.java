package org.dsp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsp flowlogs} and {@code dsp offenders}: a tenant's flow logs and offending-actor report on a node. */
final class FlowLogCommands {
    private FlowLogCommands() {
    }

    /** The connections a tenant's logged rules decided, most recently seen first. */
    @Command(name = "flowlogs", mixinStandardHelpOptions = true,
            description = "Show a tenant's flow logs: the connections its rules marked 'log' decided, most recently seen first "
                    + "(docs/observability.md).")
    static final class FlowLogs extends NodeCommands.Base {
        @Parameters(index = "0", description = "Tenant id.")
        String tenant;

        @Option(names = "--rule", description = "Only this rule.")
        String rule;

        @Option(names = "--verdict", description = "Only allow, deny, reject or pass.")
        String verdict;

        @Option(names = "--src", description = "Only from this address.")
        String src;

        @Option(names = "--dst", description = "Only to this address.")
        String dst;

        @Option(names = "--port", description = "Only with this port at either end.")
        Integer port;

        @Option(names = "--protocol", description = "Only tcp, udp, icmp or this protocol number.")
        String protocol;

        @Option(names = "--dsn", description = "Only sampled on this DSN.")
        String dsn;

        @Option(names = "--since", description = "Only seen in the last SECONDS.")
        Long since;

        @Option(names = "--limit", description = "At most this many (default ${DEFAULT-VALUE}, at most 10000).")
        int limit = 100;

        @Override
        Integer run(RestClient c) throws Exception {
            StringBuilder q = new StringBuilder("tenants/" + tenant + "/flowlogs");
            NodeCommands.query(q, "rule", rule);
            NodeCommands.query(q, "verdict", verdict);
            NodeCommands.query(q, "src", src);
            NodeCommands.query(q, "dst", dst);
            NodeCommands.query(q, "port", port);
            NodeCommands.query(q, "protocol", protocol);
            NodeCommands.query(q, "dsn", dsn);
            NodeCommands.query(q, "since", since);
            NodeCommands.query(q, "limit", limit);
            return print(c.send("GET", q.toString(), null), j -> {
                common.out.printf("%-24s %-20s %-7s %-7s %-5s %-22s %-22s %7s %9s %7s %9s %s%n", "last seen", "dsn", "verdict", "dir",
                        "proto", "source", "destination", "packets", "bytes", "replies", "rbytes", "rule");
                for (JsonNode r : j.path("records")) {
                    common.out.printf("%-24s %-20s %-7s %-7s %-5s %-22s %-22s %7d %9d %7d %9d %s%s%n",
                            Instant.ofEpochMilli(r.path("end").asLong()),
                            r.path("dsn").asText(), r.path("verdict").asText(), r.path("direction").asText(), r.path("protocol").asText(),
                            r.path("src").asText() + ":" + r.path("srcPort").asInt(), r.path("dst").asText() + ":" + r.path("dstPort").asInt(),
                            r.path("packets").asLong(), r.path("bytes").asLong(), r.path("replyPackets").asLong(),
                            r.path("replyBytes").asLong(), r.path("rule").asText(),
                            r.path("closed").asBoolean() ? " (closed)" : "");
                }
                if (j.has("held")) { // platform admins and auditors
                    common.out.printf("%d shown; the node holds %d records of all tenants (at most %d, each kept %d s after last "
                            + "seen; %d dropped to stay within the bound)%n", j.path("records").size(), j.path("held").asLong(),
                            j.path("capacity").asLong(), j.path("retentionSeconds").asLong(), j.path("dropped").asLong());
                } else {
                    common.out.printf("%d shown (records are kept %d s after last seen)%n", j.path("records").size(),
                            j.path("retentionSeconds").asLong());
                }
            });
        }
    }

    /** The offending-actor report: top denied sources and destinations, port scans, connection-rate spikes. */
    @Command(name = "offenders", mixinStandardHelpOptions = true,
            description = "Show a tenant's offending actors over a window: top denied sources and destinations, port scans, "
                    + "new-connection rate spikes, from its flow logs (docs/observability.md).")
    static final class Offenders extends NodeCommands.Base {
        @Parameters(index = "0", description = "Tenant id.")
        String tenant;

        @Option(names = "--window", description = "Seconds back from now (default ${DEFAULT-VALUE}).")
        long window = 300;

        @Option(names = "--scan-targets", description = "Distinct denied destination address and port pairs that make a "
                + "source a port scanner (default ${DEFAULT-VALUE}).")
        int scanTargets = 10;

        @Option(names = "--top", description = "How many sources and destinations to list (default ${DEFAULT-VALUE}).")
        int top = 10;

        @Override
        Integer run(RestClient c) throws Exception {
            StringBuilder q = new StringBuilder("tenants/" + tenant + "/offenders");
            NodeCommands.query(q, "window", window);
            NodeCommands.query(q, "scanTargets", scanTargets);
            NodeCommands.query(q, "top", top);
            return print(c.send("GET", q.toString(), null), j -> {
                common.out.printf("tenant %s, last %d s: %d denied connections%n", tenant, j.path("windowSeconds").asLong(),
                        j.path("deniedConnections").asLong());
                common.out.println("top denied sources:");
                for (JsonNode s : j.path("topDeniedSources")) {
                    common.out.printf("  %-16s %5d denied connections %7d packets to %d destinations, %d ports%n", s.path("source").asText(),
                            s.path("deniedConnections").asLong(), s.path("packets").asLong(), s.path("destinations").asInt(),
                            s.path("ports").asInt());
                }
                common.out.println("top denied destinations:");
                for (JsonNode s : j.path("topDeniedDestinations")) {
                    common.out.printf("  %-16s %5d denied connections %7d packets from %d sources, %d ports%n",
                            s.path("destination").asText(), s.path("deniedConnections").asLong(), s.path("packets").asLong(),
                            s.path("sources").asInt(), s.path("ports").asInt());
                }
                common.out.println("port scans (at least " + scanTargets + " denied destination ports/peers):");
                for (JsonNode s : j.path("portScans")) {
                    common.out.printf("  %-16s %d denied targets: %d peers, %d ports (e.g. %s)%n", s.path("source").asText(),
                            s.path("deniedTargets").asInt(), s.path("peers").asInt(), s.path("ports").asInt(), s.path("samplePorts"));
                }
                JsonNode rate = j.path("connectionRate");
                common.out.printf("new connections per %d s: median %d, spike at %d or more%n", rate.path("bucketSeconds").asInt(),
                        rate.path("medianPerBucket").asLong(), rate.path("spikeThreshold").asLong());
                for (JsonNode s : rate.path("spikes")) {
                    common.out.printf("  spike at %s: %d new connections, top sources %s%n", Instant.ofEpochMilli(s.path("start").asLong()),
                            s.path("connections").asLong(), s.path("topSources"));
                }
            });
        }
    }
}
