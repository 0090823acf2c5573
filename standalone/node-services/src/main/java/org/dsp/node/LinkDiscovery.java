package org.dsp.node;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dsp.driver.ovs.DsnMatch;
import org.dsp.node.openflow.OpenFlowServer;
import org.dsp.node.openflow.PacketIn;
import org.dsp.node.openflow.PacketListener;
import org.dsp.node.openflow.SwitchConnection;
import org.dsp.node.openflow.SwitchListener;
import org.onlab.packet.ChassisId;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.MacAddress;
import org.onlab.packet.ONOSLLDP;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LLDP/BDDP link discovery, as ONOS's LLDP provider does it: every probe period each connected
 * switch sends a signed ONOS LLDP frame and a BDDP frame (the same payload, broadcast) out of every
 * port (PACKET_OUT); every switch sends both to the controller (infrastructure flows); a probe
 * that comes back in on another switch's port is a link from the probing port to that one -
 * DIRECT for LLDP, INDIRECT for BDDP, which crosses L2 switches the node does not control. Probes are signed with a secret drawn when
 * the node starts (HMAC and timestamp, ONOS's secure LLDP), so a workload cannot forge a link by
 * sending LLDP into its DSN port. A link not seen for the stale age while both its switches are
 * connected (counted from the later one's connection at the earliest) is removed; a port that goes
 * away or down removes its links at once. No probe is sent out of a port that holds a tenant's
 * workload (a document's attachment): a workload port never leads to another switch, and its
 * workload has no business learning the switch's identity.
 */
final class LinkDiscovery implements SwitchListener, PacketListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkDiscovery.class);
    /** The nearest-bridge LLDP group address: bridges never forward it. */
    static final MacAddress LLDP_MULTICAST = MacAddress.valueOf("01:80:c2:00:00:0e");

    /** Where a received probe was sent from, and the kind of link it shows. */
    record Origin(ConnectPoint src, Link.Type type) {
    }
    /**
     * A probe older than this is refused: probes come back within milliseconds, and a short
     * window limits replaying a captured probe (no probe is sent to a workload port, yet one may be seen elsewhere).
     */
    static final long PROBE_MAX_AGE_MILLIS = 2000;

    private final OpenFlowServer server;
    private final NodeLinkService links;
    private final String secret;
    private final long periodMillis;
    private final long staleMillis;
    /** A switch's connection and when it connected (the connection null: seen connected before this listener was told). */
    private record Since(SwitchConnection connection, long at) {
    }
    /** When each connected switch connected: a link's stale age counts from the later of its two switches'. */
    private final java.util.Map<DeviceId, Since> connectedAt = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile java.util.function.Supplier<java.util.Set<ConnectPoint>> workloadPorts = java.util.Set::of;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dsp-link-discovery");
        t.setDaemon(true);
        return t;
    });

    /** Creates discovery that probes every {@code periodMillis} and drops links unseen for {@code staleMillis}. */
    LinkDiscovery(OpenFlowServer server, NodeLinkService links, long periodMillis, long staleMillis) {
        this.server = server;
        this.links = links;
        this.periodMillis = periodMillis;
        this.staleMillis = staleMillis;
        byte[] s = new byte[16];
        new SecureRandom().nextBytes(s);
        this.secret = HexFormat.of().formatHex(s);
    }

    /** Sets where the tenants' workloads are attached (no probes there), asked once per round. */
    void workloadPorts(java.util.function.Supplier<java.util.Set<ConnectPoint>> ports) {
        workloadPorts = ports;
    }

    /** Starts the periodic probes. */
    void start() {
        timer.scheduleWithFixedDelay(this::round, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            java.util.Set<ConnectPoint> skip = workloadPorts.get();
            server.switches().values().forEach(sw -> probe(sw, skip));
            long now = System.currentTimeMillis();
            links.expire(now, staleMillis, d -> {
                if (!server.isConnected(d.toString())) {
                    return null;
                }
                return connectedAt.computeIfAbsent(d, k -> new Since(null, now)).at(); // absent: connected before this listener
            })
                    .forEach(l -> LOG.info("link {} -> {} not seen for {} ms; removed", l.src(), l.dst(), staleMillis));
        } catch (RuntimeException e) {
            LOG.warn("link discovery round failed", e);
        }
    }

    /** Sends a probe out of every port of {@code sw} but those in {@code skip}. */
    void probe(SwitchConnection sw, java.util.Set<ConnectPoint> skip) {
        DeviceId d = DeviceId.deviceId(sw.deviceId());
        for (OFPortDesc p : sw.ports()) {
            if (!skip.contains(new ConnectPoint(d, PortNumber.portNumber(p.getPortNo().getPortNumber() & 0xffffffffL)))) {
                probe(sw, p);
            }
        }
    }

    private void probe(SwitchConnection sw, OFPortDesc p) {
        long port = p.getPortNo().getPortNumber() & 0xffffffffL;
        if (port == 0 || port > (OFPort.MAX.getPortNumber() & 0xffffffffL) || p.getState().contains(OFPortState.LINK_DOWN)) {
            return;
        }
        MacAddress mac = MacAddress.valueOf(p.getHwAddr().getBytes());
        sw.packetOut(port, frame(sw.deviceId(), sw.dpid().getLong(), (int) port, mac, secret));
        sw.packetOut(port, bddp(sw.deviceId(), sw.dpid().getLong(), (int) port, mac, secret));
    }

    /** Builds the signed LLDP probe frame for {@code device}'s port {@code port}. */
    static byte[] frame(String device, long chassis, int port, MacAddress source, String secret) {
        return probe(Ethernet.TYPE_LLDP, LLDP_MULTICAST, device, chassis, port, source, secret);
    }

    /** Builds the signed BDDP probe frame (broadcast: it crosses switches the node does not control). */
    static byte[] bddp(String device, long chassis, int port, MacAddress source, String secret) {
        return probe((short) DsnMatch.BDDP, MacAddress.BROADCAST, device, chassis, port, source, secret);
    }

    private static byte[] probe(short etherType, MacAddress to, String device, long chassis, int port, MacAddress source,
                                String secret) {
        ONOSLLDP lldp = ONOSLLDP.onosSecureLLDP(device, new ChassisId(chassis), port, secret);
        Ethernet eth = new Ethernet();
        eth.setEtherType(etherType).setDestinationMACAddress(to).setSourceMACAddress(source).setPayload(lldp);
        return eth.serialize();
    }

    /**
     * Returns where a received probe was sent from and the link kind (LLDP: DIRECT, BDDP:
     * INDIRECT), or null when the frame is not a probe of this node (neither LLDP nor BDDP, not
     * ONOS's format, bad signature, or older than the maximum age).
     */
    static Origin origin(byte[] frame, String secret, long maxAgeMillis) {
        try {
            Ethernet eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
            int type = eth.getEtherType() & 0xffff;
            if (type != DsnMatch.LLDP && type != DsnMatch.BDDP) {
                return null;
            }
            ONOSLLDP lldp = ONOSLLDP.parseONOSLLDP(eth);
            if (lldp == null || lldp.getPort() == null || !ONOSLLDP.verify(lldp, secret, maxAgeMillis)) {
                return null;
            }
            return new Origin(new ConnectPoint(DeviceId.deviceId(lldp.getDeviceString()), PortNumber.portNumber(lldp.getPort())),
                    type == DsnMatch.BDDP ? Link.Type.INDIRECT : Link.Type.DIRECT);
        } catch (DeserializationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void packetIn(SwitchConnection sw, PacketIn p) {
        if ((p.etherType() != DsnMatch.LLDP && p.etherType() != DsnMatch.BDDP) || p.inPort() < 0) {
            return;
        }
        Origin o = origin(p.data(), secret, PROBE_MAX_AGE_MILLIS);
        if (o == null) {
            LOG.debug("{} port {}: LLDP/BDDP that is not this node's probe; ignored", sw, p.inPort());
            return;
        }
        ConnectPoint dst = new ConnectPoint(DeviceId.deviceId(sw.deviceId()), PortNumber.portNumber(p.inPort()));
        if (o.src().equals(dst)) {
            return;
        }
        if (links.seen(o.src(), dst, System.currentTimeMillis(), o.type())) {
            LOG.info("link discovered ({}): {} -> {}", o.type(), o.src(), dst);
        }
    }

    @Override
    public void connected(SwitchConnection sw) {
        connectedAt.put(DeviceId.deviceId(sw.deviceId()), new Since(sw, System.currentTimeMillis()));
        timer.execute(() -> probe(sw, workloadPorts.get()));
    }

    @Override
    public void disconnected(SwitchConnection sw) {
        // its links stay: they cannot be probed now, and its uplink must survive a reconnect
        // only this connection's time: a new connection of the same datapath may have been told first
        connectedAt.computeIfPresent(DeviceId.deviceId(sw.deviceId()), (d, s) -> s.connection() == sw ? null : s);
    }

    @Override
    public void portChanged(SwitchConnection sw, OFPortStatus status) {
        OFPortDesc d = status.getDesc();
        ConnectPoint cp = new ConnectPoint(DeviceId.deviceId(sw.deviceId()),
                PortNumber.portNumber(d.getPortNo().getPortNumber() & 0xffffffffL));
        if (status.getReason() == OFPortReason.DELETE || d.getState().contains(OFPortState.LINK_DOWN)) {
            links.removePort(cp).forEach(l -> LOG.info("link {} -> {} removed: port {} is gone or down", l.src(), l.dst(), cp));
        } else if (!workloadPorts.get().contains(cp)) { // never into a workload's port or an external network
            timer.execute(() -> probe(sw, d));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
