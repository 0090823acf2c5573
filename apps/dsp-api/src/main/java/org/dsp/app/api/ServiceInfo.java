package org.dsp.app.api;

import java.util.List;

/**
 * A network service the DSP core knows: its name and app, whether it is active (its document
 * sections are enforced), the sections and pipeline stages it declares, and - when the core
 * refused to activate it because it overlaps another service - why.
 */
public final class ServiceInfo {
    private final String name;
    private final String app;
    private final boolean active;
    private final List<String> sections;
    private final List<String> stages;
    private final String refusal;

    /** Creates the description of a service. */
    public ServiceInfo(String name, String app, boolean active, List<String> sections, List<String> stages, String refusal) {
        this.name = name;
        this.app = app;
        this.active = active;
        this.sections = List.copyOf(sections);
        this.stages = List.copyOf(stages);
        this.refusal = refusal;
    }

    /** Returns the service's name. */
    public String name() {
        return name;
    }

    /** Returns the ONOS app that carries it. */
    public String app() {
        return app;
    }

    /** Returns whether its sections are enforced now. */
    public boolean active() {
        return active;
    }

    /** Returns the document sections it owns (keys). */
    public List<String> sections() {
        return sections;
    }

    /** Returns the pipeline stages it declares (names). */
    public List<String> stages() {
        return stages;
    }

    /** Returns why the core refused to activate it, or null. */
    public String refusal() {
        return refusal;
    }
}
