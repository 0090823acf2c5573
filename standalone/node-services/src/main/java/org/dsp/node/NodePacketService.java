package org.dsp.node;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.dsp.driver.ovs.Cookies;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.InfrastructureFlows;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.driver.ovs.Priority;
import org.dsp.driver.ovs.Table;
import org.dsp.ir.Owner;
import org.dsp.node.openflow.OpenFlowServer;
import org.dsp.node.openflow.PacketIn;
import org.dsp.node.openflow.PacketListener;
import org.dsp.node.openflow.SwitchConnection;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onosproject.cluster.NodeId;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.flow.TrafficSelector;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.EthTypeCriterion;
import org.onosproject.net.flow.criteria.IPProtocolCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.net.packet.DefaultInboundPacket;
import org.onosproject.net.packet.DefaultOutboundPacket;
import org.onosproject.net.packet.DefaultPacketContext;
import org.onosproject.net.packet.DefaultPacketRequest;
import org.onosproject.net.packet.OutboundPacket;
import org.onosproject.net.packet.PacketPriority;
import org.onosproject.net.packet.PacketProcessor;
import org.onosproject.net.packet.PacketProcessorEntry;
import org.onosproject.net.packet.PacketRequest;
import org.onosproject.net.packet.PacketService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONOS's PacketService on the node's OpenFlow channel. Packet-ins that the node handles itself
 * (its LLDP probes, rejects of DSP rules) stay with it; every other packet-in goes to the
 * registered processors in priority order as a PacketContext whose send() emits a PACKET_OUT.
 * {@link #emit} sends to each output port of the treatment. A packet request (ethertype, and IP
 * protocol if given) becomes an infrastructure punt flow on every switch (or the one named): table
 * 0 at the request's priority (capped below the node's own discovery punts and ARP copy), output
 * to the controller - matching packets leave the pipeline where it wins, as with ONOS's packet
 * requests (a REACTIVE request, priority 5, sits below a DSN's endpoint flows). It is put in place by a reconciliation of each connected switch,
 * which a request triggers at once.
 */
final class NodePacketService implements PacketService, PacketListener {
    private static final Logger LOG = LoggerFactory.getLogger(NodePacketService.class);
    private static final NodeId NODE = NodeId.nodeId("dsp-node");

    /** A registered processor and its statistics. */
    private static final class Entry implements PacketProcessorEntry {
        final PacketProcessor processor;
        final int priority;
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();

        Entry(PacketProcessor processor, int priority) {
            this.processor = processor;
            this.priority = priority;
        }

        @Override
        public PacketProcessor processor() {
            return processor;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public long invocations() {
            return invocations.get();
        }

        @Override
        public long totalNanos() {
            return nanos.get();
        }

        @Override
        public long averageNanos() {
            long n = invocations.get();
            return n == 0 ? 0 : nanos.get() / n;
        }
    }

    private final OpenFlowServer server;
    private final List<Entry> processors = new CopyOnWriteArrayList<>();
    private final List<PacketRequest> requests = new CopyOnWriteArrayList<>();
    private final Consumer<SwitchConnection> reconcile;

    NodePacketService(OpenFlowServer server, Consumer<SwitchConnection> reconcile) {
        this.server = server;
        this.reconcile = reconcile;
    }

    /** Returns the punt flows the packet requests put on {@code device}. */
    List<DsnFlow> puntFlows(DeviceId device) {
        List<DsnFlow> out = new ArrayList<>();
        for (PacketRequest r : requests) {
            if (r.deviceId().isPresent() && !r.deviceId().get().equals(device)) {
                continue;
            }
            // the requested priority, kept below the node's own discovery punts and ARP copy
            int prio = Math.min(r.priority().priorityValue(), Priority.CONTROL.value() - 3);
            out.add(new DsnFlow(new DsnFlow.Key(Table.CLASSIFY, prio, match(r.selector()).build()), List.of(DsnAction.output(DsnAction.CONTROLLER_PORT)),
                    InfrastructureFlows.cookie(), List.of(Owner.infrastructure().label())));
        }
        return out;
    }

    private static DsnMatch.Builder match(TrafficSelector s) {
        DsnMatch.Builder m = DsnMatch.builder();
        for (Criterion c : s.criteria()) {
            if (c instanceof EthTypeCriterion) {
                m.ethType(((EthTypeCriterion) c).ethType().toShort() & 0xffff);
            } else if (c instanceof IPProtocolCriterion) {
                m.ipProto(((IPProtocolCriterion) c).protocol());
            } else {
                throw new UnsupportedOperationException("the DSP node punts packets by ethertype and IP protocol only, not by "
                        + c.type());
            }
        }
        return m;
    }

    @Override
    public void addProcessor(PacketProcessor processor, int priority) {
        processors.add(new Entry(processor, priority));
        processors.sort(Comparator.comparingInt(e -> e.priority));
    }

    @Override
    public void removeProcessor(PacketProcessor processor) {
        processors.removeIf(e -> e.processor == processor);
    }

    @Override
    public List<PacketProcessorEntry> getProcessors() {
        return List.copyOf(processors);
    }

    @Override
    public void requestPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId) {
        requestPackets(selector, priority, appId, Optional.empty());
    }

    @Override
    public void requestPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId,
                               Optional<DeviceId> deviceId) {
        match(selector); // refuses what cannot be punted, before anything changes
        PacketRequest r = new DefaultPacketRequest(selector, priority, appId, NODE, deviceId);
        if (!requests.contains(r)) {
            requests.add(r);
            server.switches().values().forEach(reconcile);
        }
    }

    @Override
    public void cancelPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId) {
        cancelPackets(selector, priority, appId, Optional.empty());
    }

    @Override
    public void cancelPackets(TrafficSelector selector, PacketPriority priority, ApplicationId appId,
                              Optional<DeviceId> deviceId) {
        if (requests.remove(new DefaultPacketRequest(selector, priority, appId, NODE, deviceId))) {
            server.switches().values().forEach(reconcile);
        }
    }

    @Override
    public List<PacketRequest> getRequests() {
        return List.copyOf(requests);
    }

    @Override
    public void emit(OutboundPacket packet) {
        SwitchConnection sw = server.switchOf(packet.sendThrough().toString());
        if (sw == null) {
            throw new IllegalStateException(packet.sendThrough() + " is not connected");
        }
        byte[] data = new byte[packet.data().remaining()];
        packet.data().duplicate().get(data);
        for (Instruction i : packet.treatment().allInstructions()) {
            if (i instanceof Instructions.OutputInstruction) {
                sw.packetOut(((Instructions.OutputInstruction) i).port().toLong(), data);
            }
        }
    }

    /** Whether the node consumes a packet-in itself: its LLDP/BDDP probes, and the rejects of DSP's rules. */
    private static boolean internal(PacketIn p) {
        int type = p.etherType();
        return type == DsnMatch.LLDP || type == DsnMatch.BDDP || Cookies.rejects(p.cookie());
    }

    @Override
    public void packetIn(SwitchConnection sw, PacketIn p) {
        if (processors.isEmpty() || internal(p) || p.inPort() < 0) {
            return;
        }
        byte[] data = p.data();
        Ethernet eth;
        try {
            eth = Ethernet.deserializer().deserialize(data, 0, data.length);
        } catch (DeserializationException e) {
            LOG.debug("{}: a packet-in that is not Ethernet: {}", sw, e.toString());
            return;
        }
        DeviceId d = DeviceId.deviceId(sw.deviceId());
        ConnectPoint from = new ConnectPoint(d, PortNumber.portNumber(p.inPort()));
        DefaultInboundPacket in = new DefaultInboundPacket(from, eth, ByteBuffer.wrap(data), Optional.of(p.cookie()));
        OutboundPacket out = new DefaultOutboundPacket(d, org.onosproject.net.flow.DefaultTrafficTreatment.emptyTreatment(),
                ByteBuffer.wrap(data), from.port());
        DefaultPacketContext ctx = new DefaultPacketContext(System.currentTimeMillis(), in, out, false) {
            @Override
            public void send() {
                if (!block()) {
                    emit(new DefaultOutboundPacket(d, treatmentBuilder().build(), ByteBuffer.wrap(data), from.port()));
                }
            }
        };
        for (Entry e : processors) {
            long t0 = System.nanoTime();
            try {
                e.processor.process(ctx);
            } catch (RuntimeException ex) {
                LOG.warn("packet processor {} failed", e.processor, ex);
            }
            e.invocations.incrementAndGet();
            e.nanos.addAndGet(System.nanoTime() - t0);
        }
    }
}
