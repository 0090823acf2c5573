package org.dsp.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.MapEvent;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.Versioned;

class NodeStorageServiceTest {
    @TempDir
    Path dir;

    static ConsistentMap<String, String> map(NodeStorageService s) {
        return s.<String, String>consistentMapBuilder().withName("tenants").withSerializer(Serializer.forTypes(String.class)).build();
    }

    @Test
    void versionsAndConditionalWritesBehaveLikeOnosMaps() {
        NodeStorageService s = new NodeStorageService(dir.resolve("store.db").toFile());
        ConsistentMap<String, String> m = map(s);
        assertSame(m, map(s), "maps are shared by name");
        assertNull(m.put("a", "1"));
        Versioned<String> v1 = m.get("a");
        assertEquals("1", v1.value());
        assertTrue(m.replace("a", v1.version(), "2"));
        assertFalse(m.replace("a", v1.version(), "3"), "a stale version must not win");
        assertEquals("2", m.get("a").value());
        assertTrue(m.get("a").version() > v1.version());
        assertEquals("2", m.putIfAbsent("a", "x").value());
        assertFalse(m.remove("a", v1.version()));
        assertTrue(m.remove("a", m.get("a").version()));
        assertNull(m.get("a"));
        assertEquals("v", m.computeIfAbsent("b", k -> "v").value());
        assertEquals(1, m.size());
        s.close();
    }

    @Test
    void readsOfImmutableValuesAreKeptDecodedAndEveryWriteIsSeen() throws Exception {
        NodeStorageService s = new NodeStorageService(dir.resolve("store.db").toFile());
        ConsistentMap<String, String> m = map(s);
        String big = "x".repeat(200_000);
        m.put("doc", big);
        assertSame(m.get("doc").value(), m.get("doc").value(), "a large string is decoded once, not at every read");
        m.put("small", "s");
        assertTrue(m.get("small").value() != m.get("small").value(), "a small one is not kept decoded (it decodes cheaply)");
        Versioned<String> v = m.get("doc");
        assertTrue(m.replace("doc", v.version(), "y"));
        assertEquals("y", m.get("doc").value());
        assertTrue(m.get("doc").version() > v.version());
        m.computeIfPresent("doc", (k, old) -> old + "z");
        assertEquals("yz", m.get("doc").value());
        m.remove("doc");
        assertNull(m.get("doc"), "a removed value is not served from the decoded entries");
        // concurrent readers and one writer: every read sees a value the writer wrote, and the last read the last write
        String pad = "p".repeat(DurableConsistentMap.KEEP_DECODED_BYTES); // large enough to be kept decoded
        m.put("n", "0" + pad);
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong badReads = new java.util.concurrent.atomic.AtomicLong();
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            fs.add(readers.submit(() -> {
                long last = -1;
                while (!done.get()) {
                    Versioned<String> x = m.get("n");
                    long n = x == null ? -1 : Long.parseLong(x.value().substring(0, x.value().length() - pad.length()));
                    if (n < last) {
                        badReads.incrementAndGet();
                    } else {
                        last = n;
                    }
                }
            }));
        }
        for (int i = 1; i <= 2000; i++) {
            m.put("n", i + pad);
        }
        done.set(true);
        for (java.util.concurrent.Future<?> f : fs) {
            f.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
        readers.shutdown();
        assertEquals(0, badReads.get(), "no read went back in time");
        assertEquals("2000" + pad, m.get("n").value());
        s.close();
        NodeStorageService again = new NodeStorageService(dir.resolve("store.db").toFile());
        assertEquals("2000" + pad, map(again).get("n").value(), "what is served decoded is what is stored");
        assertTrue(map(again).get("n").value() != map(again).get("n").value(), "reads alone keep nothing decoded");
        assertNull(map(again).get("doc"));
        again.close();
    }

