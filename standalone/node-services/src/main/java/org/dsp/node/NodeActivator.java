package org.dsp.node;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.dsp.app.api.Southbound;
import org.dsp.app.api.TenantAdminService;
import org.onosproject.core.CoreService;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.link.LinkService;
import org.onosproject.store.service.StorageService;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The node inside OSGi: registers the node's implementations of the ONOS services DSP uses (and
 * the node's {@link Southbound}); SCR then activates the DSP core component of the .oar bundles on
 * them; once its TenantAdminService appears and every stored tenant is compiled, the node accepts
 * switches and serves REST, and prints its readiness line. Options come from framework
 * properties {@code dsp.node.*} (set by the launcher from the command line).
 */
public final class NodeActivator implements BundleActivator {
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private NodeServices services;
    private BundleContext context;
    private ServiceTracker<TenantAdminService, TenantAdminService> tracker;

    @Override
    public void start(BundleContext ctx) throws Exception {
        context = ctx;
        NodeOptions o = NodeOptions.fromProperties(ctx::getProperty);
        services = NodeServices.create(o);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("dsp.node", true);
        registrations.add(ctx.registerService(CoreService.class, services.core, props));
        registrations.add(ctx.registerService(org.onosproject.event.EventDeliveryService.class, services.events, props));
        registrations.add(ctx.registerService(StorageService.class, services.store, props));
        registrations.add(ctx.registerService(FlowRuleService.class, services.flows, props));
        registrations.add(ctx.registerService(DeviceService.class, services.devices, props));
        registrations.add(ctx.registerService(LinkService.class, services.links, props));
        registrations.add(ctx.registerService(MastershipService.class, services.mastership, props));
        registrations.add(ctx.registerService(Southbound.class, services.southbound, props));
        registrations.add(ctx.registerService(org.onosproject.net.host.HostService.class, services.hosts, props));
        registrations.add(ctx.registerService(org.onosproject.net.group.GroupService.class, services.groups, props));
        registrations.add(ctx.registerService(org.onosproject.net.packet.PacketService.class, services.packets, props));
        registrations.add(ctx.registerService(org.onosproject.net.topology.TopologyService.class, services.topology, props));
        registrations.add(ctx.registerService(org.onosproject.security.AuditService.class, new NodeAuditService(), props));
        registrations.add(ctx.registerService(org.onosproject.ui.UiExtensionService.class, new NodeUiExtensions(), props));
        registrations.add(ctx.registerService(new String[] {org.onosproject.net.driver.DriverService.class.getName(),
            org.onosproject.net.driver.DriverAdminService.class.getName(),
            org.onosproject.net.driver.DefaultDriverProviderService.class.getName()}, services.drivers, props));
        tracker = new ServiceTracker<>(ctx, TenantAdminService.class, null) {
            @Override
            public TenantAdminService addingService(ServiceReference<TenantAdminService> ref) {
                TenantAdminService manager = super.addingService(ref);
                Thread t = new Thread(() -> NodeActivator.this.open(manager, o), "dsp-node-open");
                t.setDaemon(true);
                t.start();
                return manager;
            }
        };
        tracker.open();
    }

    private void open(TenantAdminService manager, NodeOptions o) {
        try {
            manager.dsnFlowCounts(); // returns after the core compiled every stored tenant
            services.open(manager);
            long sinceJvmStart = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.printf("dsp-node ready in %d ms (OSGi): openflow %s:%d, rest %s, data %s%n",
                    sinceJvmStart, o.openflow().getHostString(), services.openflowPort(),
                    services.restUri(), o.dataDir().getAbsolutePath());
            System.out.flush();
        } catch (Exception e) {
            System.err.println("dsp-node failed to open, stopping: " + e);
            e.printStackTrace();
            try {
                context.getBundle(0).stop(); // the whole framework: a node that cannot serve must not linger
            } catch (org.osgi.framework.BundleException stop) {
                System.err.println("dsp-node: cannot stop the framework: " + stop);
            }
        }
    }

    @Override
    public void stop(BundleContext ctx) {
        if (tracker != null) {
            tracker.close();
        }
        registrations.forEach(r -> {
            try {
                r.unregister();
            } catch (IllegalStateException gone) {
                // already unregistered by the framework
            }
        });
        if (services != null) {
            services.close();
        }
    }
}
