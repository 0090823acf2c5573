package org.dsp.app.impl;

import org.dsp.app.api.TenantRecord;
import org.dsp.model.Endpoint;
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
    static String misplaced(TenantStore store, MacAddress mac, ConnectPoint seen) {
        for (String t : store.ids()) {
            TenantRecord r = store.get(t);
            if (r == null) {
                continue;
            }
            for (Endpoint e : r.document().endpoints().values()) {
                if (e.mac().equals(mac) && !(e.attachment().dsn().equals(seen.deviceId())
                        && e.attachment().port().equals(seen.port()))) {
                    return "workload " + t + "/" + e.name() + " is declared at " + e.attachment().dsn() + "/"
                            + e.attachment().port() + "; its document's attachment is out of date, DSP keeps programming "
                            + "the declared one";
                }
            }
        }
        return null;
    }
}
