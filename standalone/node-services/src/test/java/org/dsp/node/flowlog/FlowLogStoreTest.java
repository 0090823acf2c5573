package org.dsp.node.flowlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dsp.app.api.FlowRecord;
import org.junit.jupiter.api.Test;

/** Connection records: later IPFIX records of a connection add to it; the store stays within its bound and retention. */
class FlowLogStoreTest {
    private final long[] now = {10_000_000};

    private static FlowRecord rec(String tenant, String src, int srcPort, long packets, long start, long end) {
        return FlowRecord.builder().tenant(tenant).rule("db-in").verdict("allow").direction("ingress").dsn("of:0000000000000002")
                .protocol(6).src(src).srcPort(srcPort).dst("10.0.0.41").dstPort(5432).packets(packets).bytes(packets * 100)
                .start(start).end(end).build();
    }

    @Test
    void laterRecordsOfAConnectionAddToIt() {
        FlowLogStore s = new FlowLogStore(10, 3600, () -> now[0]);
        s.add(rec("acme", "10.0.0.31", 40000, 3, now[0] - 9000, now[0] - 5000));
        s.add(rec("acme", "10.0.0.31", 40000, 2, now[0] - 4000, now[0] - 1000).toBuilder().closed(true).build());
        List<FlowRecord> r = s.records("acme", x -> true, 10);
        assertEquals(1, r.size());
        assertEquals(5, r.get(0).packets());
        assertEquals(500, r.get(0).bytes());
        assertEquals(now[0] - 9000, r.get(0).start());
        assertEquals(now[0] - 1000, r.get(0).end());
        assertTrue(r.get(0).closed());
        assertEquals(List.of(), s.records("globex", x -> true, 10), "another tenant sees none of it");
    }

    @Test
    void theLeastRecentlySeenGoFirstAndAreCounted() {
        FlowLogStore s = new FlowLogStore(100, 3600, () -> now[0]);
        for (int i = 0; i < 250; i++) {
            s.add(rec("acme", "10.0.0.31", 1000 + i, 1, now[0], now[0]));
        }
        assertEquals(100, s.size());
        assertEquals(150, s.dropped());
        List<FlowRecord> r = s.records("acme", x -> true, 1000);
        assertEquals(100, r.size());
        assertEquals(1249, r.get(0).srcPort(), "the most recently seen first");
        assertEquals(1150, r.get(99).srcPort());
        assertEquals(5, s.records("acme", x -> x.srcPort() % 2 == 0, 5).size(), "limit");
    }

    @Test
    void recordsOlderThanTheRetentionAreDropped() {
        FlowLogStore s = new FlowLogStore(100, 60, () -> now[0]);
        s.add(rec("acme", "10.0.0.31", 1, 1, now[0] - 10_000, now[0] - 10_000));
        s.add(rec("acme", "10.0.0.31", 2, 1, now[0], now[0]));
        now[0] += 45_000;
        assertEquals(2, s.records("acme", x -> true, 10).size());
        now[0] += 10_000;
        List<FlowRecord> r = s.records("acme", x -> true, 10);
        assertEquals(1, r.size(), "the one last seen 65 s ago is gone");
        assertEquals(2, r.get(0).srcPort());
        assertEquals(0, s.dropped(), "expiry is not a drop for the bound");
    }

    @Test
    void boundsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FlowLogStore(0, 60, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new FlowLogStore(10, 0, () -> 0));
    }

    @Test
    void aDeletedTenantsRecordsGo() {
        FlowLogStore s = new FlowLogStore(100, 3600, () -> now[0]);
        s.add(rec("acme", "10.0.0.31", 1, 1, now[0], now[0]));
        s.add(rec("globex", "10.1.0.5", 2, 1, now[0], now[0]));
        s.purge("acme");
        assertEquals(List.of(), s.records("acme", x -> true, 10));
        assertEquals(1, s.records("globex", x -> true, 10).size());
        assertEquals(1, s.size());
        for (int i = 0; i < 150; i++) { // the bound still counts and drops right after a purge
            s.add(rec("acme", "10.0.0.31", 100 + i, 1, now[0], now[0]));
        }
        assertEquals(100, s.size());
        assertEquals(List.of(), s.records("globex", x -> true, 10), "globex's was the least recently seen");
    }

    @Test
    void aBusyTenantPushesOutOnlyItsOwnRecords() {
        FlowLogStore s = new FlowLogStore(100, 30, 3600, () -> now[0]);
        for (int i = 0; i < 20; i++) {
            s.add(rec("globex", "10.1.0.5", i, 1, now[0], now[0]));
        }
        for (int i = 0; i < 500; i++) { // acme scans: many new records
            s.add(rec("acme", "10.0.0.31", 1000 + i, 1, now[0], now[0]));
        }
        assertEquals(20, s.records("globex", x -> true, 100).size(), "globex keeps all its records");
        List<FlowRecord> acme = s.records("acme", x -> true, 100);
        assertEquals(30, acme.size(), "acme holds its share");
        assertEquals(1499, acme.get(0).srcPort());
        assertEquals(470, s.dropped());
        assertThrows(IllegalArgumentException.class, () -> new FlowLogStore(10, 11, 60, () -> 0));
    }
}
