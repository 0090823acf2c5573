package org.dsp.node;

import org.onosproject.event.Event;
import org.onosproject.event.EventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers an event to listeners; one that throws is logged and does not stop the others. */
final class Events {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);

    private Events() {
    }

    static <E extends Event<?, ?>, L extends EventListener<E>> void fire(Iterable<L> listeners, E event) {
        for (L l : listeners) {
            try {
                l.event(event);
            } catch (RuntimeException e) {
                LOG.warn("listener {} failed on {}", l, event, e);
            }
        }
    }
}
