package org.dsp.testing;

import org.dsp.microseg.Microseg;
import org.dsp.firewall.Firewall;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dsp.model.Attachment;
import org.dsp.model.CidrBlock;
import org.dsp.firewall.model.ConnectionPolicy;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.EndpointKind;
import org.dsp.model.Group;
import org.dsp.model.LabelSelector;
import org.dsp.model.NamedPort;
import org.dsp.model.Namespace;
import org.dsp.firewall.model.Peer;
import org.dsp.firewall.model.PortSpec;
import org.dsp.microseg.model.Posture;
import org.dsp.model.Protocol;
import org.dsp.firewall.model.Rule;
import org.dsp.model.RuleAction;
import org.dsp.microseg.model.Segment;
import org.dsp.model.SelectorOperator;
import org.dsp.model.SelectorRequirement;
import org.dsp.firewall.model.Service;
import org.dsp.model.TenantDocument;
import org.dsp.firewall.model.Tier;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/** Random valid tenant documents over two DSNs, for property tests (seeded: a failure names its seed). */
public final class RandomDocs {
    /** The two DSNs documents place endpoints on. */
    public static final List<DeviceId> DSNS = List.of(DeviceId.deviceId("of:0000000000000001"),
            DeviceId.deviceId("of:0000000000000002"));
    /** Every DSN's uplink port. */
    public static final long UPLINK = 100;
    /** An external IPv4 address inside the documents' external CIDRs. */
    public static final IpAddress EXTERNAL4 = IpAddress.valueOf("192.0.2.7");
    /** An external IPv6 address. */
    public static final IpAddress EXTERNAL6 = IpAddress.valueOf("2001:db8::7");
    /** Ports connections are tried on. */
    public static final int[] PORTS = {80, 85, 53, 8080, 22, 91};

    private RandomDocs() {
    }

