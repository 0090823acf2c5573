package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dsp.app.api.StaleVersionException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;

/**
 * Tenant keys (conntrack zones, 16 bits) are allocated only by an accepted document and freed by a
 * delete: refused requests never use them up (hardening issue, finding 3: 65,535 refused PUTs
 * once exhausted them and every later new tenant failed with 500).
 */
class TenantKeyLeakTest {
    private static TenantDocument tenant(String id, long version) {
        return TenantDocument.builder().tenantId(id).version(version).build();
    }

    @Test
    void a100kRefusedFirstDocumentsAllocateNoKey() {
        TenantStore store = new TenantStore(new SharedStorageService(), () -> TenantDocumentCodec.with(Services.discovered()));
        for (int i = 0; i < 100_000; i++) {
            String id = "t" + i;
            assertThrows(StaleVersionException.class, () -> store.put(tenant(id, 7)), id); // a version nobody stored
        }
        assertEquals(0, store.allocatedKeys(), "no refused document kept a key");
        store.put(tenant("fresh", 0));
        assertEquals(1, store.allocatedKeys());
        assertTrue(store.remove("fresh"));
        assertEquals(0, store.allocatedKeys(), "and a delete frees it");
    }

    @Test
    void throughTheCoreARefusedPutKeepsNothingEither() throws Exception {
        DspManager m = TestManagers.active(new RecordingFlowRules());
        try {
            TenantDocument doc = DspManagerTest.example();
            for (int i = 0; i < 1000; i++) {
                TenantDocument stale = doc.toBuilder().tenantId("acme" + i).version(3).build();
                assertThrows(StaleVersionException.class, () -> m.apply(stale));
            }
            assertEquals(0, m.store().allocatedKeys());
            assertTrue(m.apply(doc).version() > 0, "a new tenant is still accepted");
        } finally {
            m.deactivate();
        }
    }
}
