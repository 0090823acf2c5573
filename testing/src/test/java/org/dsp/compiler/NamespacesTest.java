package org.dsp.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.ir.LogicalDelta;
import org.dsp.model.TenantDocument;
import org.dsp.semantics.Connection;
import org.dsp.semantics.PolicyOracle;
import org.dsp.model.Protocol;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;

/**
 * Namespaces as Kubernetes has them: endpoints live in a namespace, a group's namespaceSelector
 * picks them by the namespace's labels (alone, or with a label selector), and relabelling a
 * namespace is one change that moves its workloads in or out of such groups - in the compiler and
 * in the oracle alike.
 */
class NamespacesTest {
    static String doc(String backTier) {
        return "{\"tenant\": {\"id\": \"k8s\", \"defaultPosture\": \"default-deny\"},"
                + "\"namespaces\": [{\"name\": \"front\", \"labels\": {\"tier\": \"front\", \"env\": \"prod\"}},"
                + "                {\"name\": \"back\", \"labels\": {\"tier\": \"" + backTier + "\"}}],"
                + "\"endpoints\": ["
                + " {\"name\": \"web\", \"kind\": \"container\", \"mac\": \"02:00:00:00:00:01\", \"addresses\": [\"10.0.0.1\"],"
                + "  \"namespace\": \"front\", \"labels\": {\"app\": \"web\"}, \"attachment\": {\"dsn\": \"of:0000000000000001\", \"port\": 1}},"
                + " {\"name\": \"api\", \"kind\": \"container\", \"mac\": \"02:00:00:00:00:02\", \"addresses\": [\"10.0.0.2\"],"
                + "  \"namespace\": \"back\", \"labels\": {\"app\": \"api\"}, \"attachment\": {\"dsn\": \"of:0000000000000001\", \"port\": 2}},"
                + " {\"name\": \"db\", \"kind\": \"container\", \"mac\": \"02:00:00:00:00:03\", \"addresses\": [\"10.0.0.3\"],"
                + "  \"labels\": {\"app\": \"db\"}, \"attachment\": {\"dsn\": \"of:0000000000000001\", \"port\": 3}}],"
                + "\"groups\": ["
                + " {\"name\": \"frontend\", \"namespaceSelector\": {\"matchLabels\": {\"tier\": \"front\"}}},"
                + " {\"name\": \"prod-api\", \"namespaceSelector\": {\"matchLabels\": {\"env\": \"prod\"}},"
                + "  \"selector\": {\"matchLabels\": {\"app\": \"api\"}}},"
                + " {\"name\": \"db\", \"selector\": {\"matchLabels\": {\"app\": \"db\"}}}],"
                + "\"firewall\": {\"tenant\": ["
                + " {\"name\": \"to-db\", \"direction\": \"ingress\", \"appliedTo\": \"db\", \"peers\": [{\"group\": \"frontend\"}],"
                + "  \"protocol\": \"tcp\", \"ports\": [5432], \"action\": \"allow\"},"
                + " {\"name\": \"out\", \"direction\": \"egress\", \"appliedTo\": \"frontend\", \"action\": \"allow\"}]}}";
    }

    private static Set<String> members(TenantDocument d, String group) {
        return new TreeSet<>(new GroupResolver(d).members(group).endpoints());
    }

    @Test
    void groupsPickEndpointsByTheirNamespacesLabels() {
        TenantDocument d = TenantDocumentCodec.decode(doc("back"));
        assertEquals(Set.of("web"), members(d, "frontend"));
        assertEquals(Set.of(), members(d, "prod-api"), "api's namespace is not prod");
        assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)), "namespaces round-trip");
    }

    @Test
    void relabellingANamespaceIsOneChangeThatMovesItsWorkloads() {
        TenantDocument before = TenantDocumentCodec.decode(doc("back"));
        TenantDocument after = TenantDocumentCodec.decode(doc("front"));
        assertEquals(before.endpoints(), after.endpoints(), "no endpoint was touched");
        assertEquals(Set.of("api", "web"), members(after, "frontend"));
        Connection apiToDb = Connection.of(IpAddress.valueOf("10.0.0.2"), IpAddress.valueOf("10.0.0.3"), Protocol.TCP, 5432);
        assertFalse(new PolicyOracle(before).allows(apiToDb), "api is not frontend yet");
        assertTrue(new PolicyOracle(after).allows(apiToDb), "after the relabel it is, for the oracle");
        LogicalCompiler c = new LogicalCompiler(7);
        c.update(before);
        LogicalDelta delta = c.update(after);
        assertFalse(delta.added().isEmpty(), "the compiler sees the change");
        assertTrue(delta.added().stream().anyMatch(f -> f.owner().name().equals("to-db") || f.owner().name().equals("out")),
                delta.added().toString());
    }
}
