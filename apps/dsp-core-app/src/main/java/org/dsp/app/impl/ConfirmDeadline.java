package org.dsp.app.impl;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dsp-confirm-deadline");
        t.setDaemon(true);
        return t;
    });

    /**
     * Returns a context that passes both answers on to {@code inner}, and runs {@code expired} when
     * neither came within {@code millis}.
     */
    FlowRuleOperationsContext watch(FlowRuleOperationsContext inner, long millis, Runnable expired) {
        AtomicBoolean answered = new AtomicBoolean();
        ScheduledFuture<?> deadline;
        try {
            deadline = timer.schedule(() -> {
                if (answered.compareAndSet(false, true)) {
                    expired.run();
                }
            }, millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            return inner; // stopping: no deadline, the answer (if any) still counts
        }
        return new FlowRuleOperationsContext() {
            @Override
            public void onSuccess(FlowRuleOperations ops) {
                answered.set(true);
                deadline.cancel(false);
                inner.onSuccess(ops);
            }

            @Override
            public void onError(FlowRuleOperations ops) {
                answered.set(true);
                deadline.cancel(false);
                inner.onError(ops);
            }
        };
    }

    /** Cancels every pending deadline. */
    void stop() {
        timer.shutdownNow();
    }
}
