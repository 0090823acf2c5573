package org.dsp.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.dsp.app.api.TenantEvent;
import org.dsp.app.api.TenantService;
import org.dsp.model.Endpoint;
import org.dsp.node.openflow.PacketIn;
import org.dsp.node.openflow.PacketListener;
import org.dsp.node.openflow.SwitchConnection;
import org.onlab.packet.ARP;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onlab.packet.VlanId;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultAnnotations;
import org.onosproject.net.DefaultHost;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Host;
import org.onosproject.net.HostId;
import org.onosproject.net.HostLocation;
import org.onosproject.net.PortNumber;
import org.onosproject.net.host.HostEvent;
import org.onosproject.net.host.HostListener;
import org.onosproject.net.host.HostService;
import org.onosproject.net.link.LinkService;

/**
 * Hosts are the workloads the tenant documents declare (MAC, addresses, the DSN port they are
 * attached to, annotated with tenant and endpoint name; computed from the current documents on
 * each call) plus hosts learned from ARP: fabric switches copy ARP to the node, and an ARP packet
 * that arrives on an edge port (a port without a link) of a switch teaches its sender's MAC, IP
 * and location - as ONOS's host provider does. A declared workload is never replaced by a learned
 * host; a learned host whose port turns out to carry a link is forgotten (HOST_REMOVED). Learned
 * hosts raise HOST_ADDED, HOST_UPDATED (new address) and HOST_MOVED events;
 * declared ones raise none (they follow the tenant documents).
 */
final class NodeHostService implements HostService, PacketListener {
    private volatile TenantService tenants;
    private final LinkService links;
    private final Map<HostId, Host> learned = new ConcurrentHashMap<>();
    private final Set<HostListener> listeners = new CopyOnWriteArraySet<>();

    NodeHostService(LinkService links) {
        this.links = links;
        // a port that turns out to carry a link is no edge port: hosts learned there go
        links.addListener(e -> {
            if (e.type() == org.onosproject.net.link.LinkEvent.Type.LINK_ADDED) {
                forget(e.subject().src());
                forget(e.subject().dst());
            }
        });
    }

    private void forget(ConnectPoint cp) {
        for (Host h : List.copyOf(learned.values())) {
            if (h.location().deviceId().equals(cp.deviceId()) && h.location().port().equals(cp.port())
                    && learned.remove(h.id(), h)) {
                Events.fire(listeners, new HostEvent(HostEvent.Type.HOST_REMOVED, h));
            }
        }
    }

    @Override
    public void packetIn(SwitchConnection sw, PacketIn p) {
        if (p.inPort() < 0 || p.etherType() != Ethernet.TYPE_ARP) {
            return;
        }
        byte[] data = p.data();
        ConnectPoint at = new ConnectPoint(DeviceId.deviceId(sw.deviceId()), PortNumber.portNumber(p.inPort()));
        if (!links.getLinks(at).isEmpty()) {
            return; // an infrastructure port: the sender is elsewhere
        }
        try {
            Ethernet eth = Ethernet.deserializer().deserialize(data, 0, data.length);
            ARP arp = (ARP) eth.getPayload();
            MacAddress mac = MacAddress.valueOf(arp.getSenderHardwareAddress());
            IpAddress ip = IpAddress.valueOf(IpAddress.Version.INET, arp.getSenderProtocolAddress());
            learn(at, mac, ip);
        } catch (DeserializationException | RuntimeException e) {
            // not an Ethernet/ARP frame we can read: nothing to learn
        }
    }

    /** Learns that {@code mac} with {@code ip} is at {@code at}, unless it is a declared workload. */
    void learn(ConnectPoint at, MacAddress mac, IpAddress ip) {
        HostId id = HostId.hostId(mac, VlanId.NONE);
        TenantService t = tenants;
        if (t != null && t.endpoints().anyMatch(w -> w.getValue().mac().equals(mac))) {
            return;
        }
        Host old = learned.get(id);
        Set<IpAddress> ips = new java.util.HashSet<>(old == null ? Set.of() : old.ipAddresses());
        if (ip.isZero()) {
            ip = null; // an ARP probe (sender 0.0.0.0) teaches the location only
        }
        if (ip != null) {
            ips.add(ip);
        }
        HostLocation loc = new HostLocation(at, System.currentTimeMillis());
        Host h = new DefaultHost(NodeDeviceService.PROVIDER, id, mac, VlanId.NONE, loc, ips, false,
                DefaultAnnotations.builder().set("learned", "arp").build());
        learned.put(id, h);
        HostEvent e = old == null ? new HostEvent(HostEvent.Type.HOST_ADDED, h)
                : !old.location().deviceId().equals(at.deviceId()) || !old.location().port().equals(at.port())
                ? new HostEvent(HostEvent.Type.HOST_MOVED, h, old)
                : !old.ipAddresses().equals(ips) ? new HostEvent(HostEvent.Type.HOST_UPDATED, h, old) : null;
        if (e != null) {
            Events.fire(listeners, e);
        }
    }

