package org.dsp.app.api;

import java.util.Arrays;

/**
 * How long realizations took, submit to the DSN's confirmation (barrier), as a cumulative
 * histogram (Prometheus's shape): for each upper bound in seconds, how many took at most that long;
 * with their count and sum. Immutable.
 */
public final class RealizationLatency {
    /** The upper bounds of the buckets, in seconds. */
    public static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** No observation yet. */
    public static final RealizationLatency EMPTY = new RealizationLatency(new long[BOUNDS.length], 0, 0);

    private final long[] cumulative;
    private final long count;
    private final double sumSeconds;

    /**
     * A snapshot.
     *
     * @param cumulative for each of {@link #BOUNDS}, how many took at most that long
     * @param count      how many realizations were observed
     * @param sumSeconds their total duration
     */
    public RealizationLatency(long[] cumulative, long count, double sumSeconds) {
        if (cumulative.length != BOUNDS.length) {
            throw new IllegalArgumentException("one count per bound");
        }
        this.cumulative = cumulative.clone();
        this.count = count;
        this.sumSeconds = sumSeconds;
    }

    /** Returns, for each of {@link #BOUNDS}, how many took at most that long. */
    public long[] cumulative() {
        return cumulative.clone();
    }

    /** Returns how many realizations were observed. */
    public long count() {
        return count;
    }

    /** Returns their total duration in seconds. */
    public double sumSeconds() {
        return sumSeconds;
    }

    @Override
    public String toString() {
        return count + " in " + sumSeconds + " s " + Arrays.toString(cumulative);
    }
}
