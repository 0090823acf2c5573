package org.dsp.node.embedded;

import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.dsp.app.api.TenantAdminService;
import org.dsp.node.NodeOptions;
import org.dsp.node.NodeServices;
import org.dsp.node.openflow.OpenFlowServer;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.link.LinkService;

/**
 * An embedded node: the node's services ({@link NodeServices}) and the DSP core component wired
 * in plain Java in this JVM, for tests, benchmarks and programs that embed DSP. `./dsp node`
 * runs the OSGi node instead (the launcher: the same node services as a bundle, the DSP bundles
 * of the .oar files activated by SCR); both share every piece of code but the wiring.
 */
public final class DspNode implements AutoCloseable {
    private final NodeServices services;
    private final NodeDspManager manager;

    private DspNode(NodeServices services, NodeDspManager manager) {
        this.services = services;
        this.manager = manager;
    }

    /**
     * Starts a node.
     *
     * @param dataDir where the durable store lives
     * @param openflow address to accept switches on (port 0: any free port)
     * @param restHost REST host (use 127.0.0.1)
     * @param restPort REST port (0: any free port)
     * @param uplinks each DSN's configured uplink port (links are also discovered)
     */
    public static DspNode start(File dataDir, InetSocketAddress openflow, String restHost, int restPort,
                                Map<DeviceId, PortNumber> uplinks) throws Exception {
        return start(NodeOptions.builder().dataDir(dataDir).openflow(openflow).rest(restHost, restPort).uplinks(uplinks).build());
    }

    /** Starts a node with {@code o}. */
    public static DspNode start(NodeOptions o) throws Exception {
        NodeServices services = NodeServices.create(o);
        NodeDspManager manager = new NodeDspManager(services);
        try {
            manager.start();
            services.open(manager);
        } catch (Exception | Error e) {
            services.close(); // nothing half-started is left behind (ports, threads, the store)
            throw e;
        }
        return new DspNode(services, manager);
    }

    /** Returns the tenant service. */
    public TenantAdminService tenants() {
        return manager;
    }

    /** Returns the OpenFlow port. */
    public int openflowPort() {
        return services.openflowPort();
    }

    /** Returns the OVSDB port (0: the node has no OVSDB southbound). */
    public int ovsdbPort() {
        return services.ovsdbPort();
    }

    /** Returns the REST base URI (ending in /onos/dsp/v1/). */
    public URI restUri() {
        return services.restUri();
    }

    /**
     * Returns the Authorization header value (Basic) of the platform admin the first start created,
     * read from {@code <data-dir>/bootstrap-admin.secret}: for tests and embedders, while that
     * password is unchanged.
     */
    public String adminAuthorization() {
        try {
            String secret = java.nio.file.Files.readString(new File(services.options().dataDir(), "bootstrap-admin.secret").toPath()).trim();
            return "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no bootstrap admin secret in the data directory (not the first start?)", e);
        }
    }

    /** Returns how many FLOW_MODs the last reconciliation of each switch sent (0: it already held its program). */
    public Map<DeviceId, Integer> reconciled() {
        return services.reconciled();
    }

    /** Returns how many FLOW_MODs flow audits sent to each switch to repair drift. */
    public Map<DeviceId, Integer> repaired() {
        return services.repaired();
    }

    /** Returns how many foreign groups reconciliation and audits removed from each switch. */
    public Map<DeviceId, Integer> removedGroups() {
        return services.removedGroups();
    }

    /** Returns the node's PacketService (processors, packet requests, emit). */
    public org.onosproject.net.packet.PacketService packets() {
        return services.packets();
    }

    /** Returns the node's DriverService. */
    public org.onosproject.net.driver.DriverService drivers() {
        return services.drivers();
    }

    /** Returns the links the node knows (discovered and configured). */
    public LinkService links() {
        return services.links();
    }

    /** Returns the node's FlowRuleService (what DSP programs through). */
    public org.onosproject.net.flow.FlowRuleService flowRules() {
        return services.flows();
    }

    /** Returns the node's GroupService (OpenFlow groups, reconciled and audited with the flows). */
    public org.onosproject.net.group.GroupService groups() {
        return services.groups();
    }

    /** Returns the node's southbound (what it encodes, and what it knows switches do not hold). */
    public org.dsp.app.api.Southbound southbound() {
        return services.southbound();
    }

    /** Returns the OpenFlow server. */
    public OpenFlowServer openflow() {
        return services.server();
    }

    /** Stops the node; the switches keep their flows (fail-mode secure). */
    @Override
    public void close() {
        manager.stop();
        services.close();
    }
}
