package org.dsp.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.dsp.driver.ovs.InfrastructureFlows;
import org.dsp.node.openflow.SwitchConnection;
import org.dsp.node.openflow.SwitchListener;
import org.onlab.packet.ChassisId;
import org.onosproject.net.DefaultAnnotations;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.DefaultPort;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.device.PortStatistics;
import org.onosproject.net.provider.ProviderId;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFPortStatus;

/**
 * Devices are the switches connected to the node's OpenFlow channel, with their ports as the
 * switch describes them (kept current by port-status messages). Each has a role: the configured
 * fabric switches are FABRIC (a "role" annotation says so), every other switch is a DSN.
 */
final class NodeDeviceService implements DeviceService, SwitchListener {
    static final ProviderId PROVIDER = new ProviderId("of", "org.dsp.node");

    private final Map<DeviceId, Device> devices = new ConcurrentHashMap<>();
    private final Map<DeviceId, SwitchConnection> connections = new ConcurrentHashMap<>();
    private final Set<DeviceListener> listeners = new CopyOnWriteArraySet<>();
    /**
     * Annotations other southbounds (OVSDB) learned of a device; kept across its OpenFlow
     * reconnections and, in the node's store, across node restarts: a restarted node compiles a
     * DSN's tunnels from the start instead of withdrawing them until its OVSDB reconnects.
     */
    private final Map<DeviceId, Map<String, String>> learned = new ConcurrentHashMap<>();
    /** Annotations of the node's configuration (a NAT gateway's external port): set at start, never stored. */
    private volatile Map<DeviceId, Map<String, String>> configured = Map.of();
    private final org.onosproject.store.service.ConsistentMap<String, String> durable;
    static final String DURABLE = "dsp-node-device-annotations";
    private final Set<DeviceId> fabric;

    NodeDeviceService(Set<DeviceId> fabric) {
        this(fabric, null);
    }

    /** A device service whose learned annotations live in {@code storage} (null: in memory only). */
    NodeDeviceService(Set<DeviceId> fabric, org.onosproject.store.service.StorageService storage) {
        this.fabric = Set.copyOf(fabric);
        durable = storage == null ? null : storage.<String, String>consistentMapBuilder().withName(DURABLE)
                .withSerializer(org.onosproject.store.service.Serializer.forTypes(String.class)).build();
        if (durable != null) {
            for (Map.Entry<String, org.onosproject.store.service.Versioned<String>> e : durable.entrySet()) {
                int sep = e.getKey().indexOf(' ');
                learned.computeIfAbsent(DeviceId.deviceId(e.getKey().substring(0, sep)), k -> new ConcurrentHashMap<>())
                        .put(e.getKey().substring(sep + 1), e.getValue().value());
            }
        }
    }

    /** Returns the role of a device (fabric if configured so, else DSN). */
    InfrastructureFlows.Role role(DeviceId id) {
        return fabric.contains(id) ? InfrastructureFlows.Role.FABRIC : InfrastructureFlows.Role.DSN;
    }

    @Override
    public void connected(SwitchConnection sw) {
        DeviceId id = DeviceId.deviceId(sw.deviceId());
        Device d;
        synchronized (this) { // with relearn and disconnected
            connections.put(id, sw);
            d = device(id, sw);
            devices.put(id, d);
        }
        fire(new DeviceEvent(DeviceEvent.Type.DEVICE_ADDED, d));
    }

    /** A device with its role and learned annotations; {@code sw} null: known, not connected (no channel). */
    private Device device(DeviceId id, SwitchConnection sw) {
        DefaultAnnotations.Builder a = DefaultAnnotations.builder().set("role", role(id).name().toLowerCase());
        if (sw != null) {
            a.set("channelId", String.valueOf(sw.remoteAddress()));
        }
        learned.getOrDefault(id, Map.of()).forEach(a::set);
        configured.getOrDefault(id, Map.of()).forEach(a::set);
        return new DefaultDevice(PROVIDER, id, Device.Type.SWITCH, "Open vSwitch", "", "", "",
                new ChassisId(sw == null ? 0 : sw.dpid().getLong()), a.build());
    }

    /** Sets the annotations the node's configuration gives devices (before any switch connects). */
    void configure(Map<DeviceId, Map<String, String>> annotations) {
        configured = Map.copyOf(annotations);
    }

    /**
     * Records annotations another southbound learned of a device (the OVSDB: its underlay
     * address); a connected device is updated at once (one DEVICE_UPDATED), a later connection gets them.
     */
    void annotate(DeviceId id, Map<String, String> annotations) {
        relearn(id, m -> {
            if (m.entrySet().containsAll(annotations.entrySet())) {
                return false;
            }
            m.putAll(annotations);
            if (durable != null) {
                annotations.forEach((k, v) -> durable.put(id + " " + k, v));
            }
            return true;
        });
    }

