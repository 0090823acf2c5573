package org.dsp.chain;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** The chains' periodic work (health probes, load readings): a daemon thread of its own per task, a failed round logged, never the end. */
final class ChainTimer {
    private ChainTimer() {
    }

    /**
     * Runs {@code round} on a daemon thread named {@code thread}, first after {@code initialMillis},
     * then {@code periodMillis} after each round ends; a round that throws is logged to {@code log}
     * as a failure of {@code what} and the next runs all the same. Stop it with {@code shutdownNow}.
     */
    static ScheduledExecutorService start(String thread, long initialMillis, long periodMillis, Runnable round, Logger log, String what) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                round.run();
            } catch (RuntimeException e) {
                log.warn("{}: {}", what, e.toString());
            }
        }, initialMillis, periodMillis, TimeUnit.MILLISECONDS);
        return timer;
    }
}
