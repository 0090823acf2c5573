package org.dsp.chain;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dsp.chain.model.Chain;
import org.dsp.chain.model.Ref;
import org.dsp.compiler.GroupResolver;
import org.dsp.model.TenantDocument;

/** A chain's traffic class resolved to endpoints: those a group selects or lists, and the endpoints named. */
final class ChainClass {
    private ChainClass() {
    }

    /** Returns the endpoints {@code refs} name (a group's member endpoints; a group's CIDRs are not endpoints and are not chained). */
    static SortedSet<String> resolve(List<Ref> refs, GroupResolver groups) {
        TenantDocument doc = groups.document();
        SortedSet<String> out = new TreeSet<>();
        for (Ref r : refs) {
            if (r.endpoint() != null) {
                if (doc.endpoints().containsKey(r.endpoint())) {
                    out.add(r.endpoint());
                }
            } else if (doc.groups().containsKey(r.group())) {
                out.addAll(groups.members(r.group()).endpoints());
            }
        }
        return out;
    }

    /** Whether two chains' protocols and ports can take one packet (any protocol overlaps every one; no ports, every port). */
    static boolean servicesOverlap(Chain a, Chain b) {
        if (a.protocolNumber() != 0 && b.protocolNumber() != 0 && a.protocolNumber() != b.protocolNumber()) {
            return false;
        }
        return a.ports().isEmpty() || b.ports().isEmpty() || a.ports().stream().anyMatch(b.ports()::contains);
    }

    /** Whether two chains' protocols can take one packet, whatever the ports (a class's reply is matched by its source port). */
    static boolean protocolsOverlap(Chain a, Chain b) {
        return a.protocolNumber() == 0 || b.protocolNumber() == 0 || a.protocolNumber() == b.protocolNumber();
    }

    /** Returns whether two sets share an element. */
    static boolean meet(SortedSet<String> a, SortedSet<String> b) {
        return a.stream().anyMatch(b::contains);
    }
}
