package org.dsp.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.Conntrack;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowSimulator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.SimPacket;
import org.dsp.model.Endpoint;
import org.dsp.model.Protocol;
import org.dsp.model.TenantDocument;
import org.dsp.semantics.Connection;
import org.dsp.semantics.PolicyOracle;
import org.dsp.testing.RandomDocs;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * The reference semantics of load balancing, checked against the compiled programs walked by the
 * simulator, over random documents with a VIP: a new connection from a client to the VIP is
 * translated to one of the VIP's backends on its target port (the simulator's hash picks which),
 * and it reaches that backend exactly when the policy allows the client to connect to that
 * backend directly (policy sees the real backend, in both directions; a remote backend's own DSN
 * evaluates its ingress). A reply from a local backend comes back from the VIP. With no backend,
 * nothing is delivered. With source-IP affinity, the client's later connections reach the
 * backend its first one reached.
 */
class LbOracleProperties {
    static final IpAddress VIP = IpAddress.valueOf("10.0.0.200");
    static final MacAddress VIP_MAC = MacAddress.valueOf("0a:00:0a:00:00:c8");

    static Inventory inventory() {
        Map<DeviceId, PortNumber> up = new HashMap<>();
        RandomDocs.DSNS.forEach(d -> up.put(d, PortNumber.portNumber(RandomDocs.UPLINK)));
        return Inventory.of(up);
    }

    private static IpAddress v4(Endpoint e) {
        return e.addresses().stream().filter(IpAddress::isIp4).findFirst().orElseThrow();
    }

    @Property(tries = 400, shrinking = ShrinkingMode.OFF)
    void aConnectionToTheVipReachesItsBackendExactlyWhenPolicyAllowsTheBackend(@ForAll long seed) {
        Random rnd = new Random(seed);
        TenantDocument base = RandomDocs.generate(rnd);
        List<String> names = new ArrayList<>(base.endpoints().keySet());
        Collections.shuffle(names, rnd);
        List<String> backends = names.subList(0, rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(names.size() - 1)); // a client remains
        Protocol proto = rnd.nextBoolean() ? Protocol.TCP : Protocol.UDP;
        int port = RandomDocs.PORTS[rnd.nextInt(RandomDocs.PORTS.length)];
        int target = RandomDocs.PORTS[rnd.nextInt(RandomDocs.PORTS.length)];
        boolean reject = rnd.nextBoolean();
        boolean affinity = rnd.nextInt(3) == 0;
        ObjectNode json = TenantDocumentCodec.encode(base);
        ObjectNode lb = json.putArray("loadBalancers").addObject().put("name", "vip").put("whenNoBackend", reject ? "reject" : "drop");
        lb.putArray("vips").add(VIP.toString());
        if (affinity) {
            lb.putObject("selection").put("mode", "sourceIp").put("timeoutSeconds", 60);
        }
        lb.putArray("ports").addObject().put("port", port).put("protocol", proto.wireName()).put("targetPort", target);
        ArrayNode eps = lb.putObject("backends").putArray("endpoints");
        if (backends.isEmpty()) {
            lb.remove("backends");
            lb.putObject("backends").putObject("selector").putObject("matchLabels").put("app", "none");
        } else {
            backends.forEach(eps::add);
        }
        TenantDocument doc = TenantDocumentCodec.decode(json);
        PolicyOracle oracle = new PolicyOracle(doc);
        Map<DeviceId, DsnProgram> programs = DsnCompiler.compile(List.of(LogicalCompiler.compile(doc)), inventory());
        int sport = 40000;
        for (String name : names.subList(backends.size(), names.size())) {
            Endpoint c = doc.endpoints().get(name);
            DeviceId dsn = c.attachment().dsn();
            Conntrack ct = new Conntrack();
            SimPacket p = new SimPacket(c.mac(), VIP_MAC, v4(c), VIP, proto == Protocol.TCP ? SimPacket.TCP : SimPacket.UDP, ++sport, port);
            FlowSimulator sim = new FlowSimulator(programs.get(dsn), ct);
            FlowSimulator.Result r = sim.process(p, c.attachment().port().toLong());
            if (backends.isEmpty()) {
                assertTrue(r.outputs().isEmpty(), "seed " + seed + ": no backend, nothing delivered\n" + r);
                assertEquals(reject, !r.controller().isEmpty(), "seed " + seed + ": rejected to the controller iff reject\n" + r);
                Statistics.label("vip").collect("no backend");
                continue;
            }
            SimPacket out = r.packet();
            Endpoint b = doc.endpoints().values().stream().filter(e -> e.addresses().contains(out.ipDst())).findFirst().orElse(null);
            assertNotNull(b, "seed " + seed + ": translated to an endpoint: " + out + "\n" + r);
            assertTrue(backends.contains(b.name()), "seed " + seed + ": " + b.name() + " is one of the VIP's backends " + backends);
            assertEquals(target, out.tpDst(), "seed " + seed + ": on the target port");
            if (affinity) {
                // the client's next connections (other source ports) go where its first went
                for (int k = 1; k <= 3; k++) {
                    SimPacket again = new SimPacket(c.mac(), VIP_MAC, v4(c), VIP, p.ipProto(), sport + 1000 * k, port);
                    FlowSimulator.Result ra = sim.process(again, c.attachment().port().toLong());
                    assertEquals(out.ipDst(), ra.packet().ipDst(), "seed " + seed + ": affinity keeps the backend\n" + ra);
                }
                Statistics.label("affinity").collect("kept");
            }
            boolean expected = oracle.allows(Connection.of(v4(c), v4(b), proto, target));
            boolean got;
            if (b.attachment().dsn().equals(dsn)) {
                got = r.outputs().equals(List.of(b.attachment().port().toLong()));
                if (got) {
                    // the backend's reply comes back from the VIP
                    SimPacket reply = new SimPacket(b.mac(), c.mac(), v4(b), v4(c), p.ipProto(), target, sport);
                    FlowSimulator.Result back = new FlowSimulator(programs.get(dsn), ct).process(reply, b.attachment().port().toLong());
                    assertEquals(List.of(c.attachment().port().toLong()), back.outputs(), "seed " + seed + ": the reply\n" + back);
                    assertEquals(VIP, back.packet().ipSrc(), "seed " + seed + ": the reply comes from the VIP\n" + back);
                    assertEquals(port, back.packet().tpSrc(), "seed " + seed + ": and its port");
                }
            } else {
                boolean leaves = r.outputs().equals(List.of(RandomDocs.UPLINK));
                if (leaves) {
                    assertEquals(b.mac(), out.ethDst(), "seed " + seed + ": to the backend's MAC");
                }
                SimPacket there = new SimPacket(c.mac(), out.ethDst(), v4(c), v4(b), p.ipProto(), sport, target);
                FlowSimulator.Result in = new FlowSimulator(programs.get(b.attachment().dsn()), new Conntrack())
                        .process(there, RandomDocs.UPLINK);
                got = leaves && in.outputs().equals(List.of(b.attachment().port().toLong()));
            }
            Statistics.label("vip").collect(expected ? "allowed" : "blocked");
            assertEquals(expected, got, () -> "seed " + seed + ": " + c.name() + " -> VIP " + proto.wireName() + "/" + port + " -> "
                    + b.name() + ":" + target + "\negress " + oracle.egress(Connection.of(v4(c), v4(b), proto, target)) + ", ingress "
                    + oracle.ingress(Connection.of(v4(c), v4(b), proto, target)) + "\n" + doc + "\n" + r);
        }
    }
}
