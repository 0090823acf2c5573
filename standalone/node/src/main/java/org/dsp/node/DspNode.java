package org.dsp.node;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.rest.DspWebApplication;
import org.dsp.app.rest.DsnsResource;
import org.dsp.app.rest.TenantsResource;
import org.dsp.node.openflow.OpenFlowServer;
import org.dsp.node.store.NodeStorageService;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * One standalone node: durable store, OpenFlow 1.3 server, the ONOS services DSP uses, the DSP
 * core component and the REST API. (Today the components are wired in plain Java; the OSGi
 * launcher that runs the .oar bundles in Felix is still to come.)
 */
public final class DspNode implements AutoCloseable {
    /**
     * Jersey 2.27 (the version ONOS ships) warns that every resource registered as an instance
     * "will be ignored" although it is served (eclipse-ee4j/jersey#3700); that one logger is
     * quieted to SEVERE so the node's log shows only real problems. Held here so it is not
     * collected (java.util.logging keeps loggers weakly).
     */
    private static final java.util.logging.Logger JERSEY_PROVIDERS_LOG =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    private final NodeStorageService store;
    private final OpenFlowServer openflow;
    private final NodeDspManager manager;
    private NodeFlowRuleService flows;
    private final HttpServer rest;
    private final int openflowPort;
    private final URI restUri;

    private DspNode(NodeStorageService store, OpenFlowServer openflow, int openflowPort, NodeDspManager manager,
                    HttpServer rest, URI restUri) {
        this.store = store;
        this.openflow = openflow;
        this.openflowPort = openflowPort;
        this.manager = manager;
        this.rest = rest;
        this.restUri = restUri;
    }

    /**
     * Starts a node.
     *
     * @param dataDir where the durable store lives
     * @param openflow address to accept switches on (port 0: any free port)
     * @param restHost REST host (use 127.0.0.1)
     * @param restPort REST port (0: any free port)
     * @param uplinks each DSN's uplink port
     */
    public static DspNode start(File dataDir, InetSocketAddress openflow, String restHost, int restPort,
                                Map<DeviceId, PortNumber> uplinks) throws Exception {
        return start(dataDir, openflow, restHost, restPort, uplinks, false);
    }

    /**
     * Starts a node.
     *
     * @param dataDir where the durable store lives
     * @param openflow address to accept switches on (port 0: any free port)
     * @param restHost REST host (use 127.0.0.1)
     * @param restPort REST port (0: any free port)
     * @param uplinks each DSN's uplink port
     * @param keepForeign leave flows whose cookie is not DSP's on the switches when reconciling
     *        (default false: the node owns every flow of a switch that connects to it)
     */
    public static DspNode start(File dataDir, InetSocketAddress openflow, String restHost, int restPort,
                                Map<DeviceId, PortNumber> uplinks, boolean keepForeign) throws Exception {
        NodeStorageService store = new NodeStorageService(new File(dataDir, "store.db"));
        OpenFlowServer server = new OpenFlowServer(5);
        NodeDeviceService devices = new NodeDeviceService();
        NodeFlowRuleService flows = new NodeFlowRuleService(server, keepForeign);
        server.addListener(flows);
        server.addListener(devices);
        NodeDspManager manager = new NodeDspManager(new NodeCoreService(), store, flows, devices,
                new NodeLinkService(uplinks), new NodeMastershipService());
        manager.start();
        server.addPacketListener(new RejectResponder(manager, server));
        int ofPort = server.start(openflow);
        int port = restPort;
        if (port == 0) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(restHost))) {
                port = s.getLocalPort();
            }
        }
        URI uri = URI.create("http://" + restHost + ":" + port + DspWebApplication.BASE_PATH + "/");
        JERSEY_PROVIDERS_LOG.setLevel(java.util.logging.Level.SEVERE);
        ResourceConfig rc = new ResourceConfig().register(new TenantsResource(manager)).register(new DsnsResource(manager))
                .register(new ReadyResource(server));
        HttpServer http = JdkHttpServerFactory.createHttpServer(uri, rc);
        DspNode node = new DspNode(store, server, ofPort, manager, http, uri);
        node.flows = flows;
        return node;
    }

    /** Returns the tenant service. */
    public TenantAdminService tenants() {
        return manager;
    }

    /** Returns the OpenFlow port. */
    public int openflowPort() {
        return openflowPort;
    }

    /** Returns the REST base URI (ending in /onos/dsp/v1/). */
    public URI restUri() {
        return restUri;
    }

    /** Returns how many FLOW_MODs the last reconciliation of each switch sent (0: it already held its program). */
    public Map<DeviceId, Integer> reconciled() {
        return flows.reconciled();
    }

    /** Returns the OpenFlow server. */
    public OpenFlowServer openflow() {
        return openflow;
    }

    /** Stops the node; the switches keep their flows (fail-mode secure). */
    @Override
    public void close() {
        rest.stop(0);
        manager.stop();
        openflow.close();
        store.close();
    }
}
