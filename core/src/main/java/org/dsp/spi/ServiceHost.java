package org.dsp.spi;

import org.onosproject.net.DeviceId;

/**
 * What the DSP core offers a service app while the app is bound ({@link ServiceApp#bind}): a way
 * to have a tenant compiled again when the service's own runtime state changed (a load
 * balancer's backend failed its health check), and packets out of a DSN's port. Packets that
 * flows of the service's punt kinds ({@link org.dsp.ir.Owner.Kind#punted}) send to the
 * controller come back through {@link ServiceApp#packetIn}.
 */
public interface ServiceHost {
    /**
     * Compiles and realizes tenant {@code tenantId} again with its stored document, asking every
     * service's compiler for its flows again; asynchronous (the core's work queue), a no-op for a
     * tenant the core does not hold.
     */
    void refresh(String tenantId);

    /**
     * Sends the Ethernet frame {@code frame} out of port {@code port} of DSN {@code dsn} (an
     * OpenFlow packet-out that skips the DSN's tables); returns false when the core cannot send
     * now (no packet service, or the DSN is not connected).
     */
    boolean emit(DeviceId dsn, long port, byte[] frame);

    /**
     * Sends the Ethernet frame {@code frame} to the endpoint on port {@code port} of DSN {@code dsn}
     * as the traffic of its tenant (key {@code tenantKey}) reaches it: through the DSN's connection
     * tracking first, so an error about a packet the DSN translated (a load balancer's) quotes the
     * packet as the endpoint sent it and comes from where the endpoint sent it. Where the DSN's
     * southbound cannot, as {@link #emit}; returns false when nothing could be sent.
     */
    default boolean emitTracked(DeviceId dsn, int tenantKey, long port, byte[] frame) {
        return emit(dsn, port, frame);
    }

    /**
     * Returns the names of the services active now (a chain's built-in step must name one), or
     * null when the host does not tell.
     */
    default java.util.Set<String> services() {
        return null;
    }

    /**
     * Returns the fabric distances between devices as the core knows them now (its links), for a
     * service that explains where it places things; {@link org.dsp.ir.ServicePlacement.Distance#UNKNOWN}
     * when the host does not tell.
     */
    default org.dsp.ir.ServicePlacement.Distance distances() {
        return org.dsp.ir.ServicePlacement.Distance.UNKNOWN;
    }

    /**
     * Returns which DSNs a service's traffic can be tunnelled between now - those with a tunnel
     * endpoint, or with a current encrypted one when {@code encrypted} - for a service that explains
     * where it places things; null when the host does not tell (then every DSN is taken as one).
     */
    default java.util.function.Predicate<DeviceId> tunnelled(boolean encrypted) {
        return null;
    }

    /**
     * Returns the counters of port {@code port} of DSN {@code dsn} as the switch last reported them
     * - among them the bytes it sent out of the port and how long the port had been counting when
     * the switch read them ({@code durationSec}, {@code durationNano}) - or null when the host does
     * not know them (the DSN not connected, none read yet, a host that does not tell). A service
     * measures a workload's load from them (a chain's instances: docs/chaining.md, "Ties by load").
     */
    default org.onosproject.net.device.PortStatistics portStatistics(DeviceId dsn, long port) {
        return null;
    }

    /**
     * Returns a map of strings named {@code name} that the host keeps durably (the controller's
     * store: it survives a restart of the controller, and is shared by a cluster's members), for
     * the state a service must not forget when the controller restarts - e.g. which of its
     * instances were down, so a restarted controller compiles what it compiled before instead of
     * reprogramming the switches and back. Names are the service's own (prefix them with the
     * service's name); returns null when the host keeps nothing durably. Writes should be rare
     * (each is a store write).
     */
    default java.util.Map<String, String> durable(String name) {
        return null;
    }

    /**
     * Returns whether this controller programs DSN {@code dsn} (in a cluster, whether it is the
     * DSN's master: only the master sees the DSN's packet-ins, so only its probes' verdicts count
     * for what is kept durably); true where there is one controller.
     */
    default boolean programs(DeviceId dsn) {
        return true;
    }
}
