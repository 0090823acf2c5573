package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.Identity;
import org.dsp.app.api.Role;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every REST resource x every role x own / other tenant, over real HTTP: who gets 2xx, who 403,
 * and that a refused change changes nothing and is audited (who, from where, result) as well as
 * every accepted one. Tenants: {@code acme} and {@code globex} exist, {@code ghost} does not - a
 * user without a role for a tenant gets the same 403 for globex and ghost (it cannot learn which
 * exists).
 */
class AccessMatrixTest {
    private static final ObjectMapper M = new ObjectMapper();
    private DspManager manager;
    private TestServer server;
    private String acme;
    private String globex;

    @BeforeEach
    void start() throws Exception {
        manager = TestManagers.active(new RecordingFlowRules());
        ResourceConfig rc = new ResourceConfig().register(new TenantsResource(manager)).register(new TenantRulesResource(manager))
                .register(new DsnsResource(manager))
                .register(new ServicesResource(manager)).register(new SchemaResource(manager)).register(new UsersResource(manager))
                .register(new AuditResource(manager)).register(new WhoAmIResource()).register(new ErrorMapper())
                .register(new BodyLimit(1 << 20)).register(new TestCallers(manager.identities()))
                .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class);
        server = TestServer.start(rc);
        acme = Files.readString(Path.of("../../examples/three-tier.json"));
        globex = Files.readString(Path.of("../../examples/globex.json"));
        assertEquals(200, send(null, "PUT", "/tenants/acme", acme).statusCode());
        assertEquals(200, send(null, "PUT", "/tenants/globex", globex).statusCode());
        manager.identities().put(new Identity("root", Set.of(Role.PLATFORM_ADMIN), Set.of(), Set.of()));
        manager.identities().put(new Identity("audit", Set.of(Role.AUDITOR), Set.of(), Set.of()));
        manager.identities().put(new Identity("acme-admin", Set.of(), Set.of("acme"), Set.of()));
        manager.identities().put(new Identity("acme-viewer", Set.of(), Set.of(), Set.of("acme")));
        manager.identities().put(new Identity("nobody", Set.of(), Set.of(), Set.of()));
    }

    @AfterEach
    void stop() {
        server.close();
        TestManagers.stop(manager);
    }

    private HttpResponse<String> send(String user, String method, String path, String body) throws Exception {
        return server.send(user, method, path, body);
    }

    /** One request of the matrix: what it reads or changes, per tenant. */
    private static final class Call {
        final String method;
        final String path;
        final boolean write;

        Call(String method, String path, boolean write) {
            this.method = method;
            this.path = path;
            this.write = write;
        }
    }

    /** The tenant-scoped requests, for tenant {@code t}. */
    private static List<Call> tenantCalls(String t) {
        return List.of(new Call("GET", "/tenants/" + t, false), new Call("GET", "/tenants/" + t + "/status", false),
                new Call("GET", "/tenants/" + t + "/flows", false), new Call("GET", "/tenants/" + t + "/services", false),
                new Call("GET", "/tenants/" + t + "/services/chain/explain?from=a&to=b", false),
                new Call("GET", "/tenants/" + t + "/flowlogs", false), new Call("GET", "/tenants/" + t + "/offenders", false),
                new Call("POST", "/tenants/" + t + "/dry-run", true),
                new Call("GET", "/tenants/" + t + "/firewall/tenant/rules/matrix-rule", false),
                new Call("PUT", "/tenants/" + t + "/firewall/tenant/rules/matrix-rule", true),
                new Call("DELETE", "/tenants/" + t + "/firewall/tenant/rules/matrix-rule", true));
    }

    /** The body of a request of the matrix: the tenant's document for a dry run, one rule for a rule PUT. */
    private String bodyOf(Call c, String t) {
        return c.method.equals("POST") ? docOf(t) : c.method.equals("PUT") ? RULE : null;
    }

    private static final String RULE = "{\"direction\": \"ingress\", \"protocol\": \"tcp\", \"ports\": [7], \"action\": \"allow\"}";

    private String docOf(String t) {
        return t.equals("acme") ? acme : t.equals("globex") ? globex : globex.replace("\"globex\"", "\"" + t + "\"");
    }

    @Test
    void everyTenantResourceForEveryRoleOnOwnAndOtherTenants() throws Exception {
        Map<String, Set<String>> reads = Map.of("root", Set.of("acme", "globex", "ghost"), "audit", Set.of("acme", "globex", "ghost"),
                "acme-admin", Set.of("acme"), "acme-viewer", Set.of("acme"), "nobody", Set.of());
        Map<String, Set<String>> writes = Map.of("root", Set.of("acme", "globex", "ghost"), "audit", Set.of(),
                "acme-admin", Set.of("acme"), "acme-viewer", Set.of(), "nobody", Set.of());
        List<String> failures = new ArrayList<>();
        for (String user : reads.keySet()) {
            for (String t : List.of("acme", "globex", "ghost")) {
                for (Call c : tenantCalls(t)) {
                    boolean allowed = c.write ? writes.get(user).contains(t) : reads.get(user).contains(t);
                    HttpResponse<String> r = send(user, c.method, c.path, bodyOf(c, t));
                    boolean refused = r.statusCode() == 403;
                    if (allowed == refused) {
                        failures.add(user + " " + c.method + " " + c.path + " -> " + r.statusCode() + " " + r.body());
                    }
                    if (refused && !t.equals("acme")) {
                        // the same answer for a tenant that exists and one that does not
                        HttpResponse<String> ghost = send(user, c.method, c.path.replace(t, "ghost"), bodyOf(c, "ghost"));
                        if (ghost.statusCode() != 403 || !ghost.body().replace("ghost", t).equals(r.body())) {
                            failures.add(user + ": " + c.path + " and its ghost differ: " + r.body() + " / " + ghost.body());
                        }
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void listsShowOnlyWhatTheCallerMayRead() throws Exception {
        assertEquals(List.of("acme", "globex"), tenants("audit"));
        assertEquals(List.of("acme"), tenants("acme-admin"));
        assertEquals(List.of("acme"), tenants("acme-viewer"));
        assertEquals(403, send("nobody", "GET", "/tenants", null).statusCode(), "no role at all");
        for (String platformOnly : List.of("/dsns")) {
            assertEquals(200, send("root", "GET", platformOnly, null).statusCode());
            assertEquals(200, send("audit", "GET", platformOnly, null).statusCode());
            HttpResponse<String> r = send("acme-admin", "GET", platformOnly, null);
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("forbidden"), r.body());
        }
        for (String anyRole : List.of("/schema", "/services", "/whoami")) {
            assertEquals(200, send("acme-viewer", "GET", anyRole, null).statusCode(), anyRole);
        }
        assertEquals(401, send("stranger", "GET", "/whoami", null).statusCode(), "an unknown user is not authenticated");
        JsonNode users = M.readTree(send("acme-admin", "GET", "/users", null).body()).get("users");
        assertEquals(1, users.size(), "a tenant admin sees only itself: " + users);
        assertEquals(5, M.readTree(send("audit", "GET", "/users", null).body()).get("users").size());
        assertEquals(403, send("acme-admin", "GET", "/users/root", null).statusCode());
        assertEquals(403, send("acme-admin", "GET", "/users/no-such-user", null).statusCode());
    }

    private List<String> tenants(String user) throws Exception {
        List<String> out = new ArrayList<>();
        M.readTree(send(user, "GET", "/tenants", null).body()).get("tenants").forEach(t -> out.add(t.get("tenant").asText()));
        return out;
    }

    @Test
    void refusedChangesChangeNothingAndEveryChangeIsAudited() throws Exception {
        long before = manager.tenant("globex").version();
        String changed = globex.replace("Globex analytics", "Globex, changed");
        for (String user : List.of("audit", "acme-admin", "acme-viewer", "nobody")) {
            assertEquals(403, send(user, "PUT", "/tenants/globex", changed).statusCode(), user);
            assertEquals(403, send(user, "DELETE", "/tenants/globex", null).statusCode(), user);
        }
        assertEquals(before, manager.tenant("globex").version(), "nothing changed");
        assertEquals(200, send("acme-admin", "PUT", "/tenants/acme", acme.replace("Acme three-tier shop", "Acme, renamed")).statusCode());
        assertEquals(204, send("root", "DELETE", "/tenants/globex", null).statusCode());
        assertEquals(403, send("acme-admin", "PUT", "/tenants/acme-2", docOf("acme-2")).statusCode(),
                "a tenant admin cannot create a tenant it holds no role for");
        List<AuditEntry> log = manager.audit().newest(100, e -> e.kind().startsWith("tenant."));
        for (String user : List.of("audit", "acme-admin", "acme-viewer", "nobody")) {
            assertEquals(2, log.stream().filter(e -> e.actor().equals(user) && e.tenant().equals("globex")
                    && e.result().equals("refused: forbidden")).count(), user + ": " + log);
        }
        AuditEntry renamed = log.stream().filter(e -> e.actor().equals("acme-admin") && e.accepted()).findFirst().orElseThrow();
        assertEquals("acme", renamed.tenant());
        assertEquals("192.0.2.7", renamed.from());
        assertEquals(manager.tenant("acme").version(), renamed.version());
        assertEquals("tenant.displayName: ~", renamed.summary());
        assertTrue(log.stream().anyMatch(e -> e.actor().equals("root") && e.kind().equals("tenant.delete") && e.accepted()), log.toString());
        // the auditor reads every entry; a tenant viewer only those of its tenants
        JsonNode all = M.readTree(send("audit", "GET", "/audit?limit=1000", null).body());
        JsonNode own = M.readTree(send("acme-viewer", "GET", "/audit?limit=1000", null).body());
        assertTrue(all.get("entries").size() > own.get("entries").size());
        own.get("entries").forEach(e -> assertEquals("acme", e.get("tenant").asText(), e.toString()));
        assertEquals(400, send("audit", "GET", "/audit?limit=0", null).statusCode());
    }

    @Test
    void usersArePlatformAdminsToChangeAndTheLastAdminStays() throws Exception {
        assertEquals(403, send("acme-admin", "PUT", "/users/acme-admin", "{\"roles\": [\"platform-admin\"]}").statusCode(),
                "no self-promotion");
        assertFalse(manager.identities().identity("acme-admin").isPlatformAdmin());
        HttpResponse<String> bad = send("root", "PUT", "/users/eve", "{\"roles\": [\"tenant-admin\"]}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("$.roles"), bad.body());
        assertEquals(400, send("root", "PUT", "/users/eve", "{\"tenantAdmin\": \"acme\"}").statusCode());
        assertEquals(400, send("root", "PUT", "/users/eve", "{\"colour\": 1}").statusCode());
        assertEquals(400, send("root", "PUT", "/users/node", "{}").statusCode(), "the audit log's actor for the node itself");
        assertEquals(200, send("root", "PUT", "/users/eve", "{\"tenantViewer\": [\"globex\"]}").statusCode());
        assertEquals(Set.of("globex"), manager.identities().identity("eve").viewerOf());
        assertEquals(409, send("root", "PUT", "/users/root", "{\"roles\": [\"auditor\"]}").statusCode(), "the last platform admin");
        assertEquals(409, send("root", "DELETE", "/users/root", null).statusCode());
        assertEquals(204, send("root", "DELETE", "/users/eve", null).statusCode());
        assertEquals(401, send("eve", "GET", "/whoami", null).statusCode(), "a removed user authenticates no more");
        List<AuditEntry> log = manager.audit().newest(100, e -> e.kind().startsWith("user."));
        assertTrue(log.stream().anyMatch(e -> e.actor().equals("acme-admin") && e.result().equals("refused: forbidden")), log.toString());
        assertTrue(log.stream().anyMatch(e -> e.kind().equals("user.delete") && e.summary().equals("eve") && e.accepted()), log.toString());
    }
}
