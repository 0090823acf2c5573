package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.GroupResolver;
import org.dsp.compiler.Keys;
import org.dsp.model.TenantDocument;
import org.dsp.spi.ServiceHost;
import org.dsp.spi.Services;
import org.dsp.spi.TenantContext;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * The node's explanation of a chain ({@code GET .../services/chain/explain}, {@link ChainApp#query})
 * places the hops with the DSNs' tunnel endpoints as the host reports them now - for an encrypted
 * class the encrypted ones, so a DSN whose encryption agent is not ready makes the explanation say
 * the class drops, as the driver's flows do.
 */
class ChainExplainTest {
    static final DeviceId D1 = ChainCompileTest.D1;
    static final DeviceId D2 = ChainCompileTest.D2;

    /** A host that sends nothing and tells the DSNs' tunnel endpoints as {@code tunnelled} gives them (null: it does not tell). */
    static ServiceHost host(java.util.function.Function<Boolean, Predicate<DeviceId>> tunnelled) {
        return new ServiceHost() {
            @Override
            public void refresh(String tenantId) {
            }

            @Override
            public boolean emit(DeviceId dsn, long port, byte[] frame) {
                return false;
            }

            @Override
            public Predicate<DeviceId> tunnelled(boolean encrypted) {
                return tunnelled.apply(encrypted);
            }
        };
    }

    @Test
    void anEncryptedClassIsExplainedWithTheDsnsEncryptedEndpointsAsTheyAreNow() throws Exception {
        ChainApp app = (ChainApp) Services.discovered().app(ChainApp.NAME);
        Set<DeviceId> secure = new HashSet<>(Set.of(D1, D2));
        app.bind(host(encrypted -> encrypted ? secure::contains : d -> true)); // both DSNs have a plain tunnel endpoint
        try {
            TenantDocument d = TenantDocumentCodec.decode(ChainCompileTest.encryptedClass(""));
            app.compiler(null).update(new TenantContext(d, Keys.tenantKey("red"), new GroupResolver(d), true));
            Map<String, String> q = Map.of("from", "red-web-1", "to", "red-db-1", "service", "tcp/5432");
            Map<String, Object> e = app.query("red", "explain", q);
            assertEquals(true, e.get("encrypted"), e.toString());
            assertTrue(((List<?>) e.get("path")).contains("encrypted tunnel to " + D2), e.toString());
            secure.remove(D2); // D2's agent not ready: no encrypted endpoint there
            e = app.query("red", "explain", q);
            assertEquals(List.of(D1 + ": red-web-1 sends; policy, commit; dropped (an encrypted class, and " + D2
                    + " has no encrypted tunnel endpoint)"), e.get("path"), e.toString());
            // the same from the host that does not tell (every DSN taken as reachable): not dropped
            app.unbind();
            app.bind(host(encrypted -> null));
            assertTrue(((List<?>) app.query("red", "explain", q).get("path")).contains("encrypted tunnel to " + D2));
        } finally {
            app.unbind();
        }
    }

    @Test
    void aFirewallStepAfterTheFirstFunctionIsExplainedAsDecidedLate() throws Exception {
        ChainApp app = (ChainApp) Services.discovered().app(ChainApp.NAME);
        app.bind(host(encrypted -> d -> true));
        try {
            TenantDocument d = TenantDocumentCodec.decode(ChainLateTierTest.red(true, "tenant"));
            app.compiler(null).update(new TenantContext(d, Keys.tenantKey("red"), new GroupResolver(d), true));
            List<Map<String, Object>> steps = steps(app.query("red", "explain", Map.of("from", "red-web-1", "to", "red-db-1", "service", "tcp/5432")));
            assertEquals(List.of("firewall[platform]", "ids", "firewall[tenant, baseline]", "fw"),
                    steps.stream().map(x -> x.get("step")).collect(java.util.stream.Collectors.toList()), steps.toString());
            assertTrue(!String.valueOf(steps.get(0).get("runs")).contains("late"), steps.toString());
            assertTrue(String.valueOf(steps.get(2).get("runs")).contains("decided late: what these tiers deny at " + D1 + " passes the 'ids' "
                    + "step's instance (steered doomed, never committed) and drops as it comes back from the last"), steps.toString());
            assertEquals(Map.of("egress", 1, "ingress", 0), steps.get(2).get("denyRules"), "the tenant tier's one deny rule: " + steps);
        } finally {
            app.unbind();
        }
    }

