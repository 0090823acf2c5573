package org.dsp.overlay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dsp.overlay.model.Network;
import org.dsp.overlay.model.Subnet;
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
 * Answers what overlay members' DSNs punt (an Open vSwitch flow can build neither): neighbour
 * solicitations - for a gateway with the router's MAC, for a member with its MAC, the
 * advertisement (solicited, override) back out of the port the solicitation came in on - and
 * packets too large for their network's MTU - an ICMP "fragmentation needed" (IPv4 with DF; a
 * packet without DF is dropped, as Open vSwitch cannot fragment into the tunnel) or an ICMPv6
 * "packet too big" naming the MTU, from the sender's gateway (else the destination), sent through
 * the DSN's conntrack (a load balancer's translation undone), so the sender's path MTU discovery
 * adapts instead of its packets vanishing. Each tenant's tables come
 * from its latest compile; the tenant is the one the punting flow's cookie names, so a member is
 * only ever told its own tenant's addresses.
 */
final class OverlayNeighbours {
    /** A tenant as the answers need it: its IPv6 gateways' and members' MACs, its networks. */
    private static final class Tenant {
        final Map<org.onlab.packet.IpAddress, MacAddress> macs;
        final List<Network> networks;

        Tenant(Map<org.onlab.packet.IpAddress, MacAddress> macs, List<Network> networks) {
            this.macs = Map.copyOf(macs);
            this.networks = List.copyOf(networks);
        }
    }

    private final Map<Integer, Tenant> tenants = new ConcurrentHashMap<>();
    private volatile ServiceHost host;

    void attach(ServiceHost h) {
        host = h;
    }

    /**
     * What tenant {@code tenantKey} answers with, as of its latest compile: the MAC of each member
     * address and IPv6 gateway (a solicitation's target; a too-large packet's sender, whose frame the
     * DSN may have routed - its source MAC is the router's then), and its networks with members.
     */
    void tenant(int tenantKey, Map<org.onlab.packet.IpAddress, MacAddress> macs, List<Network> networks) {
        tenants.put(tenantKey, new Tenant(macs, networks));
    }

    /** Forgets tenant {@code tenantKey}. */
    void forget(int tenantKey) {
        tenants.remove(tenantKey);
    }

    /** Answers a punted solicitation or too-large packet of the tenant named by {@code cookie}; returns whether one was sent. */
    boolean packetIn(DeviceId dsn, long inPort, long cookie, Ethernet eth) {
        int key = (int) ((cookie >>> 32) & 0xffff); // the cookie's tenant key
        Tenant t = tenants.get(key);
        ServiceHost h = host;
        if (t == null || h == null) {
            return false;
        }
        if (!(eth.getPayload() instanceof IPv6) || !(eth.getPayload().getPayload() instanceof ICMP6)
                || !(eth.getPayload().getPayload().getPayload() instanceof NeighborSolicitation)) {
            // from the punt kind of an encrypted class: what the encrypted tunnel carries is the limit
            boolean encrypted = ((cookie >>> 26) & 0x3f) == org.dsp.overlay.model.OverlayStages.PUNT_ENCRYPTED.code();
            return tooBig(h, dsn, inPort, key, t, eth, encrypted);
        }
        Ip6Address target = Ip6Address.valueOf(((NeighborSolicitation) eth.getPayload().getPayload().getPayload()).getTargetAddress());
        MacAddress mac = t.macs.get(target);
        if (mac == null) {
            return false;
        }
        Ethernet adv = NeighborAdvertisement.buildNdpAdv(target, mac, eth);
        // RFC 4861 7.1.2: a receiver drops an advertisement whose hop limit is not 255 (the library sets 85)
        ((IPv6) adv.getPayload()).setHopLimit((byte) 255);
        h.emit(dsn, inPort, adv.serialize());
        return true;
    }

