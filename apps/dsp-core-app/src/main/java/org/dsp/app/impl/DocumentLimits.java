package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.ValidationError;
import org.dsp.model.TenantDocument;

/**
 * How large one tenant's document may be: endpoints, groups and namespaces, refused up front
 * (TOO_MANY, naming the limit) before anything is compiled. The firewall's own limit (30,000
 * rules per tier) is its codec's; flow counts are the flow budget's. Properties (framework or
 * system): {@code dsp.limits.endpointsPerTenant}, {@code dsp.limits.groupsPerTenant},
 * {@code dsp.limits.namespacesPerTenant}.
 */
final class DocumentLimits {
    static final String ENDPOINTS = "dsp.limits.endpointsPerTenant";
    static final String GROUPS = "dsp.limits.groupsPerTenant";
    static final String NAMESPACES = "dsp.limits.namespacesPerTenant";
    static final int DEFAULT_ENDPOINTS = 10_000;
    static final int DEFAULT_GROUPS = 10_000;
    static final int DEFAULT_NAMESPACES = 1_000;

    private final int endpoints;
    private final int groups;
    private final int namespaces;

    DocumentLimits(int endpoints, int groups, int namespaces) {
        this.endpoints = endpoints;
        this.groups = groups;
        this.namespaces = namespaces;
    }

    /** Reads the limits from properties (absent: the defaults; a bad value throws naming it). */
    static DocumentLimits from(UnaryOperator<String> property) {
        return new DocumentLimits(limit(property, ENDPOINTS, DEFAULT_ENDPOINTS), limit(property, GROUPS, DEFAULT_GROUPS),
                limit(property, NAMESPACES, DEFAULT_NAMESPACES));
    }

    private static int limit(UnaryOperator<String> property, String name, int fallback) {
        String v = property.apply(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim().replace("_", ""));
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + "=" + v + ": expected a positive number");
    }

    /** Returns what is over a limit (empty: nothing). */
    List<ValidationError> check(TenantDocument doc) {
        List<ValidationError> out = new ArrayList<>();
        over(out, "$.endpoints", "endpoints", doc.endpoints().size(), endpoints, ENDPOINTS);
        over(out, "$.groups", "groups", doc.groups().size(), groups, GROUPS);
        over(out, "$.namespaces", "namespaces", doc.namespaces().size(), namespaces, NAMESPACES);
        return out;
    }

    private static void over(List<ValidationError> out, String path, String what, int n, int limit, String property) {
        if (n > limit) {
            out.add(ValidationError.of(path, ErrorCode.TOO_MANY, "the document has " + n + " " + what + "; a tenant may have at most "
                    + limit + " (" + property + ")"));
        }
    }
}
