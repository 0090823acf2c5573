package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceHost;
import org.junit.jupiter.api.Test;

/**
 * {@link ServiceHost#durable}: a service's own state in the core's store, which a restarted core
 * gives back (a chain's or load balancer's instances that were down, so a restart reprograms nothing).
 */
class ServiceDurableStateTest {
    /** A service that keeps the host it is bound with. */
    private static ServiceApp keeper(AtomicReference<ServiceHost> bound) {
        ServiceApp parts = org.dsp.testing.TestServices.app("keeper", List.of(), List.of(), List.of(), List.of());
        return new org.dsp.testing.ForwardingServiceApp(parts) {
            @Override
            public void bind(ServiceHost host) {
                bound.set(host);
            }
        };
    }

    @Test
    void aServicesDurableMapOutlivesTheCoreAndIsItsOwnByName() {
        SharedStorageService storage = new SharedStorageService(); // the store: survives the core
        AtomicReference<ServiceHost> bound = new AtomicReference<>();
        DspManager first = TestManagers.active(new RecordingFlowRules(), storage);
        TestManagers.serviceCame(first, keeper(bound));
        assertNotNull(bound.get(), "bound");
        Map<String, String> down = bound.get().durable("keeper.down");
        down.put("acme/ids-1", "no answer within 400 ms");
        bound.get().durable("keeper.other").put("x", "y");
        TestManagers.stop(first);

        bound.set(null);
        DspManager second = TestManagers.active(new RecordingFlowRules(), storage);
        TestManagers.serviceCame(second, keeper(bound));
        assertEquals(Map.of("acme/ids-1", "no answer within 400 ms"), Map.copyOf(bound.get().durable("keeper.down")));
        assertEquals(Map.of("x", "y"), Map.copyOf(bound.get().durable("keeper.other")), "one map per name");
        bound.get().durable("keeper.down").remove("acme/ids-1");
        assertEquals(Map.of(), Map.copyOf(bound.get().durable("keeper.down")));
        TestManagers.stop(second);
    }
}
