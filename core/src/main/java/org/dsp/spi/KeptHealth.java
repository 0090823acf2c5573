package org.dsp.spi;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.onosproject.net.DeviceId;

/**
 * Which of a service's monitored instances (a load balancer's backends, a chain's service
 * functions) are down, kept in the host's durable store ({@link ServiceHost#durable}) so that a
 * restarted controller compiles them as it did before and its switches keep their program. Read
 * once, when the monitor attaches to its host; written only when an instance's health flips at a
 * DSN this controller programs ({@link ServiceHost#programs}: in a cluster the DSN's master, the
 * one member that sees its probes' answers). An entry goes when its instance comes up; one whose
 * instance left the document (or its tenant went) while down stays, so an instance of the same
 * key added later starts down until it passes its checks - and no trial compile, dry run or
 * refused document can wipe what the switches were programmed with.
 */
public final class KeptHealth {
    private final ServiceHost host;
    private final Map<String, String> store;
    private final Map<String, String> known = new HashMap<>();
    private final Consumer<String> warn;

    private KeptHealth(ServiceHost host, Map<String, String> store, Consumer<String> warn) {
        this.host = host;
        this.store = store;
        this.warn = warn;
    }

    /** Nothing kept: every instance starts up, nothing is written. */
    public static KeptHealth none() {
        return new KeptHealth(null, null, w -> { });
    }

    /**
     * What {@code host} keeps in its durable map {@code name} (read now), or {@link #none()} when
     * it keeps none or cannot give it (said through {@code warn}).
     */
    public static KeptHealth of(ServiceHost host, String name, Consumer<String> warn) {
        if (host == null) {
            return none();
        }
        try {
            Map<String, String> store = host.durable(name);
            KeptHealth k = new KeptHealth(host, store, warn);
            if (store != null) {
                k.known.putAll(store);
            }
            return k;
        } catch (RuntimeException e) {
            warn.accept("no durable map " + name + " (" + e + "): health known before a restart is not kept");
            return none();
        }
    }

    /** Why the instance with {@code key} was down when last kept, or null (up, or never seen down). */
    public String downBefore(String key) {
        return known.get(key);
    }

    /**
     * The instance with {@code key}, probed at {@code dsn}, went up (then {@code why} is ignored) or
     * down for {@code why}: kept when this controller programs {@code dsn}.
     */
    public void flipped(String key, DeviceId dsn, boolean up, String why) {
        if (store == null) {
            return;
        }
        try {
            if (!host.programs(dsn)) {
                return;
            }
            if (up) {
                known.remove(key);
                store.remove(key);
            } else {
                known.put(key, why);
                store.put(key, why);
            }
        } catch (RuntimeException e) {
            warn.accept("cannot keep the health of " + key + " durably: " + e);
        }
    }
}
