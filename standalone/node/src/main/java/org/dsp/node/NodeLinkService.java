package org.dsp.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.link.LinkListener;
import org.onosproject.net.link.LinkService;

/**
 * Links known to the node: today the configured uplink of each DSN (towards the fabric), so the
 * compiler knows where remote destinations are. (LLDP discovery is not implemented yet.)
 */
final class NodeLinkService implements LinkService {
    static final DeviceId FABRIC = DeviceId.deviceId("fabric:uplinks");
    private final List<Link> links = new ArrayList<>();

    NodeLinkService(Map<DeviceId, PortNumber> uplinks) {
        uplinks.forEach((d, p) -> links.add(DefaultLink.builder().providerId(NodeDeviceService.PROVIDER)
                .src(new ConnectPoint(d, p)).dst(new ConnectPoint(FABRIC, PortNumber.portNumber(1)))
                .type(Link.Type.DIRECT).state(Link.State.ACTIVE).build()));
    }

    @Override
    public int getLinkCount() {
        return links.size();
    }

    @Override
    public Iterable<Link> getLinks() {
        return List.copyOf(links);
    }

    @Override
    public Iterable<Link> getActiveLinks() {
        return getLinks();
    }

    @Override
    public Set<Link> getDeviceLinks(DeviceId deviceId) {
        return links.stream().filter(l -> l.src().deviceId().equals(deviceId) || l.dst().deviceId().equals(deviceId))
                .collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getDeviceEgressLinks(DeviceId deviceId) {
        return links.stream().filter(l -> l.src().deviceId().equals(deviceId)).collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getDeviceIngressLinks(DeviceId deviceId) {
        return links.stream().filter(l -> l.dst().deviceId().equals(deviceId)).collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getLinks(ConnectPoint cp) {
        return links.stream().filter(l -> l.src().equals(cp) || l.dst().equals(cp)).collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getEgressLinks(ConnectPoint cp) {
        return links.stream().filter(l -> l.src().equals(cp)).collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getIngressLinks(ConnectPoint cp) {
        return links.stream().filter(l -> l.dst().equals(cp)).collect(Collectors.toSet());
    }

    @Override
    public Link getLink(ConnectPoint src, ConnectPoint dst) {
        return links.stream().filter(l -> l.src().equals(src) && l.dst().equals(dst)).findFirst().orElse(null);
    }

    @Override
    public void addListener(LinkListener listener) {
        // configured links do not change while the node runs
    }

    @Override
    public void removeListener(LinkListener listener) {
        // configured links do not change while the node runs
    }
}
