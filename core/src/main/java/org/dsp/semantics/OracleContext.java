package org.dsp.semantics;

import java.util.HashSet;
import java.util.Set;
import org.dsp.model.CidrBlock;
import org.dsp.model.Endpoint;
import org.dsp.model.Group;
import org.dsp.model.TenantDocument;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/**
 * The document as the reference semantics read it, with the core's meanings every service needs:
 * which workload holds an address, group membership by definition (not by the compiler's
 * resolution), and CIDR blocks with exceptions.
 */
public final class OracleContext {
    private final TenantDocument doc;

    /** Creates the context of a validated document. */
    public OracleContext(TenantDocument doc) {
        this.doc = doc;
    }

    /** Returns the document. */
    public TenantDocument document() {
        return doc;
    }

    /** Returns the endpoint holding address {@code a}, or null. */
    public Endpoint endpointAt(IpAddress a) {
        for (Endpoint e : doc.endpoints().values()) {
            if (e.addresses().contains(a)) {
                return e;
            }
        }
        return null;
    }

    /** Returns whether workload {@code e} is a member of group {@code group} (directly, by selector or nested). */
    public boolean contains(String group, Endpoint e) {
        return contains(group, e, new HashSet<>());
    }

    private boolean contains(String group, Endpoint e, Set<String> visiting) {
        Group g = doc.groups().get(group);
        if (g == null || !visiting.add(group)) {
            return false;
        }
        if (g.endpoints().contains(e.name()) || picks(g, e)) {
            return true;
        }
        for (String child : g.groups()) {
            if (contains(child, e, visiting)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns whether the group's selectors pick {@code e}: its labels match the label selector (if
     * any) and its namespace's labels the namespace selector (if any; an endpoint in no namespace
     * matches no namespace selector). A group with neither selects nobody by labels.
     */
    private boolean picks(Group g, Endpoint e) {
        if (!g.selects()) {
            return false;
        }
        if (g.selector() != null && !g.selector().matches(e.labels())) {
            return false;
        }
        if (g.namespaceSelector() == null) {
            return true;
        }
        org.dsp.model.Namespace ns = e.namespace() == null ? null : doc.namespaces().get(e.namespace());
        return ns != null && g.namespaceSelector().matches(ns.labels());
    }

    /** Returns whether address {@code a} belongs to group {@code group}: a member workload's, or in a member block. */
    public boolean groupHasAddress(String group, IpAddress a) {
        return groupHasAddress(group, a, new HashSet<>());
    }

    private boolean groupHasAddress(String group, IpAddress a, Set<String> visiting) {
        Group g = doc.groups().get(group);
        if (g == null || !visiting.add(group)) {
            return false;
        }
        Endpoint owner = endpointAt(a);
        if (owner != null && (g.endpoints().contains(owner.name()) || picks(g, owner))) {
            return true;
        }
        for (CidrBlock b : g.cidrs()) {
            if (inBlock(b, a)) {
                return true;
            }
        }
        for (String child : g.groups()) {
            if (groupHasAddress(child, a, visiting)) {
                return true;
            }
        }
        return false;
    }

    /** Returns whether {@code a} is in block {@code b} and none of its exceptions. */
    public static boolean inBlock(CidrBlock b, IpAddress a) {
        if (b.cidr().isIp4() != a.isIp4() || !b.cidr().contains(a)) {
            return false;
        }
        for (IpPrefix x : b.except()) {
            if (x.contains(a)) {
                return false;
            }
        }
        return true;
    }
}
