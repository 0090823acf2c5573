package org.dsp.node.embedded;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link ChainNodeIT} again - real packets through the IDS instances and the routed firewall,
 * both ways, failover by health, fail-closed and bypass, the MTU answers - with every flow of the
 * class per pair written as conjunctions of senders and receivers, as a large class's are
 * (docs/chaining.md, "Flows"; the driver's test property {@code dsp.chain.alwaysConjunctive}, read
 * by the node's compiler in this JVM).
 */
class ChainConjunctiveNodeIT extends ChainNodeIT {
    static final String ALWAYS = "dsp.chain.alwaysConjunctive";

    @BeforeEach
    void conjunctive() {
        System.setProperty(ALWAYS, "true");
    }

    @AfterEach
    void asUsual() {
        System.clearProperty(ALWAYS);
    }

    @Override
    void installed(org.dsp.testing.OverlayTestbed testbed) throws Exception {
        for (int server = 1; server <= 2; server++) {
            int n = server;
            // the chain's own: steering clauses (table 38) and the conjunctions back from its instances (table 0, once the
            // instances are up - until then their hops are bypassed); the firewall's rules are conjunctions anyway, elsewhere
            org.dsp.node.openflow.Ovs.await("server " + n + " holding the chain's flows as conjunctions", 20_000, () -> {
                String flows = testbed.dumpFlows(n);
                return flows.lines().anyMatch(l -> l.contains("table=38,") && l.contains("conjunction("))
                        && flows.lines().anyMatch(l -> l.contains("table=0,") && l.contains("conj_id="));
            });
        }
    }
}
