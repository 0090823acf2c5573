package org.dsp.app.api;

/**
 * The network services DSP realizes from a tenant document, each switched on by its own ONOS
 * app: a document section is enforced only while the app that owns it is active.
 */
public enum NetworkService {
    /** The {@code firewall} section (platform, tenant and baseline rules): app org.dsp.firewall. */
    FIREWALL("firewall", "org.dsp.firewall"),
    /** {@code segments} and {@code tenant.defaultPosture: default-deny}: app org.dsp.microseg. */
    MICROSEGMENTATION("microsegmentation", "org.dsp.microseg");

    private final String wireName;
    private final String app;

    NetworkService(String wireName, String app) {
        this.wireName = wireName;
        this.app = app;
    }

    /** Returns the name used in the REST API. */
    public String wireName() {
        return wireName;
    }

    /** Returns the ONOS application that switches the service on. */
    public String app() {
        return app;
    }
}
