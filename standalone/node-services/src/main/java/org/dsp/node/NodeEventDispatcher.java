package org.dsp.node;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.onosproject.event.DefaultEventSinkRegistry;
import org.onosproject.event.Event;
import org.onosproject.event.EventDeliveryService;
import org.onosproject.event.EventSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link EventDeliveryService}, what ONOS's core event dispatcher is in ONOS: events
 * posted by a manager ({@link org.onosproject.event.AbstractListenerManager#post}) are delivered
 * to the sink registered for their class, in the order posted, on one thread of their own - never
 * on the poster's. A sink that throws is logged and the next event is delivered; one that takes
 * longer than the dispatch time limit is logged (ONOS would restart its dispatcher; a node with
 * one core app keeps it).
 */
final class NodeEventDispatcher extends DefaultEventSinkRegistry implements EventDeliveryService {
    private static final Logger LOG = LoggerFactory.getLogger(NodeEventDispatcher.class);
    private static final Object STOP = new Object();

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile long limitMillis = 2000;

    NodeEventDispatcher() {
        thread = new Thread(this::run, "dsp-event-dispatch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void post(Event event) {
        if (thread.isAlive()) {
            queue.add(event);
        }
    }

    @Override
    public void setDispatchTimeLimit(long millis) {
        if (millis <= 0) {
            throw new IllegalArgumentException("the dispatch time limit must be positive, not " + millis);
        }
        limitMillis = millis;
    }

    @Override
    public long getDispatchTimeLimit() {
        return limitMillis;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void run() {
        while (true) {
            Event<?, ?> e;
            try {
                Object next = queue.take();
                if (next == STOP) {
                    return;
                }
                e = (Event<?, ?>) next;
            } catch (InterruptedException stop) {
                return;
            }
            EventSink sink = getSink(e.getClass());
            if (sink == null) {
                continue;
            }
            long start = System.nanoTime();
            try {
                sink.process(e);
            } catch (RuntimeException failed) {
                LOG.warn("the sink of {} failed on {}", e.getClass().getSimpleName(), e, failed);
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (took > limitMillis) {
                LOG.warn("delivering {} took {} ms, over the dispatch time limit of {} ms", e, took, limitMillis);
            }
        }
    }

    /** Delivers what was posted before, then stops (waits at most 5 s). */
    void close() {
        queue.add(STOP);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
