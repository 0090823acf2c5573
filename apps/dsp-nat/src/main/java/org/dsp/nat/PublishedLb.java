package org.dsp.nat;

import java.util.Map;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.compiler.GroupResolver;
import org.dsp.lb.model.LoadBalancer;
import org.dsp.lb.model.LoadBalancers;
import org.onlab.packet.IpAddress;

/**
 * The check of a load balancer a floating IP publishes, against the {@code loadBalancers} section
 * of the load-balancer app (an optional import: without that app no load balancer can be named).
 */
final class PublishedLb {
    private PublishedLb() {
    }

    /**
     * Reports, at {@code path}, a load balancer that is not the tenant's, has no IPv4 VIP, or has a
     * backend with a floating IP of its own (its replies would leave from that address).
     */
    static void check(DocumentCheck check, String name, String path, Map<String, String> floating) {
        LoadBalancer lb = null;
        try {
            Object section = check.document().sections().get("loadBalancers");
            if (section instanceof LoadBalancers) {
                lb = ((LoadBalancers) section).named(name);
            }
        } catch (NoClassDefFoundError e) {
            lb = null; // the load-balancer app is not installed: the tenant has no load balancers
        }
        if (lb == null) {
            check.problems().add(path, ErrorCode.BAD_VALUE, "load balancer '" + name + "' is not one of the tenant's loadBalancers");
            return;
        }
        if (lb.vips().stream().noneMatch(IpAddress::isIp4)) {
            check.problems().add(path, ErrorCode.BAD_VALUE, "load balancer '" + name + "' has no IPv4 VIP: a floating IP publishes "
                    + "the ports of its IPv4 VIP");
            return;
        }
        for (String b : lb.backends().members(new GroupResolver(check.document()))) {
            if (floating.containsKey(b)) {
                check.problems().add(path, ErrorCode.CONFLICTING_FIELDS, "backend '" + b + "' of load balancer '" + name
                        + "' has the floating IP at " + floating.get(b) + " (its replies would leave from that address)");
            }
        }
    }
}
