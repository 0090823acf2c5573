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

    /** The most events of one kind handed to the sink per second; the rest are counted into the next one. */
    static final int SINK_PER_SECOND = 5;
    private volatile java.util.function.BiConsumer<String, String> sink = (k, d) -> { };
    private final java.util.Map<String, Long> totals = new java.util.HashMap<>();
    private final java.util.Map<String, long[]> windows = new java.util.HashMap<>(); // kind -> {second, count, suppressed}
    /** The sink runs here, off the caller's thread (an OpenFlow event loop); at most 1000 waiting, the rest dropped and counted. */
    private final java.util.concurrent.ThreadPoolExecutor sinkThread = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.ArrayBlockingQueue<>(1000), r -> {
                Thread t = new Thread(r, "dsp-security-audit");
                t.setDaemon(true);
                return t;
            }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());

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
        totals.merge(kind, 1L, Long::sum);
        long second = System.currentTimeMillis() / 1000;
        long[] w = windows.computeIfAbsent(kind, k -> new long[3]);
        if (w[0] != second) {
            w[0] = second;
            w[1] = 0;
        }
        if (++w[1] > SINK_PER_SECOND) {
            w[2]++;
            return;
        }
        String text = w[2] == 0 ? detail : detail + " (+" + w[2] + " more of this kind not recorded one by one)";
        w[2] = 0;
        java.util.function.BiConsumer<String, String> s = sink;
        sinkThread.execute(() -> {
            try {
                s.accept(kind, text);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(SecurityEvents.class).warn("security event not audited: {}", e.toString());
            }
        });
    }

    /** Waits (at most {@code millis}) until the events handed to the sink were recorded (tests, shutdown). */
    void drain(long millis) throws InterruptedException {
        java.util.concurrent.FutureTask<Void> marker = new java.util.concurrent.FutureTask<>(() -> null);
        sinkThread.execute(marker); // one thread, in order: done when everything before it is
        try {
            marker.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the queue was full (the marker dropped) or slow: return after the bound
        }
    }

    /** Stops the sink's thread after what it holds. */
    void close() {
        sinkThread.shutdown();
        try {
            sinkThread.awaitTermination(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns how many events of each kind happened since start. */
    synchronized java.util.Map<String, Long> totals() {
        return new java.util.TreeMap<>(totals);
    }

    /** Returns the kept events, oldest first. */
    synchronized List<Event> latest() {
        return List.copyOf(events);
    }
}
