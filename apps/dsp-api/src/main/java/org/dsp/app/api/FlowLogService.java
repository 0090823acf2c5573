package org.dsp.app.api;

import java.util.List;
import java.util.function.Predicate;

/**
 * The flow logs: connection records of the rules marked {@code log}, collected from the DSNs
 * (the standalone node: IPFIX samples, docs/observability.md), bounded in number and kept for a
 * retention period.
 */
public interface FlowLogService {
    /** Returns up to {@code limit} of tenant {@code tenantId}'s records that {@code filter} accepts, the most recently seen first. */
    List<FlowRecord> records(String tenantId, Predicate<FlowRecord> filter, int limit);

    /** Returns how many records are held now (all tenants). */
    long size();

    /** Returns the most records held (older ones are dropped first). */
    long capacity();

    /** Returns how long a record is kept after it was last seen, in seconds. */
    long retentionSeconds();

    /** Returns how many records were dropped since start to stay within {@link #capacity()}. */
    long dropped();
}