    /** Returns a learned annotation of a device, or null. */
    String annotation(DeviceId id, String key) {
        return learned.getOrDefault(id, Map.of()).get(key);
    }

    /** Forgets learned annotations of a device (its underlay address went away); a connected device is updated. */
    void forget(DeviceId id, java.util.Collection<String> keys) {
        relearn(id, m -> {
            if (keys.stream().noneMatch(m::containsKey)) {
                return false;
            }
            keys.forEach(m::remove);
            if (durable != null) {
                keys.forEach(k -> durable.remove(id + " " + k));
            }
            return true;
        });
    }

    /** Applies {@code change} to a device's learned annotations; when it changed them, a connected device is rebuilt and updated. */
    private void relearn(DeviceId id, java.util.function.Predicate<Map<String, String>> change) {
        Device d = null;
        synchronized (this) { // with connected and disconnected: a device is put back only while connected
            if (!change.test(learned.computeIfAbsent(id, k -> new ConcurrentHashMap<>()))) {
                return;
            }
            SwitchConnection sw = connections.get(id);
            if (sw != null && devices.containsKey(id)) {
                d = device(id, sw);
                devices.put(id, d);
            }
        }
        if (d != null) {
            fire(new DeviceEvent(DeviceEvent.Type.DEVICE_UPDATED, d));
        }
    }

    /** Returns the address a connected device's OpenFlow channel comes from, or null when it is not connected. */
    /** Returns whether {@code a} is the address some connected switch's OpenFlow channel comes from. */
    boolean isChannelAddress(java.net.InetAddress a) {
        for (SwitchConnection sw : connections.values()) {
            java.net.SocketAddress r = sw.remoteAddress();
            if (r instanceof java.net.InetSocketAddress && ((java.net.InetSocketAddress) r).getAddress().equals(a)) {
                return true;
            }
        }
        return false;
    }

    java.net.InetAddress channelAddress(DeviceId id) {
        SwitchConnection sw = connections.get(id);
        java.net.SocketAddress a = sw == null ? null : sw.remoteAddress();
        return a instanceof java.net.InetSocketAddress ? ((java.net.InetSocketAddress) a).getAddress() : null;
    }

    @Override
    public void disconnected(SwitchConnection sw) {
        DeviceId id = DeviceId.deviceId(sw.deviceId());
        Device d;
        synchronized (this) {
            if (!connections.remove(id, sw)) {
                return; // an older connection of the id: the current one stays
            }
            d = devices.remove(id);
            counters.remove(id);
        }
        if (d != null) {
            fire(new DeviceEvent(DeviceEvent.Type.DEVICE_REMOVED, d));
        }
    }

    @Override
    public void portChanged(SwitchConnection sw, OFPortStatus status) {
        DeviceId id = DeviceId.deviceId(sw.deviceId());
        Device d = devices.get(id);
        if (d == null) {
            return;
        }
        DeviceEvent.Type t = status.getReason() == OFPortReason.ADD ? DeviceEvent.Type.PORT_ADDED
                : status.getReason() == OFPortReason.DELETE ? DeviceEvent.Type.PORT_REMOVED : DeviceEvent.Type.PORT_UPDATED;
        Port p = port(d, status.getDesc());
        fire(new DeviceEvent(t, d, p));
    }

    private void fire(DeviceEvent e) {
        Events.fire(listeners, e);
    }

    private static Port port(Device d, OFPortDesc p) {
        boolean up = !p.getState().contains(OFPortState.LINK_DOWN) && !p.getConfig().contains(OFPortConfig.PORT_DOWN);
        return new DefaultPort(d, PortNumber.portNumber(p.getPortNo().getPortNumber() & 0xffffffffL, p.getName()), up,
                DefaultAnnotations.builder().set("portMac", p.getHwAddr().toString()).build());
    }

    @Override
    public int getDeviceCount() {
        return devices.size();
    }

    @Override
    public Iterable<Device> getDevices() {
        return new ArrayList<>(devices.values());
    }

    @Override
    public Iterable<Device> getDevices(Device.Type type) {
        return type == Device.Type.SWITCH ? getDevices() : List.of();
    }

    @Override
    public Iterable<Device> getAvailableDevices() {
        return getDevices();
    }

    @Override
    public Iterable<Device> getAvailableDevices(Device.Type type) {
        return getDevices(type);
    }

    /**
     * Returns a connected device, or - as ONOS keeps devices that went away - an unavailable one
     * the node learned annotations of (its tunnel endpoint), or null.
     */
    @Override
    public Device getDevice(DeviceId deviceId) {
        Device d = devices.get(deviceId);
        Map<String, String> a = learned.get(deviceId);
        return d != null || a == null || a.isEmpty() ? d : device(deviceId, null);
    }

    @Override
    public MastershipRole getRole(DeviceId deviceId) {
        return MastershipRole.MASTER;
    }

