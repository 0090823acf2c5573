package org.dsp.node;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import org.dsp.node.openflow.SecurityListener;

/**
 * The latest security events of the node (what it refused and why), kept in memory, at most a
 * fixed number; served at {@code GET /onos/dsp/v1/ready/security}. Every event is also logged as a
 * warning (and so lands in {@code <data-dir>/dsp-node.log}).
 */
final class SecurityEvents implements SecurityListener {
    /** One event. */
    static final class Event {
        private final Instant time;
        private final String kind;
        private final String detail;

        Event(Instant time, String kind, String detail) {
            this.time = time;
            this.kind = kind;
            this.detail = detail;
        }

        Instant time() {
            return time;
        }

        String kind() {
            return kind;
        }

        String detail() {
            return detail;
        }
    }

    private final int capacity;
    private final ArrayDeque<Event> events = new ArrayDeque<>();

    private volatile java.util.function.BiConsumer<String, String> sink = (k, d) -> { };

    SecurityEvents(int capacity) {
        this.capacity = capacity;
    }

    /** Also hands every event to {@code s} (the audit log). */
    void sink(java.util.function.BiConsumer<String, String> s) {
        sink = s;
    }

    @Override
    public synchronized void event(String kind, String detail) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(new Event(Instant.now(), kind, detail));
        try {
            sink.accept(kind, detail);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SecurityEvents.class).warn("security event not audited: {}", e.toString());
        }
    }

    /** Returns the kept events, oldest first. */
    synchronized List<Event> latest() {
        return List.copyOf(events);
    }
}
