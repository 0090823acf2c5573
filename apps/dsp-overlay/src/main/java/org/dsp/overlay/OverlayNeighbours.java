package org.dsp.overlay;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dsp.spi.ServiceHost;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP6;
import org.onlab.packet.IPv6;
import org.onlab.packet.Ip6Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.ndp.NeighborAdvertisement;
import org.onlab.packet.ndp.NeighborSolicitation;
import org.onosproject.net.DeviceId;

/**
 * Answers the neighbour solicitations that overlay members' DSNs punt (an Open vSwitch flow
 * cannot build a neighbour advertisement): for a gateway with the router's MAC, for a member with
 * its MAC - the advertisement, solicited and override, goes back out of the port the solicitation
 * came in on. Each tenant's table comes from its latest compile; the tenant is the one the
 * punting flow's cookie names, so a member is only ever told its own tenant's addresses.
 */
final class OverlayNeighbours {
    private final Map<Integer, Map<Ip6Address, MacAddress>> byTenant = new ConcurrentHashMap<>();
    private volatile ServiceHost host;

    void attach(ServiceHost h) {
        host = h;
    }

    /** The IPv6 addresses tenant {@code tenantKey} answers for (its latest compile); empty forgets them. */
    void addresses(int tenantKey, Map<Ip6Address, MacAddress> a) {
        if (a.isEmpty()) {
            byTenant.remove(tenantKey);
        } else {
            byTenant.put(tenantKey, Map.copyOf(a));
        }
    }

    /** Returns what tenant {@code tenantKey} answers for (for tests). */
    Map<Ip6Address, MacAddress> addresses(int tenantKey) {
        return byTenant.getOrDefault(tenantKey, Map.of());
    }

    /** Answers a punted solicitation of the tenant named by {@code cookie}; returns whether one was sent. */
    boolean packetIn(DeviceId dsn, long inPort, long cookie, Ethernet eth) {
        if (!(eth.getPayload() instanceof IPv6) || !(eth.getPayload().getPayload() instanceof ICMP6)
                || !(eth.getPayload().getPayload().getPayload() instanceof NeighborSolicitation)) {
            return false;
        }
        int tenantKey = (int) ((cookie >>> 32) & 0xffff);
        Ip6Address target = Ip6Address.valueOf(((NeighborSolicitation) eth.getPayload().getPayload().getPayload()).getTargetAddress());
        MacAddress mac = byTenant.getOrDefault(tenantKey, Map.of()).get(target);
        ServiceHost h = host;
        if (mac == null || h == null) {
            return false;
        }
        Ethernet adv = NeighborAdvertisement.buildNdpAdv(target, mac, eth);
        // RFC 4861 7.1.2: a receiver drops an advertisement whose hop limit is not 255 (the library sets 85)
        ((IPv6) adv.getPayload()).setHopLimit((byte) 255);
        h.emit(dsn, inPort, adv.serialize());
        return true;
    }
}
