package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.Keys;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;

/**
 * A tenant's extra conntrack zones, probed while its document compiles (nothing allocated yet): two
 * purposes of one compile never get the same zone, even where one's probe moves up onto the other's
 * hash (a chain's steering key and a step's zone, equal, would make the compile refuse the document
 * every time it is sent).
 */
class TenantZonesTest {
    @Test
    void twoPurposesOfOneCompileNeverProbeTheSameFreeZone() {
        TenantStore store = new TenantStore(new SharedStorageService(), () -> TenantDocumentCodec.with(Services.discovered()));
        // purposes a and b of tenant t with b's hash one above a's, and a tenant whose key is a's hash: a probes up onto b's
        Map<Integer, String> byHash = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            byHash.putIfAbsent(Keys.tenantKey("t#b" + i), "b" + i);
        }
        String a = null;
        String b = null;
        for (int i = 0; a == null && i < 200_000; i++) {
            int h = Keys.tenantKey("t#a" + i);
            if (h < 0xfffe && byHash.containsKey(h + 1) && h != Keys.tenantKey("t") && h + 1 != Keys.tenantKey("t")) {
                a = "a" + i;
                b = byHash.get(h + 1);
            }
        }
        int ha = Keys.tenantKey("t#" + a);
        String occupant = null;
        for (int i = 0; occupant == null && i < 2_000_000; i++) {
            if (Keys.tenantKey("o" + i) == ha) {
                occupant = "o" + i;
            }
        }
        store.put(TenantDocument.builder().tenantId(occupant).version(0).build());
        assertEquals(ha, store.key(occupant));
        int za = store.zone("t", a, Set.of());
        assertEquals(ha + 1, za, "a's hash is taken: it probes up to b's");
        assertEquals(ha + 1, store.zone("t", b, Set.of()), "alone, b probes its own hash: the same zone");
        int zb = store.zone("t", b, List.of(za));
        assertNotEquals(za, zb, "told what a probed, b takes another");
        assertEquals(ha + 2, zb);
        assertEquals(za, store.allocateZone("t", a));
        assertEquals(za, store.zone("t", a, Set.of(za)), "an allocated zone is kept whatever is avoided");
    }
}