    @Override
    public List<Port> getPorts(DeviceId deviceId) {
        Device d = devices.get(deviceId);
        SwitchConnection sw = connections.get(deviceId);
        if (d == null || sw == null) {
            return List.of();
        }
        List<Port> out = new ArrayList<>();
        for (OFPortDesc p : sw.ports()) {
            if ((p.getPortNo().getPortNumber() & 0xffffffffL) <= 0xffffff00L) {
                out.add(port(d, p));
            }
        }
        out.sort(java.util.Comparator.comparingLong(p -> p.number().toLong()));
        return out;
    }

    /**
     * Returns the ports' counters of a connected device as the switch last reported them, read on
     * demand: a call finding them older than {@link #STATS_MAX_AGE_MILLIS} (or none) has the switch
     * asked again and returns what is known meanwhile (nothing before the first answer) - so only
     * the devices someone watches are polled, at most once per that age.
     */
    @Override
    public List<PortStatistics> getPortStatistics(DeviceId deviceId) {
        SwitchConnection sw = connections.get(deviceId);
        if (sw == null) {
            return List.of();
        }
        PortCounters known = counters.get(deviceId);
        boolean current = known != null && known.connection == sw; // not an earlier connection's
        long now = System.currentTimeMillis();
        if (!current || !known.pending && now - known.asked >= STATS_MAX_AGE_MILLIS) {
            PortCounters asking = new PortCounters(sw, current ? known.stats : List.of(), now, true);
            counters.put(deviceId, asking);
            sw.portStats(STATS_MAX_AGE_MILLIS * 5).whenComplete((entries, e) -> {
                List<PortStatistics> stats = asking.stats;
                try {
                    if (e == null) {
                        stats = entries.stream().map(x -> statistics(deviceId, x)).toList();
                    }
                } finally { // answered, refused or timed out: the next reader may ask again
                    counters.replace(deviceId, asking, new PortCounters(sw, stats, asking.asked, false));
                }
            });
            known = asking;
        }
        return known.stats;
    }

    @Override
    public PortStatistics getStatisticsForPort(DeviceId deviceId, PortNumber portNumber) {
        return getPortStatistics(deviceId).stream().filter(p -> p.portNumber().toLong() == portNumber.toLong()).findFirst().orElse(null);
    }

    /** How old a device's port counters may be before a reader has the switch asked again. */
    static final long STATS_MAX_AGE_MILLIS = 1000;

    /** A device's port counters: from which connection, when they were asked for, and whether that answer is awaited. */
    private static final class PortCounters {
        final SwitchConnection connection;
        final List<PortStatistics> stats;
        final long asked;
        final boolean pending;

        PortCounters(SwitchConnection connection, List<PortStatistics> stats, long asked, boolean pending) {
            this.connection = connection;
            this.stats = stats;
            this.asked = asked;
            this.pending = pending;
        }
    }

    private final Map<DeviceId, PortCounters> counters = new ConcurrentHashMap<>();

    private static PortStatistics statistics(DeviceId d, org.projectfloodlight.openflow.protocol.OFPortStatsEntry e) {
        return org.onosproject.net.device.DefaultPortStatistics.builder().setDeviceId(d)
                .setPort(PortNumber.portNumber(e.getPortNo().getPortNumber() & 0xffffffffL))
                .setPacketsReceived(e.getRxPackets().getValue()).setPacketsSent(e.getTxPackets().getValue())
                .setBytesReceived(e.getRxBytes().getValue()).setBytesSent(e.getTxBytes().getValue())
                .setPacketsRxDropped(e.getRxDropped().getValue()).setPacketsTxDropped(e.getTxDropped().getValue())
                .setPacketsRxErrors(e.getRxErrors().getValue()).setPacketsTxErrors(e.getTxErrors().getValue())
                .setDurationSec(e.getDurationSec()).setDurationNano(e.getDurationNsec()).build();
    }

    @Override
    public List<PortStatistics> getPortDeltaStatistics(DeviceId deviceId) {
        throw Refuse.of("DeviceService", "getPortDeltaStatistics");
    }

    @Override
    public Port getPort(DeviceId deviceId, PortNumber portNumber) {
        return getPorts(deviceId).stream().filter(p -> p.number().toLong() == portNumber.toLong()).findFirst().orElse(null);
    }

    @Override
    public boolean isAvailable(DeviceId deviceId) {
        return devices.containsKey(deviceId);
    }

    @Override
    public String localStatus(DeviceId deviceId) {
        return isAvailable(deviceId) ? "connected" : "disconnected";
    }

    @Override
    public long getLastUpdatedInstant(DeviceId deviceId) {
        return 0;
    }

    @Override
    public void addListener(DeviceListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(DeviceListener listener) {
        listeners.remove(listener);
    }
}
