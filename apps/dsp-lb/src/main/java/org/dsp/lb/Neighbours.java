package org.dsp.lb;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dsp.spi.ServiceHost;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP6;
import org.onlab.packet.IPv6;
import org.onlab.packet.Ip6Address;
import org.onlab.packet.ndp.NeighborAdvertisement;
import org.onlab.packet.ndp.NeighborSolicitation;
import org.onosproject.net.DeviceId;

/**
 * Answers the neighbour solicitations for the tenants' IPv6 VIPs that their clients' DSNs punt
 * (an OVS flow cannot build a neighbour advertisement): the advertisement, solicited and
 * override, names {@link org.dsp.ir.VipMac} as the VIP's link-layer address and goes back out of the port
 * the solicitation came in on. The MAC only brings the clients' packets to their DSN, which
 * rewrites it to the backend's.
 */
final class Neighbours {
    private final Map<String, Set<Ip6Address>> byTenant = new ConcurrentHashMap<>();
    /** Every tenant's IPv6 VIPs, rebuilt when one changes (a compile), read per solicitation. */
    private volatile Set<Ip6Address> all = Set.of();
    private volatile ServiceHost host;


    void attach(ServiceHost h) {
        host = h;
    }

    /** The IPv6 VIPs of {@code tenant} (its latest compile); empty forgets them. */
    synchronized void vips(String tenant, Set<Ip6Address> v) {
        if (v.isEmpty()) {
            byTenant.remove(tenant);
        } else {
            byTenant.put(tenant, Set.copyOf(v));
        }
        Set<Ip6Address> union = new java.util.HashSet<>();
        byTenant.values().forEach(union::addAll);
        all = Set.copyOf(union);
    }

    /** Answers a punted neighbour solicitation for a known VIP; returns false for any other packet. */
    boolean packetIn(DeviceId dsn, long inPort, Ethernet eth) {
        if (!(eth.getPayload() instanceof IPv6) || !(eth.getPayload().getPayload() instanceof ICMP6)
                || !(eth.getPayload().getPayload().getPayload() instanceof NeighborSolicitation)) {
            return false;
        }
        Ip6Address target = Ip6Address.valueOf(((NeighborSolicitation) eth.getPayload().getPayload().getPayload()).getTargetAddress());
        if (!all.contains(target)) {
            return true; // a solicitation, but for no VIP of ours: not answered
        }
        ServiceHost h = host;
        if (h != null) {
            Ethernet adv = NeighborAdvertisement.buildNdpAdv(target, org.dsp.ir.VipMac.of(target), eth);
            // RFC 4861 7.1.2: a receiver drops an advertisement whose hop limit is not 255 (the library sets 85)
            ((IPv6) adv.getPayload()).setHopLimit((byte) 255);
            h.emit(dsn, inPort, adv.serialize());
        }
        return true;
    }
}
