package org.dsp.node.flowlog;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.dsp.app.api.FlowLogService;
import org.dsp.app.api.FlowRecord;

/**
 * The node's flow logs: one connection record per DSN, rule and 5-tuple (of the original
 * direction), to which every IPFIX record of the connection adds its packets and bytes (a reply's
 * to the reply counters) (Open vSwitch exports a sampled flow at most
 * every {@link IpfixExport#ACTIVE_TIMEOUT_SECONDS} s). At most {@code capacity} records are held,
 * the least recently seen dropped first (and counted), and at most {@code perTenant} of one tenant
 * (a tenant beyond it loses its own least recently seen, never another tenant's); a record not seen for {@code retention}
 * seconds is dropped, and a deleted tenant's records go with it. Times are the node's (the
 * collector's arrival time minus Open vSwitch's deltas). Indexed per tenant, so a query reads only
 * its tenant's records. In memory: the logs start empty when the node starts.
 */
public final class FlowLogStore implements FlowLogService {
    private final int capacity;
    private final int perTenant;
    private final long retentionSeconds;
    private final LongSupplier clock;
    /** In the order records were last updated: the head is the least recently seen. */
    private final LinkedHashMap<String, FlowRecord> records = new LinkedHashMap<>();
    /** The same records per tenant, in the same order. */
    private final java.util.Map<String, LinkedHashMap<String, FlowRecord>> byTenant = new java.util.HashMap<>();
    private long dropped;

    /** A store of at most {@code capacity} records (of any one tenant too) kept {@code retentionSeconds} after last seen. */
    public FlowLogStore(int capacity, long retentionSeconds, LongSupplier clock) {
        this(capacity, capacity, retentionSeconds, clock);
    }

    /**
     * A store of at most {@code capacity} records, {@code perTenant} of one tenant, kept
     * {@code retentionSeconds} after last seen, on the clock {@code clock} (ms).
     */
    public FlowLogStore(int capacity, int perTenant, long retentionSeconds, LongSupplier clock) {
        if (capacity < 1 || perTenant < 1 || perTenant > capacity || retentionSeconds < 1) {
            throw new IllegalArgumentException("flow log bounds must be positive, per tenant at most the total");
        }
        this.capacity = capacity;
        this.perTenant = perTenant;
        this.retentionSeconds = retentionSeconds;
        this.clock = clock;
    }

    /** Adds what one IPFIX record of a connection says (its first, or a later one). */
    public synchronized void add(FlowRecord r) {
        String key = r.dsn() + '|' + r.tenant() + '|' + r.rule() + '|' + r.verdict() + '|' + r.direction() + '|' + r.protocol()
                + '|' + r.src() + '|' + r.srcPort() + '|' + r.dst() + '|' + r.dstPort();
        FlowRecord old = records.remove(key);
        LinkedHashMap<String, FlowRecord> mine = byTenant.computeIfAbsent(r.tenant(), k -> new LinkedHashMap<>());
        mine.remove(key);
        FlowRecord merged = old == null ? r : old.toBuilder().packets(old.packets() + r.packets()).bytes(old.bytes() + r.bytes())
                .replyPackets(old.replyPackets() + r.replyPackets()).replyBytes(old.replyBytes() + r.replyBytes())
                .start(Math.min(old.start(), r.start())).end(Math.max(old.end(), r.end())).closed(old.closed() || r.closed()).build();
        records.put(key, merged);
        mine.put(key, merged);
        if (mine.size() > perTenant) { // the tenant's own least recently seen
            String oldest = mine.keySet().iterator().next();
            mine.remove(oldest);
            records.remove(oldest);
            dropped++;
        }
        while (records.size() > capacity) {
            removeHead();
            dropped++;
        }
        expire();
    }

    /** Drops every record of tenant {@code tenantId} (the tenant was deleted). */
    public synchronized void purge(String tenantId) {
        LinkedHashMap<String, FlowRecord> mine = byTenant.remove(tenantId);
        if (mine != null) {
            records.keySet().removeAll(mine.keySet());
        }
    }

    private void removeHead() {
        Iterator<java.util.Map.Entry<String, FlowRecord>> it = records.entrySet().iterator();
        java.util.Map.Entry<String, FlowRecord> e = it.next();
        it.remove();
        LinkedHashMap<String, FlowRecord> mine = byTenant.get(e.getValue().tenant());
        if (mine != null) {
            mine.remove(e.getKey());
            if (mine.isEmpty()) {
                byTenant.remove(e.getValue().tenant());
            }
        }
    }

    /** Drops the records not seen for the retention period. */
    public synchronized void expire() {
        long oldest = clock.getAsLong() - retentionSeconds * 1000;
        while (!records.isEmpty() && records.values().iterator().next().end() < oldest) {
            removeHead();
        }
    }

    @Override
    public synchronized List<FlowRecord> records(String tenantId, Predicate<FlowRecord> filter, int limit) {
        expire();
        LinkedHashMap<String, FlowRecord> mine = byTenant.get(tenantId);
        List<FlowRecord> all = mine == null ? List.of() : new ArrayList<>(mine.values());
        List<FlowRecord> out = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
            if (filter.test(all.get(i))) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    @Override
    public synchronized long size() {
        return records.size();
    }

    @Override
    public long capacity() {
        return capacity;
    }

    /** Returns the most records one tenant may hold. */
    public long perTenant() {
        return perTenant;
    }

    @Override
    public long retentionSeconds() {
        return retentionSeconds;
    }

    @Override
    public synchronized long dropped() {
        return dropped;
    }
}
