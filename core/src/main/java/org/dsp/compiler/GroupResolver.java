package org.dsp.compiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dsp.model.CidrBlock;
import org.dsp.model.Endpoint;
import org.dsp.model.Group;
import org.dsp.model.LabelSelector;
import org.dsp.model.TenantDocument;
import org.onlab.packet.IpPrefix;

/**
 * Resolves groups of a validated document to their members: endpoint names and address prefixes.
 * Results are memoized; label selectors start from an index of label pairs.
 */
public final class GroupResolver {
    /** The resolved members of a group. */
    public static final class Members {
        private final SortedSet<String> endpoints;
        private final List<IpPrefix> prefixes;

        Members(SortedSet<String> endpoints, List<IpPrefix> prefixes) {
            this.endpoints = Collections.unmodifiableSortedSet(endpoints);
            this.prefixes = List.copyOf(prefixes);
        }

        /** Returns the names of member endpoints. */
        public SortedSet<String> endpoints() {
            return endpoints;
        }

        /** Returns the member address blocks (exceptions already removed). */
        public List<IpPrefix> prefixes() {
            return prefixes;
        }
    }

    private final TenantDocument doc;
    private final Map<String, Members> memo = new HashMap<>();
    private final Map<String, List<String>> labelIndex = new HashMap<>();

    /** Creates a resolver over a validated document. */
    public GroupResolver(TenantDocument doc) {
        this.doc = doc;
        for (Endpoint e : doc.endpoints().values()) {
            for (Map.Entry<String, String> l : e.labels().entrySet()) {
                labelIndex.computeIfAbsent(l.getKey() + "=" + l.getValue(), k -> new ArrayList<>()).add(e.name());
            }
        }
    }

    /** Returns the document this resolver reads. */
    public TenantDocument document() {
        return doc;
    }

    /** Returns the members of group {@code name}. */
    public Members members(String name) {
        Members m = memo.get(name);
        if (m == null) {
            m = resolve(doc.groups().get(name));
            memo.put(name, m);
        }
        return m;
    }

    private Members resolve(Group g) {
        SortedSet<String> eps = new TreeSet<>(g.endpoints());
        List<IpPrefix> prefixes = new ArrayList<>();
        if (g.selects()) {
            List<String> picked = g.selector() != null ? select(g.selector()) : List.copyOf(doc.endpoints().keySet());
            for (String e : picked) {
                if (inNamespace(doc.endpoints().get(e), g.namespaceSelector())) {
                    eps.add(e);
                }
            }
        }
        for (CidrBlock c : g.cidrs()) {
            prefixes.addAll(Prefixes.expand(c));
        }
        for (String child : g.groups()) {
            Members cm = members(child);
            eps.addAll(cm.endpoints());
            prefixes.addAll(cm.prefixes());
        }
        return new Members(eps, prefixes);
    }

    /** Returns whether {@code e} lives in a namespace {@code s} picks (no selector: any endpoint). */
    private boolean inNamespace(org.dsp.model.Endpoint e, LabelSelector s) {
        if (s == null) {
            return true;
        }
        org.dsp.model.Namespace ns = e.namespace() == null ? null : doc.namespaces().get(e.namespace());
        return ns != null && s.matches(ns.labels());
    }

    /** Returns the endpoints a selector picks. */
    public List<String> select(LabelSelector s) {
        Iterable<String> candidates = doc.endpoints().keySet();
        int best = Integer.MAX_VALUE;
        for (Map.Entry<String, String> l : s.matchLabels().entrySet()) {
            List<String> posting = labelIndex.getOrDefault(l.getKey() + "=" + l.getValue(), List.of());
            if (posting.size() < best) {
                best = posting.size();
                candidates = posting;
            }
        }
        List<String> out = new ArrayList<>();
        for (String name : candidates) {
            if (s.matches(doc.endpoints().get(name).labels())) {
                out.add(name);
            }
        }
        return out;
    }
}
