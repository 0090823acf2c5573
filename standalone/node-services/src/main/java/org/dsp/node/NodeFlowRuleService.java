package org.dsp.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.node.openflow.FlowModEncoder;
import org.dsp.node.openflow.OpenFlowServer;
import org.dsp.node.openflow.Reconciler;
import org.dsp.node.openflow.SwitchConnection;
import org.dsp.node.openflow.SwitchListener;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowEntry;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.FlowRuleListener;
import org.onosproject.net.flow.FlowRuleOperation;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.flow.TableStatisticsEntry;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FlowRuleService on the node's OpenFlow channel. It keeps the desired rules per device; a batch
 * for a connected switch is committed as one atomic OVS bundle (all of it or none) and confirmed
 * (or failed) by the switch; a
 * batch for a switch that is not connected waits; a switch that connects is reconciled: its flows
 * are read and only the differences are sent (flows of other controllers are removed unless the
 * node is told to keep them). The switch's infrastructure flows are part of what it should hold.
 */
final class NodeFlowRuleService implements FlowRuleService, SwitchListener {
    private static final Logger LOG = LoggerFactory.getLogger(NodeFlowRuleService.class);

    private final OpenFlowServer server;
    private final Map<DeviceId, Device> devices = new ConcurrentHashMap<>();
    private final Map<DeviceId, Integer> reconciled = new ConcurrentHashMap<>();
    private final Map<DeviceId, Map<DsnFlow.Key, Observed>> observed = new ConcurrentHashMap<>();
    private final Map<DeviceId, Integer> repaired = new ConcurrentHashMap<>();
    private final Map<DeviceId, Integer> removedGroups = new ConcurrentHashMap<>();
    /**
     * Per device, the tenants (by key) whose flows the switch is known not to hold as desired, and
     * why: set when a batch fails (its bundle was discarded), cleared when an audit or a
     * reconciliation finds the switch holding every desired flow (or confirms its repair).
     */
    private final Map<DeviceId, Map<Integer, String>> unsynced = new ConcurrentHashMap<>();
    private final boolean keepForeign;
    private final java.util.function.Function<DeviceId, List<DsnFlow>> infrastructure;
    /** Reconciliation and audit work, off the switches' I/O threads. */
    private final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dsp-reconcile");
        t.setDaemon(true);
        return t;
    });

    /** What the last audit saw of a desired flow: the flow it checked, and the switch's counters if it held it. */
    private static final class Observed {
        final DsnFlow flow;
        final org.dsp.node.openflow.WireFlow held;

        Observed(DsnFlow flow, org.dsp.node.openflow.WireFlow held) {
            this.flow = flow;
            this.held = held;
        }
    }

    /**
     * The entry of a desired flow on device {@code d}: its ONOS rule made again (equal to the one
     * applied: the flow's cookie carries the rule's application id), ADDED with the switch's
     * counters when {@code held}, else PENDING_ADD.
     */
    private static FlowEntry entry(DeviceId d, DsnFlow flow, org.dsp.node.openflow.WireFlow held) {
        FlowRule r = FlowRuleTranslator.toFlowRule(d, flow, org.dsp.driver.ovs.Cookies.appId(flow.cookie()));
        return held != null ? new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED, held.durationSec(),
                java.util.concurrent.TimeUnit.SECONDS, held.packets(), held.bytes())
                : new DefaultFlowEntry(r, FlowEntry.FlowEntryState.PENDING_ADD);
    }

    /** A batch waiting for its switch to connect: told whether the reconciliation that sends it succeeded. */
    private static final class Waiter {
        final java.util.function.Consumer<Boolean> settle;

        Waiter(java.util.function.Consumer<Boolean> settle) {
            this.settle = settle;
        }

        static Waiter of(FlowRuleOperations ops, FlowRuleOperationsContext cb) {
            return new Waiter(ok -> {
                if (cb != null) {
                    if (ok) {
                        cb.onSuccess(ops);
                    } else {
                        cb.onError(ops);
                    }
                }
            });
        }

        void settle(boolean ok) {
            settle.accept(ok);
        }
    }

    /** A group change: the group (its id only, for a delete) and what to do with it. */
    static final class GroupOp {
        final org.dsp.driver.ovs.DsnGroup group;
        final org.dsp.node.openflow.GroupModEncoder.Command command;

        GroupOp(org.dsp.driver.ovs.DsnGroup group, org.dsp.node.openflow.GroupModEncoder.Command command) {
            this.group = group;
            this.command = command;
        }
    }

    /** What a read of a switch returned: its flows and its groups. */
    private static final class Read {
        final List<org.dsp.node.openflow.WireFlow> flows;
        final List<org.dsp.node.openflow.WireGroup> groups;

        Read(List<org.dsp.node.openflow.WireFlow> flows, List<org.dsp.node.openflow.WireGroup> groups) {
            this.flows = flows;
            this.groups = groups;
        }
    }

    /** Reads a switch's flows, then its groups. */
    private static java.util.concurrent.CompletableFuture<Read> read(SwitchConnection sw) {
        return sw.flowStats().thenCompose(flows -> sw.groups().thenApply(groups -> new Read(flows, groups)));
    }

    /**
     * One device's desired rules and programming state. Changes to the desired rules, the
     * version and the in-flight count, and the submission of every batch to the switch happen
     * under the device's monitor, so batches reach the switch in the order of the changes they
     * carry, and a reconciliation or audit acts only on a desired state it read whole.
     */
    private static final class Device {
        /** The desired flows (each translated once, when applied), by key. */
        final Map<DsnFlow.Key, DsnFlow> desired = new ConcurrentHashMap<>();
        /** The desired groups, by id (applied through the node's GroupService). */
        final Map<Long, org.dsp.driver.ovs.DsnGroup> groups = new ConcurrentHashMap<>();
        /** The cookies of the desired flows that punt to the controller, with how many flows carry each. */
        final Map<Long, Integer> punts = new ConcurrentHashMap<>();

        /** Sets (null: removes) the desired flow of a key, keeping {@link #punts} current (caller holds the monitor). */
        void desire(DsnFlow.Key key, DsnFlow d) {
            DsnFlow old = d == null ? desired.remove(key) : desired.put(key, d);
            if (old != null && old.punts()) {
                punts.computeIfPresent(old.cookie(), (c, n) -> n == 1 ? null : n - 1);
            }
            if (d != null && d.punts()) {
                punts.merge(d.cookie(), 1, Integer::sum);
            }
        }
        final List<Waiter> waiting = new ArrayList<>();
        long version;
        int inFlight;
        /**
         * How many batches were ever sent to the switch: a read of its flows that saw another
         * batch go out (an audit's repair, a reconciliation) is stale and is not acted on.
         */
        long batches;
        /** The connection whose reconciliation has begun: audits of a newer one wait for its own. */
        SwitchConnection reconciling;
        /** The switch reported a change the node did not make, and no audit has read the switch since. */
        boolean drift;
    }

    /**
     * Creates the service; {@code infrastructure} gives the flows a switch carries besides the
     * rules applied through this service (discovery punts, fabric forwarding), put in place by
     * the reconciliation when the switch connects.
     */
    NodeFlowRuleService(OpenFlowServer server, boolean keepForeign,
                        java.util.function.Function<DeviceId, List<DsnFlow>> infrastructure) {
        this.server = server;
        this.keepForeign = keepForeign;
        this.infrastructure = infrastructure;
        // the rules this service is handed are the ones the node's realizer just made from flows
        FlowRuleTranslator.rememberFlows();
    }

    private Device device(DeviceId d) {
        return devices.computeIfAbsent(d, k -> new Device());
    }

    /** What a switch should hold: its infrastructure flows and the desired rules (caller holds the device's monitor). */
    private List<DsnFlow> want(DeviceId d, Device dev) {
        List<DsnFlow> want = new ArrayList<>(infrastructure.apply(d));
        for (DsnFlow x : dev.desired.values()) {
            want.add(x);
        }
        return want;
    }

    @Override
    public void apply(FlowRuleOperations ops) {
        long t0 = System.nanoTime();
        Map<DeviceId, List<FlowRuleOperation>> byDevice = new java.util.LinkedHashMap<>();
        for (Set<FlowRuleOperation> stage : ops.stages()) {
            for (FlowRuleOperation op : stage) {
                byDevice.computeIfAbsent(op.rule().deviceId(), k -> new ArrayList<>()).add(op);
            }
        }
        FlowRuleOperationsContext cb = ops.callback();
        for (Map.Entry<DeviceId, List<FlowRuleOperation>> e : byDevice.entrySet()) {
            DeviceId d = e.getKey();
            Device dev = device(d);
            java.util.concurrent.CompletableFuture<Void> sent;
            int n;
            long encoded;
            Map<Long, FlowRuleOperation> byXid = new HashMap<>();
            SwitchConnection sw;
            synchronized (dev) {
                sw = server.switchOf(d.toString());
                List<OFMessage> messages = new ArrayList<>();
                for (FlowRuleOperation op : e.getValue()) {
                    FlowRule r = op.rule();
                    DsnFlow f = FlowRuleTranslator.fromFlowRule(r);
                    FlowModEncoder.Command c;
                    switch (op.type()) {
                        case REMOVE:
                            dev.desire(f.key(), null);
                            c = FlowModEncoder.Command.DELETE_STRICT;
                            break;
                        case MODIFY:
                            dev.desire(f.key(), f);
                            c = FlowModEncoder.Command.MODIFY_STRICT;
                            break;
                        default:
                            dev.desire(f.key(), f);
                            c = FlowModEncoder.Command.ADD;
                    }
                    if (sw != null) {
                        OFMessage m = FlowModEncoder.encode(f, c, sw.nextXid());
                        byXid.put(m.getXid(), op);
                        messages.add(m);
                    }
                }
                dev.version++;
                if (sw == null) {
                    LOG.info("{} is not connected; its flows are sent when it connects", d);
                    dev.waiting.add(Waiter.of(ops, cb));
                    continue;
                }
                n = messages.size();
                encoded = System.nanoTime();
                sent = send(sw, dev, messages);
            }
            sent.whenComplete((ok, err) -> {
                if (err == null) {
                    if (n >= 1000) {
                        LOG.info("{}: {} flow mods, encoded in {} ms, committed and confirmed by the switch in {} ms", d, n,
                                (encoded - t0) / 1_000_000, (System.nanoTime() - encoded) / 1_000_000);
                    }
                    if (cb != null) {
                        cb.onSuccess(ops);
                    }
                    return;
                }
                Throwable cause = cause(err);
                String why = cause instanceof java.util.concurrent.TimeoutException
                        ? "no confirmation from the switch within " + confirmSeconds(n) + " s (" + n + " flow mods)"
                        : String.valueOf(cause.getMessage());
                Map<Integer, String> u = unsynced.computeIfAbsent(d, k -> new ConcurrentHashMap<>());
                for (FlowRuleOperation op : e.getValue()) {
                    u.put(org.dsp.driver.ovs.Cookies.tenantKey(op.rule().id().value()), why);
                }
                LOG.warn("programming {} failed, nothing of the batch ({} flow mods) was applied: {}", d, n, why);
                if (cb != null) {
                    cb.onError(failedOperations(cause, byXid, e.getValue()));
                }
            });
        }
    }

    /**
     * Applies group changes to a device's desired groups and sends them as one atomic bundle, in
     * order with the device's flow batches ({@code done} gets null on the switch's confirmation,
     * else why not). For a switch that is not connected they wait: its reconciliation sends them
     * with its flows.
     */
    void applyGroups(DeviceId d, List<GroupOp> ops, java.util.function.Consumer<Throwable> done) {
        Device dev = device(d);
        java.util.concurrent.CompletableFuture<Void> sent;
        SwitchConnection sw;
        int n = ops.size();
        synchronized (dev) {
            sw = server.switchOf(d.toString());
            List<OFMessage> messages = new ArrayList<>();
            for (GroupOp op : ops) {
                long id = op.group.id();
                if (op.command == org.dsp.node.openflow.GroupModEncoder.Command.DELETE) {
                    dev.groups.remove(id);
                } else {
                    dev.groups.put(id, op.group);
                }
                if (sw != null) {
                    messages.add(org.dsp.node.openflow.GroupModEncoder.encode(op.group, op.command, sw.nextXid()));
                }
            }
            dev.version++;
            if (sw == null) {
                LOG.info("{} is not connected; its groups are sent when it connects", d);
                dev.waiting.add(new Waiter(ok -> done.accept(ok ? null : new IllegalStateException("reconciling " + d + " failed"))));
                return;
            }
            sent = send(sw, dev, messages);
        }
        sent.whenComplete((ok, err) -> {
            if (err != null) {
                Throwable cause = cause(err);
                LOG.warn("programming the groups of {} failed, nothing of the batch ({} group mods) was applied: {}", d, n,
                        cause.getMessage());
                done.accept(cause);
            } else {
                done.accept(null);
            }
        });
    }

    /**
     * Returns whether a packet-in with {@code cookie} can have come from a punt flow the node put on
     * {@code d}: one of its infrastructure punts, or a desired flow that sends to the controller.
     */
    boolean punts(DeviceId d, long cookie) {
        for (DsnFlow f : infrastructure.apply(d)) {
            if (f.cookie() == cookie && f.punts()) {
                return true;
            }
        }
        Device dev = devices.get(d);
        return dev != null && dev.punts.containsKey(cookie);
    }

    /** Seconds to wait for a batch's confirmation: 30, plus one per 10,000 messages. */
    private static long confirmSeconds(int messages) {
        return 30 + messages / 10_000;
    }

    /** The operations to blame: those whose messages the switch refused, else all of the batch. */
    private static FlowRuleOperations failedOperations(Throwable cause, Map<Long, FlowRuleOperation> byXid,
                                                       List<FlowRuleOperation> all) {
        FlowRuleOperations.Builder b = FlowRuleOperations.builder();
        List<FlowRuleOperation> blamed = new ArrayList<>();
        if (cause instanceof org.dsp.node.openflow.RefusedException) {
            for (long xid : ((org.dsp.node.openflow.RefusedException) cause).refused()) {
                FlowRuleOperation op = byXid.get(xid);
                if (op != null) {
                    blamed.add(op);
                }
            }
        }
        for (FlowRuleOperation op : blamed.isEmpty() ? all : blamed) {
            b.operation(op);
        }
        return b.build();
    }

    /**
     * Returns why the switch does not hold the flows of the tenant with key {@code tenantKey} as
     * desired (a batch of them failed, and no audit or reconciliation has confirmed them since),
     * or null when nothing is known against them.
     */
    String refusal(DeviceId d, int tenantKey) {
        return unsynced.getOrDefault(d, Map.of()).get(tenantKey);
    }

    /** The switch was seen holding every desired flow (or a repair of it was confirmed). */
    private void synced(DeviceId d, long version, Device dev) {
        synchronized (dev) {
            if (dev.version == version && dev.inFlight == 0) {
                unsynced.remove(d);
            }
        }
    }

    /**
     * Reconciles a switch that (re)connects: reads its flows and sends only the differences from
     * the desired state (nothing at all when it already holds exactly that). Batches that waited
     * for the switch are settled by the outcome. If the desired state changes while the flows
     * are read, they are read again.
     */
    @Override
    public void connected(SwitchConnection sw) {
        reconcile(sw, 0);
    }

    private void reconcile(SwitchConnection sw, int attempt) {
        DeviceId d = DeviceId.deviceId(sw.deviceId());
        Device dev = device(d);
        long version;
        long batches;
        synchronized (dev) {
            version = dev.version;
            batches = dev.batches;
            dev.inFlight++; // audits wait for the reconciliation: they would read what it is about to change
            dev.reconciling = sw;
        }
        read(sw).orTimeout(confirmSeconds(0), java.util.concurrent.TimeUnit.SECONDS).whenComplete((r, err) -> {
            if (err != null) {
                landed(sw, dev);
            }
        }).thenAcceptAsync(read -> {
            List<org.dsp.node.openflow.WireFlow> installed = read.flows;
            List<Waiter> settled;
            java.util.concurrent.CompletableFuture<Void> done;
            long planned;
            synchronized (dev) {
                dev.inFlight--; // the read is done; send() counts the plan in flight
                if ((dev.version != version || dev.batches != batches) && attempt < 5) {
                    reconcile(sw, attempt + 1);
                    return;
                }
                planned = dev.version;
                List<DsnFlow> want = want(d, dev);
                Reconciler.Plan plan = Reconciler.reconcile(installed, want, read.groups, dev.groups.values(), keepForeign,
                        sw::nextXid);
                countForeignGroups(d, read.groups, dev);
                reconciled.put(d, plan.messages().size());
                LOG.info("reconciled {}: {} flows and {} groups installed, {} and {} desired, {} flow and group mods sent{}", d,
                        installed.size(), read.groups.size(), want.size(), dev.groups.size(), plan.messages().size(),
                        plan.messages().isEmpty() ? "" : " (" + plan.summary() + ")");
                settled = new ArrayList<>(dev.waiting);
                dev.waiting.clear();
                done = send(sw, dev, plan);
            }
            done.whenComplete((ok, err) -> {
                if (err != null) {
                    LOG.warn("reconciling {} failed: {}", d, err.getMessage());
                } else {
                    synced(d, planned, dev);
                }
                settled.forEach(w -> w.settle(err == null));
            });
        }, worker).exceptionally(err -> {
            LOG.warn("reconciling {} failed: {}", d, err.toString());
            return null;
        });
    }

    /**
     * Sends a plan to a switch (flows and groups in one bundle), counted in flight until the
     * switch confirms it (caller holds the device's monitor, so the plan's batch is written in
     * order with the others).
     */
    private java.util.concurrent.CompletableFuture<Void> send(SwitchConnection sw, Device dev, Reconciler.Plan plan) {
        return send(sw, dev, plan.messages());
    }

    /**
     * Sends a batch (flow and group mods) as one bundle, counted in flight until the switch
     * confirms or refuses it, or the confirmation is overdue (caller holds the device's monitor).
     */
    private java.util.concurrent.CompletableFuture<Void> send(SwitchConnection sw, Device dev, List<OFMessage> messages) {
        dev.inFlight++;
        if (!messages.isEmpty()) {
            dev.batches++;
        }
        return sw.commit(messages).orTimeout(confirmSeconds(messages.size()), java.util.concurrent.TimeUnit.SECONDS)
                .whenComplete((ok, err) -> landed(sw, dev));
    }

    /** The failure a completion wraps. */
    private static Throwable cause(Throwable err) {
        return err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
    }

    /** A batch for the switch is settled; a drift report that came meanwhile is audited now. */
    private void landed(SwitchConnection sw, Device dev) {
        boolean audit;
        synchronized (dev) {
            dev.inFlight--;
            audit = dev.inFlight == 0 && dev.drift;
        }
        if (audit) {
            worker.execute(() -> audit(sw));
        }
    }

    /**
     * The switch's flow monitor reported a flow someone else added, deleted or changed: the switch
     * is audited at once (reports coalesce while an audit is queued), or - while a batch of the
     * node's is in flight - as soon as it settles.
     */
    @Override
    public void flowsChanged(SwitchConnection sw) {
        Device dev = device(DeviceId.deviceId(sw.deviceId()));
        synchronized (dev) {
            if (dev.drift) {
                return;
            }
            dev.drift = true;
        }
        worker.execute(() -> audit(sw));
    }

    /**
     * Audits a connected switch: reads its flows, records each desired flow's state (ADDED with
     * the switch's counters, or PENDING_ADD while the switch does not hold it) and repairs drift
     * (flows lost, changed or added behind the node's back) with the same minimal difference a
     * reconnect would send. Skipped while a batch for the switch is in flight; a read during which
     * the desired state changed or a batch went out is stale and is read again once the switch
     * has settled. Runs off the I/O threads.
     */
    void audit(SwitchConnection sw) {
        DeviceId d = DeviceId.deviceId(sw.deviceId());
        Device dev = device(d);
        long version;
        long batches;
        synchronized (dev) {
            if (dev.inFlight > 0 || dev.reconciling != sw) {
                return; // a reported drift stays flagged: the batch or reconciliation audits it when it lands
            }
            version = dev.version;
            batches = dev.batches;
            dev.drift = false; // this read sees every change reported so far
        }
        read(sw).thenAcceptAsync(read -> {
            List<org.dsp.node.openflow.WireFlow> installed = read.flows;
            java.util.concurrent.CompletableFuture<Void> done;
            synchronized (dev) {
                if (dev.version != version || dev.batches != batches || dev.inFlight > 0) {
                    // Stale: a batch went out while the flows were read (another audit's repair,
                    // a reconciliation, a program change). Not acted on; read again once the
                    // switch has settled (now, or when the batch in flight lands).
                    dev.drift = true;
                    if (dev.inFlight == 0) {
                        worker.execute(() -> audit(sw));
                    }
                    return;
                }
                List<DsnFlow> want = want(d, dev);
                Reconciler.Plan plan = Reconciler.reconcile(installed, want, read.groups, dev.groups.values(), keepForeign,
                        sw::nextXid);
                countForeignGroups(d, read.groups, dev);
                Map<DsnFlow.Key, Observed> entries = new HashMap<>();
                for (Map.Entry<DsnFlow.Key, DsnFlow> e : dev.desired.entrySet()) {
                    entries.put(e.getKey(), new Observed(e.getValue(), plan.held().get(e.getKey())));
                }
                observed.put(d, entries);
                if (!plan.messages().isEmpty()) {
                    LOG.warn("{} drifted from its program ({} flows and {} groups held, {} and {} desired): {} flow and group mods"
                            + " repair it ({})", d, installed.size(), read.groups.size(), want.size(), dev.groups.size(),
                            plan.messages().size(), plan.summary());
                    repaired.merge(d, plan.messages().size(), Integer::sum);
                }
                done = send(sw, dev, plan);
            }
            done.whenComplete((ok, err) -> {
                if (err != null) {
                    LOG.warn("repairing {} failed: {}", d, err.getMessage());
                } else {
                    synced(d, version, dev);
                }
            });
        }, worker).exceptionally(err -> {
            LOG.warn("audit of {} failed: {}", d, err.toString());
            return null;
        });
    }

    /** Stops the reconciliation worker. */
    void close() {
        worker.shutdownNow();
    }

    /** Counts the groups a read found that nobody wants (the plan deletes them unless foreign state is kept). */
    private void countForeignGroups(DeviceId d, List<org.dsp.node.openflow.WireGroup> installed, Device dev) {
        if (keepForeign) {
            return;
        }
        long foreign = installed.stream().filter(g -> !dev.groups.containsKey(g.id())).count();
        if (foreign > 0) {
            LOG.info("{}: deleting {} group(s) the node did not install", d, foreign);
            removedGroups.merge(d, (int) foreign, Integer::sum);
        }
    }

    /** Returns how many foreign groups reconciliation and audits removed from each switch. */
    Map<DeviceId, Integer> removedGroups() {
        return Map.copyOf(removedGroups);
    }

    /** Returns how many FLOW_MODs audits sent to each switch to repair drift, in total. */
    Map<DeviceId, Integer> repaired() {
        return Map.copyOf(repaired);
    }

    /** Returns how many FLOW_MODs the last reconciliation of each switch sent. */
    Map<DeviceId, Integer> reconciled() {
        return Map.copyOf(reconciled);
    }

    @Override
    public void disconnected(SwitchConnection sw) {
        // desired state is kept; it is sent again on reconnect
    }

    @Override
    public int getFlowRuleCount() {
        return devices.values().stream().mapToInt(dev -> dev.desired.size()).sum();
    }

    /**
     * The entry of a desired rule: as the last audit saw it on the switch, PENDING_ADD before that
     * or when the rule changed since (DSN flows compare actions and cookie; FlowRules do not).
     */
    private FlowEntry entry(DeviceId d, DsnFlow x) {
        Observed seen = observed.getOrDefault(d, Map.of()).get(x.key());
        return entry(d, x, seen != null && seen.flow.equals(x) ? seen.held : null);
    }

    @Override
    public FlowEntry getFlowEntry(FlowRule rule) {
        DsnFlow x = device(rule.deviceId()).desired.get(FlowRuleTranslator.fromFlowRule(rule).key());
        return x == null ? null : entry(rule.deviceId(), x);
    }

    @Override
    public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
        List<FlowEntry> out = new ArrayList<>();
        device(deviceId).desired.values().forEach(x -> out.add(entry(deviceId, x)));
        return out;
    }

    @Override
    public void applyFlowRules(FlowRule... rules) {
        FlowRuleOperations.Builder b = FlowRuleOperations.builder();
        for (FlowRule r : rules) {
            b.add(r);
        }
        apply(b.build());
    }

    @Override
    public void removeFlowRules(FlowRule... rules) {
        FlowRuleOperations.Builder b = FlowRuleOperations.builder();
        for (FlowRule r : rules) {
            b.remove(r);
        }
        apply(b.build());
    }

    @Override
    public void purgeFlowRules(DeviceId deviceId) {
        throw Refuse.of("FlowRuleService", "purgeFlowRules");
    }

    @Override
    public void removeFlowRulesById(ApplicationId appId) {
        throw Refuse.of("FlowRuleService", "removeFlowRulesById");
    }

    @Override
    public Iterable<FlowEntry> getFlowEntriesById(ApplicationId id) {
        throw Refuse.of("FlowRuleService", "getFlowEntriesById");
    }

    @Override
    public Iterable<FlowRule> getFlowRulesByGroupId(ApplicationId appId, short groupId) {
        throw Refuse.of("FlowRuleService", "getFlowRulesByGroupId");
    }

    @Override
    public Iterable<TableStatisticsEntry> getFlowTableStatistics(DeviceId deviceId) {
        throw Refuse.of("FlowRuleService", "getFlowTableStatistics");
    }

    @Override
    public void addListener(FlowRuleListener listener) {
        // DSP follows its own operations' callbacks
    }

    @Override
    public void removeListener(FlowRuleListener listener) {
        // DSP follows its own operations' callbacks
    }
}
