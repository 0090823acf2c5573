package org.dsp.nat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dsp.ir.ExternalAccess;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the NAT service knows at run time, per tenant: its compiled external access (for
 * {@code GET /tenants/{id}/services}) and the packets its gateways could not translate because a
 * pool had no free address and port for them (pool exhaustion: the gateway sends them here, rate
 * bounded by the DSN's controller limits, and drops them).
 */
final class NatState {
    private static final Logger log = LoggerFactory.getLogger(NatState.class);
    /** The most recent refusals kept per tenant. */
    static final int RECENT = 16;

    private static final class Tenant {
        final int key;
        final ExternalAccess access;
        final AtomicLong exhausted = new AtomicLong();
        final List<Map<String, Object>> recent = new ArrayList<>();
        volatile long lastLog;

        Tenant(int key, ExternalAccess access) {
            this.key = key;
            this.access = access;
        }
    }

    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /** A tenant was compiled: its external access (null: none). Counters survive recompiles of the same key. */
    void tenant(String tenantId, int key, ExternalAccess access) {
        tenants.compute(tenantId, (id, old) -> {
            Tenant t = new Tenant(key, access);
            if (old != null && old.key == key) {
                t.exhausted.set(old.exhausted.get());
                synchronized (old.recent) {
                    t.recent.addAll(old.recent);
                }
            }
            return t;
        });
    }

    /** A tenant is gone (or compiled elsewhere). */
    void forget(String tenantId) {
        tenants.remove(tenantId);
    }

    /**
     * A packet a gateway could not translate, from the tenant with key {@code key}: counted and
     * remembered with its addresses; logged at most once a minute per tenant.
     */
    void untranslated(String dsn, int key, Ethernet frame) {
        for (Map.Entry<String, Tenant> e : tenants.entrySet()) {
            Tenant t = e.getValue();
            if (t.key != key) {
                continue;
            }
            long n = t.exhausted.incrementAndGet();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("dsn", dsn);
            if (frame.getPayload() instanceof IPv4) {
                IPv4 ip = (IPv4) frame.getPayload();
                r.put("source", Ip4Address.valueOf(ip.getSourceAddress()).toString());
                r.put("destination", Ip4Address.valueOf(ip.getDestinationAddress()).toString());
                r.put("protocol", ip.getProtocol() & 0xff);
            }
            r.put("at", System.currentTimeMillis());
            synchronized (t.recent) {
                t.recent.add(r);
                while (t.recent.size() > RECENT) {
                    t.recent.remove(0);
                }
            }
            long now = System.currentTimeMillis();
            if (now - t.lastLog > 60_000) {
                t.lastLog = now;
                log.warn("tenant {}: a NAT pool had no free address and port for a new connection ({} so far): {}", e.getKey(), n, r);
            }
            return;
        }
    }

    /** The tenant's NAT state as JSON values: its pools with their capacity, and the untranslated packets. */
    Map<String, Object> state(String tenantId) {
        Tenant t = tenants.get(tenantId);
        if (t == null || t.access == null) {
            return Map.of();
        }
        List<Object> pools = new ArrayList<>();
        for (ExternalAccess.Snat s : t.access.snat()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", s.name());
            p.put("addresses", s.first().equals(s.last()) ? s.first().toString() : s.first() + "-" + s.last());
            p.put("ports", s.portFirst() + "-" + s.portLast());
            p.put("connectionsPerDestination", (long) s.addresses().size() * (s.portLast() - s.portFirst() + 1));
            p.put("members", s.endpoints());
            pools.add(p);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("zone", t.access.zone());
        out.put("pools", pools);
        List<Object> inbound = new ArrayList<>();
        t.access.inbound().forEach(i -> inbound.add(i.toString()));
        out.put("inbound", inbound);
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("packets", t.exhausted.get());
        synchronized (t.recent) {
            ex.put("recent", new ArrayList<>(t.recent));
        }
        out.put("untranslated", ex);
        return out;
    }
}
