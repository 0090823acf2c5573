package org.dsp.driver.ovs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.Owner;
import org.onosproject.net.DeviceId;

/**
 * Tunnels between DSNs, as every tenant-wide translation uses them (overlay networks, NAT's
 * gateways, service chains): into a tunnel with a network id, and the classify flow that takes a
 * tenant's tunnel packets in from its other DSNs. A tunnel id's upper 16 bits (of 24) are the
 * tenant's key, the rest is the id within the tenant (docs/overlay.md).
 */
public final class Tunnels {
    /** The bits of a network id that are its tenant's key (the rest is the network's id in the tenant). */
    public static final long TENANT_BITS = 0xffff00L;
    /** The bytes of an untagged Ethernet header: a frame may exceed the MTU by this much. */
    public static final int ETHERNET_HEADER = 14;

    private Tunnels() {
    }

    /** The DSNs of a tenant's scoped bindings (overlay members), in a stable order. */
    public static Set<DeviceId> memberDsns(Map<String, EndpointBinding> tenant) {
        Set<DeviceId> dsns = new TreeSet<>(java.util.Comparator.comparing(DeviceId::toString));
        for (EndpointBinding b : tenant.values()) {
            if (b.scoped()) {
                dsns.add(b.attachment().dsn());
            }
        }
        return dsns;
    }

    /** The actions that send a packet from the DSN of tunnel endpoint {@code here} to that of {@code there} with tunnel id {@code id}. */
    public static List<DsnAction> intoTunnel(long id, TunnelEndpoint here, TunnelEndpoint there) {
        return List.of(DsnAction.setField(Field.TUN_ID, id), DsnAction.setField(Field.TUN_DST, there.underlay().toInt() & 0xffffffffL),
                DsnAction.output(here.port().toLong()));
    }

    /**
     * The classify flow that takes what the tunnel at {@code here} brings from the tenant's DSN at
     * {@code from} with one of the tenant's network ids ({@code anyNetworkId}'s upper 16 bits) as
     * the tenant's, from the network, on to the destination lookup.
     */
    public static Contribution fromTenantDsn(TunnelEndpoint here, TunnelEndpoint from, long anyNetworkId, int priority, Owner owner,
                                             long cookie) {
        return Contribution.direct(new DsnFlow.Key(Table.CLASSIFY, priority, DsnMatch.builder()
                .inPort(here.port().toLong()).set(Field.TUN_ID, MatchValue.masked(anyNetworkId & TENANT_BITS, TENANT_BITS))
                .set(Field.TUN_SRC, MatchValue.exact(from.underlay().toInt() & 0xffffffffL)).build()),
                owner, List.of(DsnAction.load(Registers.TENANT, owner.tenantKey()), DsnAction.load(Registers.FROM_NET, 1),
                        DsnAction.gotoTable(Table.DESTINATION)), cookie);
    }
}
