package org.dsp.app.impl;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.onosproject.net.flow.FlowRuleOperations;
import org.onosproject.net.flow.FlowRuleOperationsContext;

/**
 * A deadline on the flow rule service's answer to a batch. ONOS answers a batch once the switch
 * confirmed or refused it; a batch whose answer never comes (a switch that stops answering, a lost
 * batch in a provider) would leave its DSN PENDING for ever. {@link #watch} runs the given expiry
 * when neither answer came in time; an answer that comes later is still passed on, so the DSN's
 * state follows what the switch said in the end.
 */
final class ConfirmDeadline {
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "dsp-confirm-deadline");
        t.setDaemon(true);
        return t;
    });

    ConfirmDeadline() {
        timer.setRemoveOnCancelPolicy(true); // an answered batch's deadline (and what it holds) goes at once
    }

    /**
     * Returns a context that passes both answers on to {@code inner}, and runs {@code expired} when
     * neither came within {@code millis}.
     */
    FlowRuleOperationsContext watch(FlowRuleOperationsContext inner, long millis, Runnable expired) {
        // the expiry and an answer are handed on under one lock, so an answer that comes while the expiry is being
        // handed on follows it (the expiry's FAILED never overwrites the answer's state)
        Object lock = new Object();
        boolean[] answered = new boolean[1];
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> {
                synchronized (lock) {
                    if (!answered[0]) {
                        answered[0] = true;
                        expired.run();
                    }
                }
            }, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            return inner; // stopping: no deadline, the answer (if any) still counts
        }
        Runnable answer = () -> {
            synchronized (lock) {
                answered[0] = true;
            }
            deadline.cancel(false);
        };
        return new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations ops) {
                answer.run();
                inner.onSuccess(ops);
            }

            @Override
            public void onError(FlowRuleOperations ops) {
                answer.run();
                inner.onError(ops);
            }
        };
    }

    /** Cancels every pending deadline. */
    void stop() {
        timer.shutdownNow();
    }
}
