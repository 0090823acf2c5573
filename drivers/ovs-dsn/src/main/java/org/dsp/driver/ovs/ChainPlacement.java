package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.ServicePaths;

/**
 * Where a chain's hops run for one pair of endpoints on this driver: {@link ServicePaths#place}
 * over the tenant's bindings, a DSN being reachable when it has a tunnel endpoint.
 */
final class ChainPlacement {
    /** A hop placed for one pair: the hop, its slots' instances and its distinct candidates' bindings, in declared order. */
    static final class PlacedHop {
        private final ServicePaths.Placed placed;
        private final List<EndpointBinding> slots;
        private final List<EndpointBinding> candidates;

        PlacedHop(ServicePaths.Placed placed, List<EndpointBinding> slots, List<EndpointBinding> candidates) {
            this.placed = placed;
            this.slots = List.copyOf(slots);
            this.candidates = List.copyOf(candidates);
        }

        ServicePaths.Hop hop() {
            return placed.hop();
        }

        /** The instance of each slot a connection is hashed into. */
        List<EndpointBinding> slots() {
            return slots;
        }

        /** The distinct live instances that take the hop's connections. */
        List<EndpointBinding> candidates() {
            return candidates;
        }

        int index(EndpointBinding instance) {
            return placed.index(instance.endpoint());
        }
    }

    private ChainPlacement() {
    }

    /** The hops a connection from {@code a} to {@code b} takes, in order, or null when a hop that fails closed has no live instance. */
    static List<PlacedHop> hops(ServicePaths.Path path, EndpointBinding a, EndpointBinding b, Map<String, EndpointBinding> tenant,
                                Inventory inventory) {
        List<ServicePaths.Placed> placed = ServicePaths.place(path, a.endpoint(), b.endpoint(), e -> {
            EndpointBinding x = tenant.get(e);
            return x == null ? null : x.attachment().dsn();
        }, d -> inventory.tunnel(d) != null);
        if (placed == null) {
            return null;
        }
        List<PlacedHop> out = new ArrayList<>();
        for (ServicePaths.Placed p : placed) {
            List<EndpointBinding> slots = new ArrayList<>();
            p.slots().forEach(x -> slots.add(tenant.get(x)));
            List<EndpointBinding> cs = new ArrayList<>();
            p.candidates().forEach(x -> cs.add(tenant.get(x)));
            out.add(new PlacedHop(p, slots, cs));
        }
        return out;
    }
}
