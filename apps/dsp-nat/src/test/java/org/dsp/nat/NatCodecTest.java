package org.dsp.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.codec.ValidationError;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;

/** The {@code nat} section: every refusal at its JSON path with its code, the claims it makes, and the round trip. */
class NatCodecTest {
    static final ObjectMapper M = new ObjectMapper();

    static ObjectNode red() throws Exception {
        return (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/nat.json")));
    }

    /** Replaces the nat section with {@code nat} and returns the document's errors (none: empty). */
    static List<ValidationError> errors(String nat) throws Exception {
        ObjectNode doc = red();
        doc.set("nat", M.readTree(nat));
        try {
            TenantDocumentCodec.decode(doc);
            return List.of();
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
    }

    static void refused(String nat, String path, String code, String reason) throws Exception {
        List<ValidationError> es = errors(nat);
        assertTrue(es.stream().anyMatch(e -> e.path().equals(path) && e.code().name().equals(code) && e.reason().contains(reason)),
                "expected " + code + " at " + path + " (" + reason + "), got " + es);
    }

    @Test
    void theExamplesAreValidAndRoundTrip() throws Exception {
        for (String f : List.of("nat.json", "nat-blue.json")) {
            TenantDocument d = TenantDocumentCodec.decode(M.readTree(Files.readString(Path.of("../../examples/" + f))));
            assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)), f);
            JsonNode again = TenantDocumentCodec.encode(d).get("nat");
            assertEquals(M.readTree(Files.readString(Path.of("../../examples/" + f))).get("nat").size(), again.size());
        }
    }

    @Test
    void badRangesAndAddressesAreRefusedAtTheirPaths() throws Exception {
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.9-203.0.113.1\"}}]}",
                "$.nat.snat[0].pool.addresses", "BAD_VALUE", "ends before it starts");
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.1\",\"ports\":\"3000-2000\"}}]}",
                "$.nat.snat[0].pool.ports", "REVERSED_PORT_RANGE", "ends before it starts");
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.1\",\"ports\":\"0-70000\"}}]}",
                "$.nat.snat[0].pool.ports", "BAD_PORT", "within 1-65535");
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"198.51.0.0-198.51.1.255\"}}]}",
                "$.nat.snat[0].pool.addresses", "TOO_MANY", "512 addresses");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"address\":\"fd00::1\"}]}",
                "$.nat.floatingIps[0].address", "BAD_ADDRESS", "IPv4 only");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"address\":\"224.0.0.5\"}]}",
                "$.nat.floatingIps[0].address", "BAD_ADDRESS", "multicast");
        refused("{\"portForwards\":[{\"name\":\"p\",\"address\":\"203.0.113.9\",\"port\":70000,\"endpoint\":\"red-db-1\"}]}",
                "$.nat.portForwards[0].port", "BAD_PORT", "1-65535");
        refused("{\"portForwards\":[{\"name\":\"p\",\"address\":\"203.0.113.9\",\"protocol\":\"sctp\",\"port\":7,\"endpoint\":\"red-db-1\"}]}",
                "$.nat.portForwards[0].protocol", "BAD_VALUE", "not tcp or udp");
        refused("{\"snat\":[{\"name\":\"a\",\"pool\":{\"addresses\":\"203.0.113.1\"}}]}", "$.nat.snat[0]", "REQUIRED", "'network' or the 'group'");
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"group\":\"web\",\"pool\":{\"addresses\":\"203.0.113.1\"}}]}",
                "$.nat.snat[0].group", "CONFLICTING_FIELDS", "not both");
        refused("{\"nope\":1}", "$.nat.nope", "UNKNOWN_FIELD", "");
        // exhausted from the start: red's front network has two members, the pool one port
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.1\",\"ports\":\"4000\"}}]}",
                "$.nat.snat[0].pool", "TOO_MANY", "holds 1 connection(s) to one external address and port at a time, fewer than the 2");
        refused("{\"snat\":[{\"name\":\"a\",\"group\":\"web\",\"pool\":{\"addresses\":\"203.0.113.1\",\"ports\":\"4000\"}}]}",
                "$.nat.snat[0].pool", "TOO_MANY", "fewer than the 2");
        // two rules sharing one pool share its capacity; a member with a floating IP is in no pool
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.1\",\"ports\":\"4000-4001\"}},"
                + "{\"name\":\"b\",\"network\":\"back\",\"pool\":{\"addresses\":\"203.0.113.1\",\"ports\":\"4000-4001\"}}]}",
                "$.nat.snat[1].pool", "TOO_MANY", "fewer than the 3");
        assertEquals(List.of(), errors("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.1\","
                + "\"ports\":\"4000\"}}],\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"address\":\"203.0.113.9\"}]}"));
    }

    @Test
    void referencesAndConflictsInsideTheTenantAreRefused() throws Exception {
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"middle\",\"pool\":{\"addresses\":\"203.0.113.1\"}}]}",
                "$.nat.snat[0].network", "BAD_VALUE", "not one of the tenant's networks");
        refused("{\"snat\":[{\"name\":\"a\",\"group\":\"nobody\",\"pool\":{\"addresses\":\"203.0.113.1\"}}]}",
                "$.nat.snat[0].group", "UNKNOWN_GROUP", "");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"ghost\",\"address\":\"203.0.113.9\"}]}",
                "$.nat.floatingIps[0].endpoint", "UNKNOWN_ENDPOINT", "");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"address\":\"203.0.113.9\"},"
                + "{\"name\":\"g\",\"endpoint\":\"red-web-1\",\"address\":\"203.0.113.8\"}]}",
                "$.nat.floatingIps[1].endpoint", "CONFLICTING_FIELDS", "already has the floating IP at $.nat.floatingIps[0]");
        refused("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.1-203.0.113.4\"}}],"
                + "\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"address\":\"203.0.113.3\"}]}",
                "$.nat.floatingIps[0].address", "DUPLICATE_ADDRESS", "already used at $.nat.snat[0].pool.addresses");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"address\":\"10.10.2.21\"}]}",
                "$.nat.floatingIps[0].address", "DUPLICATE_ADDRESS", "endpoint 'red-db-1'");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-db-1\",\"address\":\"203.0.113.9\"}],"
                + "\"portForwards\":[{\"name\":\"p\",\"address\":\"203.0.113.8\",\"port\":22,\"endpoint\":\"red-db-1\"}]}",
                "$.nat.portForwards[0].endpoint", "CONFLICTING_FIELDS", "has the floating IP");
        refused("{\"portForwards\":[{\"name\":\"p\",\"address\":\"203.0.113.8\",\"port\":22,\"endpoint\":\"red-db-1\"},"
                + "{\"name\":\"q\",\"address\":\"203.0.113.8\",\"port\":22,\"endpoint\":\"red-web-2\"}]}",
                "$.nat.portForwards[1].port", "CONFLICTING_FIELDS", "already forwarded at $.nat.portForwards[0]");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"loadBalancer\":\"nope\",\"address\":\"203.0.113.9\"}]}",
                "$.nat.floatingIps[0].loadBalancer", "BAD_VALUE", "load balancer 'nope' is not one of the tenant's loadBalancers");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"loadBalancer\":\"x\",\"address\":\"203.0.113.9\"}]}",
                "$.nat.floatingIps[0].loadBalancer", "CONFLICTING_FIELDS", "not both");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"address\":\"203.0.113.9\"}]}",
                "$.nat.floatingIps[0]", "REQUIRED", "an 'endpoint' (1:1) or a 'loadBalancer'");
        refused("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"address\":\"203.0.113.9\"},"
                + "{\"name\":\"f\",\"endpoint\":\"red-web-2\",\"address\":\"203.0.113.8\"}]}",
                "$.nat.floatingIps[1].name", "DUPLICATE_NAME", "");
        // several forwards may share an address; rules may share a pool
        assertEquals(List.of(), errors("{\"snat\":[{\"name\":\"a\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.1\"}},"
                + "{\"name\":\"b\",\"network\":\"back\",\"pool\":{\"addresses\":\"203.0.113.1\"}}],"
                + "\"portForwards\":[{\"name\":\"p\",\"address\":\"203.0.113.8\",\"port\":22,\"endpoint\":\"red-db-1\"},"
                + "{\"name\":\"q\",\"address\":\"203.0.113.8\",\"port\":80,\"endpoint\":\"red-web-2\"}]}"));
    }

    @Test
    void aPublishedLoadBalancerMustBeTheTenantsWithAnIpv4VipAndBackendsWithoutFloatingIps() throws Exception {
        ObjectNode doc = red();
        doc.set("loadBalancers", M.readTree("[{\"name\": \"web-vip\", \"vips\": [\"10.10.1.200\"], \"ports\": [{\"port\": 8080}],"
                + " \"backends\": {\"group\": \"web\"}}, {\"name\": \"db-vip\", \"vips\": [\"10.10.1.201\"], \"ports\": [{\"port\": 5432}],"
                + " \"backends\": {\"group\": \"db\"}}]"));
        doc.with("nat").withArray("floatingIps").add(M.readTree("{\"name\": \"web-public\", \"loadBalancer\": \"web-vip\", \"address\": \"203.0.113.61\"}"));
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(doc));
        assertTrue(e.errors().stream().anyMatch(v -> v.path().equals("$.nat.floatingIps[1].loadBalancer")
                && v.reason().contains("backend 'red-web-1' of load balancer 'web-vip' has the floating IP at $.nat.floatingIps[0]")),
                e.errors().toString());
        ((ObjectNode) doc.with("nat").withArray("floatingIps").get(1)).put("loadBalancer", "db-vip");
        TenantDocument ok = TenantDocumentCodec.decode(doc);
        assertEquals(ok, TenantDocumentCodec.decode(TenantDocumentCodec.encode(ok)));
        assertEquals("$.nat.floatingIps[1].address", new NatApp().claims(ok).get("address 203.0.113.61"));
    }

    @Test
    void aFlatEndpointCannotBeTranslated() throws Exception {
        ObjectNode doc = red();
        doc.remove("networks");
        doc.set("nat", M.readTree("{\"floatingIps\":[{\"name\":\"f\",\"endpoint\":\"red-web-1\",\"address\":\"203.0.113.9\"}]}"));
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(doc));
        assertTrue(e.errors().stream().anyMatch(v -> v.path().equals("$.nat.floatingIps[0].endpoint") && v.reason().contains("none of the tenant's networks")),
                e.errors().toString());
    }

    @Test
    void everyExternalAddressIsClaimedWithItsPath() throws Exception {
        TenantDocument d = TenantDocumentCodec.decode(red());
        Map<String, String> claims = new NatApp().claims(d);
        assertEquals("$.nat.snat[0].pool.addresses", claims.get("address 203.0.113.100"));
        assertEquals("$.nat.snat[1].pool.addresses", claims.get("address 203.0.113.101"));
        assertEquals("$.nat.floatingIps[0].address", claims.get("address 203.0.113.50"));
        assertEquals("$.nat.portForwards[0].address", claims.get("address 203.0.113.51"));
        assertEquals(4, claims.size());
    }
}
