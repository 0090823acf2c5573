package org.dsp.codec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dsp.model.Endpoint;
import org.dsp.model.Group;
import org.dsp.model.Peer;
import org.dsp.model.Rule;
import org.dsp.model.Segment;
import org.dsp.model.TenantDocument;
import org.dsp.model.Tier;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;

/** Checks a read document's cross references and uniqueness constraints, reporting at JSON paths. */
final class DocumentValidator {
    /** Most rules one tier may hold: each needs its own priority in the tier's table. */
    static final int MAX_RULES_PER_TIER = 30000;

    private final Problems p;
    private final IdentityHashMap<Object, String> paths;

    private final java.util.Set<String> invalidEndpoints;
    private final java.util.Set<String> invalidGroups;

    DocumentValidator(Problems problems, IdentityHashMap<Object, String> paths, java.util.Set<String> invalidEndpoints,
                      java.util.Set<String> invalidGroups) {
        this.p = problems;
        this.paths = paths;
        this.invalidEndpoints = invalidEndpoints;
        this.invalidGroups = invalidGroups;
    }

    void validate(TenantDocument doc) {
        endpoints(doc);
        groups(doc);
        for (Segment s : doc.segments().values()) {
            groupRef(doc, s.appliedTo(), path(s) + ".appliedTo");
        }
        for (Tier t : Tier.values()) {
            List<Rule> rules = doc.rules(t);
            if (rules.size() > MAX_RULES_PER_TIER) {
                p.add("$.firewall." + t.wireName(), ErrorCode.TOO_MANY, "tier " + t.wireName() + " has " + rules.size() + " rules; at most " + MAX_RULES_PER_TIER + " fit in its table");
            }
            for (Rule r : rules) {
                rule(doc, r);
            }
        }
    }

    private String path(Object o) {
        String s = paths.get(o);
        return s == null ? "$" : s;
    }

    private void endpoints(TenantDocument doc) {
        Map<IpAddress, String> addr = new HashMap<>();
        Map<MacAddress, String> macs = new HashMap<>();
        Map<String, String> ports = new HashMap<>();
        for (Endpoint e : doc.endpoints().values()) {
            String path = path(e);
            for (int i = 0; i < e.addresses().size(); i++) {
                IpAddress a = e.addresses().get(i);
                String other = addr.putIfAbsent(a, e.name());
                if (other != null) {
                    p.add(path + ".addresses[" + i + "]", ErrorCode.DUPLICATE_ADDRESS, "address " + a + " is already held by endpoint '" + other + "'");
                }
            }
            String other = macs.putIfAbsent(e.mac(), e.name());
            if (other != null) {
                p.add(path + ".mac", ErrorCode.DUPLICATE_MAC, "MAC " + e.mac() + " is already held by endpoint '" + other + "'");
            }
            other = ports.putIfAbsent(e.attachment().toString(), e.name());
            if (other != null) {
                p.add(path + ".attachment", ErrorCode.DUPLICATE_ATTACHMENT, "port " + e.attachment() + " is already used by endpoint '" + other + "'");
            }
        }
    }

    private void groups(TenantDocument doc) {
        for (Group g : doc.groups().values()) {
            String path = path(g);
            for (int i = 0; i < g.endpoints().size(); i++) {
                if (!doc.endpoints().containsKey(g.endpoints().get(i)) && !invalidEndpoints.contains(g.endpoints().get(i))) {
                    p.add(path + ".endpoints[" + i + "]", ErrorCode.UNKNOWN_ENDPOINT, "endpoint '" + g.endpoints().get(i) + "' is not defined in this tenant");
                }
            }
            for (int i = 0; i < g.groups().size(); i++) {
                groupRef(doc, g.groups().get(i), path + ".groups[" + i + "]");
            }
        }
        // cycle detection: depth-first over nesting edges
        Map<String, Integer> state = new HashMap<>();
        for (Group g : doc.groups().values()) {
            if (!state.containsKey(g.name())) {
                Deque<String> stack = new ArrayDeque<>();
                cycle(doc, g.name(), state, stack);
            }
        }
    }

    private void cycle(TenantDocument doc, String name, Map<String, Integer> state, Deque<String> stack) {
        state.put(name, 1);
        stack.addLast(name);
        Group g = doc.groups().get(name);
        for (String child : g.groups()) {
            if (!doc.groups().containsKey(child)) {
                continue;
            }
            Integer st = state.get(child);
            if (st == null) {
                cycle(doc, child, state, stack);
            } else if (st == 1) {
                StringBuilder loop = new StringBuilder();
                boolean on = false;
                for (String s : stack) {
                    on |= s.equals(child);
                    if (on) {
                        loop.append(s).append(" -> ");
                    }
                }
                loop.append(child);
                p.add(path(g) + ".groups", ErrorCode.GROUP_CYCLE, "groups nest in a cycle: " + loop);
            }
        }
        stack.removeLast();
        state.put(name, 2);
    }

    private void groupRef(TenantDocument doc, String name, String path) {
        if (name != null && !doc.groups().containsKey(name) && !invalidGroups.contains(name)) {
            p.add(path, ErrorCode.UNKNOWN_GROUP, "group '" + name + "' is not defined in this tenant");
        }
    }

    private void rule(TenantDocument doc, Rule r) {
        String path = path(r);
        groupRef(doc, r.appliedTo(), path + ".appliedTo");
        for (int i = 0; i < r.peers().size(); i++) {
            Peer peer = r.peers().get(i);
            if (peer.kind() == Peer.Kind.GROUP) {
                groupRef(doc, peer.name(), path + ".peers[" + i + "].group");
            } else if (peer.kind() == Peer.Kind.ENDPOINT && !doc.endpoints().containsKey(peer.name())
                    && !invalidEndpoints.contains(peer.name())) {
                p.add(path + ".peers[" + i + "].endpoint", ErrorCode.UNKNOWN_ENDPOINT, "endpoint '" + peer.name() + "' is not defined in this tenant");
            }
        }
    }
}
