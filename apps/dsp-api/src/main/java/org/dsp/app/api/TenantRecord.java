package org.dsp.app.api;

import java.util.Objects;
import org.dsp.model.TenantDocument;

/** A stored tenant document with the version the store gave it. */
public final class TenantRecord {
    private final TenantDocument document;
    private final long version;

    /** Creates a record. */
    public TenantRecord(TenantDocument document, long version) {
        this.document = Objects.requireNonNull(document);
        this.version = version;
    }

    /** Returns the document (its own version field equals {@link #version()}). */
    public TenantDocument document() {
        return document;
    }

    /** Returns the store version: pass it back with the next update to detect concurrent changes. */
    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return document.tenantId() + " v" + version;
    }
}
