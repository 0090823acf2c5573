package org.dsp.app.impl;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.onosproject.event.DefaultEventSinkRegistry;
import org.onosproject.event.Event;
import org.onosproject.event.EventDeliveryService;
import org.onosproject.event.EventSink;

/** An EventDeliveryService for tests, as ONOS's: each event to its class's sink, in order, on one thread of its own. */
final class TestEventDispatcher extends DefaultEventSinkRegistry implements EventDeliveryService {
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread t = new Thread(r, "test-event-dispatch");
        t.setDaemon(true);
        return t;
    });

    TestEventDispatcher() {
        thread.allowCoreThreadTimeOut(true); // many managers in one test JVM: an idle dispatcher holds no thread
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void post(Event event) {
        thread.execute(() -> {
            EventSink sink = getSink(event.getClass());
            if (sink != null) {
                sink.process(event);
            }
        });
    }

    @Override
    public void setDispatchTimeLimit(long millis) {
    }

    @Override
    public long getDispatchTimeLimit() {
        return 2000;
    }
}
