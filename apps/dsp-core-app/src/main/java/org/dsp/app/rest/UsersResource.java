package org.dsp.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.security.PermitAll;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.ForbiddenException;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.Identity;
import org.dsp.app.api.Role;
import org.dsp.app.api.TenantAdminService;
import org.onlab.osgi.DefaultServiceDirectory;

/**
 * {@code /users}: DSP's users and their roles ({@code {"roles": ["platform-admin"|"auditor"],
 * "tenantAdmin": [ids], "tenantViewer": [ids]}}). Platform admins change them; platform admins
 * and auditors read all of them; every other user reads only itself. Every change is audited. The
 * last platform admin cannot be removed or demoted (409). Passwords are the runtime's: ONOS's
 * realm, or the node's {@code /auth} resource.
 */
@Path("users")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll // each method authorizes (a user always reads itself)
public class UsersResource {
    /** Changes of users are serialized here, so two concurrent demotions cannot both pass the last-admin check. */
    private static final Object CHANGES = new Object();
    /** Actor names the audit log uses for the node itself and for unauthenticated clients. */
    static final java.util.Set<String> RESERVED = java.util.Set.of("node", "-", "karaf-console");
    private final TenantAdminService service;

    /** For ONOS's web container. */
    public UsersResource() {
        this(DefaultServiceDirectory.getService(TenantAdminService.class));
    }

    /** For the standalone node and tests. */
    public UsersResource(TenantAdminService service) {
        this.service = service;
    }

    /** Lists the users the caller may see: everyone for platform admins and auditors, else itself. */
    @GET
    public Response list(@Context SecurityContext sc) {
        Caller caller = Caller.of(sc);
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Identity i : service.identities().identities()) {
            if (caller.identity().readsEverything() || i.name().equals(caller.getName())) {
                a.add(json(i));
            }
        }
        return Json.ok(Json.object().set("users", a));
    }

    /** Returns one user (a user not allowed to see it gets 403, whether it exists or not). */
    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name, @Context SecurityContext sc) {
        Caller caller = Caller.of(sc);
        if (!caller.identity().readsEverything() && !name.equals(caller.getName())) {
            throw caller.forbidden("read user '" + name + "'");
        }
        Identity i = service.identities().identity(name);
        return i == null ? Json.error(Response.Status.NOT_FOUND, "no user " + name) : Json.ok(json(i));
    }

    /** Creates or replaces a user's roles: 200, 400 naming the bad field, 403, 409 for the last platform admin. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("name") String name, String body, @Context SecurityContext sc) {
        Caller caller = Caller.of(sc);
        Identity next;
        try {
            caller.mayAdminister();
            next = parse(name, body);
        } catch (ForbiddenException e) {
            audit(caller, "user.put", name, "refused: forbidden");
            throw e;
        } catch (IllegalArgumentException e) {
            audit(caller, "user.put", name, "refused: invalid");
            return Json.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        synchronized (CHANGES) {
            if (!next.isPlatformAdmin() && lastAdmin(name)) {
                audit(caller, "user.put", name, "refused: last platform admin");
                return Json.error(Response.Status.CONFLICT, "user '" + name + "' is the last platform admin: it keeps platform-admin");
            }
            service.identities().put(next);
        }
        audit(caller, "user.put", describe(next), "accepted");
        return Json.ok(json(next));
    }

    /** Removes a user (its tokens stop working at once): 204, 403, 404, 409 for the last platform admin. */
    @DELETE
    @Path("{name}")
    public Response delete(@PathParam("name") String name, @Context SecurityContext sc) {
        Caller caller = Caller.of(sc);
        try {
            caller.mayAdminister();
        } catch (ForbiddenException e) {
            audit(caller, "user.delete", name, "refused: forbidden");
            throw e;
        }
        synchronized (CHANGES) {
            if (lastAdmin(name)) {
                audit(caller, "user.delete", name, "refused: last platform admin");
                return Json.error(Response.Status.CONFLICT, "user '" + name + "' is the last platform admin");
            }
            if (!service.identities().remove(name)) {
                audit(caller, "user.delete", name, "refused: no such user");
                return Json.error(Response.Status.NOT_FOUND, "no user " + name);
            }
        }
        audit(caller, "user.delete", name, "accepted");
        return Response.noContent().build();
    }

    private boolean lastAdmin(String name) {
        Identity now = service.identities().identity(name);
        return now != null && now.isPlatformAdmin()
                && service.identities().identities().stream().filter(Identity::isPlatformAdmin).count() == 1;
    }

    private void audit(Caller caller, String kind, String summary, String result) {
        service.audit().record(AuditEntry.of(caller.getName(), caller.peer(), kind, null, 0, summary, result));
    }

    /** Decodes a user's roles, naming the bad field. */
    static Identity parse(String name, String body) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("$: not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("$: a user is a JSON object {roles, tenantAdmin, tenantViewer}");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("name", "roles", "tenantAdmin", "tenantViewer").contains(f)) {
                throw new IllegalArgumentException("$." + f + ": unknown field (roles, tenantAdmin, tenantViewer)");
            }
        }
        if (n.has("name") && !name.equals(n.get("name").asText())) {
            throw new IllegalArgumentException("$.name: '" + n.get("name").asText() + "' does not match the URL's '" + name + "'");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String r : strings(n, "roles")) {
            Role role;
            try {
                role = Role.of(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("$.roles: " + e.getMessage());
            }
            if (role != Role.PLATFORM_ADMIN && role != Role.AUDITOR) {
                throw new IllegalArgumentException("$.roles: '" + r + "' is a tenant role: list its tenants in tenantAdmin or tenantViewer");
            }
            roles.add(role);
        }
        if (RESERVED.contains(name)) {
            throw new IllegalArgumentException("$.name: '" + name + "' is reserved (the audit log's actor for the node or the unauthenticated)");
        }
        try {
            return new Identity(name, roles, strings(n, "tenantAdmin"), strings(n, "tenantViewer"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("$.name: " + e.getMessage());
        }
    }

    private static Set<String> strings(JsonNode n, String field) {
        Set<String> out = new TreeSet<>();
        JsonNode a = n.get(field);
        if (a == null || a.isNull()) {
            return out;
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException("$." + field + ": must be a list of strings");
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isTextual() || a.get(i).asText().isEmpty() || a.get(i).asText().length() > 64) {
                throw new IllegalArgumentException("$." + field + "[" + i + "]: must be a non-empty string of at most 64 characters");
            }
            out.add(a.get(i).asText());
        }
        return out;
    }

    static ObjectNode json(Identity i) {
        ObjectNode o = Json.object().put("name", i.name());
        o.setAll(org.dsp.app.impl.IdentityStore.json(i));
        return o;
    }

    private static String describe(Identity i) {
        return i.name() + " " + json(i).without("name");
    }
}
