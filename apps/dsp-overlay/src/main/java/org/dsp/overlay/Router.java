package org.dsp.overlay;

import org.onlab.packet.MacAddress;

/**
 * The tenant's distributed router, present on every DSN of the tenant's workloads: its gateways
 * answer ARP with {@link #MAC}, and what a workload sends to that MAC is routed at its own DSN.
 */
final class Router {
    /**
     * The router's MAC, locally administered; the same for every tenant (the DSN matches it only
     * together with the tenant's key), never an endpoint's MAC in the tenant (validation).
     */
    static final MacAddress MAC = org.dsp.overlay.model.Networks.ROUTER_MAC;

    private Router() {
    }
}
