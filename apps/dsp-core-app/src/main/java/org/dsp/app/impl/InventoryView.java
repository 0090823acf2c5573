package org.dsp.app.impl;

import java.util.HashMap;
import java.util.Map;
import org.dsp.driver.ovs.Inventory;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.link.LinkService;

/**
 * The network as step 2 needs it: each available device is a DSN candidate, and its uplink is the
 * lowest-numbered port with an infrastructure link (its link to the fabric).
 */
final class InventoryView {
    private InventoryView() {
    }

    static Inventory of(DeviceService devices, LinkService links) {
        Map<DeviceId, PortNumber> uplinks = new HashMap<>();
        for (Device d : devices.getAvailableDevices()) {
            PortNumber best = null;
            for (Link l : links.getDeviceEgressLinks(d.id())) {
                ConnectPoint src = l.src();
                if (best == null || src.port().toLong() < best.toLong()) {
                    best = src.port();
                }
            }
            if (best != null) {
                uplinks.put(d.id(), best);
            }
        }
        return Inventory.of(uplinks);
    }
}
