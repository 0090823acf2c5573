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
    private final Map<DeviceId, Map<DsnFlow.Key, FlowRule>> desired = new ConcurrentHashMap<>();
    private final Map<DeviceId, List<Runnable>> waiting = new ConcurrentHashMap<>();
    private final Map<DeviceId, Integer> reconciled = new ConcurrentHashMap<>();
    private final Map<DeviceId, Map<DsnFlow.Key, FlowEntry>> observed = new ConcurrentHashMap<>();
    private final Map<DeviceId, java.util.concurrent.atomic.AtomicLong> changes = new ConcurrentHashMap<>();
    private final Map<DeviceId, java.util.concurrent.atomic.AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<DeviceId, Integer> repaired = new ConcurrentHashMap<>();
    private final Map<DeviceId, Integer> removedGroups = new ConcurrentHashMap<>();
    private final boolean keepForeign;
    private final java.util.function.Function<DeviceId, List<DsnFlow>> infrastructure;

    /**
     * Creates the service; {@code infrastructure} gives the flows a switch carries besides the
     * rules applied through this service (discovery punt, fabric forwarding), put in place by
     * the reconciliation when the switch connects.
     */
    NodeFlowRuleService(OpenFlowServer server, boolean keepForeign,
                        java.util.function.Function<DeviceId, List<DsnFlow>> infrastructure) {
        this.server = server;
        this.keepForeign = keepForeign;
        this.infrastructure = infrastructure;
    }

    private Map<DsnFlow.Key, FlowRule> of(DeviceId d) {
        return desired.computeIfAbsent(d, k -> new ConcurrentHashMap<>());
    }

    @Override
    public void apply(FlowRuleOperations ops) {
        long t0 = System.nanoTime();
        Map<DeviceId, List<OFMessage>> messages = new HashMap<>();
        Map<DeviceId, SwitchConnection> conns = new HashMap<>();
        for (Set<FlowRuleOperation> stage : ops.stages()) {
            for (FlowRuleOperation op : stage) {
                FlowRule r = op.rule();
                DeviceId d = r.deviceId();
                DsnFlow f = FlowRuleTranslator.fromFlowRule(r);
                SwitchConnection sw = server.switches().get(d.toString());
                FlowModEncoder.Command c;
                switch (op.type()) {
                    case REMOVE:
                        of(d).remove(f.key());
                        c = FlowModEncoder.Command.DELETE_STRICT;
                        break;
                    case MODIFY:
                        of(d).put(f.key(), r);
                        c = FlowModEncoder.Command.MODIFY_STRICT;
                        break;
                    default:
                        of(d).put(f.key(), r);
                        c = FlowModEncoder.Command.ADD;
                }
                if (sw != null) {
                    conns.put(d, sw);
                    messages.computeIfAbsent(d, k -> new ArrayList<>()).add(FlowModEncoder.encode(f, c, sw.nextXid()));
                } else {
                    messages.computeIfAbsent(d, k -> new ArrayList<>());
                }
            }
        }
        FlowRuleOperationsContext cb = ops.callback();
        long encoded = System.nanoTime();
        for (Map.Entry<DeviceId, List<OFMessage>> e : messages.entrySet()) {
            SwitchConnection sw = conns.get(e.getKey());
            changes.computeIfAbsent(e.getKey(), k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
            if (sw == null) {
                LOG.info("{} is not connected; its flows are sent when it connects", e.getKey());
                waiting.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(() -> {
                    if (cb != null) {
                        cb.onSuccess(ops);
                    }
                });
                continue;
            }
            int n = e.getValue().size();
            java.util.concurrent.atomic.AtomicInteger busy = inFlight.computeIfAbsent(e.getKey(),
                    k -> new java.util.concurrent.atomic.AtomicInteger());
            busy.incrementAndGet();
            sw.commit(e.getValue()).whenComplete((ok, err) -> {
                busy.decrementAndGet();
                if (n >= 1000) {
                    LOG.info("{}: {} flow mods, encoded in {} ms, sent and committed (confirmed) in {} ms", e.getKey(), n,
                            (encoded - t0) / 1_000_000, (System.nanoTime() - encoded) / 1_000_000);
                }
                if (cb == null) {
                    return;
                }
                if (err == null) {
                    cb.onSuccess(ops);
                } else {
                    LOG.warn("programming {} failed: {}", e.getKey(), err.getMessage());
                    cb.onError(ops);
                }
            });
        }
    }

    /**
     * Reconciles a switch that (re)connects: reads its flows and sends only the differences from
     * the desired state (nothing at all when it already holds exactly that).
     */
    @Override
    public void connected(SwitchConnection sw) {
        DeviceId d = DeviceId.deviceId(sw.deviceId());
        List<DsnFlow> want = new ArrayList<>(infrastructure.apply(d));
        for (FlowRule r : of(d).values()) {
            want.add(FlowRuleTranslator.fromFlowRule(r));
        }
        List<Runnable> done = waiting.remove(d);
        sw.flowStats().thenCompose(installed -> {
            List<OFMessage> plan = Reconciler.plan(installed, want, keepForeign, sw::nextXid);
            reconciled.put(d, plan.size());
            LOG.info("reconciled {}: {} flows installed, {} desired, {} flow mods sent", d, installed.size(), want.size(),
                    plan.size());
            return sw.commit(plan);
        }).thenCompose(ok -> removeForeignGroups(sw)).whenComplete((ok, err) -> {
            if (err != null) {
                LOG.warn("reconciling {} failed: {}", d, err.getMessage());
            } else if (done != null) {
                done.forEach(Runnable::run);
            }
        });
    }

    /**
     * Audits a connected switch: reads its flows, records each desired flow's state (ADDED with
     * the switch's counters, or PENDING_ADD while the switch does not hold it) and repairs drift
     * (flows lost, changed or added behind the node's back) with the same minimal difference a
     * reconnect would send. Skipped while a batch for the switch is in flight or the desired state
     * changes during the read (the next audit takes it).
     */
    void audit(SwitchConnection sw) {
        DeviceId d = DeviceId.deviceId(sw.deviceId());
        long version = changes.computeIfAbsent(d, k -> new java.util.concurrent.atomic.AtomicLong()).get();
        if (inFlight.getOrDefault(d, new java.util.concurrent.atomic.AtomicInteger()).get() > 0) {
            return;
        }
        List<DsnFlow> want = new ArrayList<>(infrastructure.apply(d));
        List<FlowRule> rules = new ArrayList<>(of(d).values());
        for (FlowRule r : rules) {
            want.add(FlowRuleTranslator.fromFlowRule(r));
        }
        sw.flowStats().thenAccept(installed -> {
            if (changes.get(d).get() != version || inFlight.getOrDefault(d, new java.util.concurrent.atomic.AtomicInteger()).get() > 0) {
                return;
            }
            Map<org.dsp.node.openflow.WireFlow.Key, org.dsp.node.openflow.WireFlow> have = new HashMap<>();
            installed.forEach(w -> have.put(w.key(), w));
            Map<DsnFlow.Key, FlowEntry> entries = new HashMap<>();
            for (FlowRule r : rules) {
                DsnFlow f = FlowRuleTranslator.fromFlowRule(r);
                org.dsp.node.openflow.WireFlow w = org.dsp.node.openflow.WireFlow.of(
                        FlowModEncoder.encode(f, FlowModEncoder.Command.ADD, 0));
                org.dsp.node.openflow.WireFlow h = have.get(w.key());
                entries.put(f.key(), h != null && h.cookie() == w.cookie() && h.sameInstructions(w)
                        ? new DefaultFlowEntry(r, FlowEntry.FlowEntryState.ADDED, h.durationSec(), java.util.concurrent.TimeUnit.SECONDS,
                                h.packets(), h.bytes())
                        : new DefaultFlowEntry(r, FlowEntry.FlowEntryState.PENDING_ADD));
            }
            observed.put(d, entries);
            List<OFMessage> plan = Reconciler.plan(installed, want, keepForeign, sw::nextXid);
            if (!plan.isEmpty()) {
                LOG.warn("{} drifted from its program ({} flows held, {} desired): {} flow mods repair it", d,
                        installed.size(), want.size(), plan.size());
                repaired.merge(d, plan.size(), Integer::sum);
                sw.commit(plan).thenCompose(ok -> removeForeignGroups(sw));
            } else {
                removeForeignGroups(sw);
            }
        }).exceptionally(err -> {
            LOG.debug("audit of {} failed: {}", d, err.toString());
            return null;
        });
    }

    /**
     * DSP programs no groups, so every group a switch holds is another controller's: reconciliation
     * and audits delete them (after the flows, so no DSP flow can refer to one), unless the node
     * keeps foreign state.
     */
    private java.util.concurrent.CompletableFuture<Void> removeForeignGroups(SwitchConnection sw) {
        if (keepForeign) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return sw.groupIds().thenCompose(ids -> {
            if (!ids.isEmpty()) {
                LOG.info("{}: deleting {} group(s) the node did not install: {}", sw, ids.size(), ids);
                removedGroups.merge(DeviceId.deviceId(sw.deviceId()), ids.size(), Integer::sum);
            }
            return sw.deleteGroups(ids);
        });
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
        return desired.values().stream().mapToInt(Map::size).sum();
    }

    /** The entry of a desired rule: as the last audit saw it on the switch, PENDING_ADD before that. */
    private FlowEntry entry(DeviceId d, DsnFlow.Key key, FlowRule r) {
        FlowEntry seen = observed.getOrDefault(d, Map.of()).get(key);
        return seen != null && seen.equals(r) ? seen : new DefaultFlowEntry(r, FlowEntry.FlowEntryState.PENDING_ADD);
    }

    @Override
    public FlowEntry getFlowEntry(FlowRule rule) {
        DsnFlow.Key key = FlowRuleTranslator.fromFlowRule(rule).key();
        FlowRule r = of(rule.deviceId()).get(key);
        return r == null ? null : entry(rule.deviceId(), key, r);
    }

    @Override
    public Iterable<FlowEntry> getFlowEntries(DeviceId deviceId) {
        List<FlowEntry> out = new ArrayList<>();
        of(deviceId).forEach((key, r) -> out.add(entry(deviceId, key, r)));
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
