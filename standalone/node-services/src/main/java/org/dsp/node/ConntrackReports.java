package org.dsp.node;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.onosproject.net.DeviceId;

/**
 * The conntrack entry counts per zone each server's {@code dsp-ct-reporter} writes into its DSN
 * bridge's {@code external_ids:dsp-ct-count} ({@code ZONE=COUNT,...}) and {@code dsp-ct-time}
 * (unix seconds), as the node's OVSDB connection last saw them (docs/observability.md). A report
 * that does not parse is ignored whole.
 */
final class ConntrackReports {
    static final String ZONES_KEY = "dsp-ct-zones";
    static final String COUNT_KEY = "dsp-ct-count";
    static final String TIME_KEY = "dsp-ct-time";
    /** The most zones one report may carry (the node publishes one per tenant). */
    static final int MAX_ZONES = 4096;

    /** One DSN's last report. */
    static final class Report {
        final Map<Integer, Long> counts;
        final long time;

        Report(Map<Integer, Long> counts, long time) {
            this.counts = counts;
            this.time = time;
        }
    }

    private final Map<DeviceId, Report> reports = new ConcurrentHashMap<>();

    /**
     * Takes DSN {@code dsn}'s bridge external_ids, keeping the counts of the {@code published}
     * zones only; a missing or bad report leaves the last good one.
     */
    void update(DeviceId dsn, Map<String, String> externalIds, java.util.Set<Integer> published) {
        Report r = parse(externalIds.get(COUNT_KEY), externalIds.get(TIME_KEY));
        if (r != null) {
            r.counts.keySet().retainAll(published);
            reports.put(dsn, r);
        }
    }

    /** Forgets a DSN (its server's OVSDB connection ended). */
    void forget(DeviceId dsn) {
        reports.remove(dsn);
    }

    /** Returns the last report of each DSN. */
    Map<DeviceId, Report> reports() {
        return Map.copyOf(reports);
    }

    private static final java.util.regex.Pattern ENTRY = java.util.regex.Pattern.compile("[0-9]{1,5}=[0-9]{1,12}");
    private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("[0-9]{1,12}");

    /**
     * Parses {@code 13394=5,20771=0} and a unix time; null when either is missing or malformed, or
     * the report is longer than {@value #MAX_ZONES} zones could make it.
     */
    static Report parse(String counts, String time) {
        if (counts == null || time == null || !TIME.matcher(time).matches() || counts.length() > MAX_ZONES * 19) {
            return null;
        }
        Map<Integer, Long> m = new TreeMap<>();
        if (!counts.isEmpty()) {
            String[] parts = counts.split(",", -1);
            if (parts.length > MAX_ZONES) {
                return null;
            }
            for (String p : parts) {
                if (!ENTRY.matcher(p).matches()) {
                    return null;
                }
                int zone = Integer.parseInt(p.substring(0, p.indexOf('=')));
                if (zone > 65535) {
                    return null;
                }
                m.put(zone, Long.parseLong(p.substring(p.indexOf('=') + 1)));
            }
        }
        return new Report(m, Long.parseLong(time));
    }
}
