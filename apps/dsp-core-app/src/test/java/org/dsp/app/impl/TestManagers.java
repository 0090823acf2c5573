package org.dsp.app.impl;

import java.util.concurrent.Executors;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreServiceAdapter;
import org.onosproject.mastership.MastershipServiceAdapter;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;
import org.onosproject.net.device.DeviceServiceAdapter;
import org.onosproject.net.link.LinkServiceAdapter;

/** Builds activated DspManagers on ONOS 2.7.0 test adapters (this member masters every device). */
public final class TestManagers {
    /** The application id ONOS gives DSP's core in these tests (not 0, so that it shows in every cookie). */
    public static final short APP_ID = 0x1d5;

    private TestManagers() {
    }

    /** Returns an activated manager programming through {@code flows}, on an in-memory shared store. */
    public static DspManager active(RecordingFlowRules flows) {
        return active(flows, new SharedStorageService());
    }

    /** Returns an activated manager programming through {@code flows}, on {@code storage}. */
    public static DspManager active(RecordingFlowRules flows, org.onosproject.store.service.StorageService storage) {
        return active(flows, storage, connected(), new LinkServiceAdapter());
    }

    /** A device service for which every device is connected (available). */
    public static org.onosproject.net.device.DeviceService connected() {
        return new DeviceServiceAdapter() {
            @Override
            public boolean isAvailable(DeviceId deviceId) {
                return true;
            }
        };
    }

    /** Returns an activated manager programming through {@code flows}, seeing the given devices and links. */
    public static DspManager active(RecordingFlowRules flows, org.onosproject.store.service.StorageService storage,
                                    org.onosproject.net.device.DeviceService devices,
                                    org.onosproject.net.link.LinkService links) {
        return active(flows, storage, devices, links, null);
    }

    /** Returns an activated manager with the given flow budget (null: the defaults). */
    public static DspManager active(RecordingFlowRules flows, org.onosproject.store.service.StorageService storage,
                                    org.onosproject.net.device.DeviceService devices,
                                    org.onosproject.net.link.LinkService links, FlowBudget budget) {
        return active(flows, storage, devices, links, budget, d -> true);
    }

    /** Returns an activated manager, one member of a cluster that masters the devices {@code masters} accepts. */
    public static DspManager member(RecordingFlowRules flows, org.onosproject.store.service.StorageService storage,
                                    java.util.function.Predicate<DeviceId> masters) {
        return active(flows, storage, connected(), new LinkServiceAdapter(), null, masters);
    }

    private static DspManager active(RecordingFlowRules flows, org.onosproject.store.service.StorageService storage,
                                     org.onosproject.net.device.DeviceService devices,
                                     org.onosproject.net.link.LinkService links, FlowBudget budget,
                                     java.util.function.Predicate<DeviceId> masters) {
        return active(flows, storage, devices, links, budget, new MastershipServiceAdapter() {
            @Override
            public MastershipRole getLocalRole(DeviceId deviceId) {
                return masters.test(deviceId) ? MastershipRole.MASTER : MastershipRole.STANDBY;
            }
        }, null);
    }

    /**
     * Returns an activated manager, one member of an emulated cluster: its flow rule service and
     * mastership service are that member's views of the cluster's.
     */
    public static DspManager clusterMember(org.onosproject.net.flow.FlowRuleService flows,
                                           org.onosproject.store.service.StorageService storage,
                                           org.onosproject.mastership.MastershipService mastership) {
        return clusterMember(flows, storage, mastership, null);
    }

    /** As {@link #clusterMember(org.onosproject.net.flow.FlowRuleService, org.onosproject.store.service.StorageService,
     *  org.onosproject.mastership.MastershipService)}, with this member's document limits (null: the defaults). */
    static DspManager clusterMember(org.onosproject.net.flow.FlowRuleService flows,
                                    org.onosproject.store.service.StorageService storage,
                                    org.onosproject.mastership.MastershipService mastership, DocumentLimits limits) {
        return active(flows, storage, connected(), new LinkServiceAdapter(), null, mastership, limits);
    }

    private static DspManager active(org.onosproject.net.flow.FlowRuleService flows,
                                     org.onosproject.store.service.StorageService storage,
                                     org.onosproject.net.device.DeviceService devices,
                                     org.onosproject.net.link.LinkService links, FlowBudget budget,
                                     org.onosproject.mastership.MastershipService mastership, DocumentLimits limits) {
        DspManager m = new DspManager();
        m.budget = budget;
        m.limits = limits;
        m.coreService = new CoreServiceAdapter() {
            @Override
            public ApplicationId registerApplication(String name) {
                return new org.onosproject.core.DefaultApplicationId(APP_ID, name);
            }
        };
        m.storageService = storage;
        m.flowRuleService = flows;
        m.groupService = new RecordingGroups();
        m.deviceService = devices;
        m.linkService = links;
        m.mastershipService = mastership;
        m.queue = Executors.newSingleThreadExecutor();
        m.eventDispatcher(new TestEventDispatcher());
        org.dsp.spi.Services.discovered().apps().forEach(m::bindServiceApp);
        m.activate();
        return m;
    }

    /**
     * Writes {@code json} as tenant {@code tenant}'s stored document behind the core's back (what an
     * earlier release or another member stored), as the store event a running core then sees.
     */
    public static void storeRaw(DspManager m, String tenant, String json) {
        storeRaw(m.storageService, tenant, json);
    }

    /** As {@link #storeRaw(DspManager, String, String)}, into {@code storage} before any core runs on it. */
    public static void storeRaw(org.onosproject.store.service.StorageService storage, String tenant, String json) {
        storage.<String, String>consistentMapBuilder().withName(TenantStore.DOCUMENTS)
                .withSerializer(org.onosproject.store.service.Serializer.forTypes(String.class)).build().put(tenant, json);
    }

    /**
     * Returns the tenant's status once {@code until} accepts it, or the last one seen after 10 s
     * (null: none); the caller asserts what it needs.
     */
    public static org.dsp.app.api.TenantStatus awaitStatus(DspManager m, String tenant,
                                                           java.util.function.Predicate<org.dsp.app.api.TenantStatus> until)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        org.dsp.app.api.TenantStatus st = m.status(tenant);
        while ((st == null || !until.test(st)) && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
            st = m.status(tenant);
        }
        return st;
    }

    /** What a refused request must leave as it was besides the stored documents: the tenant keys and resource claims held. */
    public static String heldResources(DspManager m) {
        java.util.Map<String, String> claims = new java.util.TreeMap<>(m.storageService.<String, String>consistentMapBuilder()
                .withName(ResourceClaims.CLAIMS).withSerializer(org.onosproject.store.service.Serializer.forTypes(String.class))
                .build().asJavaMap());
        return m.store().allocatedKeys() + " tenant keys, claims " + claims;
    }

    /** Makes a network service app active, as SCR does when its app is activated. */
    public static void serviceCame(DspManager m, org.dsp.spi.ServiceApp s) {
        m.bindServiceApp(s);
    }

    /** Makes a network service app go away, as SCR does when its app is deactivated. */
    public static void serviceGone(DspManager m, org.dsp.spi.ServiceApp s) {
        m.unbindServiceApp(s);
    }

    /** Deactivates a manager made here. */
    public static void stop(DspManager m) {
        m.deactivate();
    }
}
