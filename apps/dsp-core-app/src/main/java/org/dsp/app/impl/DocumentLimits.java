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
    static final String NODE_TENANTS = "dsp.limits.tenantsPerNode";
    static final String NODE_ENDPOINTS = "dsp.limits.endpointsPerNode";
    static final String NODE_GROUPS = "dsp.limits.groupsPerNode";
    static final int DEFAULT_NODE_TENANTS = 10_000;
    static final int DEFAULT_NODE_ENDPOINTS = 200_000;
    static final int DEFAULT_NODE_GROUPS = 200_000;
    static final int DEFAULT_ENDPOINTS = 10_000;
    static final int DEFAULT_GROUPS = 10_000;
    static final int DEFAULT_NAMESPACES = 1_000;

    private final int endpoints;
    private final int groups;
    private final int namespaces;
    private final int nodeTenants;
    private final int nodeEndpoints;
    private final int nodeGroups;

    DocumentLimits(int endpoints, int groups, int namespaces) {
        this(endpoints, groups, namespaces, DEFAULT_NODE_TENANTS, DEFAULT_NODE_ENDPOINTS, DEFAULT_NODE_GROUPS);
    }

    DocumentLimits(int endpoints, int groups, int namespaces, int nodeTenants, int nodeEndpoints, int nodeGroups) {
        this.endpoints = endpoints;
        this.groups = groups;
        this.namespaces = namespaces;
        this.nodeTenants = nodeTenants;
        this.nodeEndpoints = nodeEndpoints;
        this.nodeGroups = nodeGroups;
    }

    /** Reads the limits from properties (absent: the defaults; a bad value throws naming it). */
    static DocumentLimits from(UnaryOperator<String> property) {
        return new DocumentLimits(limit(property, ENDPOINTS, DEFAULT_ENDPOINTS), limit(property, GROUPS, DEFAULT_GROUPS),
                limit(property, NAMESPACES, DEFAULT_NAMESPACES), limit(property, NODE_TENANTS, DEFAULT_NODE_TENANTS),
                limit(property, NODE_ENDPOINTS, DEFAULT_NODE_ENDPOINTS), limit(property, NODE_GROUPS, DEFAULT_NODE_GROUPS));
    }

    private static int limit(UnaryOperator<String> property, String name, int fallback) {
        return FlowBudget.limit(property, name, fallback);
    }

    /** Returns what is over a limit (empty: nothing). */
    List<ValidationError> check(TenantDocument doc) {
        List<ValidationError> out = new ArrayList<>();
        over(out, "$.endpoints", "endpoints", doc.endpoints().size(), endpoints, ENDPOINTS);
        over(out, "$.groups", "groups", doc.groups().size(), groups, GROUPS);
        over(out, "$.namespaces", "namespaces", doc.namespaces().size(), namespaces, NAMESPACES);
        return out;
    }

    /**
     * Returns what {@code doc} would put over the node's limits, given how many other tenants are
     * stored and the documents the node holds compiled for them (a new tenant counts one more
     * tenant; a changed one replaces its earlier document).
     */
    List<ValidationError> checkNode(TenantDocument doc, boolean isNew, int otherTenants, Iterable<TenantDocument> others) {
        int tenants = 1 + otherTenants;
        int eps = doc.endpoints().size();
        int grs = doc.groups().size();
        for (TenantDocument o : others) {
            eps += o.endpoints().size();
            grs += o.groups().size();
        }
        List<ValidationError> out = new ArrayList<>();
        if (isNew && tenants > nodeTenants) {
            out.add(ValidationError.of("$.tenant.id", ErrorCode.TOO_MANY, "the node holds " + (tenants - 1)
                    + " tenants; it may hold at most " + nodeTenants + " (" + NODE_TENANTS + ")"));
        }
        if (eps > nodeEndpoints) {
            out.add(ValidationError.of("$.endpoints", ErrorCode.TOO_MANY, "with this document the node would hold " + eps
                    + " endpoints; it may hold at most " + nodeEndpoints + " (" + NODE_ENDPOINTS + ")"));
        }
        if (grs > nodeGroups) {
            out.add(ValidationError.of("$.groups", ErrorCode.TOO_MANY, "with this document the node would hold " + grs
                    + " groups; it may hold at most " + nodeGroups + " (" + NODE_GROUPS + ")"));
        }
        return out;
    }

    private static void over(List<ValidationError> out, String path, String what, int n, int limit, String property) {
        if (n > limit) {
            out.add(ValidationError.of(path, ErrorCode.TOO_MANY, "the document has " + n + " " + what + "; a tenant may have at most "
                    + limit + " (" + property + ")"));
        }
    }
}
