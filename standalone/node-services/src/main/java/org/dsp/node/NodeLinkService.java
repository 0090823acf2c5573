package org.dsp.node;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultLink;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.LinkKey;
import org.onosproject.net.PortNumber;
import org.onosproject.net.link.LinkEvent;
import org.onosproject.net.link.LinkListener;
import org.onosproject.net.link.LinkService;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;

/**
 * Links known to the node: the ones LLDP (DIRECT) and BDDP (INDIRECT) discovery found (kept durably, so a restarted node
 * compiles every DSN with its uplink before the first probe returns, and reconciliation sends
 * nothing) and configured uplinks (a DSN port towards a pseudo device "fabric:uplinks", expected links, for
 * networks without discovery). A discovered link goes away when its port goes away or when it
 * is not seen again for the stale age while both its switches are connected (the age counts from
 * the later switch's connection at the earliest); a link whose switch is disconnected cannot be
 * probed and is kept.
 */
final class NodeLinkService implements LinkService {
    static final DeviceId FABRIC = DeviceId.deviceId("fabric:uplinks");
    private static final String DURABLE = "dsp-node-links";

    private final Map<LinkKey, Link> links = new ConcurrentHashMap<>();
    private final Map<LinkKey, Long> lastSeen = new ConcurrentHashMap<>();
    private final ConsistentMap<String, String> durable;
    private final Set<LinkListener> listeners = new CopyOnWriteArraySet<>();

    /**
     * Creates the service with the configured uplinks and the links discovered before (read from
     * {@code storage}; null keeps discovered links in memory only).
     */
    NodeLinkService(Map<DeviceId, PortNumber> uplinks, StorageService storage) {
        uplinks.forEach((d, p) -> links.put(LinkKey.linkKey(new ConnectPoint(d, p), new ConnectPoint(FABRIC, PortNumber.portNumber(1))),
                DefaultLink.builder().providerId(NodeDeviceService.PROVIDER).src(new ConnectPoint(d, p))
                        .dst(new ConnectPoint(FABRIC, PortNumber.portNumber(1))).type(Link.Type.DIRECT).state(Link.State.ACTIVE)
                        .isExpected(true).build())); // configured, not discovered: expected
        durable = storage == null ? null : storage.<String, String>consistentMapBuilder().withName(DURABLE)
                .withSerializer(Serializer.forTypes(String.class)).build();
        long now = System.currentTimeMillis();
        if (durable != null) {
            for (Map.Entry<String, org.onosproject.store.service.Versioned<String>> e : durable.entrySet()) {
                String[] ends = e.getKey().split(" ");
                Link.Type type = "INDIRECT".equals(e.getValue().value()) ? Link.Type.INDIRECT : Link.Type.DIRECT;
                LinkKey key = put(ConnectPoint.deviceConnectPoint(ends[0]), ConnectPoint.deviceConnectPoint(ends[1]), type);
                lastSeen.put(key, now);
            }
        }
    }

    private LinkKey put(ConnectPoint src, ConnectPoint dst, Link.Type type) {
        Link l = DefaultLink.builder().providerId(NodeDeviceService.PROVIDER).src(src).dst(dst)
                .type(type).state(Link.State.ACTIVE).build();
        LinkKey key = LinkKey.linkKey(src, dst);
        links.put(key, l);
        return key;
    }

    private static String durableKey(LinkKey k) {
        return k.src() + " " + k.dst();
    }

    /** Records that an LLDP probe sent out of {@code src} arrived at {@code dst}; returns true when the link is new. */
    boolean seen(ConnectPoint src, ConnectPoint dst, long now) {
        return seen(src, dst, now, Link.Type.DIRECT);
    }

    /**
     * Records that a probe sent out of {@code src} arrived at {@code dst}: DIRECT for LLDP (the two
     * ports are neighbours), INDIRECT for BDDP (it may have crossed switches the node does not
     * control). A link seen both ways is DIRECT. Returns true when the link is new.
     */
    synchronized boolean seen(ConnectPoint src, ConnectPoint dst, long now, Link.Type type) {
        LinkKey key = LinkKey.linkKey(src, dst);
        Link old = links.get(key);
        lastSeen.put(key, now);
        if (old != null && (old.type() == Link.Type.DIRECT || type != Link.Type.DIRECT)) {
            return false;
        }
        put(src, dst, type);
        if (durable != null) {
            durable.put(durableKey(key), type.name());
        }
        fire(old == null ? LinkEvent.Type.LINK_ADDED : LinkEvent.Type.LINK_UPDATED, links.get(key));
        return old == null;
    }

