package org.dsp.testing;

import org.dsp.microseg.Microseg;
import org.dsp.firewall.Firewall;
import java.util.List;
import java.util.Map;
import org.dsp.model.Attachment;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.EndpointKind;
import org.dsp.model.Group;
import org.dsp.model.LabelSelector;
import org.dsp.firewall.model.Peer;
import org.dsp.firewall.model.PortSpec;
import org.dsp.microseg.model.Posture;
import org.dsp.model.Protocol;
import org.dsp.firewall.model.Rule;
import org.dsp.model.RuleAction;
import org.dsp.firewall.model.Service;
import org.dsp.model.TenantDocument;
import org.dsp.firewall.model.Tier;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Large, regular tenants for benchmarks and scale tests: a microsegmented tenant whose endpoints
 * belong to applications (one label-selected group per application) and whose allow rules each
 * admit one application from another on one port, spread over many DSNs.
 */
public final class ScaleDocs {
    private ScaleDocs() {
    }

    /** Returns the DSN id number {@code i}. */
    public static DeviceId dsn(int i) {
        return DeviceId.deviceId(String.format("of:%016x", i + 1));
    }

    /**
     * Builds a tenant.
     *
     * @param endpoints number of endpoints
     * @param rules number of ingress allow rules
     * @param apps number of applications (groups); endpoints are spread round-robin over them
     * @param dsns number of DSNs; endpoints are spread round-robin over them
     */
    public static TenantDocument tenant(int endpoints, int rules, int apps, int dsns) {
        TenantDocument.Builder b = Microseg.posture(TenantDocument.builder().tenantId("scale"), Posture.DEFAULT_DENY);
        for (int i = 0; i < endpoints; i++) {
            int d = i % dsns;
            b.endpoint(Endpoint.builder().name("ep" + i).kind(EndpointKind.CONTAINER)
                    .mac(MacAddress.valueOf(0x020000000000L + i + 1))
                    .address(IpAddress.valueOf(0x0a000000 + i + 1))
                    .label("app", "app" + (i % apps))
                    .attachment(Attachment.of(dsn(d), PortNumber.portNumber(i / dsns + 1)))
                    .build());
        }
        for (int a = 0; a < apps; a++) {
            b.group(Group.builder().name("app" + a).selector(LabelSelector.of(Map.of("app", "app" + a), List.of())).build());
        }
        for (int r = 0; r < rules; r++) {
            Firewall.rule(b, Tier.TENANT, rule(r, apps, 1000 + (r % 1000)));
        }
        return b.build();
    }

    /** Rule {@code r} of the pattern: app (r mod apps) admits app ((7r + 3) mod apps) on tcp {@code port}. */
    public static Rule rule(int r, int apps, int port) {
        return Rule.builder().name("r" + r).direction(Direction.INGRESS).appliedTo("app" + (r % apps))
                .peer(Peer.group("app" + ((7 * r + 3) % apps)))
                .service(Service.of(Protocol.TCP, List.of(PortSpec.port(port)))).action(RuleAction.ALLOW).build();
    }

    /**
     * One DSN, the flow-economy shape: {@code rules} rules, each applied to the same {@code dst}
     * local workloads and admitting the same {@code src} remote workloads on its own port.
     */
    public static TenantDocument economy(int rules, int src, int dst) {
        TenantDocument.Builder b = Microseg.posture(TenantDocument.builder().tenantId("econ"), Posture.DEFAULT_DENY);
        for (int i = 0; i < dst; i++) {
            b.endpoint(Endpoint.builder().name("d" + i).kind(EndpointKind.VM).mac(MacAddress.valueOf(0x020000000000L + i + 1))
                    .address(IpAddress.valueOf(0x0a000000 + i + 1)).label("role", "dst")
                    .attachment(Attachment.of(dsn(0), PortNumber.portNumber(i + 1))).build());
        }
        for (int i = 0; i < src; i++) {
            b.endpoint(Endpoint.builder().name("s" + i).kind(EndpointKind.VM).mac(MacAddress.valueOf(0x020000100000L + i + 1))
                    .address(IpAddress.valueOf(0x0a100000 + i + 1)).label("role", "src")
                    .attachment(Attachment.of(dsn(1), PortNumber.portNumber(i + 1))).build());
        }
        b.group(Group.builder().name("dst").selector(LabelSelector.of(Map.of("role", "dst"), List.of())).build());
        b.group(Group.builder().name("src").selector(LabelSelector.of(Map.of("role", "src"), List.of())).build());
        for (int r = 0; r < rules; r++) {
            Firewall.rule(b, Tier.TENANT, Rule.builder().name("r" + r).direction(Direction.INGRESS).appliedTo("dst")
                    .peer(Peer.group("src")).service(Service.of(Protocol.TCP, List.of(PortSpec.port(1000 + r))))
                    .action(RuleAction.ALLOW).build());
        }
        return b.build();
    }

