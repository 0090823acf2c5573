package org.dsp.chain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.dsp.spi.ServiceHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load of every service-function instance, kept by the controller (docs/chaining.md, "Ties by
 * load"): every {@link #INTERVAL_MILLIS} it reads the bytes each instance's DSN has sent out of the
 * instance's port (the switch's port counters, over the switch's own time: {@link #tick}) - everything the instance is given to process, by every chain and anything else -
 * and keeps the rate, smoothed (the mean of the newest rate and the one kept). An instance's load
 * level is 0 below {@link #BASE_BYTES_PER_SECOND} (1 Mbit/s) and one more for each doubling above
 * it ({@code 1 + floor(log2(rate / base))}, at most {@link #MAX_LEVEL}); it moves only when the rate
 * leaves its level's range by a quarter of a level ({@link #HYSTERESIS}), so a rate near a boundary
 * does not flap. A change has the tenant compiled again: its tiers share new connections by level
 * ({@link org.dsp.ir.ServicePlacement}), connections already pinned stay where they are. An
 * instance whose counters are not known (its DSN not connected, none read yet) keeps its level.
 */
final class ChainLoad {
    /** How often the instances' counters are read. */
    static final long INTERVAL_MILLIS = 2000;
    /** Below this rate (bytes per second: 1 Mbit/s) an instance is idle, level 0. */
    static final double BASE_BYTES_PER_SECOND = 125_000;
    /** The highest level (2^14 times the base: 16 Gbit/s). */
    static final int MAX_LEVEL = 15;
    /** How far past its level's range, in levels, the rate must go for the level to change. */
    static final double HYSTERESIS = 0.25;
    private static final Logger LOG = LoggerFactory.getLogger(ChainLoad.class);

    private static final class Load {
        ChainHealth.Target target;
        long bytes = -1;
        /** The port's counting time at the last reading (ns), -1 when the switch does not tell. */
        long at = -1;
        /** The clock here at the last reading (ms). */
        long wall;
        double rate = -1;
        int level;
        boolean tracked = true;

        /** Measured afresh from the next reading: no counters, rate or level kept. */
        void reset() {
            bytes = -1;
            at = -1;
            rate = -1;
            level = 0;
        }
    }

    private final Map<String, Load> byKey = new LinkedHashMap<>();
    private final java.util.function.LongSupplier clock;
    private ServiceHost host;
    private ScheduledExecutorService timer;

    /** Load kept by the wall clock. */
    ChainLoad() {
        this(System::currentTimeMillis);
    }

    /** Load kept by {@code clock} (milliseconds; tests step it). */
    ChainLoad(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    /** Reads counters through {@code h} without the timer ({@link #tick} is then called by hand, as tests do). */
    synchronized void attach(ServiceHost h) {
        host = h;
    }

    /** Starts measuring with {@code h}. */
    synchronized void start(ServiceHost h) {
        attach(h);
        if (timer == null) {
            timer = ChainTimer.start("dsp-chain-load", INTERVAL_MILLIS, INTERVAL_MILLIS, this::tick, LOG, "service-function load");
        }
    }

    /** Stops measuring (every instance idle again: nothing measures them). */
    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        host = null;
        byKey.values().forEach(Load::reset);
    }

    /**
     * The instances of {@code tenant} its latest compile measures; returns the load level of those
     * above level 0. The tenant's other instances are no longer read but keep their load (a trial
     * compile must not reset it); {@link #forget} drops them when the tenant goes.
     */
    synchronized Map<String, Integer> track(String tenant, List<ChainHealth.Target> targets) {
        String prefix = tenant + "/";
        java.util.Set<String> now = new java.util.HashSet<>();
        targets.forEach(t -> now.add(t.key()));
        byKey.forEach((k, x) -> {
            if (k.startsWith(prefix) && !now.contains(k)) {
                x.tracked = false;
            }
        });
        Map<String, Integer> levels = new java.util.TreeMap<>();
        for (ChainHealth.Target t : targets) {
            Load x = byKey.computeIfAbsent(t.key(), k -> new Load());
            if (x.target != null && !samePort(x.target, t)) {
                x.reset(); // moved to another port or DSN: measured afresh there
            }
            x.target = t;
            x.tracked = true;
            if (x.level > 0) {
                levels.put(t.instance, x.level);
            }
        }
        return levels;
    }

    /** Whether two targets are the same port of the same DSN (the counters measured). */
    private static boolean samePort(ChainHealth.Target a, ChainHealth.Target b) {
        return a.dsn.equals(b.dsn) && a.port == b.port;
    }

    /** Forgets every instance of {@code tenant}. */
    synchronized void forget(String tenant) {
        byKey.keySet().removeIf(k -> k.startsWith(tenant + "/"));
    }

    /**
     * Reads every tracked instance's counters once; refreshes the tenants whose instances changed
     * level. A rate is measured over the switch's own time between two readings (the port's counting
     * time it reports with the counters), so a host that refreshes counters less often than this
     * reads them (ONOS's providers: every 5 s by default) gives no false zeros and bursts: a reading
     * whose time did not advance is skipped. A switch that reports no counting time is measured by the
     * clock here.
     */
    void tick() {
        ServiceHost h;
        List<ChainHealth.Target> targets = new ArrayList<>();
        synchronized (this) {
            h = host;
            byKey.values().forEach(x -> {
                if (x.tracked) {
                    targets.add(x.target);
                }
            });
        }
        if (h == null) {
            return;
        }
        Map<ChainHealth.Target, org.onosproject.net.device.PortStatistics> read = new LinkedHashMap<>();
        for (ChainHealth.Target t : targets) { // outside the lock: the host may take its time
            org.onosproject.net.device.PortStatistics p = h.portStatistics(t.dsn, t.port);
            if (p != null) {
                read.put(t, p);
            }
        }
        List<String> changed = new ArrayList<>();
        synchronized (this) {
            if (host != h) {
                return; // stopped meanwhile
            }
            long now = clock.getAsLong();
            read.forEach((t, p) -> {
                Load x = byKey.get(t.key());
                if (x == null || !x.tracked || !samePort(t, x.target)) {
                    return; // gone, or moved since it was read: those counters are another port's
                }
                long b = p.bytesSent();
                long at = p.durationSec() > 0 || p.durationNano() > 0 ? p.durationSec() * 1_000_000_000L + p.durationNano() : -1;
                long elapsed = at >= 0 && x.at >= 0 ? at - x.at : (now - x.wall) * 1_000_000L;
                if (x.bytes >= 0 && b >= x.bytes && elapsed == 0) {
                    return; // not read again by the switch since: nothing new
                }
                if (x.bytes >= 0 && b >= x.bytes && elapsed > 0) {
                    double rate = (b - x.bytes) * 1e9 / elapsed;
                    x.rate = x.rate < 0 ? rate : (x.rate + rate) / 2;
                    int level = level(x.level, x.rate);
                    if (level != x.level) {
                        LOG.info("service function {} load level {} -> {} ({} bytes/s sent to it)", t.key(), x.level, level, Math.round(x.rate));
                        x.level = level;
                        changed.add(t.tenant);
                    }
                }
                x.bytes = b; // a counter (or time) that went back - the port created again - starts again here
                x.at = at;
                x.wall = now;
            });
        }
        changed.stream().distinct().forEach(h::refresh);
    }

    /** The level of {@code rate} (bytes per second) as a real number: 0 at half the base and below, 1 at the base, one more per doubling. */
    static double exact(double rate) {
        return Math.max(0, 1 + Math.log(Math.max(rate, 1) / BASE_BYTES_PER_SECOND) / Math.log(2));
    }

    /** The level an instance at level {@code current} takes at {@code rate}: another only past its range by {@link #HYSTERESIS}. */
    static int level(int current, double rate) {
        double x = exact(rate);
        if (x >= current + 1 + HYSTERESIS || x < current - HYSTERESIS) {
            return (int) Math.min(MAX_LEVEL, Math.floor(x));
        }
        return current;
    }

    /** {@code instance}'s measured rate (bytes per second, -1 when not measured yet) and level, for {@code GET /tenants/{id}/services}. */
    synchronized Map<String, Object> state(String tenant, String instance) {
        Load x = byKey.get(tenant + "/" + instance);
        Map<String, Object> out = new LinkedHashMap<>();
        if (x != null && x.rate >= 0) {
            out.put("bytesPerSecond", Math.round(x.rate));
        }
        out.put("loadLevel", x == null ? 0 : x.level);
        return out;
    }

    /** The load of {@code tenant}'s measured instances as a metric family, labelled by instance. */
    synchronized List<org.dsp.spi.ServiceMetric> metrics(String tenant) {
        org.dsp.spi.ServiceMetric.Builder rate = org.dsp.spi.ServiceMetric.gauge("dsp_chain_instance_load_bytes_per_second",
                "Bytes per second a service-function instance's DSN sends it (smoothed); its tier shares new connections by load.");
        int n = 0;
        for (Map.Entry<String, Load> e : byKey.entrySet()) {
            Load x = e.getValue();
            if (x.tracked && x.rate >= 0 && x.target.tenant.equals(tenant)) {
                rate.sample(x.rate, "instance", x.target.instance, "dsn", x.target.dsn.toString());
                n++;
            }
        }
        return n == 0 ? List.of() : List.of(rate.build());
    }
}
