package org.dsp.app.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dsp.app.api.FlowRecord;

/**
 * The offending-actor report of a tenant over a window (docs/observability.md), computed from its
 * flow-log records: the top denied sources and destinations (by attempts, then packets), port scans
 * (a source denied towards at least {@code scanTargets} distinct destination address and port
 * pairs), and new-connection rate spikes (a {@value #BUCKET_SECONDS}-second bucket with at least
 * {@value #MIN_SPIKE} connections and three times the median bucket of the window, with its top
 * sources; a connection logged by several rules or on two DSNs counts once). Only what logged
 * rules decided is seen: to have default-deny drops counted, end the baseline tier with a logged
 * deny rule. A pure function of its input.
 */
final class OffenderReport {
    static final int BUCKET_SECONDS = 10;
    static final int MIN_SPIKE = 20;

    private OffenderReport() {
    }

    /** One actor's tally. */
    private static final class Tally {
        long attempts;
        long packets;
        long last;
        final Set<String> targets = new HashSet<>();
        final Set<String> peers = new HashSet<>();
        final Set<Integer> ports = new TreeSet<>();
    }

    /**
     * The report as JSON-ready maps.
     *
     * @param records     the tenant's records (any order)
     * @param now         the time (ms) the window ends
     * @param window      the window, seconds
     * @param scanTargets distinct denied destinations (address and port) that make a source a port scanner
     * @param top         how many sources and destinations to list
     */
    static Map<String, Object> of(List<FlowRecord> records, long now, long window, int scanTargets, int top) {
        long from = now - window * 1000;
        Map<String, Tally> bySource = new HashMap<>();
        Map<String, Tally> byDestination = new HashMap<>();
        long denied = 0;
        TreeMap<Long, Map<String, Integer>> buckets = new TreeMap<>();
        Set<String> counted = new HashSet<>(); // a connection once, however many rules and DSNs logged it
        for (FlowRecord r : records) {
            if (r.end() < from) {
                continue;
            }
            if (r.start() >= from && counted.add(r.protocol() + " " + r.src() + " " + r.srcPort() + " " + r.dst() + " " + r.dstPort())) {
                long b = (r.start() - from) / (BUCKET_SECONDS * 1000L);
                buckets.computeIfAbsent(b, k -> new HashMap<>()).merge(r.src(), 1, Integer::sum);
            }
            if (!r.verdict().equals("deny") && !r.verdict().equals("reject")) {
                continue;
            }
            denied++;
            String target = r.dst() + " " + FlowLogQuery.protocolName(r.protocol()) + "/" + r.dstPort();
            Tally s = bySource.computeIfAbsent(r.src(), k -> new Tally());
            count(s, r);
            s.targets.add(target);
            s.peers.add(r.dst());
            s.ports.add(r.dstPort());
            Tally d = byDestination.computeIfAbsent(r.dst(), k -> new Tally());
            count(d, r);
            d.peers.add(r.src());
            d.ports.add(r.dstPort());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("windowSeconds", window);
        out.put("from", from);
        out.put("to", now);
        out.put("deniedConnections", denied);
        out.put("topDeniedSources", top(bySource, top, "source"));
        out.put("topDeniedDestinations", top(byDestination, top, "destination"));
        List<Map<String, Object>> scans = new ArrayList<>();
        bySource.entrySet().stream().filter(e -> e.getValue().targets.size() >= scanTargets)
                .sorted(Comparator.comparing((Map.Entry<String, Tally> e) -> -e.getValue().targets.size()).thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("source", e.getKey());
                    m.put("deniedTargets", e.getValue().targets.size());
                    m.put("peers", e.getValue().peers.size());
                    m.put("ports", e.getValue().ports.size());
                    m.put("samplePorts", e.getValue().ports.stream().limit(10).toArray());
                    m.put("lastSeen", e.getValue().last);
                    scans.add(m);
                });
        out.put("portScans", scans);
        out.put("connectionRate", rate(buckets, from, window));
        return out;
    }

    private static void count(Tally t, FlowRecord r) {
        t.attempts++;
        t.packets += r.packets();
        t.last = Math.max(t.last, r.end());
    }

    private static List<Map<String, Object>> top(Map<String, Tally> tallies, int n, String label) {
        List<Map<String, Object>> out = new ArrayList<>();
        tallies.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Tally> e) -> -e.getValue().attempts)
                        .thenComparing(e -> -e.getValue().packets).thenComparing(Map.Entry::getKey))
                .limit(n).forEach(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put(label, e.getKey());
                    m.put("deniedConnections", e.getValue().attempts);
                    m.put("packets", e.getValue().packets);
                    m.put(label.equals("source") ? "destinations" : "sources", e.getValue().peers.size());
                    m.put("ports", e.getValue().ports.size());
                    m.put("lastSeen", e.getValue().last);
                    out.add(m);
                });
        return out;
    }

    /** New connections per bucket over the window, and the spikes. */
    private static Map<String, Object> rate(TreeMap<Long, Map<String, Integer>> buckets, long from, long window) {
        int n = (int) Math.max(1, (window + BUCKET_SECONDS - 1) / BUCKET_SECONDS);
        long[] counts = new long[n];
        buckets.forEach((b, bySrc) -> {
            if (b < n) {
                counts[(int) (long) b] = bySrc.values().stream().mapToLong(Integer::longValue).sum();
            }
        });
        long[] sorted = counts.clone();
        java.util.Arrays.sort(sorted);
        long median = sorted[n / 2];
        long threshold = Math.max(MIN_SPIKE, 3 * median);
        List<Map<String, Object>> spikes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (counts[i] >= threshold) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("start", from + i * BUCKET_SECONDS * 1000L);
                m.put("connections", counts[i]);
                List<Map<String, Object>> sources = new ArrayList<>();
                buckets.get((long) i).entrySet().stream()
                        .sorted(Comparator.comparing((Map.Entry<String, Integer> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                        .limit(3).forEach(e -> {
                            Map<String, Object> s = new LinkedHashMap<>();
                            s.put("source", e.getKey());
                            s.put("connections", e.getValue());
                            sources.add(s);
                        });
                m.put("topSources", sources);
                spikes.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bucketSeconds", BUCKET_SECONDS);
        out.put("perBucket", counts);
        out.put("medianPerBucket", median);
        out.put("spikeThreshold", threshold);
        out.put("spikes", spikes);
        return out;
    }
}