    @Test
    void eachFunctionStepSaysWhereItsChoiceIsPinnedEachWay() throws Exception {
        ChainApp app = (ChainApp) Services.discovered().app(ChainApp.NAME);
        app.bind(host(encrypted -> d -> true));
        try {
            Map<String, String> q = Map.of("from", "red-web-1", "to", "red-db-1", "service", "tcp/5432");
            int step1 = org.dsp.spi.ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-1");
            int step2 = org.dsp.spi.ZoneAllocator.DERIVED.zone("red", ChainApp.NAME + "-step-2");
            // red: the IDS, then the routed firewall (one instance: nothing to choose, nothing pinned)
            TenantDocument d = TenantDocumentCodec.decode(ChainCompileTest.red());
            app.compiler(null).update(new TenantContext(d, Keys.tenantKey("red"), new GroupResolver(d), true));
            List<Map<String, Object>> steps = steps(app.query("red", "explain", q));
            assertEquals("forward at the sender's DSN " + D1 + " (the tenant's zone, label chain.out); replies where fw's instance passes the "
                    + "reply back (zone " + step2 + ", label chain.back)", steps.get(1).get("pinned"), steps.toString());
            assertTrue(!steps.get(2).containsKey("pinned"), steps.toString());
            assertTrue(ChainExplain.render(app.query("red", "explain", q)).contains("pinned: forward at the sender's DSN"));
            // the firewall first, then the IDS: chosen where the firewall passes the packet back, and at db-1's DSN for the replies
            d = ChainInstancePinningTest.fwThenIds();
            app.compiler(null).update(new TenantContext(d, Keys.tenantKey("red"), new GroupResolver(d), true));
            steps = steps(app.query("red", "explain", q));
            assertEquals("forward where fw's instance passes it back (zone " + step1 + ", label chain.out); replies at the receiver's DSN " + D2
                    + " (the tenant's zone, label chain.back), following the sender's choice", steps.get(2).get("pinned"), steps.toString());
        } finally {
            app.unbind();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> e) {
        return (List<Map<String, Object>>) e.get("steps");
    }

    @Test
    void aClassToTheExternalNetworkIsExplainedToAnAddressThroughItsInstanceThenNat() throws Exception {
        ChainApp app = (ChainApp) Services.discovered().app(ChainApp.NAME);
        app.bind(host(encrypted -> d -> true));
        try {
            TenantDocument d = TenantDocumentCodec.decode(ChainExternalTest.red(ChainExternalTest.IDS_2));
            app.compiler(null).update(new TenantContext(d, Keys.tenantKey("red"), new GroupResolver(d), true));
            Map<String, Object> e = app.query("red", "explain", Map.of("from", "red-web-1", "to", "198.51.100.7", "service", "tcp/443"));
            assertEquals("out", e.get("chain"), e.toString());
            assertEquals(List.of(D1 + ": red-web-1 sends; policy, commit; steered before NAT", "tunnel from " + D1 + " to " + D2,
                    "ids: red-ids-2 (" + D2 + " port 13)", "tunnel to " + D1, D1 + ": on to NAT as red-web-1's packet: to its gateway, "
                    + "translated, out to 198.51.100.7"), e.get("path"), e.toString());
            assertTrue(e.get("reply").toString().contains("the reply from 198.51.100.7"), e.toString());
            assertTrue(e.get("steps").toString().contains("to its NAT gateway"), "the nat step: " + e);
            // another port, or an address outside the class: no chain, NAT as usual
            Map<String, Object> none = app.query("red", "explain", Map.of("from", "red-web-1", "to", "198.51.101.7", "service", "tcp/443"));
            assertEquals(null, none.get("chain"), none.toString());
            // two IDSes: the choice pinned in the connection's entry at web-1's DSN, one label both ways
            d = TenantDocumentCodec.decode(ChainExternalTest.withIds4(ChainExternalTest.red(ChainExternalTest.IDS_2_4)));
            app.compiler(null).update(new TenantContext(d, Keys.tenantKey("red"), new GroupResolver(d), true));
            List<Map<String, Object>> steps = steps(app.query("red", "explain", Map.of("from", "red-web-1", "to", "198.51.100.7", "service",
                    "tcp/443")));
            assertEquals("in the connection's entry at " + D1 + " (the tenant's zone, label chain.out), both ways: the first to choose holds",
                    steps.stream().filter(s -> "ids".equals(s.get("step"))).findFirst().orElseThrow().get("pinned"), steps.toString());
        } finally {
            app.unbind();
        }
    }
    @Test
    void aClassFromTheExternalNetworkToAPublishedLoadBalancerIsExplainedToEachBackendOnItsTargetPort() throws Exception {
        ChainApp app = (ChainApp) Services.discovered().app(ChainApp.NAME);
        app.bind(host(encrypted -> d -> true));
        try {
            TenantDocument d = TenantDocumentCodec.decode(ChainExternalTest.publishedLb("{\"service\":\"nat\"},{\"service\":"
                    + "\"loadBalancer\"}," + ChainExternalTest.IDS_1));
            app.compiler(null).update(new TenantContext(d, Keys.tenantKey("red"), new GroupResolver(d), true));
            // the VIP port 15432 reaches red-db-1 on 5432: the class is explained where policy sees it, on the backend's port
            Map<String, Object> e = app.query("red", "explain", Map.of("from", "198.51.100.7", "to", "red-db-1", "service", "tcp/5432"));
            assertEquals("in-db", e.get("chain"), e.toString());
            assertEquals(List.of("the gateway: from 198.51.100.7, translated to red-db-1; " + D2 + ": ingress policy, commit; steered",
                    "tunnel from " + D2 + " to " + D1, "ids: red-ids-1 (" + D1 + " port 13)", "tunnel to " + D2, D2 + ": red-db-1 receives"),
                    e.get("path"), e.toString());
            assertTrue(e.get("steps").toString().contains("the load balancer published there picks a backend (this one: red-db-1)"),
                    "the loadBalancer step: " + e);
            Map<String, Object> none = app.query("red", "explain", Map.of("from", "198.51.100.7", "to", "red-db-1", "service", "tcp/15432"));
            assertEquals(null, none.get("chain"), "the VIP's port is not what arrives at the backend: " + none);
        } finally {
            app.unbind();
        }
    }
}
