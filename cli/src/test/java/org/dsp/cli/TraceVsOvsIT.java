package org.dsp.cli;

import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.FlowSimulator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.OfctlWriter;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.dsp.testing.RandomDocs;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The tracer's simulator against Open vSwitch itself: random documents are compiled and loaded
 * into a real bridge for DSN 1; for random packets from its workloads (TCP and UDP, to the other
 * workloads, on the documents' ports), {@code ovs-appctl ofproto/trace} (a new connection:
 * {@code --ct-next trk,new}) and the simulator must agree on the verdict: the same output ports,
 * or both rejecting to the controller, or both dropping.
 */
class TraceVsOvsIT {
    static final String BR = "dsptv" + (ProcessHandle.current().pid() % 100000);
    static final DeviceId D1 = RandomDocs.DSNS.get(0);
    static final Pattern OUTPUT = Pattern.compile("(?m)^\\s+output:(\\d+)\\s*$");

    @Test
    void theSimulatorAgreesWithOfprotoTraceOnRandomDocumentsAndPackets() throws Exception {
        int compared = 0;
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> verdicts = new java.util.TreeMap<>();
        for (int seed = 1; seed <= 8; seed++) {
            Random rnd = new Random(seed);
            TenantDocument doc = RandomDocs.generate(rnd);
            Map<DeviceId, PortNumber> up = Map.of(RandomDocs.DSNS.get(0), PortNumber.portNumber(RandomDocs.UPLINK),
                    RandomDocs.DSNS.get(1), PortNumber.portNumber(RandomDocs.UPLINK));
            Map<DeviceId, DsnProgram> programs = DsnCompiler.compile(CompileCommand.logical(List.of(doc)), Inventory.of(up),
                    DsnTarget.OVS_NICIRA);
            DsnProgram program = programs.get(D1);
            List<Endpoint> local = new ArrayList<>();
            List<Endpoint> all = new ArrayList<>();
            Set<Long> ports = new TreeSet<>(List.of(RandomDocs.UPLINK));
            for (Endpoint e : doc.endpoints().values()) {
                if (v4(e) != null) {
                    all.add(e);
                    if (e.attachment().dsn().equals(D1)) {
                        local.add(e);
                    }
                }
                if (e.attachment().dsn().equals(D1)) {
                    ports.add(e.attachment().port().toLong());
                }
            }
            if (local.isEmpty() || program == null) {
                continue;
            }
            bridge(ports);
            try {
                Path f = Files.createTempFile("dsp-trace", ".flows");
                Files.writeString(f, OfctlWriter.write(program));
                sh("ovs-ofctl", "-O", "OpenFlow13", "add-flows", "--bundle", BR, f.toString());
                Files.delete(f);
                for (int i = 0; i < 25; i++) {
                    Endpoint src = local.get(rnd.nextInt(local.size()));
                    Endpoint dst = all.get(rnd.nextInt(all.size()));
                    if (dst == src) {
                        continue;
                    }
                    boolean tcp = rnd.nextBoolean();
                    int dport = RandomDocs.PORTS[rnd.nextInt(RandomDocs.PORTS.length)];
                    int sport = 30000 + rnd.nextInt(20000);
                    String[] v = compare(program, src, dst.mac(), v4(dst), tcp, sport, dport, "");
                    String simVerdict = v[0];
                    String ovsVerdict = v[1];
                    verdicts.merge(simVerdict.replaceAll("\\d", "N"), 1, Integer::sum);
                    compared++;
                    if (!simVerdict.equals(ovsVerdict)) {
                        mismatches.add("seed " + seed + " " + v[2]);
                    }
                }
            } finally {
                sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", BR);
            }
        }
        System.out.println("TraceVsOvsIT: " + compared + " packets compared, simulator verdicts " + verdicts);
        assertTrue(compared >= 100, "compared " + compared);
        assertTrue(verdicts.size() >= 2, "both outcomes seen: " + verdicts);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + compared + " differ:\n"
                + String.join("\n\n", mismatches.subList(0, Math.min(3, mismatches.size()))));
    }

    /**
     * The chain example (examples/chain.json: overlay networks, a load balancer and a chain that
     * steers web-to-db tcp/5432 through a transparent IDS and a routed firewall) on DSN 1 with a
     * VXLAN port: every TCP and UDP packet from DSN 1's workloads to every other workload, on the
     * chain's port and others, gets the same verdict from the simulator and from OVS - steered to
     * the local IDS instance, tunnelled to DSN 2, delivered, or dropped.
     */
    @Test
    void theSimulatorAgreesWithOfprotoTraceOnAChainedDocument() throws Exception {
        TenantDocument doc = org.dsp.codec.TenantDocumentCodec.decode(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(Path.of("../examples/chain.json"))));
        Map<String, Integer> verdicts = compareChained(doc, "chain");
        assertTrue(verdicts.containsKey("output [13]"), "the chain's class is steered to the local IDS (port 13): " + verdicts);
        assertTrue(verdicts.containsKey("output [" + TUNNEL + "]"), "and traffic is tunnelled: " + verdicts);
    }

    /**
     * A chain with one function step pins each connection to its instance in conntrack where it is
     * steered (docs/chaining.md, "Pinned to an instance"): examples/chain.json with the IDS as its
     * only function and both IDSes and db-1 on DSN 1 (ports 13, 15 and 12), so a connection is
     * hashed over two slots and its label set to the instance it took (a commit in the dispatch
     * table; on one DSN with the commit into the chain's own zone after it): Open vSwitch takes the
     * flows, and its traces of a first packet agree with the simulator's
     * (ChainInstancePinningNodeIT sends the packets that follow).
     */
    @Test
    void theSimulatorAgreesWithOfprotoTraceOnAChainThatPinsItsInstances() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(Path.of("../examples/chain.json")));
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("chains").get(0).get("steps")).remove(2); // the firewall
        for (com.fasterxml.jackson.databind.JsonNode e : json.get("endpoints")) {
            // both IDSes and db-1 on DSN 1: web-1's connections to db-1 pinned on one DSN, web-2's replies from db-1 across
            String name = e.get("name").asText();
            if (name.equals("red-ids-2") || name.equals("red-db-1")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("attachment")).put("dsn", D1.toString())
                        .put("port", name.equals("red-db-1") ? 12 : 15);
            }
        }
        Map<String, Integer> verdicts = compareChained(org.dsp.codec.TenantDocumentCodec.decode(json), "pinned chain");
        assertTrue(verdicts.containsKey("output [13]") || verdicts.containsKey("output [15]"),
                "the chain's class is steered to one of the IDSes (ports 13 and 15): " + verdicts);
    }

    /** Loads DSN 1's program of {@code doc} into Open vSwitch and compares what its workloads send: the simulator's verdicts. */
    private static Map<String, Integer> compareChained(TenantDocument doc, String what) throws Exception {
        DeviceId d2 = DeviceId.deviceId("of:0000000000000002");
        Map<DeviceId, org.dsp.driver.ovs.TunnelEndpoint> tunnels = Map.of(
                D1, org.dsp.driver.ovs.TunnelEndpoint.of(PortNumber.portNumber(TUNNEL), org.onlab.packet.Ip4Address.valueOf("192.168.100.1")),
                d2, org.dsp.driver.ovs.TunnelEndpoint.of(PortNumber.portNumber(TUNNEL), org.onlab.packet.Ip4Address.valueOf("192.168.100.2")));
        Map<DeviceId, PortNumber> up = Map.of(D1, PortNumber.portNumber(RandomDocs.UPLINK), d2, PortNumber.portNumber(RandomDocs.UPLINK));
        DsnProgram program = DsnCompiler.compile(CompileCommand.logical(List.of(doc)), Inventory.of(up, tunnels), DsnTarget.OVS_NICIRA)
                .get(D1);
        assertTrue(program.flows().values().stream().anyMatch(f -> f.owners().stream().anyMatch(o -> o.contains("/chain"))),
                "the chain's flows are in DSN 1's program: " + OfctlWriter.write(program));
        Set<Long> ports = new TreeSet<>(List.of(RandomDocs.UPLINK));
        List<Endpoint> local = new ArrayList<>();
        List<Endpoint> all = new ArrayList<>();
        for (Endpoint e : doc.endpoints().values()) {
            all.add(e);
            if (e.attachment().dsn().equals(D1)) {
                local.add(e);
                ports.add(e.attachment().port().toLong());
            }
        }
        bridge(ports);
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> verdicts = new java.util.TreeMap<>();
        int compared = 0;
        try {
            loadWithTunnel(program);
            for (Endpoint src : local) {
                for (Endpoint dst : all) {
                    if (dst == src || v4(dst) == null) {
                        continue;
                    }
                    for (int dport : new int[] {5432, 80}) {
                        for (boolean tcp : new boolean[] {true, false}) {
                            int sport = 40000 + compared;
                            // to the router's MAC when the destination is on another network (routed), else to its own
                            String dstMac = sameNetwork(doc, src, dst) ? dst.mac().toString() : ROUTER;
                            String[] v = compare(program, src, org.onlab.packet.MacAddress.valueOf(dstMac), v4(dst), tcp, sport, dport,
                                    ",nw_ttl=64");
                            String simVerdict = v[0];
                            String ovsVerdict = v[1];
                            verdicts.merge(simVerdict, 1, Integer::sum);
                            compared++;
                            if (!simVerdict.equals(ovsVerdict)) {
                                mismatches.add(v[2]);
                            }
                        }
                    }
                }
            }
        } finally {
            sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", BR);
        }
        System.out.println("TraceVsOvsIT (" + what + "): " + compared + " packets compared, simulator verdicts " + verdicts);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + compared + " differ:\n"
                + String.join("\n\n", mismatches.subList(0, Math.min(3, mismatches.size()))));
        return verdicts;
    }

    /**
     * A large class's steering and its packets back from an instance are conjunctions of its senders
     * and receivers (docs/chaining.md, "Flows"): forced here for examples/chain.json's small class (the
     * driver's test property), DSN 1's program loaded into Open vSwitch, what DSN 1's workloads send
     * (tcp/5432 and 80 to every other workload) and what the IDS on port 13 passes back -
     * web-1's and web-2's connections to db-1 on tcp/5432, db-1's replies, and tcp/80 (no class) -
     * traced: Open vSwitch and the simulator agree, and the class's packets go on (to the firewall on
     * DSN 2 through the tunnel, or on to their receiver).
     */
    @Test
    void theSimulatorAgreesWithOfprotoTraceOnAChainsConjunctionsBackFromAnInstance() throws Exception {
        System.setProperty("dsp.chain.alwaysConjunctive", "true");
        DsnProgram program;
        TenantDocument doc = org.dsp.codec.TenantDocumentCodec.decode(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(Path.of("../examples/chain.json"))));
        try {
            DeviceId d2 = DeviceId.deviceId("of:0000000000000002");
            Map<DeviceId, org.dsp.driver.ovs.TunnelEndpoint> tunnels = Map.of(
                    D1, org.dsp.driver.ovs.TunnelEndpoint.of(PortNumber.portNumber(TUNNEL), org.onlab.packet.Ip4Address.valueOf("192.168.100.1")),
                    d2, org.dsp.driver.ovs.TunnelEndpoint.of(PortNumber.portNumber(TUNNEL), org.onlab.packet.Ip4Address.valueOf("192.168.100.2")));
            Map<DeviceId, PortNumber> up = Map.of(D1, PortNumber.portNumber(RandomDocs.UPLINK), d2, PortNumber.portNumber(RandomDocs.UPLINK));
            program = DsnCompiler.compile(CompileCommand.logical(List.of(doc)), Inventory.of(up, tunnels), DsnTarget.OVS_NICIRA).get(D1);
        } finally {
            System.clearProperty("dsp.chain.alwaysConjunctive");
        }
        assertTrue(program.flows().values().stream().anyMatch(f -> f.render().startsWith("table=0,") && f.render().contains("conj_id=")),
                "the flows back from the IDS are conjunctions: " + OfctlWriter.write(program));
        Set<Long> ports = new TreeSet<>(List.of(RandomDocs.UPLINK));
        doc.endpoints().values().stream().filter(e -> e.attachment().dsn().equals(D1)).forEach(e -> ports.add(e.attachment().port().toLong()));
        bridge(ports);
        List<String> mismatches = new ArrayList<>();
        Map<String, Integer> verdicts = new java.util.TreeMap<>();
        Endpoint ids = doc.endpoints().get("red-ids-1");
        Endpoint db = doc.endpoints().get("red-db-1");
        try {
            loadWithTunnel(program);
            // what DSN 1's workloads send: the class steered by conjunctions of its senders (port and address) and receivers
            for (Endpoint src : doc.endpoints().values()) {
                for (Endpoint dst : doc.endpoints().values()) {
                    if (!src.attachment().dsn().equals(D1) || dst == src || v4(dst) == null) {
                        continue;
                    }
                    for (int dport : new int[] {5432, 80}) {
                        String dstMac = sameNetwork(doc, src, dst) ? dst.mac().toString() : ROUTER;
                        String[] v = compare(program, src, org.onlab.packet.MacAddress.valueOf(dstMac), v4(dst), true, 42000 + dport, dport,
                                ",nw_ttl=64");
                        verdicts.merge("sent " + v[0], 1, Integer::sum);
                        if (!v[0].equals(v[1])) {
                            mismatches.add(v[2]);
                        }
                    }
                }
            }
            int n = 0;
            for (String web : List.of("red-web-1", "red-web-2")) {
                Endpoint w = doc.endpoints().get(web);
                for (int dport : new int[] {5432, 80}) {
                    // the IDS is transparent: what it passes back keeps the sender's MACs and addresses
                    String[] fwd = compareFrom(program, ids.attachment().port().toLong(), w.mac(), org.onlab.packet.MacAddress.valueOf(ROUTER),
                            v4(w), v4(db), true, 41000 + n++, dport, ",nw_ttl=64");
                    String[] rev = compareFrom(program, ids.attachment().port().toLong(), db.mac(), org.onlab.packet.MacAddress.valueOf(ROUTER),
                            v4(db), v4(w), true, dport, 41000 + n++, ",nw_ttl=64");
                    for (String[] v : List.of(fwd, rev)) {
                        verdicts.merge((dport == 5432 ? "class " : "no class ") + v[0], 1, Integer::sum);
                        if (!v[0].equals(v[1])) {
                            mismatches.add(v[2]);
                        }
                    }
                }
            }
        } finally {
            sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", BR);
        }
        System.out.println("TraceVsOvsIT (chain, conjunctions back from an instance): simulator verdicts " + verdicts);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " differ:\n" + String.join("\n\n", mismatches.subList(0, Math.min(3, mismatches.size()))));
        assertTrue(verdicts.keySet().stream().anyMatch(v -> v.startsWith("class output")), "the class's packets go on: " + verdicts);
        assertTrue(verdicts.containsKey("sent output [13]"), "web-1's class is steered to the local IDS (port 13): " + verdicts);
    }

    static final int TUNNEL = 9;
    /** The overlay's router MAC (docs/overlay.md). */
    static final String ROUTER = "0e:d5:00:00:00:01";

    private static boolean sameNetwork(TenantDocument doc, Endpoint a, Endpoint b) {
        String x = v4(a).toString();
        String y = v4(b).toString();
        return x.substring(0, x.lastIndexOf('.')).equals(y.substring(0, y.lastIndexOf('.')));
    }

    /**
     * One new connection's first packet from {@code src} through {@code program} (loaded in the bridge): the simulator's verdict,
     * ofproto/trace's, and both in full.
     */
    private static String[] compare(DsnProgram program, Endpoint src, org.onlab.packet.MacAddress dstMac, IpAddress dst, boolean tcp,
                                    int sport, int dport, String extraFields) throws Exception {
        return compareFrom(program, src.attachment().port().toLong(), src.mac(), dstMac, v4(src), dst, tcp, sport, dport, extraFields);
    }

    /** As {@link #compare}, for a packet that comes in by port {@code in} with these MACs and addresses. */
    private static String[] compareFrom(DsnProgram program, long in, org.onlab.packet.MacAddress srcMac, org.onlab.packet.MacAddress dstMac,
                                        IpAddress src, IpAddress dst, boolean tcp, int sport, int dport, String extraFields) throws Exception {
        SimPacket p = new SimPacket(srcMac, dstMac, src, dst, tcp ? SimPacket.TCP : SimPacket.UDP, sport, dport);
        FlowSimulator.Result sim = new FlowSimulator(program, new Conntrack()).process(p, in);
        String flow = "in_port=" + in + "," + (tcp ? "tcp" : "udp") + ",dl_src=" + srcMac + ",dl_dst=" + dstMac + ",nw_src=" + src
                + ",nw_dst=" + dst + extraFields + (tcp ? ",tcp_src=" : ",udp_src=") + sport + (tcp ? ",tcp_dst=" : ",udp_dst=") + dport;
        String ovs = sh("ovs-appctl", "ofproto/trace", BR, flow, "--ct-next", "trk,new");
        Set<Long> ovsOut = new TreeSet<>();
        Matcher m = OUTPUT.matcher(ovs);
        while (m.find()) {
            ovsOut.add(Long.parseLong(m.group(1)));
        }
        String simVerdict = verdict(new TreeSet<>(sim.outputs()), !sim.controller().isEmpty());
        String ovsVerdict = verdict(ovsOut, ovs.contains("controller("));
        return new String[] {simVerdict, ovsVerdict, flow + ": simulator " + simVerdict + ", OVS " + ovsVerdict + "\n" + sim + "\n" + ovs};
    }

    /** Adds a VXLAN port at {@link #TUNNEL} (remote and key from the flow) to the bridge and loads {@code program}: its groups, then its flows. */
    private static void loadWithTunnel(DsnProgram program) throws Exception {
        sh("ovs-vsctl", "--timeout=10", "add-port", BR, BR + "t", "--", "set", "interface", BR + "t", "type=vxlan",
                "options:remote_ip=flow", "options:key=flow", "ofport_request=" + TUNNEL);
        String text = OfctlWriter.write(program);
        Path g = Files.createTempFile("dsp-trace", ".groups"); // the load balancer's select groups, before the flows
        Files.writeString(g, text.lines().filter(l -> l.startsWith("#group ")).map(l -> l.substring(7) + "\n")
                .collect(java.util.stream.Collectors.joining()));
        sh("ovs-ofctl", "-O", "OpenFlow13", "add-groups", BR, g.toString());
        Files.delete(g);
        Path f = Files.createTempFile("dsp-trace", ".flows");
        Files.writeString(f, text);
        sh("ovs-ofctl", "-O", "OpenFlow13", "add-flows", "--bundle", BR, f.toString());
        Files.delete(f);
    }

    private static String verdict(Set<Long> outputs, boolean controller) {
        return !outputs.isEmpty() ? "output " + outputs : controller ? "reject" : "drop";
    }

    private static IpAddress v4(Endpoint e) {
        for (IpAddress a : e.addresses()) {
            if (a.isIp4()) {
                return a;
            }
        }
        return null;
    }

    private static void bridge(Set<Long> ports) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "--may-exist", "add-br", BR, "--", "set", "bridge", BR,
                "datapath_type=netdev", "fail-mode=secure", "protocols=OpenFlow13", "other-config:datapath-id=0000000000000001"));
        for (long port : ports) {
            String name = BR + "p" + port;
            cmd.addAll(List.of("--", "add-port", BR, name, "--", "set", "interface", name, "type=internal", "ofport_request=" + port));
        }
        sh(cmd.toArray(new String[0]));
    }
}
