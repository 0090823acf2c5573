package org.dsp.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dsp.compiler.GroupResolver;
import org.dsp.lb.model.LbPort;
import org.dsp.lb.model.LoadBalancer;
import org.dsp.lb.model.LoadBalancers;
import org.dsp.model.Endpoint;
import org.dsp.model.NamedPort;
import org.dsp.model.TenantDocument;

/**
 * A chain's class that goes to a load balancer: its backends and target ports, read from the
 * load-balancer app's section. The only class of the chain app that names the load-balancer model
 * (an optional import: {@link ChainClass} catches its absence).
 */
final class ChainLb {
    private ChainLb() {
    }

    /** Returns load balancer {@code name} of the document, or null. */
    static LoadBalancer find(TenantDocument doc, String name) {
        Object section = doc.sections().get("loadBalancers");
        return section instanceof LoadBalancers ? ((LoadBalancers) section).named(name) : null;
    }

    /** Returns the backends of load balancer {@code name} (none when there is no such load balancer). */
    static SortedSet<String> backends(String name, GroupResolver groups) {
        LoadBalancer lb = find(groups.document(), name);
        return lb == null ? new TreeSet<>() : lb.backends().members(groups);
    }

    /**
     * Returns the target ports of load balancer {@code name}'s ports with protocol {@code protocol}
     * and, when {@code vipPorts} is not empty, one of those VIP ports: a numeric target, or a named
     * one resolved on each backend.
     */
    static List<Integer> targetPorts(String name, String protocol, List<Integer> vipPorts, GroupResolver groups) {
        LoadBalancer lb = find(groups.document(), name);
        List<Integer> out = new ArrayList<>();
        if (lb == null) {
            return out;
        }
        SortedSet<String> members = null; // resolved once, when a named target port needs them
        for (LbPort p : lb.ports()) {
            if (!p.protocol().wireName().equals(protocol) || (!vipPorts.isEmpty() && !vipPorts.contains(p.port()))) {
                continue;
            }
            if (p.targetPortName() == null) {
                if (!out.contains(p.targetPort())) {
                    out.add(p.targetPort());
                }
                continue;
            }
            if (members == null) {
                members = lb.backends().members(groups);
            }
            for (String b : members) {
                Endpoint e = groups.document().endpoints().get(b);
                NamedPort np = e == null ? null : e.namedPort(p.targetPortName(), p.protocol());
                if (np != null && !out.contains(np.port())) {
                    out.add(np.port());
                }
            }
        }
        return out;
    }

    /** Returns the VIP ports of load balancer {@code name} with protocol {@code protocol}. */
    static List<Integer> vipPorts(String name, String protocol, GroupResolver groups) {
        LoadBalancer lb = find(groups.document(), name);
        List<Integer> out = new ArrayList<>();
        if (lb != null) {
            lb.ports().stream().filter(p -> p.protocol().wireName().equals(protocol)).forEach(p -> out.add(p.port()));
        }
        return out;
    }
}