    /** Returns a random valid document. */
    public static TenantDocument generate(Random rnd) {
        TenantDocument.Builder b = TenantDocument.builder().tenantId("t1");
        Microseg.posture(b, rnd.nextInt(10) < 3 ? Posture.DEFAULT_DENY : Posture.DEFAULT_ALLOW);
        boolean v6 = rnd.nextBoolean();
        boolean namespaces = rnd.nextBoolean();
        if (namespaces) {
            b.namespace(Namespace.of("ns-front", Map.of("tier", "front", "env", "prod")));
            b.namespace(Namespace.of("ns-back", Map.of("tier", "back")));
        }
        int n = 2 + rnd.nextInt(5);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Endpoint.Builder e = Endpoint.builder().name("e" + i)
                    .kind(EndpointKind.values()[rnd.nextInt(3)])
                    .mac(MacAddress.valueOf(String.format("02:00:00:00:00:%02x", i + 1)))
                    .address(IpAddress.valueOf("10.0.0." + (i + 1)))
                    .label("app", new String[] {"a", "b", "c"}[rnd.nextInt(3)])
                    .attachment(Attachment.of(DSNS.get(rnd.nextInt(2)), PortNumber.portNumber(i + 1)));
            if (v6) {
                e.address(IpAddress.valueOf("fd00::" + Integer.toHexString(i + 1)));
            }
            if (rnd.nextInt(5) > 0) {
                e.label("env", rnd.nextBoolean() ? "prod" : "dev");
            }
            if (rnd.nextBoolean()) {
                e.namedPort(NamedPort.of("http", Protocol.TCP, rnd.nextBoolean() ? 80 : 8080));
            }
            if (namespaces && rnd.nextInt(4) > 0) {
                e.namespace(rnd.nextBoolean() ? "ns-front" : "ns-back");
            }
            b.endpoint(e.build());
            names.add("e" + i);
        }
        b.group(Group.builder().name("g-a").selector(LabelSelector.of(Map.of("app", "a"), List.of())).build());
        b.group(Group.builder().name("g-bc").selector(LabelSelector.of(Map.of(),
                List.of(SelectorRequirement.of("app", SelectorOperator.IN, List.of("b", "c"))))).build());
        b.group(Group.builder().name("g-prod").selector(LabelSelector.of(Map.of("env", "prod"), List.of())).build());
        b.group(Group.builder().name("g-noenv").selector(LabelSelector.of(Map.of(),
                List.of(SelectorRequirement.of("env", SelectorOperator.DOES_NOT_EXIST, List.of())))).build());
        Group.Builder explicit = Group.builder().name("g-explicit").endpoint(names.get(rnd.nextInt(n)));
        if (rnd.nextBoolean()) {
            explicit.endpoint(names.get(rnd.nextInt(n)));
        }
        b.group(explicit.build());
        b.group(Group.builder().name("g-cidr").cidr(CidrBlock.of(IpPrefix.valueOf("10.0.0.0/29"),
                List.of(IpPrefix.valueOf("10.0.0.2/31")))).cidr(CidrBlock.of(IpPrefix.valueOf("fd00::/125"),
                List.of(IpPrefix.valueOf("fd00::2/127")))).build());
        b.group(Group.builder().name("g-ext").cidr(CidrBlock.of(IpPrefix.valueOf("192.0.2.0/24"), List.of()))
                .cidr(CidrBlock.of(IpPrefix.valueOf("2001:db8::/64"), List.of())).build());
        b.group(Group.builder().name("g-nested").group("g-a").group("g-cidr").build());
        b.group(Group.builder().name("g-all").selector(LabelSelector.of(Map.of(), List.of())).build());
        List<String> groups = new ArrayList<>(List.of("g-a", "g-bc", "g-prod", "g-noenv", "g-explicit", "g-cidr", "g-ext",
                "g-nested", "g-all"));
        if (namespaces) {
            // Kubernetes peers: {namespaceSelector} and {namespaceSelector, podSelector}
            b.group(Group.builder().name("g-ns-front").namespaceSelector(LabelSelector.of(Map.of("tier", "front"), List.of()))
                    .build());
            b.group(Group.builder().name("g-ns-prod-a").selector(LabelSelector.of(Map.of("app", "a"), List.of()))
                    .namespaceSelector(LabelSelector.of(Map.of("env", "prod"), List.of())).build());
            groups.add("g-ns-front");
            groups.add("g-ns-prod-a");
        }
        if (rnd.nextInt(5) == 0) {
            Set<Direction> dirs = rnd.nextBoolean() ? EnumSet.allOf(Direction.class)
                    : EnumSet.of(Direction.values()[rnd.nextInt(2)]);
            Microseg.segment(b, Segment.of("seg", groups.get(rnd.nextInt(groups.size())), Posture.DEFAULT_DENY, dirs));
        }
        int rules = rnd.nextInt(9);
        for (int k = 0; k < rules; k++) {
            Firewall.rule(b, Tier.values()[rnd.nextInt(3)], rule(rnd, "r" + k, groups, names));
        }
        return b.build();
    }

    /** Returns a random rule. */
    public static Rule rule(Random rnd, String name, List<String> groups, List<String> endpoints) {
        Rule.Builder r = Rule.builder().name(name).direction(Direction.values()[rnd.nextInt(2)])
                .appliedTo(groups.get(rnd.nextInt(groups.size())));
        if (rnd.nextInt(10) >= 4) {
            int peers = 1 + rnd.nextInt(2);
            for (int i = 0; i < peers; i++) {
                switch (rnd.nextInt(3)) {
                    case 0:
                        r.peer(Peer.group(groups.get(rnd.nextInt(groups.size()))));
                        break;
                    case 1:
                        r.peer(Peer.endpoint(endpoints.get(rnd.nextInt(endpoints.size()))));
                        break;
                    default:
                        String[][] blocks = {{"10.0.0.0/30"}, {"192.0.2.0/25"}, {"10.0.0.0/24", "10.0.0.4/30"},
                            {"fd00::/120"}, {"fd00::/124", "fd00::4/126"}};
                        String[] blk = blocks[rnd.nextInt(blocks.length)];
                        List<IpPrefix> except = new ArrayList<>();
                        for (int x = 1; x < blk.length; x++) {
                            except.add(IpPrefix.valueOf(blk[x]));
                        }
                        r.peer(Peer.cidr(CidrBlock.of(IpPrefix.valueOf(blk[0]), except)));
                }
            }
        }
        if (rnd.nextInt(10) >= 3) {
            switch (rnd.nextInt(8)) {
                case 0:
                    r.service(Service.of(Protocol.TCP, List.of(PortSpec.port(80))));
                    break;
                case 1:
                    r.service(Service.of(Protocol.TCP, List.of(PortSpec.range(80, 90))));
                    break;
                case 2:
                    r.service(Service.of(Protocol.UDP, List.of(PortSpec.port(53))));
                    break;
                case 3:
                    r.service(Service.of(Protocol.ICMP, List.of()));
                    break;
                case 4:
                    r.service(Service.of(Protocol.TCP, List.of(PortSpec.named("http"))));
                    break;
                case 5:
                    r.service(Service.of(Protocol.TCP, List.of(PortSpec.named("http"), PortSpec.port(22))));
                    r.service(Service.of(Protocol.UDP, List.of(PortSpec.range(50, 60))));
                    break;
                case 6:
                    r.service(Service.of(Protocol.SCTP, List.of(PortSpec.range(80, 85))));
                    break;
                default:
                    r.service(Service.of(Protocol.TCP, List.of()));
            }
        }
        int a = rnd.nextInt(10);
        r.action(a < 5 ? RuleAction.ALLOW : a < 7 ? RuleAction.DENY : a < 8 ? RuleAction.REJECT : RuleAction.PASS);
        r.stateful(rnd.nextInt(7) > 0);
        r.onChange(rnd.nextBoolean() ? ConnectionPolicy.PERSIST : ConnectionPolicy.RE_EVALUATE);
        r.log(rnd.nextInt(6) == 0);
        return r.build();
    }

    /** Returns a random small change of {@code d}: a rule removed, added, replaced, or the posture flipped. */
    public static TenantDocument mutate(TenantDocument d, Random rnd) {
        TenantDocument.Builder b = d.toBuilder();
        List<Rule> all = Firewall.allRules(d);
        List<String> groups = new ArrayList<>(d.groups().keySet());
        List<String> eps = new ArrayList<>(d.endpoints().keySet());
        switch (rnd.nextInt(5)) {
            case 0:
                if (!all.isEmpty()) {
                    Firewall.removeRule(b, all.get(rnd.nextInt(all.size())).name());
                    break;
                }
                // fall through: nothing to remove, add instead
            case 1:
                java.util.Set<String> taken = new java.util.HashSet<>();
                all.forEach(x -> taken.add(x.name()));
                String fresh = "n" + rnd.nextInt(1000);
                while (taken.contains(fresh)) {
                    fresh = fresh + "x"; // rule names are unique in a valid document
                }
                Firewall.rule(b, Tier.values()[rnd.nextInt(3)], rule(rnd, fresh, groups, eps));
                break;
            case 2:
                if (!all.isEmpty()) {
                    String name = all.get(rnd.nextInt(all.size())).name();
                    Firewall.replaceRule(b, rule(rnd, name, groups, eps));
                }
                break;
            case 3:
                if (d.namespaces().containsKey("ns-back")) {
                    // relabel a namespace: one change moves its workloads in or out of namespace-selected groups
                    Map<String, String> labels = new java.util.HashMap<>(d.namespaces().get("ns-back").labels());
                    if (labels.remove("env") == null) {
                        labels.put("env", "prod");
                    }
                    labels.put("tier", rnd.nextBoolean() ? "back" : "front");
                    b.namespace(Namespace.of("ns-back", labels));
                    break;
                }
                // fall through: no namespace to relabel
            default:
                Microseg.posture(b, Microseg.posture(d) == Posture.DEFAULT_DENY ? Posture.DEFAULT_ALLOW : Posture.DEFAULT_DENY);
        }
        return b.build();
    }
}