    @Test
    void serializedKeysAreKeptOnlyShortAndBoundedInNumber() {
        NodeStorageService s = new NodeStorageService(dir.resolve("store.db").toFile());
        DurableConsistentMap<String, String> m = (DurableConsistentMap<String, String>) map(s);
        m.put("a", "1");
        assertEquals("1", m.get("a").value());
        assertEquals(1, m.keptKeys());
        // a long key (a user name presented to the REST API is looked up before it is checked) is not kept, found or not
        String longKey = "k".repeat(DurableConsistentMap.KEPT_KEY_BYTES + 1);
        assertNull(m.get(longKey));
        m.put(longKey, "2");
        assertEquals("2", m.get(longKey).value());
        assertEquals(1, m.keptKeys());
        for (int i = 0; i < DurableConsistentMap.KEPT_KEYS + 10; i++) {
            assertNull(m.get("missing-" + i));
        }
        assertTrue(m.keptKeys() <= DurableConsistentMap.KEPT_KEYS, "bounded: " + m.keptKeys());
        assertEquals("1", m.get("a").value());
        assertEquals("2", m.get(longKey).value());
        s.close();
    }

    @Test
    void mutableValuesAreDecodedForEachReader() {
        NodeStorageService s = new NodeStorageService(dir.resolve("store.db").toFile());
        ConsistentMap<String, java.util.ArrayList<String>> m = s.<String, java.util.ArrayList<String>>consistentMapBuilder()
                .withName("lists").withSerializer(Serializer.forTypes(java.util.ArrayList.class)).build();
        m.put("l", new java.util.ArrayList<>(List.of("a")));
        m.get("l").value().add("changed by one reader");
        assertEquals(List.of("a"), m.get("l").value(), "another reader does not see what one did to its copy");
        s.close();
    }

    @Test
    void listenersSeeInsertUpdateRemove() {
        NodeStorageService s = new NodeStorageService(dir.resolve("store.db").toFile());
        ConsistentMap<String, String> m = map(s);
        List<MapEvent.Type> seen = new ArrayList<>();
        m.addListener(e -> seen.add(e.type()));
        m.put("k", "1");
        m.put("k", "2");
        m.remove("k");
        assertEquals(List.of(MapEvent.Type.INSERT, MapEvent.Type.UPDATE, MapEvent.Type.REMOVE), seen);
        s.close();
    }

    @Test
    void contentAndVersionsSurviveReopening() {
        File f = dir.resolve("store.db").toFile();
        NodeStorageService s = new NodeStorageService(f);
        map(s).put("a", "1");
        long v = map(s).get("a").version();
        s.close();
        NodeStorageService again = new NodeStorageService(f);
        assertEquals("1", map(again).get("a").value());
        assertEquals(v, map(again).get("a").version());
        map(again).put("b", "2");
        assertTrue(map(again).get("b").version() > v, "versions keep growing across restarts");
        again.close();
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinus9() throws Exception {
        File f = dir.resolve("store.db").toFile();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                StoreWriterMain.class.getName(), f.getAbsolutePath(), "500").redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            long deadline = System.currentTimeMillis() + 60_000;
            while ((line = r.readLine()) != null && !line.equals("written 500")) {
                assertTrue(System.currentTimeMillis() < deadline, "writer did not finish");
            }
            assertEquals("written 500", line);
        } finally {
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, p.exitValue(), "the writer must have been killed by SIGKILL");
        NodeStorageService s = new NodeStorageService(f);
        ConsistentMap<String, String> m = map(s);
        assertEquals(500, m.size());
        for (int i = 0; i < 500; i++) {
            assertEquals("document " + i, m.get("t" + i).value());
        }
        s.close();
    }

    @Test
    void unusedPrimitivesRefuseClearly() {
        NodeStorageService s = new NodeStorageService(dir.resolve("store.db").toFile());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, s::atomicCounterBuilder);
        assertTrue(e.getMessage().contains("consistent maps only"), e.getMessage());
        s.close();
    }
}
