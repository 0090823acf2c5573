package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.StaleVersionException;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.api.TenantStatus;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.flow.FlowRuleOperations;

/**
 * {@code /tenants/{id}/firewall/{tier}/rules/{name}} over real HTTP: one rule added, replaced,
 * moved and deleted without the document, validated and versioned like a document PUT, audited,
 * and realized with the same few flow operations whatever the number of rules.
 */
class TenantRulesResourceTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final String RULES = "/tenants/acme/firewall/tenant/rules/";
    private static final String SSH = "{\"direction\": \"ingress\", \"appliedTo\": \"db\", \"peers\": [{\"group\": \"app\"}],"
            + " \"protocol\": \"tcp\", \"ports\": [22], \"action\": \"allow\"}";
    private RecordingFlowRules flows;
    private DspManager manager;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        flows = new RecordingFlowRules();
        manager = TestManagers.active(flows);
        server = serve(manager);
        assertEquals(200, send("PUT", "/tenants/acme", RestApiTest.example()).statusCode());
    }

    private TestServer serve(TenantAdminService service) throws Exception {
        return TestServer.start(new ResourceConfig().register(new TenantsResource(service)).register(new TenantRulesResource(service))
                .register(new ErrorMapper()).register(new BodyLimit(1 << 20)).register(new TestCallers(manager.identities()))
                .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class));
    }

    @AfterEach
    void stop() {
        server.close();
        TestManagers.stop(manager);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return server.send(null, method, path, body);
    }

    private List<String> ruleNames() throws Exception {
        List<String> names = new ArrayList<>();
        M.readTree(send("GET", "/tenants/acme", null).body()).get("firewall").get("tenant").forEach(r -> names.add(r.get("name").asText()));
        return names;
    }

    private long version() {
        return manager.tenant("acme").version();
    }

    @Test
    void aRuleIsAddedReplacedMovedAndDeletedEachAsANewVersion() throws Exception {
        long v = version();
        HttpResponse<String> added = send("PUT", RULES + "ssh-in", SSH);
        assertEquals(201, added.statusCode(), added.body());
        JsonNode a = M.readTree(added.body());
        assertEquals(v + 1, a.get("version").asLong());
        assertEquals("ADDED", a.get("change").asText());
        assertEquals(List.of("clients-out", "web-in", "web-out", "app-in", "app-out", "db-in", "ssh-in"), ruleNames());
        TenantStatus st = TestManagers.awaitStatus(manager, "acme", s -> s.version() == v + 1 && s.state() == org.dsp.app.api.RealizationState.INSTALLED);
        assertEquals(org.dsp.app.api.RealizationState.INSTALLED, st.state(), String.valueOf(st));
        assertTrue(flowsOf("tp_dst=22").size() > 0, "the new rule's flows were programmed");

        JsonNode got = M.readTree(send("GET", RULES + "ssh-in", null).body());
        assertEquals("[22]", got.get("rule").get("services").get(0).get("ports").toString(), got.toString());
        assertEquals(v + 1, got.get("version").asLong());

        HttpResponse<String> replaced = send("PUT", RULES + "ssh-in", SSH.replace("[22]", "[2222]"));
        assertEquals(200, replaced.statusCode(), replaced.body());
        assertEquals("REPLACED", M.readTree(replaced.body()).get("change").asText());
        assertEquals(6, M.readTree(replaced.body()).get("position").asInt(), "replaced where it stands");
        TestManagers.awaitStatus(manager, "acme", s -> s.version() == v + 2 && s.state() == org.dsp.app.api.RealizationState.INSTALLED);
        assertTrue(flowsOf("tp_dst=22,").isEmpty() && !flowsOf("tp_dst=2222").isEmpty(), "the old port's flows left, the new one's came");

        HttpResponse<String> moved = send("PUT", RULES + "ssh-in?before=web-in", SSH);
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(List.of("clients-out", "ssh-in", "web-in", "web-out", "app-in", "app-out", "db-in"), ruleNames());

        HttpResponse<String> deleted = send("DELETE", RULES + "ssh-in", null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(v + 4, M.readTree(deleted.body()).get("version").asLong());
        assertEquals(List.of("clients-out", "web-in", "web-out", "app-in", "app-out", "db-in"), ruleNames());
        TestManagers.awaitStatus(manager, "acme", s -> s.version() == v + 4 && s.state() == org.dsp.app.api.RealizationState.INSTALLED);
        assertTrue(flowsOf("tp_dst=22,").isEmpty(), "the deleted rule's flows left the DSN");
        assertEquals(404, send("DELETE", RULES + "ssh-in", null).statusCode());
        assertEquals(404, send("GET", RULES + "ssh-in", null).statusCode());
        assertEquals(v + 4, version(), "a refused delete makes no version");

        List<AuditEntry> log = manager.audit().newest(10, e -> e.kind().startsWith("tenant.rule."));
        assertEquals("firewall.tenant: -ssh-in (at 1)", log.get(1).summary(), log.toString());
        assertEquals("refused: no such rule", log.get(0).result(), log.toString());
        assertTrue(log.stream().anyMatch(e -> e.summary().equals("firewall.tenant: +ssh-in (at 6)") && e.accepted()), log.toString());
    }

    /** The ovs-ofctl-like text of every flow the recording switch holds that contains {@code text}. */
    private List<String> flowsOf(String text) {
        List<String> out = new ArrayList<>();
        flows.installed.values().forEach(m -> m.keySet().forEach(f -> {
            String s = org.dsp.driver.ovs.FlowRuleTranslator.fromFlowRule(f).toString();
            if (s.contains(text)) {
                out.add(s);
            }
        }));
        return out;
    }

    @Test
    void aBadRuleIs400NamingTheFieldAndChangesNothing() throws Exception {
        long v = version();
        int batches = flows.batches.size();
        String doc = send("GET", "/tenants/acme", null).body();
        HttpResponse<String> badPort = send("PUT", RULES + "ssh-in", SSH.replace("[22]", "[70000]"));
        assertEquals(400, badPort.statusCode(), badPort.body());
        JsonNode e = M.readTree(badPort.body()).get("errors").get(0);
        assertTrue(e.get("path").asText().startsWith("$.firewall.tenant[6].ports"), badPort.body());
        assertEquals("BAD_PORT", e.get("code").asText(), badPort.body());
        assertEquals("$.name", error(send("PUT", RULES + "ssh-in", SSH.replace("{", "{\"name\": \"other\", "))).get("path").asText());
        assertEquals("before", error(send("PUT", RULES + "ssh-in?before=nowhere", SSH)).get("path").asText());
        assertEquals("$", error(send("PUT", RULES + "ssh-in", "[1, 2")).get("path").asText());
        assertEquals("$", error(send("PUT", RULES + "ssh-in", "[1, 2]")).get("path").asText());
        assertEquals("UNKNOWN_GROUP", error(send("PUT", RULES + "ssh-in", SSH.replace("\"db\"", "\"nosuch\""))).get("code").asText());
        assertTrue(error(send("PUT", "/tenants/acme/firewall/bogus/rules/ssh-in", SSH)).get("path").asText().startsWith("$.firewall"));
        assertEquals(404, send("PUT", "/tenants/ghost/firewall/tenant/rules/ssh-in", SSH).statusCode());
        assertEquals(v, version(), "nothing was stored");
        assertEquals(doc, send("GET", "/tenants/acme", null).body());
        assertEquals(batches, flows.batches.size(), "nothing was sent to a DSN");
        assertEquals(8, manager.audit().newest(20, x -> x.kind().equals("tenant.rule.put") && x.result().startsWith("refused")).size());
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        return M.readTree(r.body()).get("errors").get(0);
    }

    @Test
    void aPutRuleIsHeldToTheRulePartOfThePublishedSchema() {
        // the pointer the resource checks a put rule at names the firewall's rule in the schema the core serves
        // (were it wrong, no rule would be checked: the part would be missing, as with the firewall inactive)
        assertTrue(manager.codec().services().schemaValidator(TenantRulesResource.RULE_SCHEMA).isPresent());
        assertEquals("object", manager.codec().schema().at(TenantRulesResource.RULE_SCHEMA).path("type").asText());
    }

    @Test
    void aPutRuleIsCheckedAgainstTheSchemaBeyondTheCodecs() throws Exception {
        // a firewall whose published schema allows no logged rule (its codec reads "log": true as ever)
        org.dsp.spi.ServiceApp firewall = org.dsp.spi.Services.discovered().app("firewall");
        TestManagers.serviceGone(manager, firewall);
        TestManagers.serviceCame(manager, new StricterSchema(firewall, schema -> ((ObjectNode) schema.path("$defs").path("rule")
                .path("properties")).set("log", M.createObjectNode().put("const", false))));
        long v = version();
        HttpResponse<String> r = send("PUT", RULES + "ssh-in", SSH.replace("\"action\"", "\"log\": true, \"action\""));
        JsonNode e = error(r);
        assertEquals("SCHEMA_VIOLATION", e.get("code").asText(), r.body());
        assertEquals("$.firewall.tenant[6].log", e.get("path").asText(), r.body());
        assertEquals(v, version(), "nothing was stored");
        assertTrue(!ruleNames().contains("ssh-in"));
        assertEquals(201, send("PUT", RULES + "ssh-in", SSH).statusCode(), "a rule the schema allows is put");
    }

    @Test
    void aPutRuleWithNullMembersIsCheckedAsTheCodecsReadIt() throws Exception {
        // null is absent (docs/api.md): beside "services", a null "protocol" is no conflict for the codec nor for the schema check
        String rule = "{\"direction\": \"ingress\", \"appliedTo\": \"db\", \"peers\": [{\"group\": \"app\"}],"
                + " \"services\": [{\"protocol\": \"tcp\", \"ports\": [22]}], \"protocol\": null, \"log\": null, \"action\": \"allow\"}";
        HttpResponse<String> r = send("PUT", RULES + "ssh-in", rule);
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(ruleNames().contains("ssh-in"));
    }

    @Test
    void withTheFirewallInactiveNoRuleIsStoredValidOrNot() throws Exception {
        long v = version();
        TestManagers.serviceGone(manager, org.dsp.spi.Services.discovered().app("firewall"));
        for (String rule : List.of(SSH, SSH.replace("[22]", "[70000]"), "{\"nonsense\": true}")) {
            HttpResponse<String> r = send("PUT", RULES + "ssh-in", rule);
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("SERVICE_NOT_ACTIVE", M.readTree(r.body()).get("errors").get(0).get("code").asText(), r.body());
        }
        assertEquals(v, version(), "nothing was stored unchecked");
    }

    @Test
    void aStoredDocumentThatCannotBeReadIsAConflictNotAMissingTenant() throws Exception {
        TestManagers.storeRaw(manager, "broken", "{\"tenant\": {\"id\": \"broken\"}, \"endpoints\": [{\"name\": \"e\", \"kind\": \"vm\","
                + " \"mac\": \"nonsense\", \"addresses\": [\"10.1.1.1\"], \"attachment\": {\"dsn\": \"of:0000000000000009\", \"port\": 1}}]}");
        HttpResponse<String> r = send("PUT", "/tenants/broken/firewall/tenant/rules/ssh-in", SSH);
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(M.readTree(r.body()).get("error").asText().contains("replace it with a document PUT"), r.body());
    }

    @Test
    void ifMatchMakesTheChangeConditionalOnTheVersionRead() throws Exception {
        long v = version();
        HttpResponse<String> stale = server.send("If-Match", "\"" + (v + 5) + "\"", "PUT", RULES + "ssh-in", SSH);
        assertEquals(409, stale.statusCode(), stale.body());
        assertEquals(v, M.readTree(stale.body()).get("current").asLong());
        assertEquals(v, version());
        assertEquals(400, server.send("If-Match", "latest", "PUT", RULES + "ssh-in", SSH).statusCode());
        assertEquals(201, server.send("If-Match", String.valueOf(v), "PUT", RULES + "ssh-in", SSH).statusCode());
        assertEquals(409, server.send("If-Match", String.valueOf(v), "DELETE", RULES + "ssh-in", null).statusCode());
        assertEquals(200, server.send("If-Match", String.valueOf(v + 1), "DELETE", RULES + "ssh-in", null).statusCode());
    }

    @Test
    void aChangeThatLosesARaceIsRetriedUnlessConditional() throws Exception {
        server.close();
        AtomicInteger races = new AtomicInteger(1);
        // another writer lands between this change's read and its write, once
        TenantAdminService racing = (TenantAdminService) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TenantAdminService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("apply") && races.getAndDecrement() > 0) {
                        manager.apply(manager.tenant("acme").document().toBuilder().displayName("changed meanwhile").build());
                        throw new StaleVersionException("acme", 1, manager.tenant("acme").version());
                    }
                    try {
                        return method.invoke(manager, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        server = serve(racing);
        HttpResponse<String> r = send("PUT", RULES + "ssh-in", SSH);
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("changed meanwhile", manager.tenant("acme").document().displayName(), "the other change is kept");
        assertTrue(ruleNames().contains("ssh-in"), "and so is this one");
        races.set(1);
        long v = version();
        HttpResponse<String> conditional = server.send("If-Match", String.valueOf(v), "DELETE", RULES + "ssh-in", null);
        assertEquals(409, conditional.statusCode(), conditional.body());
        assertTrue(ruleNames().contains("ssh-in"), "a conditional change that lost the race changed nothing");
    }

    @Test
    void aRuleChangeCostsTheSameFlowOperationsAtAnyNumberOfRules() throws Exception {
        assertEquals(operationsOfOneRule(200), operationsOfOneRule(2000));
    }

    /** Flow operations of one rule added to an N-rule tenant (issue 9's workload) through the rule API. */
    private int operationsOfOneRule(int n) throws Exception {
        send("DELETE", "/tenants/scale", null);
        assertEquals(200, send("PUT", "/tenants/scale", scaleDocument(n)).statusCode());
        long v = manager.tenant("scale").version();
        TestManagers.awaitStatus(manager, "scale", s -> s.state() == org.dsp.app.api.RealizationState.INSTALLED);
        int before = flows.batches.size();
        HttpResponse<String> r = send("PUT", "/tenants/scale/firewall/tenant/rules/extra",
                rule("as_0", 9999).toString());
        assertEquals(201, r.statusCode(), r.body());
        TenantStatus st = TestManagers.awaitStatus(manager, "scale", s -> s.version() == v + 1 && s.state() == org.dsp.app.api.RealizationState.INSTALLED);
        assertEquals(org.dsp.app.api.RealizationState.INSTALLED, st.state(), String.valueOf(st));
        // the manager here programs ONOS's OpenFlow target, which has no conjunctive match: the new rule is the
        // cross product of its 3 targets and 20 sources (60 flows added), and no other rule's flow changes
        int ops = 0;
        java.util.Map<String, Integer> types = new java.util.TreeMap<>();
        for (FlowRuleOperations b : flows.batches.subList(before, flows.batches.size())) {
            for (java.util.Set<org.onosproject.net.flow.FlowRuleOperation> stage : b.stages()) {
                ops += stage.size();
                stage.forEach(o -> types.merge(o.type().name(), 1, Integer::sum));
            }
        }
        assertEquals(java.util.Map.of("ADD", 60), types, n + " rules");
        return ops;
    }

    /** One DSN, a target group of 3, 10 address groups of 20, N stateful allow rules to the target group. */
    private static String scaleDocument(int n) {
        ObjectNode d = M.createObjectNode();
        d.putObject("tenant").put("id", "scale").put("defaultPosture", "default-deny");
        ArrayNode eps = d.putArray("endpoints");
        String[] names = {"client", "web1", "web2", "db1"};
        for (int k = 0; k < names.length; k++) {
            ObjectNode e = eps.addObject().put("name", names[k]).put("kind", "container").put("mac", String.format("02:00:00:00:0a:%02x", k));
            e.putArray("addresses").add("10.9.0." + (10 + k));
            e.putObject("labels").put("role", k == 0 ? "client" : "tgt");
            e.putObject("attachment").put("dsn", "of:00000000000000e1").put("port", k + 1);
        }
        ArrayNode groups = d.putArray("groups");
        groups.addObject().put("name", "tgt").putObject("selector").putObject("matchLabels").put("role", "tgt");
        for (int s = 0; s < 10; s++) {
            ArrayNode cidrs = groups.addObject().put("name", "as_" + s).putArray("cidrs");
            for (int a = 0; a < 20; a++) {
                cidrs.add("10.100." + s + "." + (a + 1) + "/32");
            }
        }
        ArrayNode rules = d.putObject("firewall").putArray("tenant");
        for (int i = 0; i < n; i++) {
            rules.add(rule("as_" + (i % 10), 1000 + i).put("name", "r" + i));
        }
        return d.toString();
    }

    private static ObjectNode rule(String peer, int port) {
        ObjectNode r = M.createObjectNode().put("direction", "ingress").put("appliedTo", "tgt");
        r.putArray("peers").addObject().put("group", peer);
        r.putArray("services").addObject().put("protocol", "tcp").putArray("ports").add(port);
        return r.put("action", "allow").put("stateful", true);
    }
}
