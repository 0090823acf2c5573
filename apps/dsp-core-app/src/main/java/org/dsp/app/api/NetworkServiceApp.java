package org.dsp.app.api;

/**
 * Registered (as an OSGi service) by the app of one network service while it is active; the DSP
 * core enforces the document sections of the services whose apps are registered.
 */
public interface NetworkServiceApp {
    /** Returns the network service this app switches on. */
    NetworkService service();
}
