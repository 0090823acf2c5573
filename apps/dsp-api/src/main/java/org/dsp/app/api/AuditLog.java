package org.dsp.app.api;

import java.util.List;
import java.util.function.Predicate;

/**
 * The durable, append-only audit log: entries are only ever added, never changed or removed, and
 * each is stored before {@link #record} returns (it survives the process being killed).
 */
public interface AuditLog {
    /** Stores {@code entry} with the next sequence number and the current time, and returns it so. */
    AuditEntry record(AuditEntry entry);

    /** Returns up to {@code limit} of the newest entries that {@code filter} accepts, newest first. */
    default List<AuditEntry> newest(int limit, Predicate<AuditEntry> filter) {
        return newest(limit, 0, filter);
    }

    /** Returns up to {@code limit} of the newest entries after sequence number {@code since} that {@code filter} accepts, newest first. */
    List<AuditEntry> newest(int limit, long since, Predicate<AuditEntry> filter);

    /** Returns how many entries the log holds. */
    long size();
}
