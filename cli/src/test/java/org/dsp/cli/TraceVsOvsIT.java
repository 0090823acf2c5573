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
                    SimPacket p = new SimPacket(src.mac(), dst.mac(), v4(src), v4(dst), tcp ? SimPacket.TCP : SimPacket.UDP, sport, dport);
                    long in = src.attachment().port().toLong();
                    FlowSimulator.Result sim = new FlowSimulator(program, new Conntrack()).process(p, in);
                    String flow = "in_port=" + in + "," + (tcp ? "tcp" : "udp") + ",dl_src=" + src.mac() + ",dl_dst=" + dst.mac()
                            + ",nw_src=" + v4(src) + ",nw_dst=" + v4(dst) + (tcp ? ",tcp_src=" : ",udp_src=") + sport
                            + (tcp ? ",tcp_dst=" : ",udp_dst=") + dport;
                    String ovs = sh("ovs-appctl", "ofproto/trace", BR, flow, "--ct-next", "trk,new");
                    Set<Long> ovsOut = new TreeSet<>();
                    Matcher m = OUTPUT.matcher(ovs);
                    while (m.find()) {
                        ovsOut.add(Long.parseLong(m.group(1)));
                    }
                    boolean ovsController = ovs.contains("controller(");
                    String simVerdict = verdict(new TreeSet<>(sim.outputs()), !sim.controller().isEmpty());
                    String ovsVerdict = verdict(ovsOut, ovsController);
                    verdicts.merge(simVerdict.replaceAll("\\d", "N"), 1, Integer::sum);
                    compared++;
                    if (!simVerdict.equals(ovsVerdict)) {
                        mismatches.add("seed " + seed + " " + flow + ": simulator " + simVerdict + ", OVS " + ovsVerdict
                                + "\n" + sim + "\n" + ovs);
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