    /**
     * The workload of the DSP-vs-OVN harness (../shared/bench-ovn, gen-doc.py): 4 endpoints on
     * {@code dsn} ports 1-4 (client 10.0.0.10, web1 .11, web2 .12, db1 .13; MACs 02:00:00:00:00:10-13),
     * group {@code tgt} = {web1, web2, db1} by label, 10 groups {@code as_s} of {@code perSet} /32
     * CIDRs 10.(100+s/250).(s%250).(x+1), and {@code rules} stateful ingress allows: rule i admits
     * group as_(i%10) to tgt on tcp/1000+i. Default deny.
     */
    public static TenantDocument ovnBench(int rules, int perSet, DeviceId dsn) {
        TenantDocument.Builder b = Microseg.posture(TenantDocument.builder().tenantId("perf"), Posture.DEFAULT_DENY);
        String[] names = {"client", "web1", "web2", "db1"};
        for (int k = 0; k < names.length; k++) {
            b.endpoint(Endpoint.builder().name(names[k]).kind(EndpointKind.CONTAINER).mac(MacAddress.valueOf(0x020000000010L + k))
                    .address(IpAddress.valueOf(String.format("10.0.0.%d", 10 + k))).label("role", k == 0 ? "client" : "tgt")
                    .attachment(Attachment.of(dsn, PortNumber.portNumber(k + 1))).build());
        }
        b.group(Group.builder().name("tgt").selector(LabelSelector.of(Map.of("role", "tgt"), List.of())).build());
        for (int s = 0; s < 10; s++) {
            Group.Builder g = Group.builder().name("as_" + s);
            for (int x = 0; x < perSet; x++) {
                g.cidr(org.dsp.model.CidrBlock.of(org.onlab.packet.IpPrefix.valueOf(String.format("10.%d.%d.%d/32",
                        100 + s / 250, s % 250, x % 250 + 1 + x / 250)), List.of()));
            }
            b.group(g.build());
        }
        for (int i = 0; i < rules; i++) {
            Firewall.rule(b, Tier.TENANT, Rule.builder().name("r" + i).direction(Direction.INGRESS).appliedTo("tgt")
                    .peer(Peer.group("as_" + (i % 10))).service(Service.of(Protocol.TCP, List.of(PortSpec.port(1000 + i))))
                    .action(RuleAction.ALLOW).build());
        }
        return b.build();
    }

    /**
     * examples/chain.json's red ({@code red}, changed in place and returned) with {@code web} more web
     * and {@code db} more db workloads alternating over its DSN 1 and 2 - its inspect-db chain's class
     * at (web + 2) x (db + 1) combinations (docs/chaining.md, "Flows"; ChainScaleTest, ChainCompileBenchmark).
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode largeChainClass(com.fasterxml.jackson.databind.node.ObjectNode red,
                                                                                  int web, int db) {
        com.fasterxml.jackson.databind.node.ArrayNode eps = (com.fasterxml.jackson.databind.node.ArrayNode) red.get("endpoints");
        for (String tier : List.of("web", "db")) {
            int n = tier.equals("web") ? web : db;
            int net = tier.equals("web") ? 1 : 2;
            for (int i = 0; i < n; i++) {
                com.fasterxml.jackson.databind.node.ObjectNode e = eps.addObject().put("name", tier + "-x" + i).put("kind", "container")
                        .put("mac", String.format("02:00:00:%02x:%02x:%02x", 0x10 + net, i >> 8, i & 0xff));
                e.putArray("addresses").add("10.10." + net + "." + (50 + i));
                e.putObject("labels").put("tier", tier);
                e.putObject("attachment").put("dsn", "of:000000000000000" + (1 + i % 2)).put("port", (net == 1 ? 100 : 300) + i);
            }
        }
        return red;
    }
}
