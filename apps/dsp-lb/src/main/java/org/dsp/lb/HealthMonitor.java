package org.dsp.lb;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsp.lb.model.CheckType;
import org.dsp.spi.ServiceHost;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.TCP;
import org.onosproject.net.DeviceId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of every probed backend, kept by the controller as OVN's service monitor does: each
 * backend is probed from its own DSN every interval - a TCP SYN from the VIP, sent out of the
 * backend's port; the SYN-ACK (up), an RST (refused) or nothing within the timeout comes back
 * through the flows that punt the backend's answers to its VIP. An HTTP check then sends its GET
 * on the half-open connection and reads the status line; every probe ends with an RST, so the
 * backend keeps no connection. After {@code fall} failures in a row a backend is down, after
 * {@code rise} successes up again; each change has the tenant compiled again, so the selection
 * leaves out the backends that are down. Backends start up. A probe that cannot be sent (the
 * backend's DSN is not connected) counts for nothing in the first {@link #UNSENT_GRACE_MILLIS}
 * after the monitor starts - a restarted controller's switches reconnecting must not take every
 * backend out and back - and as a failure after that (a server that went away takes its backends
 * out of the other DSNs' selections). Which backends are down is also kept in the host's durable
 * store ({@link org.dsp.spi.KeptHealth}, map {@value #DURABLE}): a restarted controller compiles
 * them down as before its restart, so its switches keep their program, until {@code rise} successes.
 */
final class HealthMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    private static final Pattern STATUS = Pattern.compile("^HTTP/\\d\\.\\d (\\d{3})");
    private static final long TICK_MILLIS = 100;
    /** After the monitor starts, a probe its DSN is not connected to send counts for nothing this long (as the NAT gateways' grace). */
    static final long UNSENT_GRACE_MILLIS = 30_000;
    /** The host's durable map of the backends that are down (key as {@link ProbeTarget#key()}, value why). */
    static final String DURABLE = "lb.health.down";

    /** One probed backend: its target and state, and the probe in flight. */
    private static final class Health {
        ProbeTarget target;
        boolean up = true;
        long since = System.currentTimeMillis();
        String lastError = "";
        int successes;
        int failures;
        long checks;
        long nextProbe;
        boolean inFlight;
        int sport;
        int iss;
        long deadline;
        boolean requestSent;
        int requestLength;
        /** Whether the latest compile probes it; an untracked one keeps its health (a trial compile may bring it back). */
        boolean tracked = true;
    }

    private final Map<String, Health> byKey = new HashMap<>();
    private final Map<String, Health> bySocket = new HashMap<>();
    private final Random random = new Random();
    private ServiceHost host;
    private ScheduledExecutorService timer;
    private long graceUntil;
    /** The backends that are down as the host's durable store keeps them. */
    private org.dsp.spi.KeptHealth kept = org.dsp.spi.KeptHealth.none();

    /** Starts probing with {@code h}. */
    synchronized void start(ServiceHost h) {
        attach(h);
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dsp-lb-health");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Uses {@code h} for packets and refreshes, without the timer ({@link #tick} is then called by hand, as tests do). */
    synchronized void attach(ServiceHost h) {
        attach(h, UNSENT_GRACE_MILLIS);
    }

    /** As {@link #attach(ServiceHost)}, probes that cannot be sent counting for nothing for {@code graceMillis}. */
    synchronized void attach(ServiceHost h, long graceMillis) {
        if (h != host) { // another core (restarted, in this process or another): begin from what the store kept
            byKey.clear();
            bySocket.clear();
        }
        host = h;
        graceUntil = System.currentTimeMillis() + graceMillis;
        kept = org.dsp.spi.KeptHealth.of(h, DURABLE, LOG::warn);
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
        bySocket.clear();
        kept = org.dsp.spi.KeptHealth.none();
    }

    /**
     * The probed backends of load balancer {@code lb} of {@code tenant} as its latest compile sees
     * them; returns the keys of those that are up. Its other backends are no longer probed but keep
     * their health: a trial compile (a dry run, a refused document undone with the stored one) must
     * not make a dead backend look new, hence up. {@link #forget} drops them when the tenant goes.
     */
    synchronized Set<String> track(String tenant, String lb, List<ProbeTarget> targets) {
        String prefix = tenant + "/" + lb + "/";
        Map<String, ProbeTarget> now = new HashMap<>();
        targets.forEach(t -> now.put(t.key(), t));
        byKey.forEach((k, h) -> {
            if (k.startsWith(prefix) && !now.containsKey(k)) {
                untrack(h);
            }
        });
        Set<String> up = new java.util.HashSet<>();
        for (ProbeTarget t : targets) {
            Health h = byKey.computeIfAbsent(t.key(), k -> {
                Health fresh = new Health();
                String why = kept.downBefore(k);
                if (why != null) { // down before the controller restarted: as compiled then, until it answers
                    fresh.up = false;
                    fresh.lastError = why;
                }
                return fresh;
            });
            if (h.target != null && !h.target.equals(t)) {
                done(h); // moved or changed: the next probe goes where it is now
            }
            h.target = t;
            h.tracked = true;
            if (h.up) {
                up.add(t.key());
            }
        }
        return up;
    }

    /** Makes every probe not in flight due at the next {@link #tick} (tests). */
    synchronized void probeNowForTests() {
        byKey.values().forEach(h -> h.nextProbe = 0);
    }

    /**
     * Stops probing the backends of {@code tenant}'s load balancers other than {@code kept} (a load
     * balancer the document no longer has), which keep their health as in {@link #track}.
     */
    synchronized void retain(String tenant, Set<String> kept) {
        for (Health h : byKey.values()) {
            if (h.target != null && h.target.tenant.equals(tenant) && !kept.contains(h.target.lb)) {
                untrack(h);
            }
        }
    }

    /** No longer probed (its probe in flight, if any, abandoned); its health is kept. */
    private void untrack(Health h) {
        abandon(h);
        h.tracked = false;
    }

    /** Forgets every probed backend of {@code tenant}. */
    synchronized void forget(String tenant) {
        byKey.entrySet().removeIf(e -> {
            boolean gone = e.getKey().startsWith(tenant + "/");
            if (gone) {
                done(e.getValue()); // what the store keeps stays (KeptHealth)
            }
            return gone;
        });
    }

    /** Sends the probes that are due and fails those past their timeout. */
    void tick() {
        List<Object[]> sends = new ArrayList<>();
        ServiceHost h0;
        synchronized (this) {
            h0 = host;
            long now = System.currentTimeMillis();
            for (Health h : byKey.values()) {
                if (!h.tracked) {
                    continue;
                }
                if (h.inFlight && now > h.deadline) {
                    fail(h, "no answer within " + h.target.check.timeoutSeconds() + " s");
                }
                if (!h.inFlight && now >= h.nextProbe && h0 != null) {
                    h.inFlight = true;
                    h.sport = 32768 + random.nextInt(28000);
                    h.iss = random.nextInt();
                    h.deadline = now + h.target.check.timeoutSeconds() * 1000L;
                    h.nextProbe = now + h.target.check.intervalSeconds() * 1000L;
                    bySocket.put(h.target.address + ":" + h.sport, h);
                    sends.add(new Object[] {h.target, ProbePackets.segment(h.target, h.sport, ProbePackets.SYN, h.iss, 0, null)});
                }
            }
        }
        for (Object[] s : sends) {
            ProbeTarget t = (ProbeTarget) s[0];
            if (!h0.emit(t.dsn, t.dsnPort, (byte[]) s[1])) {
                synchronized (this) {
                    Health h = byKey.get(t.key());
                    if (h != null && h.inFlight) {
                        String why = "cannot send the probe: " + t.dsn + " is not connected";
                        if (System.currentTimeMillis() < graceUntil) {
                            unsent(h, why);
                        } else {
                            fail(h, why);
                        }
                    }
                }
            }
        }
    }

    /** An answer a backend sent to its VIP, punted by its DSN (the frame parsed once by the caller). */
    void packetIn(DeviceId dsn, long inPort, org.onlab.packet.Ethernet frame) {
        org.onlab.packet.IPv4 ip = ProbePackets.answer(frame);
        if (ip == null) {
            return;
        }
        TCP tcp = (TCP) ip.getPayload();
        Ip4Address from = Ip4Address.valueOf(ip.getSourceAddress());
        byte[] reply = null;
        ProbeTarget t;
        ServiceHost h0;
        synchronized (this) {
            Health h = bySocket.get(from + ":" + tcp.getDestinationPort());
            if (h == null || !h.inFlight || !h.target.dsn.equals(dsn) || tcp.getSourcePort() != h.target.port) {
                return;
            }
            t = h.target;
            h0 = host;
            short flags = tcp.getFlags();
            if ((flags & ProbePackets.RST) != 0) {
                fail(h, h.requestSent ? "reset before an HTTP response" : "connection refused");
            } else if ((flags & (ProbePackets.SYN | ProbePackets.ACK)) == (ProbePackets.SYN | ProbePackets.ACK)
                    && tcp.getAcknowledge() == h.iss + 1) {
                if (t.check.type() == CheckType.TCP) {
                    reply = ProbePackets.segment(t, h.sport, ProbePackets.RST, h.iss + 1, 0, null);
                    succeed(h);
                } else {
                    String get = "GET " + t.check.path() + " HTTP/1.0\r\nHost: " + t.address + "\r\nUser-Agent: dsp-health\r\n\r\n";
                    h.requestSent = true;
                    h.requestLength = get.length();
                    reply = ProbePackets.segment(t, h.sport, (short) (ProbePackets.ACK | ProbePackets.PSH), h.iss + 1,
                            tcp.getSequence() + 1, get);
                }
            } else if (h.requestSent) {
                byte[] data = ProbePackets.payload(tcp);
                if (data.length > 0) {
                    Matcher m = STATUS.matcher(new String(data, 0, Math.min(data.length, 64), StandardCharsets.US_ASCII));
                    int status = m.find() ? Integer.parseInt(m.group(1)) : -1;
                    reply = ProbePackets.segment(t, h.sport, ProbePackets.RST, h.iss + 1 + h.requestLength, 0, null);
                    if (status == t.check.expectStatus()) {
                        succeed(h);
                    } else {
                        fail(h, status < 0 ? "not an HTTP response" : "HTTP status " + status + ", expected " + t.check.expectStatus());
                    }
                } else if ((flags & ProbePackets.FIN) != 0) {
                    reply = ProbePackets.segment(t, h.sport, ProbePackets.RST, h.iss + 1 + h.requestLength, 0, null);
                    fail(h, "closed without an HTTP response");
                }
            }
        }
        if (reply != null && h0 != null) {
            h0.emit(t.dsn, t.dsnPort, reply);
        }
    }

    private void succeed(Health h) {
        done(h);
        h.successes++;
        h.failures = 0;
        h.lastError = "";
        if (!h.up && h.successes >= h.target.check.rise()) {
            changed(h, true);
        }
    }

    private void fail(Health h, String why) {
        done(h);
        h.failures++;
        h.successes = 0;
        h.lastError = why;
        if (h.up && h.failures >= h.target.check.fall()) {
            changed(h, false);
        }
    }

    /** A probe that was not sent: no answer is awaited and nothing counted (its error said). */
    private void unsent(Health h, String why) {
        abandon(h);
        h.lastError = why;
    }

    /** A probe that ended (answered, failed): counted as a check. */
    private void done(Health h) {
        if (h.inFlight) {
            h.checks++;
        }
        abandon(h);
    }

    /** No probe in flight any more: its answer, should it come, finds no socket. */
    private void abandon(Health h) {
        h.inFlight = false;
        h.requestSent = false;
        if (h.target != null) {
            bySocket.remove(h.target.address + ":" + h.sport);
        }
    }

    private void changed(Health h, boolean up) {
        h.up = up;
        h.since = System.currentTimeMillis();
        LOG.info("backend {} is {}{}", h.target, up ? "up" : "down", up ? "" : ": " + h.lastError);
        kept.flipped(h.target.key(), h.target.dsn, up, h.lastError);
        if (host != null) {
            host.refresh(h.target.tenant);
        }
    }

    /**
     * The health of {@code tenant}'s probed backends as metric families: {@code dsp_lb_backend_up}
     * (1 up, 0 down) and {@code dsp_lb_health_checks_total}, labelled by load balancer and backend.
     */
    synchronized java.util.List<org.dsp.spi.ServiceMetric> metrics(String tenant) {
        org.dsp.spi.ServiceMetric.Builder up = org.dsp.spi.ServiceMetric.gauge("dsp_lb_backend_up",
                "1 when a load balancer's backend passes its health check, else 0.");
        org.dsp.spi.ServiceMetric.Builder checks = org.dsp.spi.ServiceMetric.counter("dsp_lb_health_checks_total",
                "Health checks of a load balancer's backend that completed (passed or failed).");
        int n = 0;
        Map<String, Health> sorted = new TreeMap<>();
        for (Health h : byKey.values()) {
            if (h.target != null && h.tracked && h.target.tenant.equals(tenant)) {
                sorted.put(h.target.lb + "|" + h.target.endpoint + ":" + h.target.port, h);
            }
        }
        for (Health h : sorted.values()) {
            String backend = h.target.endpoint + ":" + h.target.port;
            up.sample(h.up ? 1 : 0, "load_balancer", h.target.lb, "backend", backend);
            checks.sample(h.checks, "load_balancer", h.target.lb, "backend", backend);
            n++;
        }
        return n == 0 ? java.util.List.of() : java.util.List.of(up.build(), checks.build());
    }

    /** The health of {@code tenant}'s probed backends by load balancer, for REST and the CLI. */
    synchronized Map<String, Object> state(String tenant) {
        Map<String, Object> out = new TreeMap<>();
        for (Health h : byKey.values()) {
            ProbeTarget t = h.target;
            if (t == null || !h.tracked || !t.tenant.equals(tenant)) {
                continue;
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("state", h.up ? "up" : "down");
            b.put("since", Instant.ofEpochMilli(h.since).toString());
            b.put("lastError", h.lastError);
            b.put("checks", h.checks);
            b.put("probe", t.check.type() == CheckType.TCP ? "tcp " + t.address + ":" + t.port
                    : "http GET " + t.check.path() + " on " + t.address + ":" + t.port);
            b.put("from", t.dsn + "/" + t.dsnPort);
            @SuppressWarnings("unchecked")
            Map<String, Object> lb = (Map<String, Object>) out.computeIfAbsent(t.lb, k -> new TreeMap<String, Object>());
            lb.put(t.endpoint + ":" + t.port, b);
        }
        return out;
    }
}
