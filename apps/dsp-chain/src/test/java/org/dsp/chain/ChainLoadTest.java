package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.spi.ServiceHost;
import org.junit.jupiter.api.Test;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DefaultPortStatistics;
import org.onosproject.net.device.PortStatistics;

/**
 * The instances' load ({@link ChainLoad}): the rate of the bytes each instance's DSN sends it,
 * smoothed; the level it gives (0 below 1 Mbit/s, one more per doubling), which moves only a quarter
 * of a level past its range; a change of level has the tenant compiled again, nothing else does;
 * unknown counters change nothing; a counter that goes back starts again.
 */
class ChainLoadTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");

    /** A host whose ports' counters (bytes sent, and the switch's counting time when it read them) the test sets, recording the tenants refreshed. */
    static final class Host extends ChainHealthTest.Host {
        final Map<Long, Long> sent = new HashMap<>();
        final Map<Long, Long> nanos = new HashMap<>();

        @Override
        public PortStatistics portStatistics(DeviceId dsn, long port) {
            Long b = sent.get(port);
            long t = nanos.getOrDefault(port, 0L);
            return b == null ? null : DefaultPortStatistics.builder().setDeviceId(dsn).setPort(PortNumber.portNumber(port)).setBytesSent(b)
                    .setDurationSec(t / 1_000_000_000L).setDurationNano(t % 1_000_000_000L).build();
        }

        /** The switch counts {@code seconds} more, port 13 sending {@code ids1PerSecond} bytes per second and port 15 {@code ids2PerSecond}. */
        void count(double seconds, long ids1PerSecond, long ids2PerSecond) {
            sent.merge(13L, (long) (ids1PerSecond * seconds), Long::sum);
            sent.merge(15L, (long) (ids2PerSecond * seconds), Long::sum);
            for (long port : List.of(13L, 15L)) {
                nanos.merge(port, (long) (seconds * 1e9), Long::sum);
            }
        }
    }

    long now = 1_000_000;

    static ChainHealth.Target target(String instance, long port) {
        return new ChainHealth.Target("red", instance, D1, port, MacAddress.valueOf("02:00:00:0a:01:1f"), false, null);
    }

    /** Advances the clock one interval, {@code ids1} and {@code ids2} having been sent so many more bytes per second, and reads. */
    void interval(ChainLoad l, Host host, long ids1PerSecond, long ids2PerSecond) {
        now += ChainLoad.INTERVAL_MILLIS;
        host.count(ChainLoad.INTERVAL_MILLIS / 1000.0, ids1PerSecond, ids2PerSecond);
        l.tick();
    }

    /** A load measuring {@code targets} through {@code host}, its counters read once (a baseline: no rate yet). */
    ChainLoad measuring(Host host, List<ChainHealth.Target> targets) {
        ChainLoad l = new ChainLoad(() -> now);
        l.attach(host);
        l.track("red", targets);
        host.count(1, 0, 0);
        l.tick();
        return l;
    }

    @Test
    void aBusyInstanceTakesALevelPerDoublingAndTheTenantIsCompiledAgainOnlyWhenOneChanges() {
        Host host = new Host();
        List<ChainHealth.Target> targets = List.of(target("red-ids-1", 13), target("red-ids-3", 15));
        ChainLoad l = measuring(host, targets);
        assertEquals(Map.of(), l.track("red", targets), "instances start idle");
        interval(l, host, 100_000, 0); // 0.8 Mbit/s: idle
        assertEquals(Map.of(), l.track("red", targets));
        assertEquals(List.of(), host.refreshed, "nothing changed level");
        for (int i = 0; i < 6; i++) {
            interval(l, host, 1_500_000, 0); // 12 Mbit/s: 1 + log2(12) = 4.6, level 4 once the smoothing settles
        }
        assertEquals(Map.of("red-ids-1", 4), l.track("red", targets));
        assertEquals(List.of("red"), new ArrayList<>(new java.util.LinkedHashSet<>(host.refreshed)), "the tenant compiled again");
        int refreshes = host.refreshed.size();
        // near a boundary: 7.2 and 8.8 Mbit/s alternating stay level 4 (level 4 spans 8-16 Mbit/s; it falls below 8 / 2^0.25 = 6.7)
        for (int i = 0; i < 6; i++) {
            interval(l, host, i % 2 == 0 ? 900_000 : 1_100_000, 0);
        }
        assertEquals(Map.of("red-ids-1", 4), l.track("red", targets));
        assertEquals(refreshes, host.refreshed.size(), "no flapping: no compile while the level holds");
        long rate = (Long) l.state("red", "red-ids-1").get("bytesPerSecond");
        assertTrue(rate > 900_000 && rate < 1_200_000, "smoothed between 0.9 and 1.1 MB/s: " + rate);
        assertEquals(4, l.state("red", "red-ids-1").get("loadLevel"));
        // it goes quiet: back to idle, compiled again
        for (int i = 0; i < 12; i++) {
            interval(l, host, 0, 0);
        }
        assertEquals(Map.of(), l.track("red", targets));
        assertEquals(refreshes + 4, host.refreshed.size(), "one compile per level on the way down, the rate halving: 3, 2, 1, 0");
    }

    /**
     * A host that refreshes the counters every 5 s (ONOS's providers) while they are read every 2 s:
     * measured over the switch's time, a steady 12 Mbit/s is level 4 throughout, one compile - over
     * the clock here the readings would alternate between nothing new (a rate of 0) and 5 s of bytes
     * in 2 or 4 s, and the level flap.
     */
    @Test
    void countersRefreshedLessOftenThanTheyAreReadGiveASteadyLevel() {
        Host host = new Host();
        List<ChainHealth.Target> targets = List.of(target("red-ids-1", 13));
        ChainLoad l = measuring(host, targets);
        long switchMillis = now;
        for (int i = 0; i < 30; i++) {
            now += ChainLoad.INTERVAL_MILLIS;
            while (now - switchMillis >= 5000) { // the host's refresh of the counters
                switchMillis += 5000;
                host.count(5, 1_500_000, 0);
            }
            l.tick();
            if (i >= 3) {
                assertEquals(Map.of("red-ids-1", 4), l.track("red", targets), "reading " + i);
            }
        }
        assertEquals(List.of("red"), host.refreshed, "one compile: idle to level 4");
    }

    @Test
    void theLevelsBoundariesHaveAQuarterLevelOfHysteresis() {
        double base = ChainLoad.BASE_BYTES_PER_SECOND;
        assertEquals(0, ChainLoad.level(0, base), "at the base: level 1 exactly, not past it by a quarter");
        assertEquals(0, ChainLoad.level(0, base * 1.18));
        assertEquals(1, ChainLoad.level(0, base * 1.2));
        assertEquals(1, ChainLoad.level(1, base * 0.85));
        assertEquals(0, ChainLoad.level(1, base * 0.8));
        assertEquals(5, ChainLoad.level(1, base * 16 * 1.2), "a jump lands on its level at once");
        assertEquals(ChainLoad.MAX_LEVEL, ChainLoad.level(0, 1e15));
        assertEquals(0, ChainLoad.level(3, 0));
    }

    @Test
    void unknownCountersChangeNothingAndACounterThatGoesBackStartsAgain() {
        Host host = new Host();
        List<ChainHealth.Target> targets = List.of(target("red-ids-1", 13));
        ChainLoad l = measuring(host, targets);
        for (int i = 0; i < 6; i++) {
            interval(l, host, 1_500_000, 0);
        }
        assertEquals(Map.of("red-ids-1", 4), l.track("red", targets));
        host.sent.remove(13L); // the DSN went away: its counters are not known
        for (int i = 0; i < 5; i++) {
            now += ChainLoad.INTERVAL_MILLIS;
            l.tick();
        }
        assertEquals(Map.of("red-ids-1", 4), l.track("red", targets), "kept while not known");
        host.sent.put(13L, 5L); // the port was created again: its counters start at 0
        host.nanos.put(13L, 1_000_000L);
        l.tick();
        interval(l, host, 1_500_000, 0);
        assertEquals(Map.of("red-ids-1", 4), l.track("red", targets), "no negative rate, no jump: measured again from the new counter");
        // stopped: nothing measures, every instance idle
        l.stop();
        assertEquals(Map.of(), l.track("red", targets));
        // an instance moved to another port is measured afresh
        l.attach(host);
        l.tick();
        for (int i = 0; i < 3; i++) {
            interval(l, host, 1_500_000, 0);
        }
        assertEquals(Map.of("red-ids-1", 4), l.track("red", targets));
        assertEquals(Map.of(), l.track("red", List.of(target("red-ids-1", 15))));
    }
}
