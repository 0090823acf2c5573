package org.dsp.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/** What a service keeps of its instances' health for a restarted controller, and who writes it. */
class KeptHealthTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");

    /** A host with a durable store, programming D1 only (a cluster member that is D1's master). */
    static ServiceHost host(Map<String, String> store) {
        return hostGiving(() -> store);
    }

    /** A host whose durable map "svc.down" is what {@code durable} gives, programming D1 only. */
    static ServiceHost hostGiving(java.util.function.Supplier<Map<String, String>> durable) {
        return new ServiceHost() {
            @Override
            public void refresh(String tenantId) {
            }

            @Override
            public boolean emit(DeviceId dsn, long port, byte[] frame) {
                return true;
            }

            @Override
            public Map<String, String> durable(String name) {
                return "svc.down".equals(name) ? durable.get() : null;
            }

            @Override
            public boolean programs(DeviceId dsn) {
                return dsn.equals(D1);
            }
        };
    }

    @Test
    void readOnceWrittenOnFlipsAtTheDsnsItPrograms() {
        Map<String, String> store = new HashMap<>(Map.of("t/a", "refused"));
        List<String> warnings = new ArrayList<>();
        KeptHealth k = KeptHealth.of(host(store), "svc.down", warnings::add);
        assertEquals("refused", k.downBefore("t/a"));
        assertNull(k.downBefore("t/b"));
        store.put("t/b", "written behind its back");
        assertNull(k.downBefore("t/b"), "read once, when the monitor attached");
        k.flipped("t/c", D1, false, "no answer");
        assertEquals("no answer", store.get("t/c"));
        assertEquals("no answer", k.downBefore("t/c"));
        k.flipped("t/a", D1, true, "");
        assertEquals(Map.of("t/b", "written behind its back", "t/c", "no answer"), store);
        k.flipped("t/d", D2, false, "no answer");
        assertNull(store.get("t/d"), "another member programs D2: its verdict is kept, not this one's");
        assertEquals(List.of(), warnings);
    }

    @Test
    void aHostThatKeepsNothingOrFailsKeepsNothing() {
        List<String> warnings = new ArrayList<>();
        KeptHealth none = KeptHealth.of(host(null), "other", warnings::add);
        none.flipped("t/a", D1, false, "x");
        assertNull(none.downBefore("t/a"));
        ServiceHost failing = hostGiving(() -> {
            throw new IllegalStateException("store closed");
        });
        KeptHealth k = KeptHealth.of(failing, "svc.down", warnings::add);
        k.flipped("t/a", D1, false, "x");
        assertNull(k.downBefore("t/a"));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("store closed"), warnings.toString());
        assertNull(KeptHealth.of(null, "svc.down", warnings::add).downBefore("t/a"));
    }
}
