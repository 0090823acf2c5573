package org.dsp.codec;

import java.util.Set;
import org.dsp.model.TenantDocument;

/**
 * What a section's cross-reference check gets: the read document, where to report, where each
 * read object came from, and reference checks that stay quiet about names that were declared but
 * failed to read (their own errors are already reported).
 */
public final class DocumentCheck {
    private final TenantDocument doc;
    private final JsonFields fields;
    private final Set<String> invalidEndpoints;
    private final Set<String> invalidGroups;
    private final Set<String> invalidNamespaces;
    private final boolean stored;

    DocumentCheck(TenantDocument doc, JsonFields fields, Set<String> invalidEndpoints, Set<String> invalidGroups,
                  Set<String> invalidNamespaces) {
        this(doc, fields, invalidEndpoints, invalidGroups, invalidNamespaces, false);
    }

    DocumentCheck(TenantDocument doc, JsonFields fields, Set<String> invalidEndpoints, Set<String> invalidGroups,
                  Set<String> invalidNamespaces, boolean stored) {
        this.stored = stored;
        this.doc = doc;
        this.fields = fields;
        this.invalidEndpoints = invalidEndpoints;
        this.invalidGroups = invalidGroups;
        this.invalidNamespaces = invalidNamespaces;
    }

    /**
     * Returns whether the document is a stored one read again (after a restart, or a service app
     * came or went), not one submitted now: checks of what is active right now (a chain's built-in
     * steps) apply to submitted documents only, so a stored document stays readable.
     */
    public boolean stored() {
        return stored;
    }

    /** Returns the document being checked. */
    public TenantDocument document() {
        return doc;
    }

    /** Returns where to report. */
    public Problems problems() {
        return fields.problems();
    }

    /** Returns where {@code value} was read ("$" when unknown). */
    public String pathOf(Object value) {
        return fields.pathOf(value);
    }

    /** Reports UNKNOWN_GROUP at {@code path} when group {@code name} is not defined. */
    public void groupRef(String name, String path) {
        if (name != null && !doc.groups().containsKey(name) && !invalidGroups.contains(name)) {
            problems().add(path, ErrorCode.UNKNOWN_GROUP, "group '" + name + "' is not defined in this tenant");
        }
    }

    /** Reports UNKNOWN_NAMESPACE at {@code path} when namespace {@code name} is not defined. */
    public void namespaceRef(String name, String path) {
        if (name != null && !doc.namespaces().containsKey(name) && !invalidNamespaces.contains(name)) {
            problems().add(path, ErrorCode.UNKNOWN_NAMESPACE, "namespace '" + name + "' is not defined in this tenant");
        }
    }

    /** Reports UNKNOWN_ENDPOINT at {@code path} when endpoint {@code name} is not defined. */
    public void endpointRef(String name, String path) {
        if (name != null && !doc.endpoints().containsKey(name) && !invalidEndpoints.contains(name)) {
            problems().add(path, ErrorCode.UNKNOWN_ENDPOINT, "endpoint '" + name + "' is not defined in this tenant");
        }
    }
}
