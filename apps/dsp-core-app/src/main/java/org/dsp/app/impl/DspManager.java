package org.dsp.app.impl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsp.app.api.BusyException;
import org.dsp.app.api.DryRun;
import org.dsp.app.api.DsnLoad;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.api.TenantEvent;
import org.dsp.app.api.Southbound;
import org.dsp.app.api.TenantListener;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.Services;
import org.dsp.codec.ValidationError;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.UnreadableTenantException;
import org.dsp.app.api.TenantService;
import org.dsp.app.api.TenantStatus;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowDelta;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.model.TenantDocument;
import org.onosproject.core.CoreService;
import org.onosproject.mastership.MastershipService;
import org.onosproject.net.DeviceId;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.link.LinkEvent;
import org.onosproject.net.link.LinkListener;
import org.onosproject.net.link.LinkService;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.MapEventListener;
import org.onosproject.store.service.StorageService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DSP core component. Tenant documents live in ONOS storage (every member sees them); every
 * change of a document, device or link is handed to one serialized work queue, which compiles
 * the affected tenant incrementally and sends the per-DSN flow deltas through FlowRuleService,
 * for the devices this member masters. Listeners only enqueue. Deactivation removes exactly the
 * flows DSP installed.
 */
@Component(immediate = true, service = {TenantService.class, TenantAdminService.class})
public class DspManager extends org.onosproject.event.AbstractListenerManager<TenantEvent, TenantListener>
        implements TenantAdminService {
    /** The ONOS application name of the DSP core app. */
    public static final String APP_NAME = "org.dsp.core";

    private final Logger log = LoggerFactory.getLogger(getClass());

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected CoreService coreService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected StorageService storageService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected FlowRuleService flowRuleService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected org.onosproject.net.group.GroupService groupService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected DeviceService deviceService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected LinkService linkService;

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected MastershipService mastershipService;

    private final MapEventListener<String, String> storeListener = this::storeChanged;
    private final DeviceListener deviceListener = this::deviceChanged;
    private final LinkListener linkListener = this::linkChanged;
    private final org.onosproject.mastership.MastershipListener mastershipListener = this::mastershipChanged;
    /** DSNs this member became master of and has not taken over yet (see {@link #reports}). */
    private final Set<DeviceId> takingOver = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final org.onosproject.net.host.HostListener hostListener = this::hostSeen;
    private final Set<String> dirty = new LinkedHashSet<>();
    /** Tenants a service asked to have compiled again though their document did not change (guarded by {@link #dirty}). */
    private final Set<String> forced = new java.util.HashSet<>();

    /** The work queue (one thread); tests may set their own before activate(). */
    ExecutorService queue;
    volatile Thread worker;

    /** How long a request waits for the work queue before it is answered busy (HTTP 503); tests shorten it. */
    long callTimeoutMillis = 120_000;
    /**
     * How long a flow batch may go unanswered before its DSN is FAILED for it, plus 1 s per 10,000
     * operations (property {@code dsp.confirmSeconds}, default 60: longer than the node's own
     * confirmation timeout, so that the switch's answer comes first there); tests shorten it.
     */
    volatile long confirmTimeoutMillis = 60_000;
    private ConfirmDeadline deadlines;
    /** The active services (their sections are compiled); replaced whole on every change. */
    private volatile Services services = Services.none();
    /** Every service bound once (for SERVICE_NOT_ACTIVE: which app a section of an inactive service needs). */
    private final Map<String, ServiceApp> known = new java.util.concurrent.ConcurrentHashMap<>();
    /** Services refused because they overlap an active one, with the reason. */
    private final Map<String, String> refused = new java.util.concurrent.ConcurrentHashMap<>();
    /** DSP's ONOS application id: the top 16 bits of every flow's cookie. */
    private short appId;
    /** The groups of the programs (load balancers' select groups), through GroupService. */
    private GroupProgrammer groupProgrammer;
    /** Per DSN, when its latest change went out (ONOS: a change's flows wait for its groups; the next change waits for that). */
    private final Map<DeviceId, java.util.concurrent.CompletableFuture<Void>> programmed = new java.util.concurrent.ConcurrentHashMap<>();
    private TenantStore store;
    private IdentityStore identities;
    private final LatencyHistogram latency = new LatencyHistogram();
    private AuditStore audit;
    private ResourceClaims claims;
    /** The extra conntrack zones each tenant's compile asked for (allocated when its document is stored). */
    private final Map<String, Map<String, Integer>> zonesAsked = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Allocates the extra zones the tenant's last compile asked for (its document is stored now); a
     * zone that came out other than the one compiled (another member allocated meanwhile) has the
     * tenant compiled again.
     */
    private void allocateZones(String tenantId) {
        Map<String, Integer> asked = zonesAsked.remove(tenantId);
        if (asked == null) {
            return;
        }
        asked.forEach((purpose, compiled) -> {
            int zone = store.allocateZone(tenantId, purpose);
            if (zone != compiled) {
                log.warn("tenant {}: conntrack zone for {} allocated as {}, compiled with {}: compiling again", tenantId, purpose,
                        zone, compiled);
                synchronized (dirty) {
                    forced.add(tenantId);
                }
                enqueue(tenantId);
            }
        });
    }
    private RealizationRecords records;
    private Realizer realizer;
    /** The flow budget (limits from framework or system properties); tests may set their own before activate(). */
    FlowBudget budget;
    /** The size limits of one tenant's document (null until activation: from properties). */
    DocumentLimits limits;

    /** The runtime's southbound, when it is not ONOS's OpenFlow provider (the standalone node registers one). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL)
    protected Southbound southbound;

    /**
     * Returns what the southbound can encode: the registered {@link Southbound}'s target, else
     * what ONOS's OpenFlow provider carries through DSP's driver behaviours (no conjunction,
     * controller userdata or sampling).
     */
    protected DsnTarget target() {
        return southbound == null ? DsnTarget.ONOS_OPENFLOW : DsnTarget.ofProfile(southbound.profile());
    }

    /**
     * Activates in OSGi (SCR, ONOS): the flow budget's limits come from the framework (or system)
     * properties {@code dsp.flows.maxPerDsn} and {@code dsp.flows.maxPerTenant}.
     */
    @Activate
    protected void activate(org.osgi.service.component.ComponentContext context) {
        if (budget == null) {
            budget = FlowBudget.from(context.getBundleContext()::getProperty);
        }
        if (limits == null) {
            limits = DocumentLimits.from(context.getBundleContext()::getProperty);
        }
        confirmTimeout(context.getBundleContext().getProperty(CONFIRM_SECONDS));
        warmUpMillis = WarmUp.millis(context.getBundleContext().getProperty(WarmUp.PROPERTY));
        activate();
    }

    /** Warms the compile path before the first change, when {@link #warmUpMillis} asks; a failure only costs the warm-up. */
    private void warmUp() {
        if (warmUpMillis <= 0) {
            return;
        }
        try {
            log.info("warm-up: {}", WarmUp.run(services, target(), limits, budget, warmUpMillis));
        } catch (RuntimeException e) {
            log.warn("warm-up stopped: {}", e.toString());
        }
    }

    /** Sets the event delivery service, as SCR does (tests; the field is AbstractListenerManager's). */
    void eventDispatcher(org.onosproject.event.EventDeliveryService d) {
        this.eventDispatcher = d;
    }

    /** Returns the document store (tests). */
    TenantStore store() {
        return store;
    }

    /** Returns the compiled program of a DSN, whoever masters it (tests; null: none). */
    DsnProgram program(DeviceId dsn) {
        return call(() -> realizer.program(dsn));
    }

    /** The property giving {@link #confirmTimeoutMillis} in seconds. */
    static final String CONFIRM_SECONDS = "dsp.confirmSeconds";

    /** Parses {@link #CONFIRM_SECONDS}: a whole number of seconds, 1 to 3600. */
    static long confirmSeconds(String value) {
        return wholeNumber(CONFIRM_SECONDS, value, "seconds", "seconds", 1, 3600);
    }

    /**
     * Parses property {@code property}'s {@code value}: a whole number of {@code unit} from
     * {@code min} to {@code max} ({@code rangeUnit} names the unit in the range's message).
     *
     * @throws IllegalArgumentException naming the property, the value and the reason
     */
    static long wholeNumber(String property, String value, String unit, String rangeUnit, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a whole number of " + unit + ", not '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(property + " must be " + min + " to " + max + " " + rangeUnit + ", not " + n);
        }
        return n;
    }

    private boolean confirmSet;

    /** How long activation warms the compile path ({@link WarmUp}; 0: not at all), from {@link WarmUp#PROPERTY}. */
    long warmUpMillis;

    private void confirmTimeout(String seconds) {
        if (seconds != null && !confirmSet) {
            confirmTimeoutMillis = confirmSeconds(seconds) * 1000;
        }
        confirmSet = true;
    }

    /** Activates: registers the app, opens the store, realizes every stored tenant. */
    protected void activate() {
        confirmTimeout(System.getProperty(CONFIRM_SECONDS));
        if (budget == null) {
            budget = FlowBudget.from(System::getProperty);
        }
        if (limits == null) {
            limits = DocumentLimits.from(System::getProperty);
        }
        org.onosproject.core.ApplicationId app = coreService.registerApplication(APP_NAME);
        appId = app.id();
        groupProgrammer = new GroupProgrammer(groupService, app, 30);
        deadlines = new ConfirmDeadline();
        if (queue == null) {
            queue = Executors.newSingleThreadExecutor(r -> new Thread(r, "dsp-realizer"));
        }
        queue.execute(() -> worker = Thread.currentThread());
        // events go through ONOS's event delivery service (the node's own in the node): in order, off the work queue, so a
        // slow listener never holds up compiling and a listener may call back in
        eventDispatcher.addSink(TenantEvent.class, listenerRegistry);
        store = new TenantStore(storageService, () -> TenantDocumentCodec.with(services));
        claims = new ResourceClaims(storageService, doc -> org.dsp.compiler.LogicalCompiler.scopedEndpoints(doc, services),
                doc -> org.dsp.compiler.LogicalCompiler.serviceClaims(doc, services));
        records = new RealizationRecords(storageService);
        identities = new IdentityStore(storageService);
        audit = new AuditStore(storageService);
        java.util.Map<String, TenantDocument> stored = new java.util.HashMap<>();
        java.util.Set<String> unreadable = new java.util.HashSet<>();
        for (String id : store.ids()) {
            TenantRecord r = store.readable(id);
            if (r != null) {
                stored.put(id, r.document());
            } else if (store.version(id) != 0) {
                unreadable.add(id); // reported FAILED when realized; it keeps what it holds until replaced or deleted
            }
        }
        claims.reconcile(stored, unreadable);
        startedAt = System.currentTimeMillis();
        realizer = new Realizer(inventory(), target(), services);
        realizer.zones((t, purpose) -> { // probed while compiling; allocated once the document is stored (allocateZones)
            Map<String, Integer> asked = zonesAsked.computeIfAbsent(t, k -> new java.util.concurrent.ConcurrentHashMap<>());
            // never a zone probed for another of the tenant's purposes (none allocated yet, they could probe the same free key)
            int zone = store.zone(t, purpose, asked.entrySet().stream().filter(e -> !e.getKey().equals(purpose)).map(Map.Entry::getValue)
                    .collect(java.util.stream.Collectors.toList()));
            asked.put(purpose, zone);
            return zone;
        });
        warmUp();
        store.addListener(storeListener);
        deviceService.addListener(deviceListener);
        linkService.addListener(linkListener);
        mastershipService.addListener(mastershipListener);
        for (String id : store.ids()) {
            enqueue(id);
        }
        // when the gateways' grace ends, one that has not reconnected no longer counts: its tenants move
        graceTimer = new java.util.Timer("dsp-gateway-grace", true);
        graceTimer.schedule(new java.util.TimerTask() {
            @Override
            public void run() {
                try {
                    queue.execute(DspManager.this::inventoryChanged);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // stopped meanwhile
                }
            }
        }, GATEWAY_GRACE_MS + 100);
        log.info("DSP core started ({} tenants)", store.size());
    }

    /**
     * Deactivates: stops listening and removes every flow DSP installed on the devices this member
     * masters - unless the runtime's {@link Southbound} keeps flows when DSP stops (the node).
     */
    @Deactivate
    protected void deactivate() {
        if (southbound != null && southbound.keepsFlowsWhenStopped()) {
            suspend();
            log.info("DSP core stopped; flows stay on the switches");
            return;
        }
        cancelTimers();
        unlisten();
        call(() -> {
            for (DsnProgram p : realizer.programs().values()) {
                if (!isLocal(p.dsn())) {
                    continue;
                }
                FlowRule[] rules = p.flows().values().stream().filter(f -> !org.dsp.driver.ovs.DsnGroups.isGroup(f))
                        .map(f -> FlowRuleTranslator.toFlowRule(p.dsn(), f, appId)).toArray(FlowRule[]::new);
                flowRuleService.removeFlowRules(rules);
                groupProgrammer.remove(p.dsn(), p.flows().values().stream().filter(org.dsp.driver.ovs.DsnGroups::isGroup)
                        .map(org.dsp.driver.ovs.DsnGroups::of).collect(java.util.stream.Collectors.toList()));
            }
            return null;
        });
        queue.shutdown();
        eventDispatcher.removeSink(TenantEvent.class);
        log.info("DSP core stopped");
    }

    /** Stops the timers: the gateways' grace and the flow batches' deadlines. */
    private void cancelTimers() {
        if (graceTimer != null) {
            graceTimer.cancel();
            graceTimer = null;
        }
        if (deadlines != null) {
            deadlines.stop();
        }
    }

    /**
     * Stops listening and working without touching any device: for a process that shuts down and
     * will come back (the standalone node), whose flows must keep forwarding meanwhile.
     */
    protected void suspend() {
        cancelTimers();
        unlisten();
        queue.shutdown();
        eventDispatcher.removeSink(TenantEvent.class);
    }

    private void unlisten() {
        if (groupProgrammer != null) {
            groupProgrammer.close();
        }
        store.removeListener(storeListener);
        deviceService.removeListener(deviceListener);
        linkService.removeListener(linkListener);
        mastershipService.removeListener(mastershipListener);
    }

    /**
     * A network service app became active: its sections of every tenant are compiled from now on,
     * and its stages join the pipeline. A service that overlaps an active one (a section key, a
     * stage or its slot, an owner kind code) is refused: logged, shown by {@code GET /services},
     * never compiled. (Bound dynamically: apps come and go while the core runs.)
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    protected void bindServiceApp(ServiceApp app) {
        synchronized (known) {
            Services next;
            try {
                next = services.with(app);
                Realizer.checkFits(realizer, next, target()); // the driver places its stages and fields, or says why not
                next.schemaValidator(); // the document schema with its sections compiles (else every submission would fail)
            } catch (IllegalArgumentException e) {
                refused.put(app.name(), e.getMessage());
                log.error("network service {} (app {}) refused: {}", app.name(), app.app(), e.getMessage());
                return;
            }
            refused.remove(app.name());
            known.put(app.name(), app);
            services = next;
            app.bind(host);
            log.info("network service {} active (app {}): sections {}, {} stage(s)", app.name(), app.app(),
                    app.sections().stream().map(org.dsp.spi.SectionCodec::key).collect(java.util.stream.Collectors.toList()),
                    app.stages().size());
        }
        servicesChanged();
    }

    /** A network service app went away: its sections stop being enforced, so exactly their flows leave the DSNs. */
    protected void unbindServiceApp(ServiceApp app) {
        synchronized (known) {
            if (refused.remove(app.name()) != null || services.app(app.name()) != app) {
                return;
            }
            services = services.without(app.name());
            app.unbind();
            log.info("network service {} inactive: its sections are not enforced", app.name());
        }
        servicesChanged();
    }

    /** What a bound service app may ask of the core: a tenant compiled again, a packet out of a DSN port. */
    private final org.dsp.spi.ServiceHost host = new org.dsp.spi.ServiceHost() {
        @Override
        public void refresh(String tenantId) {
            java.util.concurrent.ExecutorService q = queue;
            if (store != null && q != null && !q.isShutdown()) {
                synchronized (dirty) {
                    forced.add(tenantId);
                }
                enqueue(tenantId);
            }
        }

        @Override
        public java.util.Set<String> services() {
            return activeServices();
        }

        @Override
        public org.dsp.ir.ServicePlacement.Distance distances() {
            return inventory()::hops; // a snapshot: each source's distances found once
        }

        @Override
        public java.util.function.Predicate<DeviceId> tunnelled(boolean encrypted) {
            org.dsp.driver.ovs.Inventory now = inventory(); // a snapshot, as the driver places with
            return d -> now.tunnel(d, encrypted) != null;
        }

        @Override
        public boolean programs(DeviceId dsn) {
            return isLocal(dsn);
        }

        @Override
        public java.util.Map<String, String> durable(String name) {
            StorageService s = storageService;
            return s == null ? null : new DurableStringMap(s.<String, String>consistentMapBuilder().withName(SERVICE_STATE + name)
                    .withSerializer(org.onosproject.store.service.Serializer.forTypes(String.class)).build());
        }

        @Override
        public org.onosproject.net.device.PortStatistics portStatistics(DeviceId dsn, long port) {
            DeviceService ds = deviceService;
            try {
                return ds == null || !ds.isAvailable(dsn) ? null : ds.getStatisticsForPort(dsn, org.onosproject.net.PortNumber.portNumber(port));
            } catch (RuntimeException e) {
                log.debug("no port counters of {}/{}: {}", dsn, port, e.toString());
                return null;
            }
        }

        @Override
        public boolean emitTracked(DeviceId dsn, int tenantKey, long port, byte[] frame) {
            Southbound sb = southbound;
            try {
                if (sb != null && sb.emitTracked(dsn, tenantKey, port, frame)) {
                    return true;
                }
            } catch (RuntimeException e) {
                log.debug("cannot send a service's packet through the conntrack of {}: {}", dsn, e.toString());
            }
            return emit(dsn, port, frame);
        }

        @Override
        public boolean emit(DeviceId dsn, long port, byte[] frame) {
            org.onosproject.net.packet.PacketService ps = packetService;
            if (ps == null) {
                return false;
            }
            try {
                ps.emit(new org.onosproject.net.packet.DefaultOutboundPacket(dsn, org.onosproject.net.flow.DefaultTrafficTreatment
                        .builder().setOutput(org.onosproject.net.PortNumber.portNumber(port)).build(), java.nio.ByteBuffer.wrap(frame)));
                return true;
            } catch (RuntimeException e) {
                log.debug("cannot send a service's packet out of {}/{}: {}", dsn, port, e.toString());
                return false;
            }
        }
    };

    /** Packets the flows of a service's punt kinds send to the controller go to that service. */
    private final org.onosproject.net.packet.PacketProcessor punts = context -> {
        if (context.isHandled() || context.inPacket().cookie().isEmpty()) {
            return;
        }
        long cookie = context.inPacket().cookie().get();
        int code = org.dsp.driver.ovs.Cookies.punted(cookie);
        ServiceApp a = code < 0 ? null : services.byOwnerKind(code);
        if (a == null) {
            return;
        }
        java.nio.ByteBuffer b = context.inPacket().unparsed().duplicate();
        byte[] frame = new byte[b.remaining()];
        b.get(frame);
        org.onosproject.net.ConnectPoint from = context.inPacket().receivedFrom();
        try {
            a.packetIn(from.deviceId(), from.port().toLong(), cookie, frame);
        } catch (RuntimeException e) {
            log.warn("network service {} failed on a packet from {}", a.name(), from, e);
        }
        context.block();
    };

    /** The packet service, for the services' packets (bound dynamically: optional). */
    protected volatile org.onosproject.net.packet.PacketService packetService;

    /** Binds the packet service: the services' punted packets reach them, and they can send. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    protected void bindPacketService(org.onosproject.net.packet.PacketService ps) {
        packetService = ps;
        ps.addProcessor(punts, org.onosproject.net.packet.PacketProcessor.advisor(2));
    }

    /** Unbinds the packet service. */
    protected void unbindPacketService(org.onosproject.net.packet.PacketService ps) {
        ps.removeProcessor(punts);
        if (packetService == ps) {
            packetService = null;
        }
    }

    private void servicesChanged() {
        if (store != null && queue != null && !queue.isShutdown()) {
            Services now = services;
            queue.execute(() -> {
                store.servicesChanged();
                for (Map.Entry<String, Map<DeviceId, FlowDelta>> e : realizer.setServices(now).entrySet()) {
                    program(e.getKey().isEmpty() ? null : e.getKey(), e.getValue(), null, System.currentTimeMillis());
                }
            });
        }
    }

    /**
     * Host events change no flow (DSP programs the attachments the documents declare), but a
     * workload seen somewhere else than declared means its document is out of date: bound
     * dynamically, host events are checked and such a workload is logged as a warning.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    protected void bindHostService(org.onosproject.net.host.HostService hosts) {
        hosts.addListener(hostListener);
    }

    /** Stops following host events. */
    protected void unbindHostService(org.onosproject.net.host.HostService hosts) {
        hosts.removeListener(hostListener);
    }

    private void hostSeen(org.onosproject.net.host.HostEvent e) {
        if (store == null || (e.type() != org.onosproject.net.host.HostEvent.Type.HOST_ADDED
                && e.type() != org.onosproject.net.host.HostEvent.Type.HOST_MOVED)) {
            return;
        }
        org.onosproject.net.Host h = e.subject();
        String misplaced = Workloads.misplaced(this, h.mac(), h.location());
        if (misplaced != null) {
            log.warn("{} seen at {}/{}: {}", h.mac(), h.location().deviceId(), h.location().port(), misplaced);
        }
    }

    @Override
    public Map<String, Map<String, Object>> serviceState(String tenantId) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        for (ServiceApp a : services.apps()) {
            Map<String, Object> s = a.state(tenantId);
            if (s != null && !s.isEmpty()) {
                out.put(a.name(), s);
            }
        }
        return out;
    }

    @Override
    public Map<String, List<org.dsp.spi.ServiceMetric>> serviceMetrics(String tenantId) {
        Map<String, List<org.dsp.spi.ServiceMetric>> out = new java.util.TreeMap<>();
        for (ServiceApp a : services.apps()) {
            try {
                List<org.dsp.spi.ServiceMetric> m = a.metrics(tenantId);
                if (m != null && !m.isEmpty()) {
                    out.put(a.name(), m);
                }
            } catch (RuntimeException e) { // one service's failure leaves the others' metrics
                log.warn("service {} failed to report the metrics of tenant {}: {}", a.name(), tenantId, e.toString());
            }
        }
        return out;
    }

    @Override
    public Map<String, Object> serviceQuery(String tenantId, String service, String name, Map<String, String> params) {
        ServiceApp a = services.app(service);
        return a == null || store == null || store.get(tenantId) == null ? null : a.query(tenantId, name, params);
    }

    @Override
    public Map<String, Object> trace(String tenantId, Map<String, String> params) {
        if (store == null || store.get(tenantId) == null) {
            return null;
        }
        int srcPort;
        try {
            srcPort = Integer.parseInt(params.getOrDefault("srcPort", "40000"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("srcPort: not a number");
        }
        return call(() -> {
            List<TenantDocument> docs = new java.util.ArrayList<>();
            for (String id : store.ids()) {
                TenantRecord r = store.readable(id);
                if (r != null) {
                    docs.add(r.document());
                }
            }
            return org.dsp.driver.ovs.PacketTrace.trace(docs, tenantId, realizer.programs(), inventory(), params.get("from"),
                    params.get("to"), params.getOrDefault("service", null), srcPort, params.getOrDefault("state", "new"));
        });
    }

    @Override
    public Set<String> activeServices() {
        Set<String> out = new java.util.TreeSet<>();
        services.apps().forEach(a -> out.add(a.name()));
        return out;
    }

    @Override
    public List<org.dsp.app.api.ServiceInfo> services() {
        List<org.dsp.app.api.ServiceInfo> out = new java.util.ArrayList<>();
        Services active = services;
        for (ServiceApp a : new java.util.TreeMap<>(known).values()) {
            out.add(info(a, active.app(a.name()) == a));
        }
        for (Map.Entry<String, String> r : new java.util.TreeMap<>(refused).entrySet()) {
            if (!known.containsKey(r.getKey())) {
                out.add(new org.dsp.app.api.ServiceInfo(r.getKey(), "?", false, List.of(), List.of(), r.getValue()));
            }
        }
        return out;
    }

    private org.dsp.app.api.ServiceInfo info(ServiceApp a, boolean active) {
        List<String> sections = new java.util.ArrayList<>();
        a.sections().forEach(c -> sections.add(c.key()));
        List<String> stages = new java.util.ArrayList<>();
        a.stages().forEach(st -> stages.add(st.name()));
        return new org.dsp.app.api.ServiceInfo(a.name(), a.app(), active, sections, stages, refused.get(a.name()));
    }

    @Override
    public TenantDocumentCodec codec() {
        return TenantDocumentCodec.with(services);
    }

    @Override
    public TenantDocument parse(String json) {
        JsonNode root = TenantDocumentCodec.parse(json);
        TenantDocumentCodec codec = codec();
        TenantDocument doc = codec.readStored(root);
        requireActiveServices(doc);
        codec.checkSchema(doc, root);
        return doc;
    }

    private boolean isLocal(DeviceId d) {
        return mastershipService.isLocalMaster(d);
    }

    // ---- listeners: cheap, they only enqueue ----

    private void storeChanged(MapEvent<String, String> e) {
        enqueue(e.key());
    }

    private void deviceChanged(DeviceEvent e) {
        if (e.type() == DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED || e.type() == DeviceEvent.Type.DEVICE_REMOVED) {
            if (deviceService.isAvailable(e.subject().id())) {
                lostSinceStart.remove(e.subject().id());
            } else {
                lostSinceStart.add(e.subject().id());
            }
        }
        // added, removed, (un)available; updated (an underlay address annotated) or a port added or removed (a tunnel port)
        if (e.type() == DeviceEvent.Type.DEVICE_ADDED || e.type() == DeviceEvent.Type.DEVICE_REMOVED
                || e.type() == DeviceEvent.Type.DEVICE_AVAILABILITY_CHANGED || e.type() == DeviceEvent.Type.DEVICE_UPDATED
                || e.type() == DeviceEvent.Type.PORT_ADDED || e.type() == DeviceEvent.Type.PORT_REMOVED) {
            queue.execute(this::inventoryChanged);
        }
    }

    private void linkChanged(LinkEvent e) {
        queue.execute(this::inventoryChanged);
    }

    private void mastershipChanged(org.onosproject.mastership.MastershipEvent e) {
        if (e.type() == org.onosproject.mastership.MastershipEvent.Type.MASTER_CHANGED) {
            DeviceId dsn = e.subject();
            if (isLocal(dsn)) {
                takingOver.add(dsn); // until the takeover has run, what this member knows of the DSN is not the master's word
            }
            try {
                queue.execute(() -> takeOver(dsn));
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                // stopping: the DSN's next master takes it over
            }
        }
    }

    /**
     * Returns whether this member writes the cluster's record of {@code dsn}: it masters the DSN
     * and has taken it over (a member that just became master has not yet: its local state of the
     * DSN is from before, when another member programmed it).
     */
    private boolean reports(DeviceId dsn) {
        return isLocal(dsn) && !takingOver.contains(dsn);
    }

    /**
     * This member became {@code dsn}'s master (another member stopped, or mastership was moved):
     * the DSN is made to hold exactly the compiled program by difference with what the flow rule
     * store holds (see {@link Takeover}: no flush), and every tenant with flows there is PENDING
     * until the switch confirmed the difference - INSTALLED at once when nothing was missing and
     * every rule is confirmed - with the cluster's record written by this member from now on.
     */
    private void takeOver(DeviceId dsn) {
        takingOver.remove(dsn);
        if (!isLocal(dsn)) {
            return; // not (or no longer) ours: its master does this
        }
        long started = System.currentTimeMillis();
        // the flows of a stored tenant this member holds no program for (it could not compile it) stay: it keeps what it
        // holds - and so do the pipeline's own flows (tenant key 0), which may be there for that tenant's workloads
        java.util.Set<Integer> kept = new java.util.HashSet<>();
        for (String id : store.ids()) {
            if (!realizer.compiles(id)) {
                kept.add(store.probeKey(id));
            }
        }
        if (!kept.isEmpty()) {
            kept.add(0);
        }
        Takeover t = Takeover.of(dsn, realizer.program(dsn), flowRuleService.getFlowEntries(dsn), appId,
                e -> !kept.contains(org.dsp.driver.ovs.Cookies.tenantKey(e.id().value())));
        List<String> tenants = realizer.tenantsAt(dsn);
        Map<String, Long> change = new java.util.HashMap<>();
        for (String tenant : tenants) {
            change.put(tenant, realizer.nextChange(tenant, dsn));
            TenantStatus.DsnStatus pending = realizer.marked(tenant, dsn, t.size(), RealizationState.PENDING, -1,
                    "this member became the DSN's master and is reconciling it");
            realizer.mark(tenant, dsn, pending);
            records.put(tenant, dsn, realizer.status(tenant).version(), pending);
        }
        log.info("took over {} as its master: {} flow(s) to add, {} to modify, {} to remove; {} tenant(s) there",
                dsn, t.adds, t.modifies, t.removes, tenants.size());
        java.util.concurrent.CompletableFuture<String> groupsDone = groupProgrammer.reconcile(dsn, t.groups);
        // the reason (null: confirmed) is found on the work queue, where the compile state may be read
        java.util.function.Consumer<java.util.function.Supplier<String>> settle = reason -> tenants.forEach(tenant ->
                settled(tenant, dsn, change.get(tenant), () -> {
                    String why = reason.get();
                    return realizer.marked(tenant, dsn, t.size(), why == null ? RealizationState.INSTALLED
                            : RealizationState.FAILED, System.currentTimeMillis() - started, why);
                }));
        java.util.concurrent.CompletableFuture<Void> previous = programmed.getOrDefault(dsn,
                java.util.concurrent.CompletableFuture.completedFuture(null));
        programmed.put(dsn, previous.thenCompose(x -> groupsDone).thenAccept(groupsWhy -> {
            Runnable strays = () -> {
                if (groupsWhy == null) { // the flows no longer refer to groups the program does not hold
                    try {
                        queue.execute(() -> groupProgrammer.removeOthers(dsn, Takeover.groups(realizer.program(dsn))));
                    } catch (java.util.concurrent.RejectedExecutionException stopped) {
                        // stopped meanwhile: the next master does it
                    }
                }
            };
            if (t.ops == null) {
                settle.accept(() -> groupsWhy);
                strays.run();
                return;
            }
            flowRuleService.apply(t.ops.build(deadlines.watch(new FlowRuleOperationsContext() {
                @Override
                public void onSuccess(FlowRuleOperations done) {
                    settle.accept(() -> groupsWhy);
                    strays.run();
                }

                @Override
                public void onError(FlowRuleOperations failed) {
                    settle.accept(() -> "the switch refused part of the reconciliation after the mastership move: "
                            + Refusals.describe(dsn, failed, null, realizer));
                }
            }, deadline(t.size()), () -> settle.accept(() -> unanswered(dsn)))));
        }));
    }

    private void enqueue(String tenantId) {
        synchronized (dirty) {
            if (!dirty.add(tenantId)) {
                return; // already queued: the queued run reads the latest document (coalescing)
            }
        }
        queue.execute(() -> {
            synchronized (dirty) {
                dirty.remove(tenantId);
            }
            realize(tenantId);
        });
    }

    // ---- the work queue ----

    private void realize(String tenantId) {
        boolean force;
        synchronized (dirty) {
            force = forced.remove(tenantId); // a service's state changed: compile even what this member holds
        }
        try {
            TenantRecord r = store.get(tenantId);
            long started = System.currentTimeMillis();
            if (r != null) { // stored before today's limits (or by a member with higher ones): refused here, as at apply
                List<ValidationError> over = limits.check(r.document());
                if (!over.isEmpty()) {
                    throw new InvalidDocumentException(over);
                }
            }
            int key = r == null ? 0 : store.key(tenantId);
            Map<DeviceId, FlowDelta> deltas = r == null
                    ? realizer.update(tenantId, null, 0, 0)
                    : !force && realizer.holds(tenantId, r.version(), key) ? Map.of() // this member's own apply
                    : realizer.update(tenantId, r.document(), r.version(), key);
            long compiled = System.currentTimeMillis();
            if (r != null) {
                allocateZones(tenantId); // a stored document: the zones its compile asked for are allocated (a restart, another member)
            }
            program(tenantId, deltas, null, started);
            log.info("tenant {} {}: {} flow ops on {} DSN(s); read and compiled in {} ms, handed to FlowRuleService in {} ms",
                    tenantId, r == null ? "removed" : "version " + r.version(),
                    deltas.values().stream().mapToInt(FlowDelta::size).sum(), deltas.size(), compiled - started,
                    System.currentTimeMillis() - compiled);
            if (r == null) {
                records.removeTenant(tenantId);
            }
            post(new TenantEvent(r == null ? TenantEvent.Type.TENANT_REMOVED : TenantEvent.Type.TENANT_UPDATED, tenantId));
        } catch (RuntimeException e) {
            // the stored document cannot be compiled (a limit, a service it needs, a driver that cannot carry it):
            // reported FAILED with the reason; it blocks neither the others nor its own DELETE
            log.warn("realizing tenant {} failed", tenantId, e);
            String why = e instanceof UnreadableTenantException ? e.getMessage()
                    : "the stored document cannot be realized: " + (e instanceof InvalidDocumentException
                    ? ((InvalidDocumentException) e).errors().get(0).reason() : e.toString());
            realizer.failed(tenantId, store.version(tenantId), why);
            post(new TenantEvent(TenantEvent.Type.TENANT_FAILED, tenantId));
        }
    }

    /**
     * Announces, with a gratuitous ARP out of the port, each address a change makes a locally
     * mastered DSN answer for on one of its ports (a NAT gateway taking over an external address),
     * so the switches of that segment learn the port at once (docs/nat.md).
     */
    private void announce(Map<DeviceId, FlowDelta> deltas) {
        for (FlowDelta d : deltas.values()) {
            if (!isLocal(d.dsn())) {
                continue;
            }
            for (org.dsp.driver.ovs.Announcements.Announcement a : org.dsp.driver.ovs.Announcements.of(d)) {
                byte[] ip = a.address().toOctets();
                byte[] frame = org.onlab.packet.ARP.buildArpRequest(a.mac().toBytes(), ip, ip, org.onlab.packet.VlanId.NO_VID)
                        .serialize();
                if (host.emit(d.dsn(), a.port(), frame)) {
                    log.info("{} announced on {}/{} (gratuitous ARP)", a.address(), d.dsn(), a.port());
                }
            }
        }
    }

    private void inventoryChanged() {
        program(null, realizer.setInventory(inventory()), null, System.currentTimeMillis());
    }

    /**
     * How long after the core starts a NAT gateway that has not reconnected yet still counts as up
     * (unless it was seen going away): a restarted controller keeps every tenant's translations where
     * they were while the switches reconnect, instead of moving them and back (docs/nat.md).
     */
    static final long GATEWAY_GRACE_MS = 30_000;
    /** The prefix of the store's maps a service keeps its durable state in ({@link org.dsp.spi.ServiceHost#durable}). */
    static final String SERVICE_STATE = "dsp-service-";
    /** Devices seen becoming unavailable since the core started (and not back). */
    private final java.util.Set<DeviceId> lostSinceStart = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile long startedAt = System.currentTimeMillis();
    private java.util.Timer graceTimer;

    /** The inventory now: a gateway counts while available, or within the grace after start unless seen going away. */
    private org.dsp.driver.ovs.Inventory inventory() {
        boolean grace = System.currentTimeMillis() - startedAt < GATEWAY_GRACE_MS;
        return InventoryView.of(deviceService, linkService,
                id -> deviceService.isAvailable(id) || (grace && !lostSinceStart.contains(id)));
    }

    private void program(String tenantId, Map<DeviceId, FlowDelta> deltas, Map<DeviceId, DsnLoad> loads, long started) {
        Map<DeviceId, FlowRuleOperations.Builder> ops = Realizer.operations(deltas, this::isLocal, appId);
        announce(deltas);
        Map<DeviceId, Realizer.GroupChanges> groups = Realizer.groupChanges(deltas, this::isLocal);
        Map<DeviceId, Long> change = new java.util.HashMap<>(); // each DSN's change number: only the newest one's outcome counts
        if (tenantId != null) {
            for (FlowDelta d : deltas.values()) {
                if (d.isEmpty()) {
                    continue;
                }
                change.put(d.dsn(), realizer.nextChange(tenantId, d.dsn()));
                boolean local = isLocal(d.dsn()); // operations were built for the locally mastered DSNs only
                realizer.mark(tenantId, d.dsn(), new TenantStatus.DsnStatus(RealizationState.PENDING, d.size(), -1,
                        local ? null : "programmed by the DSN's master, another cluster member, which has not reported yet",
                        loads == null ? null : loads.get(d.dsn())));
            }
        }
        carryOver(tenantId, deltas);
        java.util.Set<DeviceId> dsns = new java.util.HashSet<>(ops.keySet());
        dsns.addAll(groups.keySet());
        boolean ordered = southbound != null && southbound.ordersGroupsWithFlows();
        for (DeviceId dsn : dsns) {
            int size = deltas.get(dsn).size();
            long number = change.getOrDefault(dsn, 0L);
            Realizer.GroupChanges gc = groups.get(dsn);
            // groups added or changed before the flows that use them; removed after the flows that used them
            java.util.concurrent.CompletableFuture<String> groupsDone = gc == null
                    ? java.util.concurrent.CompletableFuture.completedFuture(null) : groupProgrammer.apply(dsn, gc.adds, gc.modifies);
            FlowRuleOperations.Builder b = ops.get(dsn);
            FlowRuleOperationsContext outcome = new FlowRuleOperationsContext() {
                @Override
                public void onSuccess(FlowRuleOperations done) {
                    // INSTALLED only once the groups are confirmed too
                    groupsDone.thenAccept(why -> settleGroups(tenantId, dsn, number, size, started, why));
                }

                @Override
                public void onError(FlowRuleOperations failed) {
                    long millis = System.currentTimeMillis() - started;
                    settled(tenantId, dsn, number, () -> { // on the work queue: the realizer is read there only
                        String refusal = southbound == null ? null : southbound.refusal(dsn, realizer.tenantKey(tenantId));
                        return realizer.marked(tenantId, dsn, size, RealizationState.FAILED, millis,
                                Refusals.describe(dsn, failed, refusal, realizer));
                    });
                }
            };
            Runnable flows = () -> {
                if (b != null) {
                    flowRuleService.apply(b.build(deadlines.watch(outcome, deadline(size),
                            () -> settled(tenantId, dsn, number, () -> unanswered(tenantId, dsn, number, size, started)))));
                } else {
                    groupsDone.thenAccept(why -> settleGroups(tenantId, dsn, number, size, started, why));
                }
            };
            if (ordered) {
                // one channel per switch, every change applied to the desired state in the order made: flows right after
                // their groups, removals right after the flows (a later change that adds the group again comes after them)
                flows.run();
                if (gc != null) {
                    groupProgrammer.remove(dsn, gc.removes);
                }
                continue;
            }
            // ONOS: a change's flows wait for its groups' confirmation (sent even if the groups failed: their own outcome
            // says so), and each DSN's changes go out in order; removals follow, unless a later change holds the group again
            java.util.concurrent.CompletableFuture<Void> previous = programmed.getOrDefault(dsn,
                    java.util.concurrent.CompletableFuture.completedFuture(null));
            java.util.concurrent.CompletableFuture<Void> sent = previous.thenCompose(x -> groupsDone).thenAccept(why -> {
                flows.run();
                if (gc != null && !gc.removes.isEmpty()) {
                    queue.execute(() -> groupProgrammer.remove(dsn, realizer.notHeld(dsn, gc.removes)));
                }
            });
            programmed.put(dsn, sent);
        }
    }

    /**
     * A new version of a tenant that changes nothing on a DSN this member masters leaves the DSN as
     * it was: its master's word for the earlier version is recorded for this one too (a change still
     * on its way is recorded as PENDING, and its outcome follows), so the other members do not wait
     * for a report that no change will ever bring.
     */
    private void carryOver(String tenantId, Map<DeviceId, FlowDelta> deltas) {
        TenantStatus st = tenantId == null ? null : realizer.status(tenantId);
        if (st == null) {
            return;
        }
        st.dsns().forEach((dsn, s) -> {
            FlowDelta d = deltas.get(dsn);
            if ((d == null || d.isEmpty()) && reports(dsn)) {
                records.putIfChanged(tenantId, dsn, st.version(), s);
            }
        });
    }

    /** How long a batch of {@code operations} may go unanswered. */
    private long deadline(int operations) {
        return confirmTimeoutMillis + operations / 10;
    }

    /** The reason a DSN is FAILED when the flow rule service never answered its batch. */
    private String unanswered(DeviceId dsn) {
        return "no answer from " + dsn + " to the change's flow batch within " + confirmTimeoutMillis / 1000.0
                + " s (+1 s per 10,000 operations): the switch may hold all, part or none of it"
                + " (a later answer, or the next change, updates this state)";
    }

    /**
     * The outcome of change number {@code change} whose batch was never answered: FAILED, unless a
     * later change has been confirmed since (null: nothing to record; a DSN answers its batches in order).
     */
    private TenantStatus.DsnStatus unanswered(String tenantId, DeviceId dsn, long change, int size, long started) {
        TenantStatus st = realizer.status(tenantId);
        TenantStatus.DsnStatus now = st == null ? null : st.dsns().get(dsn);
        if (!realizer.latest(tenantId, dsn, change) && now != null && now.state() == RealizationState.INSTALLED) {
            return null;
        }
        return realizer.marked(tenantId, dsn, size, RealizationState.FAILED, System.currentTimeMillis() - started, unanswered(dsn));
    }

    /** Records a DSN's outcome once its groups are settled: INSTALLED, or FAILED naming why the groups were not. */
    private void settleGroups(String tenantId, DeviceId dsn, long change, int size, long started, String why) {
        long millis = System.currentTimeMillis() - started;
        settled(tenantId, dsn, change, () -> realizer.marked(tenantId, dsn, size, why == null ? RealizationState.INSTALLED
                : RealizationState.FAILED, millis, why));
    }

    /**
     * Records the outcome of change number {@code change} on a DSN, on the work queue ({@code s} is
     * evaluated there: it may read the compile state). A confirmation of a change that a newer one
     * has followed is not the DSN's state (the newer change is still on its way) and is dropped; a
     * refusal always counts ({@code s} may give null: nothing to record). Only the DSN's master writes the cluster's
     * record of it.
     */
    private void settled(String tenantId, DeviceId dsn, long change, java.util.function.Supplier<TenantStatus.DsnStatus> s) {
        if (tenantId == null) {
            return;
        }
        Runnable r = () -> {
            TenantStatus.DsnStatus outcome = s.get();
            if (outcome == null || outcome.state() == RealizationState.INSTALLED && !realizer.latest(tenantId, dsn, change)) {
                return;
            }
            if (outcome.state() == RealizationState.INSTALLED && outcome.millis() >= 0) {
                latency.observe(outcome.millis());
            }
            realizer.mark(tenantId, dsn, outcome);
            TenantStatus st = realizer.status(tenantId);
            if (st != null && reports(dsn)) {
                records.put(tenantId, dsn, st.version(), outcome); // for the members that do not master the DSN
            }
            if (st != null && st.state() == RealizationState.INSTALLED) {
                post(new TenantEvent(TenantEvent.Type.TENANT_REALIZED, tenantId));
            } else if (st != null && st.state() == RealizationState.FAILED) {
                post(new TenantEvent(TenantEvent.Type.TENANT_FAILED, tenantId));
            }
        };
        if (Thread.currentThread() == worker) {
            r.run(); // confirmed synchronously, from within our own programming step
        } else {
            queue.execute(r);
        }
    }

    /**
     * Runs a request on the work queue, so it sees a consistent compile state; from the work queue
     * itself (a listener reading status) it runs at once instead of waiting for itself. A request
     * that has not finished after {@link #callTimeoutMillis} is withdrawn if it has not started
     * (nothing done) and otherwise left to finish; either way the caller gets a {@link BusyException}.
     */
    private <T> T call(Callable<T> c) {
        if (Thread.currentThread() == worker) {
            try {
                return c.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        Future<T> f = queue.submit(() -> {
            started.set(true);
            return c.call();
        });
        try {
            return f.get(callTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            boolean withdrawn = f.cancel(false) && !started.get();
            throw new BusyException(withdrawn
                    ? "the DSP core did not get to the request within " + callTimeoutMillis + " ms; it was withdrawn, nothing was done"
                    : "the request is still running after " + callTimeoutMillis + " ms; its outcome will show in the tenant's status",
                    !withdrawn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    // ---- TenantAdminService ----

    private void requireActiveServices(TenantDocument doc) {
        List<ValidationError> errors = new java.util.ArrayList<>(limits.check(doc));
        errors.addAll(ServiceSections.check(doc, services, known));
        if (!errors.isEmpty()) {
            throw new InvalidDocumentException(errors);
        }
    }

    /**
     * Applies a document whole or not at all: it is compiled into the current state first (on the
     * work queue), measured against the flow budget, and only then stored; a refusal or a stale
     * version takes the compiled change back, and nothing is stored or sent. The accepted change
     * is sent to the DSNs at once; the store event that follows finds nothing left to do here.
     */
    @Override
    public TenantRecord apply(TenantDocument submitted) {
        requireActiveServices(submitted);
        return call(() -> {
            long started = System.currentTimeMillis();
            long startedNanos = System.nanoTime();
            String id = submitted.tenantId();
            TenantRecord before = store.readable(id);
            TenantDocument doc = shared(submitted, before);
            boolean unreadable = before == null && store.version(id) != 0; // replacing a document that cannot be read
            boolean isNew = before == null && !unreadable;
            List<ValidationError> node = limits.checkNode(doc, isNew, store.size() - (isNew ? 0 : 1),
                    realizer.documentsBut(id));
            if (!node.isEmpty()) {
                throw new InvalidDocumentException(node);
            }
            List<String> claimed = claims.claim(doc); // refused here when another tenant holds a port, MAC or address
            Realizer.Admission a = null;
            Map<DeviceId, DsnLoad> loads;
            TenantRecord r;
            long checked = System.nanoTime();
            long compiled;
            long stored;
            try {
                zonesAsked.remove(id); // what a dry run asked is not this document's
                a = realizer.admit(id, doc, store.probeKey(id));
                compiled = System.nanoTime();
                loads = FlowBudget.loads(id, a, realizer);
                List<ValidationError> over = budget.check(id, a, loads, realizer);
                if (!over.isEmpty()) {
                    log.warn("tenant {} refused: {}", id, over.get(0).reason());
                    throw new InvalidDocumentException(over);
                }
                stored = System.nanoTime();
                r = store.put(doc);
                allocateZones(id);
            } catch (RuntimeException e) {
                // refused (by the driver, the budget or a stale version): nothing stays compiled or claimed
                if (a != null) {
                    realizer.undo(a);
                }
                claims.release(id, claimed);
                throw e;
            }
            if (unreadable) {
                claims.keepOnly(id, doc);
            } else {
                claims.changed(id, before == null ? null : before.document(), doc);
            }
            realizer.accepted(id, r.version());
            long sending = System.nanoTime();
            program(id, a.deltas, loads, started);
            long sent = System.nanoTime();
            log.info("tenant {} version {} accepted: {} flow ops on {} DSN(s) in {} ms (checks {}, compile {}, budget {},"
                    + " store {}, send {} us)", id, r.version(), a.deltas.values().stream().mapToInt(FlowDelta::size).sum(),
                    a.deltas.size(), System.currentTimeMillis() - started, (checked - startedNanos) / 1000,
                    (compiled - checked) / 1000, (stored - compiled) / 1000, (sending - stored) / 1000, (sent - sending) / 1000);
            return r;
        });
    }

    /**
     * The submitted document with its unchanged parts taken from the current one (less to compile
     * and to keep); as submitted when a service's sharing fails - it is only an optimisation.
     */
    private TenantDocument shared(TenantDocument submitted, TenantRecord before) {
        if (before == null) {
            return submitted;
        }
        try {
            return codec().share(submitted, before.document());
        } catch (RuntimeException e) {
            log.warn("tenant {}: sharing the unchanged parts of the current document failed ({}); kept as submitted",
                    submitted.tenantId(), e.toString());
            return submitted;
        }
    }

    /** Deletes a tenant (on the work queue, in order with applies) and releases its resources. */
    @Override
    public boolean remove(String tenantId) {
        return call(() -> {
            TenantRecord before = store.readable(tenantId);
            boolean unreadable = before == null && store.version(tenantId) != 0;
            boolean existed = store.remove(tenantId);
            if (unreadable) {
                claims.keepOnly(tenantId, null);
            } else {
                claims.changed(tenantId, before == null ? null : before.document(), null);
            }
            // the compile state follows at once (as an apply's does), so no later request sees the tenant's key held;
            // the store event that follows finds nothing left to do
            program(tenantId, realizer.update(tenantId, null, 0, 0), null, System.currentTimeMillis());
            return existed;
        });
    }

    /** Compiles the document into the current state, measures it, and takes it back: nothing changes. */
    @Override
    public DryRun dryRun(TenantDocument doc) {
        requireActiveServices(doc);
        int key = store.probeKey(doc.tenantId()); // a dry run allocates nothing
        return call(() -> {
            Realizer.Admission a = realizer.admit(doc.tenantId(), doc, key);
            try {
                Map<DeviceId, DsnLoad> loads = FlowBudget.loads(doc.tenantId(), a, realizer);
                List<ValidationError> over = budget.check(doc.tenantId(), a, loads, realizer);
                if (!over.isEmpty()) {
                    throw new InvalidDocumentException(over);
                }
                Map<DeviceId, org.dsp.app.api.FlowChanges> changes = new java.util.HashMap<>();
                a.deltas.forEach((d, fd) -> changes.put(d, Described.changes(fd)));
                return new DryRun(changes, loads);
            } finally {
                realizer.undo(a);
            }
        });
    }

    @Override
    public Set<String> tenants() {
        return store.ids();
    }

    @Override
    public TenantRecord tenant(String tenantId) {
        return store.get(tenantId);
    }

    @Override
    public long version(String tenantId) {
        return store.version(tenantId);
    }

    /** Replaces the status of the DSNs another member masters with what their master reported for this version. */
    private TenantStatus fromMasters(TenantStatus s) {
        Map<DeviceId, TenantStatus.DsnStatus> m = new java.util.HashMap<>(s.dsns());
        boolean changed = false;
        for (Map.Entry<DeviceId, TenantStatus.DsnStatus> e : s.dsns().entrySet()) {
            if (isLocal(e.getKey())) {
                continue;
            }
            TenantStatus.DsnStatus reported = records.get(s.tenant(), e.getKey(), s.version());
            if (reported != null) {
                m.put(e.getKey(), new TenantStatus.DsnStatus(reported.state(), reported.flows(), reported.millis(),
                        reported.reason(), e.getValue().load()));
                changed = true;
            }
        }
        return changed ? s.withDsns(m) : s;
    }

    /**
     * Returns the tenant's realization. A DSN that is not connected now is never reported
     * INSTALLED: the node cannot vouch for what it holds until it reconnects and is reconciled.
     * A DSN another cluster member masters shows what that master reported for this version
     * (PENDING until it has).
     */
    @Override
    public TenantStatus status(String tenantId) {
        Southbound sb = southbound;
        int[] key = new int[1];
        TenantStatus s = call(() -> { // only the realizer's reads need the work queue
            TenantStatus st = realizer.status(tenantId);
            if (st != null) {
                key[0] = realizer.tenantKey(tenantId);
            }
            return st;
        });
        if (s == null) {
            return null;
        }
        return Refusals.checked(fromMasters(s), d -> deviceService.isAvailable(d),
                sb == null || !sb.verifies() ? null : d -> sb.refusal(d, key[0]));
    }

    @Override
    public Map<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> flows(String tenantId) {
        return call(() -> {
            Map<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> out = new java.util.HashMap<>();
            realizer.flows(tenantId).forEach((d, fs) -> out.put(d, Described.flows(fs)));
            return out;
        });
    }

    @Override
    public Map<DeviceId, Integer> dsnFlowCounts() {
        return call(realizer::counts);
    }

    @Override
    public org.dsp.app.api.IdentityService identities() {
        return identities;
    }

    @Override
    public org.dsp.app.api.AuditLog audit() {
        return audit;
    }

    @Override
    public org.dsp.app.api.RealizationLatency realizationLatency() {
        return latency.snapshot();
    }
}
