package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dsp.app.api.NetworkService;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.ValidationError;
import org.dsp.model.Posture;
import org.dsp.model.Rule;
import org.dsp.model.TenantDocument;
import org.dsp.model.Tier;

/**
 * Which parts of a tenant document belong to which network service, as pure functions: the
 * errors for sections whose service is not active, and the document as the compiler sees it
 * (the sections of inactive services left out; the stored document is never changed).
 */
final class ServiceSections {
    private ServiceSections() {
    }

    /** Returns an error for every section of {@code doc} whose service is not in {@code active}. */
    static List<ValidationError> check(TenantDocument doc, Set<NetworkService> active) {
        List<ValidationError> out = new ArrayList<>();
        if (!active.contains(NetworkService.FIREWALL) && !doc.allRules().isEmpty()) {
            out.add(notActive("$.firewall", NetworkService.FIREWALL, doc.allRules().size() + " rule(s)"));
        }
        if (!active.contains(NetworkService.MICROSEGMENTATION)) {
            if (!doc.segments().isEmpty()) {
                out.add(notActive("$.segments", NetworkService.MICROSEGMENTATION, doc.segments().size() + " segment(s)"));
            }
            if (doc.posture() == Posture.DEFAULT_DENY) {
                out.add(notActive("$.tenant.defaultPosture", NetworkService.MICROSEGMENTATION, "default-deny"));
            }
        }
        return out;
    }

    private static ValidationError notActive(String path, NetworkService s, String what) {
        return ValidationError.of(path, ErrorCode.SERVICE_NOT_ACTIVE, what + " need the " + s.wireName()
                + " service, whose app " + s.app() + " is not active");
    }

    /** Returns {@code doc} without the sections of services not in {@code active}. */
    static TenantDocument effective(TenantDocument doc, Set<NetworkService> active) {
        boolean firewall = active.contains(NetworkService.FIREWALL);
        boolean microseg = active.contains(NetworkService.MICROSEGMENTATION);
        if (firewall && microseg) {
            return doc;
        }
        TenantDocument.Builder b = TenantDocument.builder().tenantId(doc.tenantId()).displayName(doc.displayName())
                .posture(microseg ? doc.posture() : Posture.DEFAULT_ALLOW).version(doc.version());
        doc.endpoints().values().forEach(b::endpoint);
        doc.groups().values().forEach(b::group);
        if (microseg) {
            doc.segments().values().forEach(b::segment);
        }
        if (firewall) {
            for (Tier t : Tier.values()) {
                for (Rule r : doc.rules(t)) {
                    b.rule(t, r);
                }
            }
        }
        return b.build();
    }
}
