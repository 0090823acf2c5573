package org.dsp.app.impl;

import org.dsp.app.api.TenantService;
import org.onlab.packet.MacAddress;
import org.onosproject.net.ConnectPoint;

/** Checks on declared workloads against what the network reports. */
final class Workloads {
    private Workloads() {
    }

    /**
     * Returns a sentence when the workload with {@code mac} is declared at another attachment than
     * {@code seen}, else null (not declared, or where declared).
     */
    static String misplaced(TenantService tenants, MacAddress mac, ConnectPoint seen) {
        return tenants.endpoints().filter(w -> w.getValue().mac().equals(mac))
                .filter(w -> !(w.getValue().attachment().dsn().equals(seen.deviceId())
                        && w.getValue().attachment().port().equals(seen.port())))
                .findFirst()
                .map(w -> "workload " + w.getKey() + "/" + w.getValue().name() + " is declared at "
                        + w.getValue().attachment().dsn() + "/" + w.getValue().attachment().port()
                        + "; its document's attachment is out of date, DSP keeps programming the declared one")
                .orElse(null);
    }
}
