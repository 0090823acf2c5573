package org.dsp.node;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.rest.DspWebApplication;
import org.dsp.app.rest.BodyLimit;
import org.dsp.app.rest.DsnsResource;
import org.dsp.app.rest.ErrorMapper;
import org.dsp.app.rest.SchemaResource;
import org.dsp.app.rest.ServicesResource;
import org.dsp.app.rest.TenantsResource;
import java.util.ArrayList;
import java.util.List;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.InfrastructureFlows;
import org.dsp.node.openflow.OpenFlowServer;
import org.dsp.node.store.NodeStorageService;
import org.glassfish.jersey.jdkhttp.JdkHttpHandlerContainer;
import org.glassfish.jersey.server.ContainerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The node's side of a running node, in two steps. {@link #create} builds the durable store, the
 * OpenFlow server and the ONOS services DSP needs (the DSP core is then started on them: by SCR
 * in the OSGi node, by hand in the embedded one); {@link #open} then answers rejects, accepts
 * switches (after the core has compiled every stored tenant, so a reconnecting switch is
 * reconciled against the full program), starts LLDP discovery and serves the REST API.
 */
public final class NodeServices implements AutoCloseable {
    /**
     * Jersey 2.27 (the version ONOS ships) warns that every resource registered as an instance
     * "will be ignored" although it is served (eclipse-ee4j/jersey#3700); that one logger is
     * quieted to SEVERE. Held here so it is not collected (java.util.logging keeps loggers weakly).
     */
    private static final java.util.logging.Logger JERSEY_PROVIDERS_LOG =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    final NodeOptions options;
    final NodeStorageService store;
    final OpenFlowServer server;
    final NodeDeviceService devices;
    final NodeFlowRuleService flows;
    final NodeLinkService links;
    final LinkDiscovery discovery;
    final NodeCoreService core;
    final NodeMastershipService mastership = new NodeMastershipService();
    final NodeSouthbound southbound;
    final NodeHostService hosts;
    final NodeTopologyService topology;
    final NodeGroupService groups;
    final NodePacketService packets;
    final NodeDriverService drivers;
    final SecurityEvents security = new SecurityEvents(200);
    final NodeEventDispatcher events = new NodeEventDispatcher();
    private NodeTunnels tunnels;
    /** The keys for encryption between DSNs (with an OVSDB southbound), or null. */
    private NodeEncryption encryption;
    private org.dsp.node.ovsdb.OvsdbServer ovsdb;
    private org.dsp.node.flowlog.FlowLogStore flowLogs;
    private final ConntrackReports conntrack = new ConntrackReports();
    private CompiledKeys tenantKeys;
    private org.dsp.node.flowlog.IpfixCollector ipfix;
    private final java.util.concurrent.ScheduledExecutorService audits = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dsp-flow-audit");
                t.setDaemon(true);
                return t;
            });
    private HttpServer rest;
    private Credentials credentials;
    private java.util.concurrent.ExecutorService restThreads;
    private URI restUri;
    private int openflowPort;

    private NodeServices(NodeOptions o) {
        options = o;
        store = new NodeStorageService(new File(o.dataDir(), "store.db"));
        core = new NodeCoreService(store);
        server = new OpenFlowServer(5);
        devices = new NodeDeviceService(o.fabric(), store);
        NodePacketService[] punts = new NodePacketService[1];
        flows = new NodeFlowRuleService(server, o.keepForeign(), d -> {
            List<DsnFlow> infra = new ArrayList<>(InfrastructureFlows.of(devices.role(d)));
            infra.addAll(punts[0].puntFlows(d));
            return infra;
        });
        groups = new NodeGroupService(flows);
        southbound = new NodeSouthbound(flows::refusal, server::switchOf);
        packets = new NodePacketService(server, flows::connected);
        punts[0] = packets;
        drivers = new NodeDriverService(() -> {
            List<org.onosproject.net.DeviceId> ids = new ArrayList<>();
            devices.getDevices().forEach(dev -> ids.add(dev.id()));
            return ids;
        });
        links = new NodeLinkService(o.uplinks(), store);
        java.util.Map<org.onosproject.net.DeviceId, java.util.Map<String, String>> gateways = new java.util.HashMap<>();
        o.gateways().forEach((d, ext) -> gateways.put(d, java.util.Map.of(org.dsp.app.api.Gateway.EXTERNAL, ext)));
        devices.configure(gateways);
        hosts = new NodeHostService(links);
        topology = new NodeTopologyService(devices, links);
        discovery = new LinkDiscovery(server, links, o.probeMillis(), 3 * o.probeMillis() + 1000);
        server.addListener(flows);
        server.addListener(devices);
        server.addListener(discovery);
    }

    /** Returns the durable store (StorageService). */
    public org.onosproject.store.service.StorageService store() {
        return store;
    }

    /** Returns the OpenFlow server. */
    public OpenFlowServer server() {
        return server;
    }

    /** Returns the DeviceService. */
    public org.onosproject.net.device.DeviceService devices() {
        return devices;
    }

    /** Returns the FlowRuleService. */
    public org.onosproject.net.flow.FlowRuleService flows() {
        return flows;
    }

    /** Returns the EventDeliveryService: events of the core's listener managers, in order, on a thread of their own. */
    public org.onosproject.event.EventDeliveryService events() {
        return events;
    }

    /** Returns the GroupService. */
    public org.onosproject.net.group.GroupService groups() {
        return groups;
    }

    /** Returns the LinkService. */
    public org.onosproject.net.link.LinkService links() {
        return links;
    }

    /** Returns the CoreService. */
    public org.onosproject.core.CoreService core() {
        return core;
    }

    /** Returns the MastershipService (this node masters every device). */
    public org.onosproject.mastership.MastershipService mastership() {
        return mastership;
    }

    /** Returns DSP's southbound view of the node (refusals, kept flows). */
    public NodeSouthbound southbound() {
        return southbound;
    }

    /** Returns the PacketService. */
    public org.onosproject.net.packet.PacketService packets() {
        return packets;
    }

    /** Returns the DriverService. */
    public org.onosproject.net.driver.DriverService drivers() {
        return drivers;
    }

    /** Returns how many FLOW_MODs the last reconciliation of each switch sent. */
    public java.util.Map<org.onosproject.net.DeviceId, Integer> reconciled() {
        return flows.reconciled();
    }

    /** Returns how many FLOW_MODs flow audits sent to each switch to repair drift. */
    public java.util.Map<org.onosproject.net.DeviceId, Integer> repaired() {
        return flows.repaired();
    }

    /** Returns how many foreign groups reconciliation and audits removed from each switch. */
    public java.util.Map<org.onosproject.net.DeviceId, Integer> removedGroups() {
        return flows.removedGroups();
    }

    /** Builds the store, the OpenFlow server (not listening yet) and the ONOS services. */
    public static NodeServices create(NodeOptions o) {
        return new NodeServices(o);
    }

    /** Starts accepting switches and serving REST, for the DSP core {@code manager}. */
    public void open(TenantAdminService manager) throws Exception {
        hosts.tenants(manager);
        // no discovery probe into a workload's port, nor into the external network of a NAT gateway (docs/nat.md)
        java.util.Set<org.onosproject.net.ConnectPoint> external = new java.util.HashSet<>();
        options.gateways().forEach((d, ext) -> external.add(new org.onosproject.net.ConnectPoint(d,
                org.onosproject.net.PortNumber.portNumber(Long.parseLong(ext.substring(0, ext.indexOf('@')))))));
        discovery.workloadPorts(() -> {
            java.util.Set<org.onosproject.net.ConnectPoint> skip = new java.util.HashSet<>(hosts.workloadPorts());
            skip.addAll(external);
            return skip;
        });
        security.sink((kind, detail) -> manager.audit().record(org.dsp.app.api.AuditEntry.of("node", "-", "security." + kind, null, 0,
                detail, kind.endsWith("-takeover") ? "accepted" : "refused")));
        server.setPacketGate((sw, p) -> flows.punts(org.onosproject.net.DeviceId.deviceId(sw.deviceId()), p.cookie()));
        server.addSecurityListener(security);
        server.addPacketListener(new RejectResponder());
        server.addPacketListener(discovery);
        server.addPacketListener(packets);
        server.addPacketListener(hosts);
        if (options.openflowTls() != null) {
            server.useTls(TlsFiles.serverContext(options.openflowTls(), options.tlsPassword(), options.openflowCa()),
                    SwitchClaims.from(options.switchClaims()));
        }
        openflowPort = server.start(options.openflow());
        if (options.openflowTls() != null) {
            org.slf4j.LoggerFactory.getLogger(NodeServices.class).info("OpenFlow over TLS on port {}: switches need a certificate "
                    + "signed by {} that may claim their datapath id (ovs-vsctl set-ssl; set-controller ssl:NODE:{})", openflowPort,
                    options.openflowCa(), openflowPort);
        }
        CompiledKeys keys = new CompiledKeys(manager, System::currentTimeMillis);
        org.dsp.node.flowlog.IpfixExport export = org.dsp.node.flowlog.IpfixExport.off();
        if (options.ipfix() != null) {
            flowLogs = new org.dsp.node.flowlog.FlowLogStore(options.flowLogMax(), options.flowLogMaxPerTenant(),
                    options.flowLogRetentionSeconds(), System::currentTimeMillis);
            org.dsp.node.flowlog.FlowLogStore logs = flowLogs;
            manager.addListener(e -> {
                if (e.type() == org.dsp.app.api.TenantEvent.Type.TENANT_REMOVED) {
                    logs.purge(e.subject()); // a tenant created later with the same id reads none of them
                }
            });
            ipfix = new org.dsp.node.flowlog.IpfixCollector(options.ipfix(), devices::isChannelAddress,
                    (a, dsn) -> dsn.startsWith("of:") && a.equals(devices.channelAddress(org.onosproject.net.DeviceId.deviceId(dsn))),
                    keys, flowLogs, security::event,
                    System::currentTimeMillis);
            export = new org.dsp.node.flowlog.IpfixExport(options.ipfix().getAddress(), ipfix.address().getPort());
            org.slf4j.LoggerFactory.getLogger(NodeServices.class).info("flow logs: IPFIX collector on {} (at most {} records, "
                    + "kept {} s after last seen){}", ipfix.address(), options.flowLogMax(), options.flowLogRetentionSeconds(),
                    options.ovsdb() == null ? "; no OVSDB southbound: configure each DSN's IPFIX export yourself (docs/observability.md)" : "");
        }
        if (options.ovsdb() != null) {
            tunnels = new NodeTunnels(devices, security, export, conntrack, () -> keys.tenants().keySet());
            encryption = new NodeEncryption(store, options.encryptPool());
            tunnels.encryption(encryption);
            NodeTunnels t = tunnels;
            manager.addListener(e -> {
                if (e.type() == org.dsp.app.api.TenantEvent.Type.TENANT_UPDATED || e.type() == org.dsp.app.api.TenantEvent.Type.TENANT_REMOVED) {
                    t.refresh(); // the zones the servers' reporters count
                }
            });
            tenantKeys = keys;
            devices.addListener(tunnels);
            ovsdb = org.dsp.node.ovsdb.OvsdbServer.listen(options.ovsdb(), tunnels);
            org.slf4j.LoggerFactory.getLogger(NodeServices.class).info("OVSDB listening on {} (servers: ovs-vsctl set-manager tcp:NODE:{})",
                    ovsdb.address(), ovsdb.address().getPort());
        }
        discovery.start();
        if (options.auditMillis() > 0) {
            audits.scheduleWithFixedDelay(() -> {
                try {
                    server.switches().values().forEach(flows::audit);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(NodeServices.class).warn("flow audit round failed", e);
                }
            }, options.auditMillis(), options.auditMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        credentials = new Credentials(store);
        manager.identities().onRemoved(credentials::forget);
        credentials.dropOrphans(manager.identities());
        String secret = credentials.bootstrap(manager.identities(), options.dataDir());
        if (secret != null) {
            manager.audit().record(org.dsp.app.api.AuditEntry.of("node", "-", "user.bootstrap", null, 0,
                    "admin (platform-admin) created on first start", "accepted"));
            // the password itself is not printed: the console is copied into <data-dir>/dsp-node.log
            File secretFile = new File(options.dataDir(), Credentials.BOOTSTRAP_FILE);
            System.out.println("dsp-node: first start: created the platform admin 'admin'; its password is in " + secretFile
                    + " (readable by this user only). Log in: ./dsp login --user admin --password-file " + secretFile
                    + "; then change it (./dsp passwd) and delete the file");
            System.out.flush();
        }
        JERSEY_PROVIDERS_LOG.setLevel(java.util.logging.Level.SEVERE);
        boolean tls = options.restTls() != null;
        org.dsp.app.rest.MetricsResource metrics = new org.dsp.app.rest.MetricsResource(manager, flows, devices,
                java.util.List.of(this::nodeMetrics));
        ResourceConfig rc = new ResourceConfig().register(metrics).register(new TenantsResource(manager, flowLogs))
                .register(new org.dsp.app.rest.TenantRulesResource(manager))
                .register(new org.dsp.app.rest.CountersResource(manager, flows)).register(new DsnsResource(manager))
                .register(new org.dsp.app.rest.GuiResource()) // the console as ONOS serves it, behind the login (the node's own: /gui/)
                .register(new ServicesResource(manager)).register(new SchemaResource(manager))
                .register(new org.dsp.app.rest.UsersResource(manager)).register(new org.dsp.app.rest.AuditResource(manager))
                .register(new org.dsp.app.rest.WhoAmIResource()).register(new AuthResource(credentials, manager))
                .register(new ReadyResource(server, flows, security)).register(new ErrorMapper())
                .registerInstances(encryption == null ? new Object[0] : new Object[] {new EncryptionResource(encryption, devices, manager.audit())})
                .register(new BodyLimit(options.maxBodyBytes())).register(new NodeCallerFilter(tls))
                .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class);
        // bound to exactly the address given (Jersey's JdkHttpServerFactory binds every interface, whatever the URI's host)
        InetSocketAddress bind = new InetSocketAddress(java.net.InetAddress.getByName(options.restHost()), options.restPort());
        noDelay();
        if (tls) {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(bind, 64);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(TlsFiles.serverContext(options.restTls(),
                    options.tlsPassword(), null)) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters p = getSSLContext().getDefaultSSLParameters();
                    p.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                    params.setSSLParameters(p);
                }
            });
            rest = https;
        } else {
            rest = HttpServer.create(bind, 64);
        }
        // 8 for requests and one per live status stream (StatusStream.MAX_STREAMS), which holds its thread
        restThreads = java.util.concurrent.Executors.newFixedThreadPool(8 + StatusStream.MAX_STREAMS, r -> {
            Thread t = new Thread(r, "dsp-rest");
            t.setDaemon(true);
            return t;
        });
        rest.setExecutor(restThreads);
        RestGate gate = new RestGate(credentials, manager.identities(), manager.audit());
        rest.createContext(DspWebApplication.BASE_PATH + "/", ContainerFactory.createContainer(JdkHttpHandlerContainer.class, rc))
                .getFilters().add(gate);
        rest.createContext(TopologyResource.BASE_PATH, ContainerFactory.createContainer(JdkHttpHandlerContainer.class,
                new ResourceConfig().register(new TopologyResource(devices, links, flows, hosts)).register(new NodeCallerFilter(tls))
                        .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class))).getFilters().add(gate);
        rest.createContext("/metrics", ContainerFactory.createContainer(JdkHttpHandlerContainer.class,
                new ResourceConfig().register(new RootMetricsResource(metrics)).register(new NodeCallerFilter(tls))
                        .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class))).getFilters().add(gate);
        rest.createContext(StatusStream.PATH, new StatusStream(manager, gate::current)).getFilters().add(gate);
        rest.createContext("/gui", new GuiFiles()); // a prefix: /gui itself is redirected, /guiX is a 404
        rest.start();
        InetSocketAddress bound = rest.getAddress();
        restUri = URI.create((tls ? "https://" : "http://") + hostLiteral(bound.getAddress()) + ":" + bound.getPort()
                + DspWebApplication.BASE_PATH + "/");
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeServices.class);
        log.info("REST listening on {}:{} only ({}, authentication required)", bound.getAddress().getHostAddress(), bound.getPort(),
                tls ? "TLS" : "plain HTTP");
        if (!bound.getAddress().isLoopbackAddress() && !tls) {
            log.warn("REST listens on {} beyond loopback in clear text (no --rest-tls): passwords and tokens cross the network "
                    + "unencrypted", bound.getAddress().getHostAddress());
        }
    }

    /** The node's own metrics: reconciliation and repair FLOW_MODs per switch, security events. */
    private void nodeMetrics(org.dsp.app.rest.PrometheusText p) {
        p.family("dsp_reconcile_flow_mods", "gauge", "FLOW_MODs the last reconciliation of a switch sent (0: it held its program).");
        org.dsp.app.rest.MetricsResource.byId(flows.reconciled()).forEach((d, n) -> p.sample("dsp_reconcile_flow_mods",
                java.util.Map.of("dsn", d.toString()), n));
        p.family("dsp_repair_flow_mods_total", "counter", "FLOW_MODs flow audits sent to a switch to repair drift.");
        org.dsp.app.rest.MetricsResource.byId(flows.repaired()).forEach((d, n) -> p.sample("dsp_repair_flow_mods_total",
                java.util.Map.of("dsn", d.toString()), n));
        p.family("dsp_security_events_total", "counter", "Security events of the node by kind (since start; docs/security.md).");
        security.totals().forEach((k, n) -> p.sample("dsp_security_events_total", java.util.Map.of("kind", k), n));
        if (tenantKeys != null) {
            conntrackMetrics(p);
        }
        if (ipfix != null) {
            p.family("dsp_flow_log_records", "gauge", "Flow-log connection records the node holds (all tenants).");
            p.sample("dsp_flow_log_records", java.util.Map.of(), flowLogs.size());
            p.family("dsp_flow_log_dropped_total", "counter", "Flow-log records dropped to stay within --flow-log-max.");
            p.sample("dsp_flow_log_dropped_total", java.util.Map.of(), flowLogs.dropped());
            p.family("dsp_ipfix_records_total", "counter", "IPFIX records and messages the collector received, by what became of them.");
            p.sample("dsp_ipfix_records_total", java.util.Map.of("result", "accepted"), ipfix.accepted());
            p.sample("dsp_ipfix_records_total", java.util.Map.of("result", "refused"), ipfix.refused());
            p.sample("dsp_ipfix_records_total", java.util.Map.of("result", "unknown_rule"), ipfix.unknownRule());
            p.sample("dsp_ipfix_records_total", java.util.Map.of("result", "undecodable"), ipfix.undecodable());
        }
    }

    /** Conntrack entries per tenant zone and DSN, as the servers' dsp-ct-reporters last said (docs/observability.md). */
    private void conntrackMetrics(org.dsp.app.rest.PrometheusText p) {
        java.util.Map<org.onosproject.net.DeviceId, ConntrackReports.Report> reports = org.dsp.app.rest.MetricsResource.byId(conntrack.reports());
        java.util.Map<Integer, String> byKey = tenantKeys.tenants();
        p.family("dsp_conntrack_entries", "gauge", "Conntrack entries in a tenant's zone on a DSN, as its server's dsp-ct-reporter last counted.");
        reports.forEach((d, r) -> r.counts.forEach((zone, n) -> {
            String tenant = byKey.get(zone);
            if (tenant != null) {
                p.sample("dsp_conntrack_entries", org.dsp.app.rest.MetricsResource.labels("tenant", tenant, "dsn", d.toString()), n);
            }
        }));
        p.family("dsp_conntrack_report_time_seconds", "gauge", "When a DSN's server last reported its conntrack counts (unix time).");
        reports.forEach((d, r) -> p.sample("dsp_conntrack_report_time_seconds", java.util.Map.of("dsn", d.toString()), r.time));
    }

    /**
     * Makes the JDK's HTTP server send without Nagle's delay (TCP_NODELAY). Without it a response
     * written in two segments (headers, then a small body) waits for the client's delayed ACK: every
     * small answer - a status poll, a rule change - took 40 ms more. Read once, when the server's
     * configuration class loads, so it is set before the first server is created; an explicit
     * {@code -Dsun.net.httpserver.nodelay} wins.
     */
    private static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** A URI host for an address: IPv6 in brackets. */
    private static String hostLiteral(java.net.InetAddress a) {
        return a instanceof java.net.Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    }

    /** Returns the node's options. */
    public NodeOptions options() {
        return options;
    }

    /** Returns the bound IPFIX collector port (after {@link #open}), or 0 without flow logs. */
    public int ipfixPort() {
        return ipfix == null ? 0 : ipfix.address().getPort();
    }

    /** Returns the flow logs, or null when the node collects none. */
    public org.dsp.app.api.FlowLogService flowLogs() {
        return flowLogs;
    }

    /** Returns the bound OVSDB port (after {@link #open}), or 0 without the OVSDB southbound. */
    public int ovsdbPort() {
        return ovsdb == null ? 0 : ovsdb.address().getPort();
    }

    /** Returns the bound OpenFlow port (after {@link #open}). */
    public int openflowPort() {
        return openflowPort;
    }

    /** Returns the REST base URI, ending in /onos/dsp/v1/ (after {@link #open}). */
    public URI restUri() {
        return restUri;
    }

    /** Stops REST, discovery and the OpenFlow server and closes the store; the switches keep their flows. */
    @Override
    public void close() {
        if (rest != null) {
            rest.stop(0);
            restThreads.shutdownNow();
        }
        audits.shutdownNow();
        security.close();
        if (ovsdb != null) {
            ovsdb.close();
        }
        if (ipfix != null) {
            ipfix.close();
        }
        discovery.close();
        server.close();
        flows.close();
        store.close();
        events.close();
    }
}
