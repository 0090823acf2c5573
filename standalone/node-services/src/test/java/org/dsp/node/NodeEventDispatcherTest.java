package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dsp.app.api.TenantEvent;
import org.dsp.app.api.TenantListener;
import org.junit.jupiter.api.Test;
import org.onosproject.event.ListenerRegistry;

/**
 * The node's event delivery: every event to its class's sink, in the order posted, on the
 * dispatcher's own thread; a listener that throws does not stop the next event; close delivers
 * what was posted first.
 */
class NodeEventDispatcherTest {
    @Test
    void eventsReachTheirSinkInOrderOffThePostersThread() {
        NodeEventDispatcher d = new NodeEventDispatcher();
        ListenerRegistry<TenantEvent, TenantListener> registry = new ListenerRegistry<>();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Thread> on = new CopyOnWriteArrayList<>();
        registry.addListener(e -> {
            if (e.subject().equals("bad")) {
                throw new IllegalStateException("a listener that fails");
            }
            seen.add(e.subject());
            on.add(Thread.currentThread());
        });
        d.addSink(TenantEvent.class, registry);
        d.post(new TenantEvent(TenantEvent.Type.TENANT_UPDATED, "before-bad"));
        d.post(new TenantEvent(TenantEvent.Type.TENANT_UPDATED, "bad"));
        for (int i = 0; i < 100; i++) {
            d.post(new TenantEvent(TenantEvent.Type.TENANT_REALIZED, "t" + i));
        }
        d.close();
        assertEquals(101, seen.size(), "every event but the failing listener's: " + seen);
        assertEquals("before-bad", seen.get(0));
        for (int i = 0; i < 100; i++) {
            assertEquals("t" + i, seen.get(i + 1), "in the order posted");
        }
        assertTrue(on.stream().allMatch(t -> t.getName().equals("dsp-event-dispatch") && t != Thread.currentThread()));
        d.post(new TenantEvent(TenantEvent.Type.TENANT_UPDATED, "after-close"));
        assertEquals(101, seen.size(), "nothing is delivered after close");
        assertThrows(IllegalArgumentException.class, () -> d.setDispatchTimeLimit(0));
    }
}
