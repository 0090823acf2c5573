package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Security events reach the audit log bounded: a burst of one kind (a flood of impostor
 * connections) gives at most {@value SecurityEvents#SINK_PER_SECOND} entries a second, the rest
 * counted into the next entry; other kinds are not crowded out; the latest ones stay served.
 */
class SecurityEventsTest {
    @Test
    void aFloodOfOneKindIsBoundedAndCounted() throws Exception {
        SecurityEvents events = new SecurityEvents(200);
        List<String> audited = new CopyOnWriteArrayList<>();
        events.sink((kind, detail) -> audited.add(kind + ": " + detail));
        // align to the start of a second so the burst falls in one window
        Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 5);
        for (int i = 0; i < 1000; i++) {
            events.event("switch-identity-conflict", "impostor " + i);
        }
        events.event("forged-packet-in", "one");
        events.drain(5000);
        assertEquals(SecurityEvents.SINK_PER_SECOND + 1, audited.size(), audited.toString());
        assertTrue(audited.contains("forged-packet-in: one"), "another kind is recorded");
        Thread.sleep(1000);
        events.event("switch-identity-conflict", "impostor 1000");
        events.drain(5000);
        assertTrue(audited.get(audited.size() - 1).endsWith("impostor 1000 (+" + (1000 - SecurityEvents.SINK_PER_SECOND)
                + " more of this kind not recorded one by one)"), audited.toString());
        assertEquals(200, events.latest().size(), "the latest 200 are still served in full");
        events.close();
    }
}
