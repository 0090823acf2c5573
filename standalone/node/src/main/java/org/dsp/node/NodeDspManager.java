package org.dsp.node;

import org.dsp.app.api.NetworkService;
import org.dsp.app.impl.DspManager;
import org.dsp.driver.ovs.DsnTarget;
import org.onosproject.core.CoreService;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.link.LinkService;
import org.onosproject.store.service.StorageService;

/** The DSP core component, wired to the node's services by hand (what SCR does in ONOS). */
final class NodeDspManager extends DspManager {
    NodeDspManager(CoreService core, StorageService storage, FlowRuleService flows, DeviceService devices,
                   LinkService links, MastershipService mastership) {
        this.coreService = core;
        this.storageService = storage;
        this.flowRuleService = flows;
        this.deviceService = devices;
        this.linkService = links;
        this.mastershipService = mastership;
        // the node runs every network service (on ONOS each is its own app)
        for (NetworkService s : NetworkService.values()) {
            bindNetworkServiceApp(() -> s);
        }
    }

    /** The node's own encoder has every Nicira extension DSP uses. */
    @Override
    protected DsnTarget target() {
        return DsnTarget.OVS_NICIRA;
    }

    /** Activates and waits until every stored tenant is compiled, so switches are reconciled against the full program. */
    void start() {
        activate();
        dsnFlowCounts(); // runs on the work queue after the initial realizations
    }

    /** Stops without removing any flow: a node restart must not interrupt forwarding. */
    void stop() {
        suspend();
    }
}
