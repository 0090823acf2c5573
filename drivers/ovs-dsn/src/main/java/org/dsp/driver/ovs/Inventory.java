package org.dsp.driver.ovs;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * What step 2 needs to know of the network besides the tenants: for each DSN, the uplink port
 * that remote destinations are reached through (none: remote traffic drops). Devices listed here
 * get a program only when workloads are attached to them.
 */
public final class Inventory {
    private final Map<DeviceId, PortNumber> uplinks;

    private Inventory(Map<DeviceId, PortNumber> uplinks) {
        TreeMap<DeviceId, PortNumber> m = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        m.putAll(uplinks);
        this.uplinks = Collections.unmodifiableMap(m);
    }

    /** No known DSNs: DSNs appear as endpoints are attached to them, without uplinks. */
    public static Inventory empty() {
        return new Inventory(Map.of());
    }

    /** DSNs with their uplink ports. */
    public static Inventory of(Map<DeviceId, PortNumber> uplinks) {
        return new Inventory(Objects.requireNonNull(uplinks));
    }

    /** Returns the DSNs with their uplinks. */
    public Map<DeviceId, PortNumber> uplinks() {
        return uplinks;
    }

    /** Returns a DSN's uplink port, or null. */
    public PortNumber uplink(DeviceId dsn) {
        return uplinks.get(dsn);
    }
}
