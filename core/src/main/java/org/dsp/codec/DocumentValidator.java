package org.dsp.codec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.dsp.model.Endpoint;
import org.dsp.model.Group;
import org.dsp.model.TenantDocument;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.Services;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;

/**
 * Checks a read document's cross references and uniqueness constraints, reporting at JSON paths:
 * the core's part (endpoints, groups) here, each service section by its codec.
 */
final class DocumentValidator {
    private final Problems p;
    private final DocumentCheck check;
    private final Services services;

    DocumentValidator(DocumentCheck check, Services services) {
        this.p = check.problems();
        this.check = check;
        this.services = services;
    }

    void validate(TenantDocument doc) {
        endpoints(doc);
        groups(doc);
        for (Map.Entry<String, Object> e : doc.sections().entrySet()) {
            SectionCodec<?> c = services.section(e.getKey());
            if (c != null) {
                validate(c, e.getValue(), DocumentReader.path(e.getKey()));
            }
        }
    }

    private <T> void validate(SectionCodec<T> c, Object value, String path) {
        c.validate(c.type().cast(value), path, check);
    }

    private String path(Object o) {
        return check.pathOf(o);
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
            check.namespaceRef(e.namespace(), path + ".namespace");
        }
    }

    private void groups(TenantDocument doc) {
        for (Group g : doc.groups().values()) {
            String path = path(g);
            for (int i = 0; i < g.endpoints().size(); i++) {
                check.endpointRef(g.endpoints().get(i), path + ".endpoints[" + i + "]");
            }
            for (int i = 0; i < g.groups().size(); i++) {
                check.groupRef(g.groups().get(i), path + ".groups[" + i + "]");
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
}
