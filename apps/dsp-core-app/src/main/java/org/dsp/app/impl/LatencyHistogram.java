package org.dsp.app.impl;

import org.dsp.app.api.RealizationLatency;

/** Realization durations observed on this member, counted into {@link RealizationLatency#BOUNDS}. Thread-safe. */
final class LatencyHistogram {
    private final long[] buckets = new long[RealizationLatency.BOUNDS.length];
    private long count;
    private double sum;

    /** Counts one realization that took {@code millis}. */
    synchronized void observe(long millis) {
        double s = millis / 1000.0;
        for (int i = 0; i < buckets.length; i++) {
            if (s <= RealizationLatency.BOUNDS[i]) {
                buckets[i]++;
            }
        }
        count++;
        sum += s;
    }

    /** Returns what was counted so far. */
    synchronized RealizationLatency snapshot() {
        return new RealizationLatency(buckets, count, sum);
    }
}
