package org.dsp.node;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.rest.DspWebApplication;
import org.dsp.app.rest.DsnsResource;
import org.dsp.app.rest.ServicesResource;
import org.dsp.app.rest.TenantsResource;
import org.dsp.driver.ovs.InfrastructureFlows;
import org.dsp.node.openflow.OpenFlowServer;
import org.dsp.node.store.NodeStorageService;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * One standalone node: durable store, OpenFlow 1.3 server, the ONOS services DSP uses, the DSP
 * core component, LLDP link discovery and the REST API. (Today the components are wired in plain Java; the OSGi
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
    private LinkDiscovery discovery;
    private NodeLinkService links;
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
     * @param uplinks each DSN's configured uplink port (links are also discovered)
     */
    public static DspNode start(File dataDir, InetSocketAddress openflow, String restHost, int restPort,
                                Map<DeviceId, PortNumber> uplinks) throws Exception {
        return start(NodeOptions.builder().dataDir(dataDir).openflow(openflow).rest(restHost, restPort).uplinks(uplinks).build());
    }

    /** Starts a node with {@code o}. */
    public static DspNode start(NodeOptions o) throws Exception {
        NodeStorageService store = new NodeStorageService(new File(o.dataDir(), "store.db"));
        OpenFlowServer server = new OpenFlowServer(5);
        NodeDeviceService devices = new NodeDeviceService(o.fabric());
        NodeFlowRuleService flows = new NodeFlowRuleService(server, o.keepForeign(),
                d -> InfrastructureFlows.of(devices.role(d)));
        NodeLinkService links = new NodeLinkService(o.uplinks(), store);
        LinkDiscovery discovery = new LinkDiscovery(server, links, o.probeMillis(), 3 * o.probeMillis() + 1000);
        server.addListener(flows);
        server.addListener(devices);
        server.addListener(discovery);
        NodeDspManager manager = new NodeDspManager(new NodeCoreService(), store, flows, devices, links,
                new NodeMastershipService());
        manager.start();
        server.addPacketListener(new RejectResponder(manager, server));
        server.addPacketListener(discovery);
        int ofPort = server.start(o.openflow());
        discovery.start();
        int port = o.restPort();
        if (port == 0) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(o.restHost()))) {
                port = s.getLocalPort();
            }
        }
        URI uri = URI.create("http://" + o.restHost() + ":" + port + DspWebApplication.BASE_PATH + "/");
        JERSEY_PROVIDERS_LOG.setLevel(java.util.logging.Level.SEVERE);
        ResourceConfig rc = new ResourceConfig().register(new TenantsResource(manager)).register(new DsnsResource(manager))
                .register(new ServicesResource(manager)).register(new ReadyResource(server));
        HttpServer http = JdkHttpServerFactory.createHttpServer(uri, rc);
        http.createContext(TopologyResource.BASE_PATH, ContainerFactory.createContainer(JdkHttpHandlerContainer.class,
                new ResourceConfig().register(new TopologyResource(devices, links))));
        DspNode node = new DspNode(store, server, ofPort, manager, http, uri);
        node.flows = flows;
        node.discovery = discovery;
        node.links = links;
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

    /** Returns the links the node knows (discovered and configured). */
    public org.onosproject.net.link.LinkService links() {
        return links;
    }

    /** Returns the OpenFlow server. */
    public OpenFlowServer openflow() {
        return openflow;
    }

    /** Stops the node; the switches keep their flows (fail-mode secure). */
    @Override
    public void close() {
        rest.stop(0);
        discovery.close();
        manager.stop();
        openflow.close();
        store.close();
    }
}
