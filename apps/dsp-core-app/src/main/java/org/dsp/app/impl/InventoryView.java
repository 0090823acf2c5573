package org.dsp.app.impl;

import java.util.HashMap;
import java.util.Map;
import org.dsp.app.api.Underlay;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.Device;
import org.onosproject.net.Port;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.link.LinkService;

/**
 * The network as step 2 needs it: a device's uplink is its lowest-numbered port with an
 * infrastructure link (its link to the fabric). Links count whether or not the device is
 * connected right now, so a DSN that reconnects is compiled with its uplink from the start. A
 * device's tunnel endpoint is its port named {@link Underlay#TUNNEL_PORT} with the underlay address
 * of its {@link Underlay#ADDRESS} annotation (both or none). A device is a NAT gateway while it
 * is available and annotated {@link org.dsp.app.api.Gateway#EXTERNAL}. The fabric is every link
 * that is not inactive (a service chain's instances are placed nearest first by it); expected
 * (configured) links count only while no link is discovered.
 */
final class InventoryView {
    private InventoryView() {
    }

    /** The inventory, counting a gateway when {@code gatewayUp} says so (available, or presumed up after a restart). */
    static Inventory of(DeviceService devices, LinkService links, java.util.function.Predicate<DeviceId> gatewayUp) {
        Map<DeviceId, PortNumber> uplinks = new HashMap<>();
        Map<DeviceId, java.util.Set<DeviceId>> fabric = new HashMap<>();
        Map<DeviceId, java.util.Set<DeviceId>> configured = new HashMap<>(); // expected links: a node's configured uplinks
        Iterable<Link> all = links.getLinks();
        for (Link l : all == null ? java.util.List.<Link>of() : all) {
            ConnectPoint src = l.src();
            if (l.state() != Link.State.INACTIVE) {
                (l.isExpected() ? configured : fabric).computeIfAbsent(src.deviceId(), k -> new java.util.HashSet<>()).add(l.dst().deviceId());
            }
            PortNumber best = uplinks.get(src.deviceId());
            if (best == null || src.port().toLong() < best.toLong()) {
                uplinks.put(src.deviceId(), src.port());
            }
        }
        // DSNs connected now and DSNs known by their links (a disconnected DSN keeps its tunnel, as its uplink)
        java.util.Set<DeviceId> ids = new java.util.HashSet<>(uplinks.keySet());
        Iterable<Device> ds = devices.getDevices();
        for (Device d : ds == null ? java.util.List.<Device>of() : ds) {
            ids.add(d.id());
        }
        Map<DeviceId, TunnelEndpoint> tunnels = new HashMap<>();
        for (DeviceId id : ids) {
            TunnelEndpoint t = tunnel(devices, devices.getDevice(id));
            if (t != null) {
                tunnels.put(id, t);
            }
        }
        // gateways count while their device is available: a gateway that disconnects hands its tenants to another
        Map<DeviceId, org.dsp.driver.ovs.ExternalPort> externals = new HashMap<>();
        for (DeviceId id : ids) {
            Device d = devices.getDevice(id);
            String ext = d == null ? null : d.annotations().value(org.dsp.app.api.Gateway.EXTERNAL);
            if (ext != null && gatewayUp.test(id)) {
                try {
                    org.dsp.driver.ovs.ExternalPort x = org.dsp.driver.ovs.ExternalPort.parse(ext);
                    if (x.port().equals(uplinks.get(id))) {
                        continue; // the external port is the DSN's uplink: not a gateway (its flows would overlap the uplink's)
                    }
                    externals.put(id, x);
                } catch (IllegalArgumentException e) {
                    // not PORT@MAC: no gateway (the node checks its option before it annotates)
                }
            }
        }
        Map<DeviceId, org.dsp.driver.ovs.SecureEndpoint> secure = new HashMap<>();
        for (DeviceId id : tunnels.keySet()) {
            org.dsp.driver.ovs.SecureEndpoint e = secure(devices.getDevice(id));
            if (e != null) {
                secure.put(id, e);
            }
        }
        // configured links (to a stand-in for "the fabric") only while nothing is discovered: they would flatten the real distances
        return Inventory.of(uplinks, tunnels, externals).withSecure(secure).withFabric(fabric.isEmpty() ? configured : fabric);
    }

    /** A device's encrypted tunnel endpoint from its four annotations (docs/encryption.md), or null. */
    private static org.dsp.driver.ovs.SecureEndpoint secure(Device d) {
        if (d == null) {
            return null;
        }
        String address = d.annotations().value(Underlay.SECURE_ADDRESS);
        String port = d.annotations().value(Underlay.SECURE_PORT);
        String wgPort = d.annotations().value(Underlay.WIREGUARD_PORT);
        String wgAddress = d.annotations().value(Underlay.WIREGUARD_ADDRESS);
        if (address == null || port == null || wgPort == null || wgAddress == null) {
            return null;
        }
        try {
            return org.dsp.driver.ovs.SecureEndpoint.of(TunnelEndpoint.of(PortNumber.portNumber(Long.parseLong(port)),
                    Ip4Address.valueOf(address)), PortNumber.portNumber(Long.parseLong(wgPort)), Ip4Address.valueOf(wgAddress));
        } catch (IllegalArgumentException e) {
            return null; // not addresses and port numbers: no encrypted endpoint
        }
    }

    /** A device's tunnel endpoint from its annotations (and its port named for the tunnel), or null. */
    private static TunnelEndpoint tunnel(DeviceService devices, Device d) {
        String address = d == null ? null : d.annotations().value(Underlay.ADDRESS);
        if (address == null) {
            return null;
        }
        try {
            Ip4Address underlay = Ip4Address.valueOf(address);
            String port = d.annotations().value(Underlay.PORT);
            if (port != null) {
                return TunnelEndpoint.of(PortNumber.portNumber(Long.parseLong(port)), underlay);
            }
            for (Port p : devices.getPorts(d.id())) {
                if (Underlay.TUNNEL_PORT.equals(p.number().name()) || Underlay.TUNNEL_PORT.equals(p.annotations().value("portName"))) {
                    return TunnelEndpoint.of(PortNumber.portNumber(p.number().toLong()), underlay);
                }
            }
        } catch (IllegalArgumentException e) {
            return null; // not an IPv4 address or a port number: no tunnel
        }
        return null;
    }
}
