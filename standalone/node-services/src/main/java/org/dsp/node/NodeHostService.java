package org.dsp.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.TenantService;
import org.dsp.model.Endpoint;
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
import org.onosproject.net.host.HostListener;
import org.onosproject.net.host.HostService;

/**
 * Hosts are the workloads the tenant documents declare: MAC, addresses, and the DSN port they
 * are attached to, annotated with tenant and endpoint name. Read-only and computed from the
 * current documents on each call; ARP learning and host events are not provided (DSP itself uses
 * declared endpoints only).
 */
final class NodeHostService implements HostService {
    private volatile TenantService tenants;

    /** Serves the hosts of {@code t}'s documents from now on. */
    void tenants(TenantService t) {
        tenants = t;
    }

    private List<Host> all() {
        TenantService t = tenants;
        List<Host> out = new ArrayList<>();
        if (t == null) {
            return out;
        }
        for (String id : t.tenants()) {
            TenantRecord r = t.tenant(id);
            if (r == null) {
                continue;
            }
            for (Endpoint e : r.document().endpoints().values()) {
                HostLocation at = new HostLocation(e.attachment().dsn(), e.attachment().port(), 0);
                out.add(new DefaultHost(NodeDeviceService.PROVIDER, HostId.hostId(e.mac(), VlanId.NONE), e.mac(), VlanId.NONE,
                        at, Set.copyOf(e.addresses()), true, DefaultAnnotations.builder().set("tenant", id)
                        .set("endpoint", e.name()).set("kind", e.kind().toString()).build()));
            }
        }
        return out;
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
        throw Refuse.of("HostService", "addListener (host events)");
    }

    @Override
    public void removeListener(HostListener listener) {
        throw Refuse.of("HostService", "removeListener (host events)");
    }
}
