package org.dsp.app.api;

import org.onosproject.event.EventListener;

/** Receives tenant events. */
public interface TenantListener extends EventListener<TenantEvent> {
}