    /**
     * Removes discovered links not seen for {@code staleMillis} while both their switches were
     * connected; returns them. {@code connectedSince} gives a switch's connection time, or null
     * when it is not connected: a link's age counts from the last time it was seen or from the
     * later of its switches' connections, whichever is later - a link read back after a restart,
     * or one whose switch was away, is given the stale age to be probed again before it goes (a
     * restarted node that dropped its stored uplinks at its first round would reprogram every DSN
     * without its uplink, and back).
     */
    synchronized List<Link> expire(long now, long staleMillis, java.util.function.Function<DeviceId, Long> connectedSince) {
        List<LinkKey> stale = new java.util.ArrayList<>();
        for (Map.Entry<LinkKey, Long> e : lastSeen.entrySet()) {
            Long src = connectedSince.apply(e.getKey().src().deviceId());
            Long dst = connectedSince.apply(e.getKey().dst().deviceId());
            if (src != null && dst != null && Math.max(e.getValue(), Math.max(src, dst)) < now - staleMillis) {
                stale.add(e.getKey());
            }
        }
        return stale.stream().map(this::remove).filter(l -> l != null).collect(Collectors.toList());
    }

    /** Removes the discovered links that start or end at {@code cp} (its port went away or down); returns them. */
    synchronized List<Link> removePort(ConnectPoint cp) {
        List<LinkKey> gone = lastSeen.keySet().stream().filter(k -> k.src().equals(cp) || k.dst().equals(cp))
                .collect(Collectors.toList());
        return gone.stream().map(this::remove).filter(l -> l != null).collect(Collectors.toList());
    }

    /** Removes a discovered link (configured uplinks are never in {@code lastSeen}, so never removed). */
    private Link remove(LinkKey key) {
        lastSeen.remove(key);
        Link l = links.remove(key);
        if (l != null) {
            if (durable != null) {
                durable.remove(durableKey(key));
            }
            fire(LinkEvent.Type.LINK_REMOVED, l);
        }
        return l;
    }

    private void fire(LinkEvent.Type type, Link l) {
        LinkEvent e = new LinkEvent(type, l);
        Events.fire(listeners, e);
    }

    @Override
    public int getLinkCount() {
        return links.size();
    }

    @Override
    public Iterable<Link> getLinks() {
        return List.copyOf(links.values());
    }

    @Override
    public Iterable<Link> getActiveLinks() {
        return getLinks();
    }

    @Override
    public Set<Link> getDeviceLinks(DeviceId deviceId) {
        return links.values().stream().filter(l -> l.src().deviceId().equals(deviceId) || l.dst().deviceId().equals(deviceId))
                .collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getDeviceEgressLinks(DeviceId deviceId) {
        return links.values().stream().filter(l -> l.src().deviceId().equals(deviceId)).collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getDeviceIngressLinks(DeviceId deviceId) {
        return links.values().stream().filter(l -> l.dst().deviceId().equals(deviceId)).collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getLinks(ConnectPoint cp) {
        return links.values().stream().filter(l -> l.src().equals(cp) || l.dst().equals(cp)).collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getEgressLinks(ConnectPoint cp) {
        return links.values().stream().filter(l -> l.src().equals(cp)).collect(Collectors.toSet());
    }

    @Override
    public Set<Link> getIngressLinks(ConnectPoint cp) {
        return links.values().stream().filter(l -> l.dst().equals(cp)).collect(Collectors.toSet());
    }

    @Override
    public Link getLink(ConnectPoint src, ConnectPoint dst) {
        return links.get(LinkKey.linkKey(src, dst));
    }

    @Override
    public void addListener(LinkListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(LinkListener listener) {
        listeners.remove(listener);
    }
}