    /**
     * The answer to a packet too large for its network (for an encrypted tunnel, when
     * {@code encrypted}: at most what that carries): ICMP fragmentation needed / ICMPv6 packet too
     * big, sent through the DSN's conntrack: the packet may have been translated (a connection to
     * a load balancer's VIP, translated at this DSN to a backend), and the sender's socket knows only
     * the VIP - conntrack undoes the translation of the quoted header (and answers from the VIP).
     */
    private static boolean tooBig(ServiceHost h, DeviceId dsn, long inPort, int key, Tenant t, Ethernet eth, boolean encrypted) {
        List<Network> nets = t.networks;
        org.onlab.packet.IpAddress src;
        org.onlab.packet.IpAddress dst;
        byte[] original = ((org.onlab.packet.BasePacket) eth.getPayload()).serialize();
        boolean v4 = eth.getPayload() instanceof org.onlab.packet.IPv4;
        if (v4) {
            org.onlab.packet.IPv4 ip = (org.onlab.packet.IPv4) eth.getPayload();
            if ((ip.getFlags() & 0x2) == 0) {
                return false; // no DF: nothing to tell (the packet is lost, as a router that cannot fragment loses it)
            }
            src = org.onlab.packet.IpAddress.valueOf(ip.getSourceAddress());
            dst = org.onlab.packet.IpAddress.valueOf(ip.getDestinationAddress());
        } else if (eth.getPayload() instanceof IPv6) {
            IPv6 ip = (IPv6) eth.getPayload();
            src = org.onlab.packet.IpAddress.valueOf(org.onlab.packet.IpAddress.Version.INET6, ip.getSourceAddress());
            dst = org.onlab.packet.IpAddress.valueOf(org.onlab.packet.IpAddress.Version.INET6, ip.getDestinationAddress());
        } else {
            return false;
        }
        Integer mtu = null;
        org.onlab.packet.IpAddress from = dst;
        for (Network n : nets) {
            for (Subnet s : n.subnets()) {
                if (s.cidr().contains(dst)) {
                    mtu = org.dsp.overlay.model.Encryption.carried(n.mtu(), encrypted);
                }
                if (s.cidr().contains(src) && s.gateway() != null) {
                    from = s.gateway();
                }
            }
        }
        if (mtu == null) {
            return false;
        }
        java.nio.ByteBuffer body;
        org.onlab.packet.IPacket answer;
        if (v4) {
            int quoted = Math.min(original.length, ((org.onlab.packet.IPv4) eth.getPayload()).getHeaderLength() * 4 + 8);
            body = java.nio.ByteBuffer.allocate(4 + quoted).putShort((short) 0).putShort((short) (int) mtu).put(original, 0, quoted);
            org.onlab.packet.ICMP icmp = new org.onlab.packet.ICMP();
            icmp.setIcmpType((byte) 3).setIcmpCode((byte) 4); // destination unreachable: fragmentation needed
            icmp.setPayload(new org.onlab.packet.Data(body.array()));
            org.onlab.packet.IPv4 ip = new org.onlab.packet.IPv4();
            ip.setSourceAddress(from.getIp4Address().toInt()).setDestinationAddress(src.getIp4Address().toInt())
                    .setProtocol(org.onlab.packet.IPv4.PROTOCOL_ICMP).setTtl((byte) 64);
            ip.setPayload(icmp);
            answer = ip;
        } else {
            int quoted = Math.min(original.length, 1280 - 40 - 8); // the error fits the IPv6 minimum MTU
            body = java.nio.ByteBuffer.allocate(4 + quoted).putInt(mtu).put(original, 0, quoted);
            ICMP6 icmp = new ICMP6();
            icmp.setIcmpType(ICMP6.PKT_TOO_BIG).setIcmpCode((byte) 0);
            icmp.setPayload(new org.onlab.packet.Data(body.array()));
            IPv6 ip = new IPv6();
            ip.setSourceAddress(from.toOctets()).setDestinationAddress(src.toOctets()).setNextHeader(IPv6.PROTOCOL_ICMP6)
                    .setHopLimit((byte) 64);
            ip.setPayload(icmp);
            answer = ip;
        }
        Ethernet out = new Ethernet();
        // to the sender: a routed packet carries the router's MAC as its source by now
        out.setSourceMACAddress(Router.MAC).setDestinationMACAddress(t.macs.getOrDefault(src, eth.getSourceMAC()))
                .setEtherType(v4 ? Ethernet.TYPE_IPV4 : Ethernet.TYPE_IPV6).setPayload(answer);
        return h.emitTracked(dsn, key, inPort, out.serialize());
    }
}
