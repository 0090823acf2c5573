package org.dsp.chain;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.dsp.spi.ServiceHost;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.onosproject.net.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The liveness of every service-function instance, kept by the controller: each instance is sent a
 * probe out of its own port every {@link #INTERVAL_MILLIS} - a UDP datagram from
 * {@link #PROBE_SOURCE} that the instance must pass on as it passes the chain's packets (a
 * transparent instance sends the frame back; a routed one gets it at its own MAC, addressed to its
 * subnet's gateway, and routes it there) - and its DSN sends what comes back from the instance's
 * port from that source to the controller. After {@link #FALL} probes in a row without an answer
 * within {@link #TIMEOUT_MILLIS} the instance is down, after {@link #RISE} answers in a row up
 * again; each change has the tenant compiled again, so its connections are placed on the live
 * instances (or the hop is bypassed or drops, by its failure policy). Instances start up; a probe
 * that cannot be sent (the instance's DSN is not connected) counts for nothing, and so does an
 * unanswered one in the first {@link #GRACE_MILLIS} after the monitor starts (a restarted node's
 * switches reconnecting). Which instances are down is also kept in the host's durable store
 * ({@link org.dsp.spi.KeptHealth}, map {@value #DURABLE}): a restarted controller compiles them
 * down as before its restart, so its switches keep their program, until {@link #RISE} answers.
 */
final class ChainHealth {
    /** The source of every probe: TEST-NET-1, never a workload's (port security drops it from any port but an instance's answer). */
    static final Ip4Address PROBE_SOURCE = Ip4Address.valueOf("192.0.2.1");
    /** Where a transparent instance's probe is addressed (it sends the frame back unchanged). */
    static final Ip4Address PROBE_TARGET = Ip4Address.valueOf("192.0.2.2");
    /** The destination MAC of a transparent instance's probe: not the instance's own, as the chain's frames are not. */
    static final MacAddress PROBE_MAC = MacAddress.valueOf("0e:d5:00:00:00:fe");
    /** The probes' UDP port (source and destination). */
    static final int PROBE_PORT = 3784;
    static final long INTERVAL_MILLIS = 500;
    static final long TIMEOUT_MILLIS = 400;
    static final int FALL = 3;
    static final int RISE = 2;
    /** After the monitor starts (a node restarting, its switches reconnecting), unanswered probes count for nothing this long. */
    static final long GRACE_MILLIS = 5000;
    /** The host's durable map of the instances that are down (key tenant/instance, value why). */
    static final String DURABLE = "chain.health.down";
    private static final Logger LOG = LoggerFactory.getLogger(ChainHealth.class);
    private static final MacAddress SENDER = org.dsp.overlay.model.Networks.ROUTER_MAC;

    /** One probed instance: where it is, how it passes packets on, and where a routed one sends its probe. */
    static final class Target {
        final String tenant;
        final String instance;
        final DeviceId dsn;
        final long port;
        final MacAddress mac;
        final boolean routed;
        final Ip4Address via;

        Target(String tenant, String instance, DeviceId dsn, long port, MacAddress mac, boolean routed, Ip4Address via) {
            this.tenant = tenant;
            this.instance = instance;
            this.dsn = dsn;
            this.port = port;
            this.mac = mac;
            this.routed = routed;
            this.via = via;
        }

        String key() {
            return tenant + "/" + instance;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Target)) {
                return false;
            }
            Target t = (Target) o;
            return t.key().equals(key()) && t.dsn.equals(dsn) && t.port == port && t.mac.equals(mac) && t.routed == routed
                    && java.util.Objects.equals(t.via, via);
        }

        @Override
        public int hashCode() {
            return key().hashCode();
        }
    }

    private static final class Health {
        Target target;
        boolean up = true;
        long since;
        int successes;
        int failures;
        long checks;
        long nextProbe;
        int nonce;
        long deadline;
        String lastError = "";
        boolean tracked = true;
    }

    private final Map<String, Health> byKey = new LinkedHashMap<>();
    private final java.util.Random random = new java.util.Random();
    private final java.util.function.LongSupplier clock;
    private ServiceHost host;
    private ScheduledExecutorService timer;
    private long graceUntil;
    /** The instances that are down as the host's durable store keeps them. */
    private org.dsp.spi.KeptHealth kept = org.dsp.spi.KeptHealth.none();

    /** Health kept by the wall clock. */
    ChainHealth() {
        this(System::currentTimeMillis);
    }

    /** Health kept by {@code clock} (milliseconds; tests step it). */
    ChainHealth(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    /** Uses {@code h} for probes and refreshes without the timer ({@link #tick} is then called by hand, as tests do). */
    synchronized void attach(ServiceHost h) {
        attach(h, 0);
    }

    /** As {@link #attach(ServiceHost)}, unanswered probes counting for nothing for {@code graceMillis}. */
    synchronized void attach(ServiceHost h, long graceMillis) {
        if (h != host) { // another core (restarted, in this process or another): begin from what the store kept
            byKey.clear();
        }
        host = h;
        graceUntil = clock.getAsLong() + graceMillis;
        kept = org.dsp.spi.KeptHealth.of(h, DURABLE, LOG::warn);
    }

    /** Starts probing with {@code h} (after a grace of {@link #GRACE_MILLIS} for the switches to reconnect). */
    synchronized void start(ServiceHost h) {
        attach(h, GRACE_MILLIS);
        if (timer == null) {
            timer = ChainTimer.start("dsp-chain-health", 100, 100, this::tick, LOG, "service-function probes");
        }
    }

    /**
     * Stops probing and forgets what it knew but for the host's durable store: a monitor started
     * again (the controller restarted, in this process or another) begins from what the store
     * kept, as a new process does.
     */
    synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        host = null;
        byKey.clear();
        kept = org.dsp.spi.KeptHealth.none();
    }

    /**
     * The instances of {@code tenant} its latest compile probes; returns those that are down. The
     * tenant's other instances are no longer probed but keep their health: a trial compile (a dry
     * run, a refused document, undone with the stored one) must not make a dead instance look new,
     * hence up. {@link #forget} drops them when the tenant goes.
     */
    synchronized Set<String> track(String tenant, List<Target> targets) {
        String prefix = tenant + "/";
        Map<String, Target> now = new HashMap<>();
        targets.forEach(t -> now.put(t.key(), t));
        byKey.forEach((k, h) -> {
            if (k.startsWith(prefix) && !now.containsKey(k)) {
                h.tracked = false;
                h.deadline = 0;
            }
        });
        Set<String> down = new java.util.TreeSet<>();
        for (Target t : targets) {
            Health h = byKey.get(t.key());
            if (h == null) {
                h = new Health();
                h.since = clock.getAsLong();
                String why = kept.downBefore(t.key());
                if (why != null) { // down before the controller restarted: as compiled then, until it answers
                    h.up = false;
                    h.lastError = why;
                }
                byKey.put(t.key(), h);
            }
            h.target = t;
            h.tracked = true;
            if (!h.up) {
                down.add(t.instance);
            }
        }
        return down;
    }

    /** Forgets every instance of {@code tenant}. */
    synchronized void forget(String tenant) {
        byKey.keySet().removeIf(k -> k.startsWith(tenant + "/")); // what the store keeps stays (KeptHealth)
    }

    /** Sends the probes that are due and counts those that timed out; refreshes the tenants whose instances changed. */
    void tick() {
        List<String> changed = new ArrayList<>();
        List<Object[]> sends = new ArrayList<>();
        ServiceHost h;
        synchronized (this) {
            h = host;
            long now = clock.getAsLong();
            for (Health x : byKey.values()) {
                if (!x.tracked) {
                    continue;
                }
                if (x.deadline != 0 && now >= x.deadline) {
                    x.deadline = 0;
                    x.lastError = "no answer within " + TIMEOUT_MILLIS + " ms";
                    if (now >= graceUntil && result(x, false)) {
                        changed.add(x.target.tenant);
                    }
                }
                if (x.deadline == 0 && now >= x.nextProbe) {
                    x.nonce = random.nextInt() & 0x7fffffff;
                    x.deadline = now + TIMEOUT_MILLIS;
                    x.nextProbe = now + INTERVAL_MILLIS;
                    x.checks++;
                    sends.add(new Object[] {x.target, x.nonce});
                }
            }
        }
        if (h == null) {
            return;
        }
        for (Object[] s : sends) {
            Target t = (Target) s[0];
            if (!h.emit(t.dsn, t.port, probe(t, (Integer) s[1]))) {
                unsent(t, (Integer) s[1]);
            }
        }
        changed.stream().distinct().forEach(h::refresh);
    }

    /**
     * A probe that could not be sent (its DSN is not connected, e.g. while a restarted node waits
     * for its switches): no answer is awaited and nothing is counted, so an instance is never found
     * down for the controller's own absence.
     */
    private synchronized void unsent(Target t, int nonce) {
        Health x = byKey.get(t.key());
        if (x != null && x.nonce == nonce && x.deadline != 0) {
            x.deadline = 0;
            x.checks--;
        }
    }

    /** Counts a result; returns whether the instance went up or down. */
    private boolean result(Health x, boolean ok) {
        if (ok) {
            x.failures = 0;
            x.successes++;
        } else {
            x.successes = 0;
            x.failures++;
        }
        boolean flip = x.up ? x.failures >= FALL : x.successes >= RISE;
        if (flip) {
            x.up = !x.up;
            x.since = clock.getAsLong();
            LOG.info("service function {} is {} ({})", x.target.key(), x.up ? "up" : "down", x.up ? "answers its probes" : x.lastError);
            kept.flipped(x.target.key(), x.target.dsn, x.up, x.lastError);
        }
        return flip;
    }

    /** The probe for {@code t}: the frame its DSN sends out of its port. */
    static byte[] probe(Target t, int nonce) {
        UDP udp = new UDP();
        udp.setSourcePort(PROBE_PORT);
        udp.setDestinationPort(PROBE_PORT);
        udp.setPayload(new org.onlab.packet.Data(ByteBuffer.allocate(4).putInt(nonce).array()));
        IPv4 ip = new IPv4();
        ip.setSourceAddress(PROBE_SOURCE.toInt());
        ip.setDestinationAddress((t.routed ? t.via : PROBE_TARGET).toInt());
        ip.setTtl((byte) 64);
        ip.setProtocol(IPv4.PROTOCOL_UDP);
        ip.setPayload(udp);
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(SENDER);
        eth.setDestinationMACAddress(t.routed ? t.mac : PROBE_MAC);
        eth.setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth.serialize();
    }

    /** A frame the flows of the chains' punt kind sent from {@code dsn}'s port {@code inPort}: a probe come back. */
    void answer(DeviceId dsn, long inPort, Ethernet eth) {
        if (!(eth.getPayload() instanceof IPv4) || !(eth.getPayload().getPayload() instanceof UDP)) {
            return;
        }
        byte[] data = eth.getPayload().getPayload().getPayload().serialize();
        if (data.length < 4) {
            return;
        }
        int nonce = ByteBuffer.wrap(data).getInt();
        String changed = null;
        ServiceHost h;
        synchronized (this) {
            h = host;
            for (Health x : byKey.values()) {
                if (x.target.dsn.equals(dsn) && x.target.port == inPort && x.deadline != 0 && x.nonce == nonce) {
                    x.deadline = 0;
                    if (result(x, true)) {
                        changed = x.target.tenant;
                    }
                    break;
                }
            }
        }
        if (changed != null && h != null) {
            h.refresh(changed);
        }
    }

    /** The health of {@code tenant}'s instances as metric families, labelled by instance and DSN. */
    synchronized List<org.dsp.spi.ServiceMetric> metrics(String tenant) {
        org.dsp.spi.ServiceMetric.Builder up = org.dsp.spi.ServiceMetric.gauge("dsp_chain_instance_up",
                "1 when a service-function instance passes its health check, else 0 (a chain bypasses or drops at a down one).");
        org.dsp.spi.ServiceMetric.Builder checks = org.dsp.spi.ServiceMetric.counter("dsp_chain_health_checks_total",
                "Health checks of a service-function instance that completed.");
        int n = 0;
        for (Map<String, Object> m : state(tenant)) {
            String instance = String.valueOf(m.get("instance"));
            String dsn = String.valueOf(m.get("dsn"));
            up.sample(Boolean.TRUE.equals(m.get("up")) ? 1 : 0, "instance", instance, "dsn", dsn);
            checks.sample(((Number) m.get("checks")).doubleValue(), "instance", instance, "dsn", dsn);
            n++;
        }
        return n == 0 ? List.of() : List.of(up.build(), checks.build());
    }

    /** The instances of {@code tenant} and their health, for {@code GET /tenants/{id}/services}. */
    synchronized List<Map<String, Object>> state(String tenant) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Health x : byKey.values()) {
            if (!x.target.tenant.equals(tenant) || !x.tracked) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("instance", x.target.instance);
            m.put("dsn", x.target.dsn.toString());
            m.put("port", x.target.port);
            m.put("up", x.up);
            m.put("since", java.time.Instant.ofEpochMilli(x.since).toString());
            m.put("checks", x.checks);
            if (!x.up) {
                m.put("lastError", x.lastError);
            }
            out.add(m);
        }
        return out;
    }
}
