package org.dsp.node;

/** The answer of node services to ONOS methods DSP does not use. */
final class Refuse {
    private Refuse() {
    }

    static UnsupportedOperationException of(String service, String method) {
        return new UnsupportedOperationException(service + "." + method + " is not provided by the DSP node (DSP does not use it)");
    }
}
