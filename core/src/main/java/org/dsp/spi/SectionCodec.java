package org.dsp.spi;

import com.fasterxml.jackson.databind.JsonNode;
import org.dsp.codec.DocumentCheck;

/**
 * One section of the tenant document: a top-level key (e.g. {@code firewall}) or a field of the
 * {@code tenant} object (a key {@code tenant.<field>}, e.g. {@code tenant.defaultPosture}), its
 * JSON Schema, how it reads and writes, and what it checks against the rest of the document.
 *
 * @param <T> the section's decoded value (immutable, with value equality)
 */
public interface SectionCodec<T> {
    /** Returns the section's key: a top-level field name, or {@code tenant.<field>}. */
    String key();

    /** Returns the type of the decoded value. */
    Class<T> type();

    /** Returns the JSON Schema (draft 2020-12) of the section's value, as JSON text. */
    String schema();

    /**
     * Reads the section's JSON value. Every malformed field is reported through the reading's
     * fields with its path (the section's own path is {@code path}); returns null when nothing
     * usable is left.
     */
    T read(JsonNode value, String path, SectionReading reading);

    /** Checks the section's references against the rest of the document, reporting through {@code check}. */
    void validate(T value, String path, DocumentCheck check);

    /** Writes the value as the JSON {@link #read} reads back equal. */
    JsonNode write(T value);

    /**
     * Writes the value for its compact text only (how the store keeps a document): a tree that
     * serializes to exactly the text of {@link #write}'s, which may hold parts already as text
     * ({@code RawValue} nodes, e.g. each unchanged rule written once and kept) - so it is no tree
     * to read or edit. The default is {@link #write}.
     */
    default JsonNode writeForText(T value) {
        return write(value);
    }

    /**
     * Returns a value that {@link #write}s exactly as {@code value} does but shares what it can with
     * {@code previous} (the same section of the tenant's current document; may be null): the
     * previous instance, or parts of it, where they are equal and written alike. A new version of a
     * document then holds new objects only where it changed, so a one-rule change leaves the other
     * rules' objects as they were (less to compare when compiling, less for the garbage collector
     * to copy). Only a part whose equality implies the same written form (e.g. not a map whose
     * order is written but not compared) may be shared. The default shares nothing.
     */
    default T share(T value, T previous) {
        return value;
    }

    /** Returns whether the value says nothing (an absent section reads as this), e.g. no rules. */
    boolean isEmpty(T value);

    /** Returns a short description of what the value holds, for messages, e.g. "12 rule(s)". */
    String describe(T value);

    /**
     * Reads a schema kept as a resource next to {@code owner} (e.g. {@code firewall.schema.json}
     * in the owner's package), for {@link #schema}; a missing resource is an error.
     */
    static String resource(Class<?> owner, String name) {
        try (java.io.InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + name + " of " + owner.getName() + " is missing");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
