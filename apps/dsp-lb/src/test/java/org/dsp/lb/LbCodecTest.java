package org.dsp.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.lb.model.CheckType;
import org.dsp.lb.model.LoadBalancer;
import org.dsp.lb.model.LoadBalancers;
import org.dsp.lb.model.NoBackendAction;
import org.dsp.lb.model.SelectionMode;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;

/**
 * The {@code loadBalancers} section: a full section reads, round-trips and meets its schema;
 * every kind of mistake is refused with its JSON path and code, and the document is refused whole.
 */
class LbCodecTest {
    static final ObjectMapper M = new ObjectMapper();

    private static ObjectNode lb(ObjectNode doc) {
        return (ObjectNode) doc.get("loadBalancers").get(0);
    }

    /** The example with one change to its load balancer; returns the errors (path -> code). */
    private static Map<String, ErrorCode> errors(Consumer<ObjectNode> change) throws Exception {
        ObjectNode doc = LbCompileTest.example();
        change.accept(doc);
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(doc));
        return e.errors().stream().collect(Collectors.toMap(x -> x.path(), x -> x.code(), (a, b) -> a, java.util.TreeMap::new));
    }

    @Test
    void aFullSectionReadsAndRoundTrips() throws Exception {
        ObjectNode doc = LbCompileTest.example();
        ObjectNode v6 = lb(doc).deepCopy().put("name", "v6-web");
        v6.putArray("vips").add("fd00::100").add("10.0.0.101");
        v6.putObject("selection").put("mode", "sourceIp").put("timeoutSeconds", 60);
        v6.put("whenNoBackend", "drop");
        v6.putObject("healthCheck").put("type", "http").put("path", "/healthz").put("expectStatus", 204).put("intervalSeconds", 3)
                .put("timeoutSeconds", 1).put("rise", 1).put("fall", 2).put("port", "http");
        ObjectNode sel = v6.putObject("backends");
        sel.putObject("selector").putArray("matchExpressions").addObject().put("key", "tier").put("operator", "In")
                .putArray("values").add("web");
        ((ArrayNodeHolder) () -> doc.withArray("loadBalancers")).get().add(v6);
        ObjectNode eps = lb(doc).deepCopy().put("name", "by-endpoints");
        eps.putArray("vips").add("10.0.0.102");
        eps.putObject("backends").putArray("endpoints").add("web-1").add("shop/web-2");
        eps.putObject("healthCheck").put("type", "tcp");
        doc.withArray("loadBalancers").add(eps);
        TenantDocument d = TenantDocumentCodec.decode(doc);
        LoadBalancers s = d.section(LbCodec.KEY, LoadBalancers.class);
        assertEquals(3, s.list().size());
        LoadBalancer first = s.list().get(0);
        assertEquals(SelectionMode.FIVE_TUPLE, first.selection());
        assertEquals(NoBackendAction.REJECT, first.whenNoBackend());
        assertEquals(2, first.backends().weight("web-3"));
        assertEquals(1, first.backends().weight("web-1"));
        assertEquals("http", first.ports().get(0).targetPortName());
        LoadBalancer second = s.list().get(1);
        assertEquals(SelectionMode.SOURCE_IP, second.selection());
        assertEquals(60, second.affinitySeconds());
        assertEquals(CheckType.HTTP, second.healthCheck().type());
        assertEquals(204, second.healthCheck().expectStatus());
        assertEquals("http", second.healthCheck().portName());
        assertEquals(List.of("web-1", "web-2"), s.list().get(2).backends().endpoints());
        assertEquals(5, s.list().get(2).healthCheck().intervalSeconds(), "defaults: interval 5 s");
        assertEquals(2, s.list().get(2).healthCheck().timeoutSeconds(), "defaults: timeout 2 s");
        assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)), "the section round-trips");
        JsonNode schema = M.readTree(Services.discovered().schema().toString());
        assertTrue(schema.path("properties").has("loadBalancers"), "the document schema carries the section");
        assertTrue(schema.path("$defs").has("loadBalancers.selector"), "its $defs move to the root: " + schema.path("$defs"));
    }

    /** Lets a lambda add to an array node (keeps the test's doc edits readable). */
    private interface ArrayNodeHolder {
        com.fasterxml.jackson.databind.node.ArrayNode get();
    }

    @Test
    void vipsAreOnePerIpVersionUnicastAndNoEndpointsAddress() throws Exception {
        String p = "$.loadBalancers[0].vips";
        assertEquals(Map.of(p, ErrorCode.REQUIRED), errors(d -> lb(d).remove("vips")));
        assertEquals(Map.of(p, ErrorCode.EMPTY), errors(d -> lb(d).putArray("vips")));
        assertEquals(Map.of(p, ErrorCode.TOO_MANY), errors(d -> lb(d).putArray("vips").add("10.0.0.1").add("fd00::1").add("10.0.0.2")));
        assertEquals(Map.of(p + "[0]", ErrorCode.BAD_ADDRESS), errors(d -> lb(d).putArray("vips").add("10.0.0.300")));
        assertEquals(Map.of(p + "[0]", ErrorCode.BAD_ADDRESS), errors(d -> lb(d).putArray("vips").add("224.0.0.1")));
        assertEquals(Map.of(p + "[1]", ErrorCode.CONFLICTING_FIELDS), errors(d -> lb(d).putArray("vips").add("10.0.0.100").add("10.0.0.101")));
        assertEquals(Map.of(p + "[0]", ErrorCode.DUPLICATE_ADDRESS), errors(d -> lb(d).putArray("vips").add("10.0.0.21")));
        assertEquals(Map.of(p + "[0]", ErrorCode.DUPLICATE_MAC), errors(d -> ((ObjectNode) d.withArray("endpoints").get(0))
                .put("mac", "0a:00:0a:00:00:64")), "10.0.0.100 answers ARP with 0a:00:0a:00:00:64, client-1's MAC here");
        assertEquals(Map.of(p + "[1]", ErrorCode.DUPLICATE_MAC), errors(d -> {
            lb(d).withArray("vips").add("fd00::100");
            ((ObjectNode) d.withArray("endpoints").get(0)).put("mac", "0a:00:00:00:01:00");
        }), "fd00::100 answers neighbour discovery with 0a:00:00:00:01:00");
    }

    @Test
    void portsAreTcpOrUdpOnceEachWithAValidTarget() throws Exception {
        String p = "$.loadBalancers[0].ports";
        assertEquals(Map.of(p, ErrorCode.EMPTY), errors(d -> lb(d).putArray("ports")));
        assertEquals(Map.of(p + "[0].port", ErrorCode.BAD_PORT), errors(d -> ((ObjectNode) lb(d).get("ports").get(0)).put("port", 70000)));
        assertEquals(Map.of(p + "[0].protocol", ErrorCode.BAD_VALUE),
                errors(d -> ((ObjectNode) lb(d).get("ports").get(0)).put("protocol", "icmp")));
        assertEquals(Map.of(p + "[0].targetPort", ErrorCode.BAD_NAME),
                errors(d -> ((ObjectNode) lb(d).get("ports").get(0)).put("targetPort", "Not_A_Name")));
        assertEquals(Map.of(p + "[1].port", ErrorCode.CONFLICTING_FIELDS),
                errors(d -> ((ObjectNode) lb(d).get("ports").get(1)).put("port", 80).put("protocol", "tcp")));
        assertEquals(Map.of(p + "[0].colour", ErrorCode.UNKNOWN_FIELD),
                errors(d -> ((ObjectNode) lb(d).get("ports").get(0)).put("colour", "red")));
    }

    @Test
    void backendsAreExactlyOneKnownSourceWithSaneWeights() throws Exception {
        String p = "$.loadBalancers[0].backends";
        assertEquals(Map.of(p, ErrorCode.REQUIRED), errors(d -> lb(d).remove("backends")));
        assertEquals(Map.of(p, ErrorCode.CONFLICTING_FIELDS), errors(d -> ((ObjectNode) lb(d).get("backends")).putArray("endpoints").add("web-1")));
        assertEquals(Map.of(p + ".group", ErrorCode.UNKNOWN_GROUP), errors(d -> ((ObjectNode) lb(d).get("backends")).put("group", "nope")));
        assertEquals(Map.of(p + ".group", ErrorCode.FOREIGN_TENANT),
                errors(d -> ((ObjectNode) lb(d).get("backends")).put("group", "other/web")));
        assertEquals(Map.of(p + ".endpoints[1]", ErrorCode.UNKNOWN_ENDPOINT), errors(d -> {
            ObjectNode b = lb(d).putObject("backends");
            b.putArray("endpoints").add("web-1").add("web-9");
        }));
        assertEquals(Map.of(p + ".endpoints", ErrorCode.EMPTY), errors(d -> lb(d).putObject("backends").putArray("endpoints")));
        assertEquals(Map.of(p + ".weights.web-3", ErrorCode.BAD_VALUE),
                errors(d -> ((ObjectNode) lb(d).get("backends").get("weights")).put("web-3", 0)));
        assertEquals(Map.of(p + ".weights.web-3", ErrorCode.BAD_VALUE),
                errors(d -> ((ObjectNode) lb(d).get("backends").get("weights")).put("web-3", 101)));
        assertEquals(Map.of(p + ".weights.web-9", ErrorCode.UNKNOWN_ENDPOINT),
                errors(d -> ((ObjectNode) lb(d).get("backends").get("weights")).put("web-9", 2)));
        assertEquals(Map.of(p + ".selector.matchExpressions[0].values", ErrorCode.BAD_SELECTOR), errors(d -> {
            ObjectNode b = lb(d).putObject("backends");
            b.putObject("selector").putArray("matchExpressions").addObject().put("key", "tier").put("operator", "In").putArray("values");
        }));
    }

    @Test
    void selectionNoBackendAndHealthChecksAreChecked() throws Exception {
        String p = "$.loadBalancers[0]";
        assertEquals(Map.of(p + ".selection.mode", ErrorCode.BAD_VALUE), errors(d -> lb(d).putObject("selection").put("mode", "random")));
        assertEquals(Map.of(p + ".selection.timeoutSeconds", ErrorCode.CONFLICTING_FIELDS),
                errors(d -> lb(d).putObject("selection").put("mode", "fiveTuple").put("timeoutSeconds", 30)));
        assertEquals(Map.of(p + ".selection.timeoutSeconds", ErrorCode.BAD_VALUE),
                errors(d -> lb(d).putObject("selection").put("mode", "sourceIp").put("timeoutSeconds", 65536)));
        assertEquals(Map.of(p + ".whenNoBackend", ErrorCode.BAD_VALUE), errors(d -> lb(d).put("whenNoBackend", "pray")));
        // a health check needs the IPv4 VIP its probes come from
        assertEquals(Map.of(p + ".healthCheck", ErrorCode.NOT_REALIZABLE), errors(d -> {
            lb(d).putArray("vips").add("fd00::100");
            lb(d).putObject("healthCheck").put("type", "tcp");
        }));
        // at most 4096 VIP ports a tenant (each a select group): 2 VIPs x 2049 ports is one too many
        assertEquals(Map.of("$.loadBalancers", ErrorCode.TOO_MANY), errors(d -> {
            lb(d).withArray("vips").add("fd00::100");
            com.fasterxml.jackson.databind.node.ArrayNode ports = lb(d).putArray("ports");
            for (int port = 1; port <= 2049; port++) {
                ports.addObject().put("port", port).put("targetPort", 8080);
            }
        }));
        assertEquals(Map.of(p + ".healthCheck.type", ErrorCode.REQUIRED), errors(d -> lb(d).putObject("healthCheck")));
        assertEquals(Map.of(p + ".healthCheck.path", ErrorCode.REQUIRED), errors(d -> lb(d).putObject("healthCheck").put("type", "http")));
        assertEquals(Map.of(p + ".healthCheck.path", ErrorCode.BAD_VALUE),
                errors(d -> lb(d).putObject("healthCheck").put("type", "http").put("path", "health")));
        assertEquals(Map.of(p + ".healthCheck.path", ErrorCode.CONFLICTING_FIELDS),
                errors(d -> lb(d).putObject("healthCheck").put("type", "tcp").put("path", "/")));
        assertEquals(Map.of(p + ".healthCheck.timeoutSeconds", ErrorCode.BAD_VALUE),
                errors(d -> lb(d).putObject("healthCheck").put("type", "tcp").put("intervalSeconds", 2).put("timeoutSeconds", 3)));
        assertEquals(Map.of(p + ".healthCheck.fall", ErrorCode.BAD_VALUE),
                errors(d -> lb(d).putObject("healthCheck").put("type", "tcp").put("fall", 11)));
        assertEquals(Map.of(p + ".healthCheck.expectStatus", ErrorCode.BAD_VALUE),
                errors(d -> lb(d).putObject("healthCheck").put("type", "http").put("path", "/").put("expectStatus", 99)));
    }

    @Test
    void namesAndListenersAreUniqueAndEveryProblemIsReportedAtOnce() throws Exception {
        Map<String, ErrorCode> e = errors(d -> {
            ObjectNode twin = lb(d).deepCopy();
            twin.putArray("vips").add("10.0.0.100");
            d.withArray("loadBalancers").add(twin);
        });
        assertEquals(ErrorCode.DUPLICATE_NAME, e.get("$.loadBalancers[1].name"), e.toString());
        Map<String, ErrorCode> clash = errors(d -> {
            ObjectNode other = lb(d).deepCopy().put("name", "other");
            d.withArray("loadBalancers").add(other);
        });
        assertEquals(Map.of("$.loadBalancers[1].ports[0]", ErrorCode.CONFLICTING_FIELDS, "$.loadBalancers[1].ports[1]",
                ErrorCode.CONFLICTING_FIELDS), clash, "10.0.0.100 tcp/80 and udp/7 belong to shop-web");
        Map<String, ErrorCode> many = errors(d -> {
            lb(d).putArray("vips").add("bad");
            ((ObjectNode) lb(d).get("ports").get(0)).put("port", 0);
            ((ObjectNode) lb(d).get("selection")).put("mode", "random");
        });
        assertEquals(Map.of("$.loadBalancers[0].vips[0]", ErrorCode.BAD_ADDRESS, "$.loadBalancers[0].ports[0].port", ErrorCode.BAD_PORT,
                "$.loadBalancers[0].selection.mode", ErrorCode.BAD_VALUE), many, "all three problems at once");
        assertEquals(Map.of("$.loadBalancers", ErrorCode.WRONG_TYPE), errors(d -> d.put("loadBalancers", "web")));
    }
}
