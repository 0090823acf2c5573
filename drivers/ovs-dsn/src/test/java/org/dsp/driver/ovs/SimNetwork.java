package org.dsp.driver.ovs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.model.Endpoint;
import org.dsp.model.Protocol;
import org.dsp.model.TenantDocument;
import org.dsp.semantics.Connection;
import org.dsp.testing.RandomDocs;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * A simulated network for tests: the DSNs of {@link RandomDocs} (uplink port 100 each, joined by
 * a fabric), programmed by the real compilers, each with its own conntrack model.
 */
final class SimNetwork {
    static final MacAddress GATEWAY = MacAddress.valueOf("02:ff:00:00:00:01");

    private final LogicalCompiler logical;
    private final DsnCompiler dsn;
    private final Map<DeviceId, Conntrack> conntrack = new HashMap<>();
    private TenantDocument doc;
    private Map<DeviceId, DsnProgram> programs;
    final StringBuilder log = new StringBuilder();

    SimNetwork(TenantDocument doc) {
        this(doc, DsnTarget.OVS_NICIRA);
    }

    SimNetwork(TenantDocument doc, DsnTarget target) {
        Map<DeviceId, PortNumber> up = new HashMap<>();
        for (DeviceId d : RandomDocs.DSNS) {
            up.put(d, PortNumber.portNumber(RandomDocs.UPLINK));
            conntrack.put(d, new Conntrack());
        }
        this.logical = new LogicalCompiler(Keys.tenantKey(doc.tenantId()));
        this.dsn = new DsnCompiler(Inventory.of(up), target);
        update(doc);
    }

    /** Applies a new version of the document incrementally (conntrack state is kept). */
    void update(TenantDocument next) {
        dsn.apply(logical.update(next));
        this.doc = next;
        this.programs = dsn.programs();
    }

    Map<DeviceId, DsnProgram> programs() {
        return programs;
    }

    DsnCompiler compiler() {
        return dsn;
    }

    private Endpoint endpointAt(IpAddress a) {
        for (Endpoint e : doc.endpoints().values()) {
            if (e.addresses().contains(a)) {
                return e;
            }
        }
        return null;
    }

    private static int proto(Connection c) {
        if (c.protocol() == Protocol.TCP) {
            return SimPacket.TCP;
        }
        if (c.protocol() == Protocol.UDP) {
            return SimPacket.UDP;
        }
        if (c.protocol() == Protocol.SCTP) {
            return SimPacket.SCTP;
        }
        return c.src().isIp4() ? SimPacket.ICMP : SimPacket.ICMP6;
    }

    /** Sends the connection's packet (from source port {@code srcPort}); returns whether it reached its destination. */
    boolean send(Connection c, int srcPort) {
        Endpoint src = endpointAt(c.src());
        Endpoint dst = endpointAt(c.dst());
        SimPacket p = new SimPacket(src == null ? GATEWAY : src.mac(), dst == null ? GATEWAY : dst.mac(),
                c.src(), c.dst(), proto(c), srcPort, c.dstPort());
        return deliver(p, src, dst);
    }

    /** Sends the reply of the connection's packet sent from {@code srcPort}. */
    boolean reply(Connection c, int srcPort) {
        Endpoint src = endpointAt(c.src());
        Endpoint dst = endpointAt(c.dst());
        SimPacket p = new SimPacket(src == null ? GATEWAY : src.mac(), dst == null ? GATEWAY : dst.mac(),
                c.src(), c.dst(), proto(c), srcPort, c.dstPort()).reply();
        return deliver(p, dst, src);
    }

    private boolean deliver(SimPacket p, Endpoint from, Endpoint to) {
        DeviceId first;
        long inPort;
        if (from != null) {
            first = from.attachment().dsn();
            inPort = from.attachment().port().toLong();
        } else {
            first = to.attachment().dsn();
            inPort = RandomDocs.UPLINK;
        }
        FlowSimulator.Result r = new FlowSimulator(programs.get(first), conntrack.get(first)).process(p, inPort);
        log.append(first).append(" in_port=").append(inPort).append(' ').append(p).append(": ").append(r).append('\n');
        if (to != null && to.attachment().dsn().equals(first)) {
            return r.outputs().equals(List.of(to.attachment().port().toLong()));
        }
        if (!r.outputs().equals(List.of(RandomDocs.UPLINK))) {
            return false;
        }
        if (to == null) {
            return true;
        }
        DeviceId second = to.attachment().dsn();
        FlowSimulator.Result r2 = new FlowSimulator(programs.get(second), conntrack.get(second)).process(p, RandomDocs.UPLINK);
        log.append(second).append(" in_port=").append(RandomDocs.UPLINK).append(' ').append(p).append(": ").append(r2).append('\n');
        return r2.outputs().equals(List.of(to.attachment().port().toLong()));
    }
}
