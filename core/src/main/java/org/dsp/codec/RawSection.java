package org.dsp.codec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A section no active service reads (its app is not active here, or unknown), kept as the JSON
 * it was stored with, so a stored document survives a service's absence whole. Never compiled.
 */
public final class RawSection {
    private final JsonNode json;

    /** Wraps a section's JSON value. */
    public RawSection(JsonNode json) {
        this.json = json.deepCopy();
    }

    /** Returns the section's JSON value. */
    public JsonNode json() {
        return json.deepCopy();
    }

    /** Returns whether the value says nothing: null, an empty array or an empty object. */
    public boolean isEmpty() {
        return json.isNull() || (json.isContainerNode() && json.size() == 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawSection && ((RawSection) o).json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
