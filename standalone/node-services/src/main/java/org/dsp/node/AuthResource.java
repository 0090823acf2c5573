package org.dsp.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import javax.annotation.security.PermitAll;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.rest.Caller;

/**
 * {@code /auth} (the node only; behind ONOS, ONOS's realm holds the passwords): log in for a
 * token, list and revoke tokens, set passwords. Everything here is audited.
 */
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll // each method authorizes
public class AuthResource {
    private static final ObjectMapper M = new ObjectMapper();
    private final Credentials credentials;
    private final TenantAdminService service;

    AuthResource(Credentials credentials, TenantAdminService service) {
        this.credentials = credentials;
        this.service = service;
    }

    /**
     * Issues a token for the caller, who must have authenticated with its password (Basic):
     * {@code {"token", "id", "expires"}}; the body may ask {@code {"ttlSeconds": N}} (default 12 h, at
     * most 30 days). The token is shown only here.
     */
    @POST
    @Path("login")
    public Response login(String body, @Context SecurityContext sc) {
        Caller c = Caller.of(sc);
        if (!"Basic".equals(sc.getAuthenticationScheme())) {
            return error(Response.Status.BAD_REQUEST, "log in with the user's password (Basic), not a token");
        }
        Duration ttl = Credentials.DEFAULT_TTL;
        try {
            JsonNode n = body == null || body.isBlank() ? M.createObjectNode() : M.readTree(body);
            if (n.has("ttlSeconds")) {
                if (!n.get("ttlSeconds").canConvertToLong()) {
                    throw new IllegalArgumentException("ttlSeconds: must be a whole number of seconds");
                }
                ttl = Duration.ofSeconds(n.get("ttlSeconds").asLong());
            }
            Credentials.Issued t = credentials.issue(c.getName(), ttl);
            audit(c, "login", "token " + t.id + " issued, expires " + Instant.ofEpochMilli(t.expires), "accepted");
            return ok(M.createObjectNode().put("user", c.getName()).put("token", t.token).put("id", t.id)
                    .put("expires", Instant.ofEpochMilli(t.expires).toString()));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /** Lists live tokens (never their secrets): the caller's own; a platform admin's {@code ?user=} any user's or {@code ?user=*} all. */
    @GET
    @Path("tokens")
    public Response tokens(@QueryParam("user") String user, @Context SecurityContext sc) {
        Caller c = Caller.of(sc);
        String whose = user == null ? c.getName() : user;
        if (!whose.equals(c.getName())) {
            c.mayAdminister();
        }
        ArrayNode a = M.createArrayNode();
        for (Credentials.TokenInfo t : credentials.tokens("*".equals(whose) ? null : whose)) {
            a.addObject().put("id", t.id).put("user", t.user).put("created", Instant.ofEpochMilli(t.created).toString())
                    .put("expires", Instant.ofEpochMilli(t.expires).toString());
        }
        return ok(M.createObjectNode().set("tokens", a));
    }

    /** Revokes a token: the caller's own, or any for a platform admin. 204, or 404 (also for another's token). */
    @DELETE
    @Path("tokens/{id}")
    public Response revoke(@PathParam("id") String id, @Context SecurityContext sc) {
        Caller c = Caller.of(sc);
        boolean admin = c.identity().isPlatformAdmin();
        String owner = credentials.revoke(id, admin ? null : c.getName());
        if (owner == null && !admin) {
            audit(c, "token.revoke", "token " + id, "refused: not the caller's");
            return error(Response.Status.NOT_FOUND, "no token " + id + " of yours");
        }
        if (owner == null) {
            return error(Response.Status.NOT_FOUND, "no token " + id);
        }
        audit(c, "token.revoke", "token " + id + " of " + owner, "accepted");
        return Response.noContent().build();
    }

    /**
     * Sets a user's password ({@code {"password": "..."}}, 12 characters at least): any existing
     * user's for a platform admin; the caller's own only with {@code "currentPassword"} (so a stolen
     * token cannot take the account over). The user's tokens are revoked.
     */
    @PUT
    @Path("passwords/{user}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response password(@PathParam("user") String user, String body, @Context SecurityContext sc) {
        Caller c = Caller.of(sc);
        if (!user.equals(c.getName()) && !c.identity().isPlatformAdmin()) {
            audit(c, "user.password", user, "refused: forbidden");
            return error(Response.Status.FORBIDDEN, "forbidden: user '" + c.getName() + "' may not set the password of '" + user + "'");
        }
        if (service.identities().identity(user) == null) {
            audit(c, "user.password", user, "refused: no such user");
            return error(Response.Status.NOT_FOUND, "no user " + user + " (create it with PUT users/" + user + ")");
        }
        try {
            JsonNode n = M.readTree(body == null ? "" : body);
            if (n == null || !n.path("password").isTextual()) {
                throw new IllegalArgumentException("password: a string is required");
            }
            if (user.equals(c.getName()) && !credentials.verify(user, n.path("currentPassword").asText(null))) {
                audit(c, "user.password", user, "refused: wrong current password");
                return error(Response.Status.FORBIDDEN, "currentPassword: required and must be the user's password");
            }
            credentials.setPassword(user, n.get("password").asText());
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            audit(c, "user.password", user, "refused: invalid");
            return error(Response.Status.BAD_REQUEST, e.getMessage());
        }
        audit(c, "user.password", user + " (its tokens revoked)", "accepted");
        return Response.noContent().build();
    }

    private void audit(Caller c, String kind, String summary, String result) {
        service.audit().record(AuditEntry.of(c.getName(), c.peer(), kind, null, 0, summary, result));
    }

    private static Response ok(ObjectNode o) {
        return Response.ok(o.toPrettyString() + "\n", MediaType.APPLICATION_JSON_TYPE).build();
    }

    private static Response error(Response.Status s, String message) {
        return Response.status(s).type(MediaType.APPLICATION_JSON_TYPE).entity(M.createObjectNode().put("error", message)
                .toPrettyString() + "\n").build();
    }
}
