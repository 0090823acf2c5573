package org.dsp.model;

/** A closed-set value with a stable name in the tenant document's JSON. */
public interface WireNamed {
    /** Returns the name used in the JSON document. */
    String wireName();
}
