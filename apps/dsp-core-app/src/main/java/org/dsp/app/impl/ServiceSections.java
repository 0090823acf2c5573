package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.RawSection;
import org.dsp.codec.ValidationError;
import org.dsp.model.TenantDocument;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.Services;

/**
 * Which sections of a tenant document the active services enforce, as pure functions: the errors
 * for sections whose service is not active (or that no service ever declared), and the document
 * as the compiler sees it (the sections of inactive services left out; the stored document is
 * never changed).
 */
final class ServiceSections {
    private ServiceSections() {
    }

    /**
     * Returns an error for every section of {@code doc} that says something and that no active
     * service reads: SERVICE_NOT_ACTIVE naming the app when a {@code known} service (one that was
     * bound once) owns it, UNKNOWN_FIELD otherwise.
     */
    static List<ValidationError> check(TenantDocument doc, Services active, Map<String, ServiceApp> known) {
        List<ValidationError> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : doc.sections().entrySet()) {
            if (active.owner(e.getKey()) != null) {
                continue;
            }
            ServiceApp owner = ownerOf(e.getKey(), known);
            String path = "$." + e.getKey();
            if (owner == null) {
                out.add(ValidationError.of(path, ErrorCode.UNKNOWN_FIELD, "unknown field '" + e.getKey()
                        + "': no network service declares it"));
                continue;
            }
            SectionCodec<?> codec = codecOf(owner, e.getKey());
            if (isEmpty(codec, e.getValue())) {
                continue;
            }
            out.add(ValidationError.of(path, ErrorCode.SERVICE_NOT_ACTIVE, describe(codec, e.getValue()) + " need the "
                    + owner.name() + " service, whose app " + owner.app() + " is not active"));
        }
        return out;
    }

    private static ServiceApp ownerOf(String key, Map<String, ServiceApp> known) {
        for (ServiceApp a : known.values()) {
            if (codecOf(a, key) != null) {
                return a;
            }
        }
        return null;
    }

    private static SectionCodec<?> codecOf(ServiceApp a, String key) {
        for (SectionCodec<?> c : a.sections()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Whether a section value says nothing, read with its own codec (a raw value is decoded first).
     * A raw value its codec cannot read says something - what, only the inactive service could
     * tell - so it is not empty: a document carrying it is refused until that service is active,
     * rather than stored unchecked.
     */
    private static <T> boolean isEmpty(SectionCodec<T> codec, Object value) {
        T v = typed(codec, value);
        return v != null && codec.isEmpty(v);
    }

    private static <T> String describe(SectionCodec<T> codec, Object value) {
        T v = typed(codec, value);
        return v == null ? "'" + codec.key() + "'" : codec.describe(v);
    }

    private static <T> T typed(SectionCodec<T> codec, Object value) {
        if (!(value instanceof RawSection)) {
            return codec.type().isInstance(value) ? codec.type().cast(value) : null;
        }
        return org.dsp.codec.TenantDocumentCodec.readSection(codec, ((RawSection) value).json());
    }

    /** Returns {@code doc} without the sections no service of {@code active} owns. */
    static TenantDocument effective(TenantDocument doc, Services active) {
        boolean all = true;
        for (String key : doc.sections().keySet()) {
            all &= active.owner(key) != null;
        }
        if (all) {
            return doc;
        }
        TenantDocument.Builder b = doc.toBuilder();
        for (String key : doc.sections().keySet()) {
            if (active.owner(key) == null) {
                b.section(key, null);
            }
        }
        return b.build();
    }
}