    /** Where the tenants' workloads are attached, as of the last document change (null: to be computed). */
    private volatile Set<ConnectPoint> workloadPorts;
    /** Counts document changes: a set computed across one is not kept. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    /** Returns where the tenants' workloads are attached (computed again only after a document changed). */
    Set<ConnectPoint> workloadPorts() {
        Set<ConnectPoint> w = workloadPorts;
        TenantService t = tenants;
        if (w == null && t != null) {
            long before = changes.get();
            w = t.endpoints().map(e -> new ConnectPoint(e.getValue().attachment().dsn(), e.getValue().attachment().port()))
                    .collect(Collectors.toUnmodifiableSet());
            synchronized (changes) { // not across a change: the listener clears under the same lock
                if (changes.get() == before) {
                    workloadPorts = w;
                }
            }
        }
        return w == null ? Set.of() : w;
    }

    /** Serves the hosts of {@code t}'s documents from now on. */
    void tenants(TenantService t) {
        tenants = t;
        workloadPorts = null;
        t.addListener(e -> {
            if (e.type() == TenantEvent.Type.TENANT_UPDATED || e.type() == TenantEvent.Type.TENANT_REMOVED) {
                synchronized (changes) {
                    changes.incrementAndGet();
                    workloadPorts = null; // the next probe round computes them again
                }
            }
        });
    }

    private List<Host> all() {
        List<Host> out = declared();
        out.addAll(learned.values());
        return out;
    }

    private List<Host> declared() {
        TenantService t = tenants;
        if (t == null) {
            return new ArrayList<>();
        }
        return t.endpoints().map(w -> {
            Endpoint e = w.getValue();
            HostLocation at = new HostLocation(e.attachment().dsn(), e.attachment().port(), 0);
            return (Host) new DefaultHost(NodeDeviceService.PROVIDER, HostId.hostId(e.mac(), VlanId.NONE), e.mac(), VlanId.NONE,
                    at, Set.copyOf(e.addresses()), true, DefaultAnnotations.builder().set("tenant", w.getKey())
                    .set("endpoint", e.name()).set("kind", e.kind().toString()).build());
        }).collect(Collectors.toCollection(ArrayList::new));
    }

    private Set<Host> where(Predicate<Host> p) {
        return all().stream().filter(p).collect(Collectors.toSet());
    }

    @Override
    public int getHostCount() {
        return all().size();
    }

    @Override
    public Iterable<Host> getHosts() {
        return all();
    }

    @Override
    public Host getHost(HostId hostId) {
        return all().stream().filter(h -> h.id().equals(hostId)).findFirst().orElse(null);
    }

    @Override
    public Set<Host> getHostsByVlan(VlanId vlanId) {
        return where(h -> h.vlan().equals(vlanId));
    }

    @Override
    public Set<Host> getHostsByMac(MacAddress mac) {
        return where(h -> h.mac().equals(mac));
    }

    @Override
    public Set<Host> getHostsByIp(IpAddress ip) {
        return where(h -> h.ipAddresses().contains(ip));
    }

    @Override
    public Set<Host> getConnectedHosts(ConnectPoint connectPoint) {
        return where(h -> h.location().deviceId().equals(connectPoint.deviceId())
                && h.location().port().equals(connectPoint.port()));
    }

    @Override
    public Set<Host> getConnectedHosts(DeviceId deviceId) {
        return where(h -> h.location().deviceId().equals(deviceId));
    }

    @Override
    public void startMonitoringIp(IpAddress ip) {
        throw Refuse.of("HostService", "startMonitoringIp");
    }

    @Override
    public void stopMonitoringIp(IpAddress ip) {
        throw Refuse.of("HostService", "stopMonitoringIp");
    }

    @Override
    public void requestMac(IpAddress ip) {
        throw Refuse.of("HostService", "requestMac");
    }

    @Override
    public void addListener(HostListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(HostListener listener) {
        listeners.remove(listener);
    }
}
