package org.dsp.model;

/** Kind of workload an endpoint is; the model is the same for all. */
public enum EndpointKind implements WireNamed {
    /** A physical server attached to a NIC DSN. */
    BARE_METAL("bare-metal"),
    /** A virtual machine behind a hypervisor DSN. */
    VM("vm"),
    /** A container or pod behind a host DSN. */
    CONTAINER("container");

    private final String wire;

    EndpointKind(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    /** Parses a JSON name; returns null when the name is not one of {@link #names()}. */
    public static EndpointKind parse(String text) {
        return Kinds.parse(EndpointKind.class, text);
    }

    /** Lists the accepted JSON names. */
    public static String names() {
        return Kinds.names(EndpointKind.class);
    }
}
