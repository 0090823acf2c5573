package org.dsp.driver.ovs;

import java.util.List;
import org.dsp.ir.Owner;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;

/**
 * Address resolution at the DSN: ARP answered by the DSN itself (port security) - a tenant's
 * request for an address the flow knows is turned into the reply in place, source and target
 * swapped, the known MAC filled in, and sent back out of the port it came in on - and the match of
 * an IPv6 neighbour solicitation for an address (which the controller answers: a flow cannot).
 */
public final class AddressResolution {
    private AddressResolution() {
    }

    /** Matches an IPv6 neighbour solicitation for {@code target}. */
    public static DsnMatch.Builder solicitation(org.onlab.packet.IpAddress target) {
        return DsnMatch.builder().ethType(DsnMatch.IPV6).ipProto(58).set(Field.ICMPV6_TYPE, MatchValue.exact(135))
                .set(Field.ND_TARGET, MatchValue.prefix(org.onlab.packet.IpPrefix.valueOf(target, 128)));
    }

    /** The flow answering tenant {@code tenantKey}'s ARP requests for {@code ip} with {@code mac}, at {@code priority}. */
    public static Contribution answer(Ip4Address ip, MacAddress mac, int priority, Owner owner, int tenantKey) {
        return Contribution.direct(DsnFlow.Key.of(Table.PORT_SECURITY, priority, request(ip), tenantKey), owner, reply(ip, mac),
                Cookies.of(owner));
    }

    /** Matches an ARP request for {@code ip}. */
    public static DsnMatch.Builder request(Ip4Address ip) {
        return DsnMatch.builder().ethType(DsnMatch.ARP).set(Field.ARP_OP, MatchValue.exact(1))
                .set(Field.ARP_TPA, MatchValue.prefix(ip.toIpPrefix()));
    }

    /** Turns an ARP request into the reply "{@code ip} is at {@code mac}", sent back out of the port it came in on. */
    public static List<DsnAction> reply(Ip4Address ip, MacAddress mac) {
        long m = mac.toLong();
        return List.of(DsnAction.moveField(Field.ETH_SRC, Field.ETH_DST), DsnAction.setField(Field.ETH_SRC, m),
                DsnAction.setField(Field.ARP_OP, 2), DsnAction.moveField(Field.ARP_SHA, Field.ARP_THA),
                DsnAction.setField(Field.ARP_SHA, m), DsnAction.moveField(Field.ARP_SPA, Field.ARP_TPA),
                DsnAction.setField(Field.ARP_SPA, ip.toInt() & 0xffffffffL), DsnAction.output(DsnAction.IN_PORT));
    }
}
