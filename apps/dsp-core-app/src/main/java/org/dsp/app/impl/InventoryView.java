package org.dsp.app.impl;

import java.util.HashMap;
import java.util.Map;
import org.dsp.driver.ovs.Inventory;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.link.LinkService;

/**
 * The network as step 2 needs it: a device's uplink is its lowest-numbered port with an
 * infrastructure link (its link to the fabric). Links count whether or not the device is
 * connected right now, so a DSN that reconnects is compiled with its uplink from the start.
 */
final class InventoryView {
    private InventoryView() {
    }

    static Inventory of(DeviceService devices, LinkService links) {
        Map<DeviceId, PortNumber> uplinks = new HashMap<>();
        Iterable<Link> all = links.getLinks();
        for (Link l : all == null ? java.util.List.<Link>of() : all) {
            ConnectPoint src = l.src();
            PortNumber best = uplinks.get(src.deviceId());
            if (best == null || src.port().toLong() < best.toLong()) {
                uplinks.put(src.deviceId(), src.port());
            }
        }
        return Inventory.of(uplinks);
    }
}
