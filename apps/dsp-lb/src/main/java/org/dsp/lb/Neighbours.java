package org.dsp.lb;

import java.util.Map;
import java.util.Set;
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
 * Answers the neighbour solicitations for the tenants' IPv6 VIPs that their clients' DSNs punt
 * (an OVS flow cannot build a neighbour advertisement): the advertisement, solicited and
 * override, names {@link #vipMac} as the VIP's link-layer address and goes back out of the port
 * the solicitation came in on. The MAC only brings the clients' packets to their DSN, which
 * rewrites it to the backend's.
 */
final class Neighbours {
    private final Map<String, Set<Ip6Address>> vips = new ConcurrentHashMap<>();
    private volatile ServiceHost host;

    /** The MAC an IPv6 VIP answers with: locally administered, 0a:00 and the address's last 32 bits. */
    static MacAddress vipMac(Ip6Address vip) {
        byte[] a = vip.toOctets();
        long low = ((a[12] & 0xffL) << 24) | ((a[13] & 0xffL) << 16) | ((a[14] & 0xffL) << 8) | (a[15] & 0xffL);
        return MacAddress.valueOf(0x0a0000000000L | low);
    }

    void attach(ServiceHost h) {
        host = h;
    }

    /** The IPv6 VIPs of {@code tenant} (its latest compile); empty forgets them. */
    void vips(String tenant, Set<Ip6Address> v) {
        if (v.isEmpty()) {
            vips.remove(tenant);
        } else {
            vips.put(tenant, Set.copyOf(v));
        }
    }

    /** Answers a punted neighbour solicitation for a known VIP; returns false for any other packet. */
    boolean packetIn(DeviceId dsn, long inPort, byte[] frame) {
        Ethernet eth;
        try {
            eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
        } catch (org.onlab.packet.DeserializationException | RuntimeException e) {
            return false;
        }
        if (!(eth.getPayload() instanceof IPv6) || !(eth.getPayload().getPayload() instanceof ICMP6)
                || !(eth.getPayload().getPayload().getPayload() instanceof NeighborSolicitation)) {
            return false;
        }
        Ip6Address target = Ip6Address.valueOf(((NeighborSolicitation) eth.getPayload().getPayload().getPayload()).getTargetAddress());
        if (vips.values().stream().noneMatch(s -> s.contains(target))) {
            return true; // a solicitation, but for no VIP of ours: not answered
        }
        ServiceHost h = host;
        if (h != null) {
            Ethernet adv = NeighborAdvertisement.buildNdpAdv(target, vipMac(target), eth);
            // RFC 4861 7.1.2: a receiver drops an advertisement whose hop limit is not 255 (the library sets 85)
            ((IPv6) adv.getPayload()).setHopLimit((byte) 255);
            h.emit(dsn, inPort, adv.serialize());
        }
        return true;
    }
}
