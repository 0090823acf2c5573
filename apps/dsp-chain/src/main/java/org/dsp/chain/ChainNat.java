package org.dsp.chain;

import java.util.ArrayList;
import java.util.List;
import org.dsp.model.TenantDocument;
import org.dsp.nat.model.FloatingIp;
import org.dsp.nat.model.NatRules;

/**
 * What a chain reads of the NAT app's section: the floating IPs a load balancer is published on.
 * The only class of the chain app that names the NAT model (an optional import: {@link ChainClass#lb}
 * catches its absence).
 */
final class ChainNat {
    private ChainNat() {
    }

    /** Returns whether the NAT app read {@code doc}'s NAT section (false: none, or kept raw while the app is not active). */
    static boolean read(TenantDocument doc) {
        return doc.sections().get("nat") instanceof NatRules;
    }

    /** Returns the floating IPs of {@code doc} that publish load balancer {@code lb} (none without a NAT section). */
    static List<String> published(TenantDocument doc, String lb) {
        Object section = doc.sections().get("nat");
        List<String> out = new ArrayList<>();
        if (section instanceof NatRules) {
            for (FloatingIp f : ((NatRules) section).floatingIps()) {
                if (lb.equals(f.loadBalancer())) {
                    out.add(f.address().toString());
                }
            }
        }
        return out;
    }
}
