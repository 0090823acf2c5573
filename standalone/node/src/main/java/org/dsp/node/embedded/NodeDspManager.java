package org.dsp.node.embedded;

import org.dsp.node.NodeServices;

import org.dsp.app.impl.DspManager;

/** The DSP core component, wired to the node's services by hand (what SCR does in the OSGi node and in ONOS). */
final class NodeDspManager extends DspManager {
    NodeDspManager(NodeServices s) {
        this.coreService = s.core();
        this.storageService = s.store();
        this.flowRuleService = s.flows();
        this.groupService = s.groups();
        this.deviceService = s.devices();
        this.linkService = s.links();
        this.mastershipService = s.mastership();
        this.southbound = s.southbound();
        this.eventDispatcher = s.events();
        bindPacketService(s.packets());
        // the embedded node runs every network service on its class path (in OSGi and ONOS each is its own app)
        org.dsp.spi.Services.discovered().apps().forEach(this::bindServiceApp);
    }

    /** Activates and waits until every stored tenant is compiled, so switches are reconciled against the full program. */
    void start() {
        activate();
        dsnFlowCounts(); // runs on the work queue after the initial realizations
    }

    /** Stops; the node's southbound keeps the flows on the switches (a node restart must not interrupt forwarding). */
    void stop() {
        deactivate();
    }
}
