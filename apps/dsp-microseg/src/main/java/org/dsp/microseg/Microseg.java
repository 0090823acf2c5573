package org.dsp.microseg;

import java.util.Map;
import org.dsp.microseg.model.Posture;
import org.dsp.microseg.model.Segment;
import org.dsp.microseg.model.Segments;
import org.dsp.model.TenantDocument;

/** Microsegmentation's sections of a document, read and changed through the document's section map. */
public final class Microseg {
    /** The key of the segments section. */
    public static final String SEGMENTS = "segments";
    /** The key of the default posture (the {@code defaultPosture} field of the {@code tenant} object). */
    public static final String POSTURE = "tenant.defaultPosture";

    private Microseg() {
    }

    /** Returns the tenant's default posture ({@code default-allow} when absent). */
    public static Posture posture(TenantDocument doc) {
        Posture p = doc.section(POSTURE, Posture.class);
        return p == null ? Posture.DEFAULT_ALLOW : p;
    }

    /** Returns the segments by name. */
    public static Map<String, Segment> segments(TenantDocument doc) {
        Segments s = doc.section(SEGMENTS, Segments.class);
        return s == null ? Map.of() : s.byName();
    }

    /** Sets the default posture of the document being built. */
    public static TenantDocument.Builder posture(TenantDocument.Builder b, Posture p) {
        return b.section(POSTURE, p);
    }

    /** Adds a segment to the document being built. */
    public static TenantDocument.Builder segment(TenantDocument.Builder b, Segment s) {
        Segments now = b.sectionSoFar(SEGMENTS, Segments.class);
        return b.section(SEGMENTS, (now == null ? Segments.EMPTY : now).with(s));
    }
}
