package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.function.Predicate;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.TenantAdminService;
import org.onlab.osgi.DefaultServiceDirectory;

/**
 * {@code /audit}: the audit log, newest first, filtered by {@code tenant}, {@code actor},
 * {@code kind} (a prefix: {@code tenant.}, {@code security.}), {@code since} (sequence number,
 * exclusive) and {@code limit} (1-1000, default 100). Platform admins and auditors read every
 * entry; tenant admins and viewers read the entries of their tenants.
 */
@Path("audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR, Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
public class AuditResource {
    /** The most entries one request returns. */
    static final int MAX_LIMIT = 1000;

    private final TenantAdminService service;

    /** For ONOS's web container. */
    public AuditResource() {
        this(DefaultServiceDirectory.getService(TenantAdminService.class));
    }

    /** For the standalone node and tests. */
    public AuditResource(TenantAdminService service) {
        this.service = service;
    }

    /** Returns the matching entries the caller may read, newest first. */
    @GET
    public Response query(@QueryParam("tenant") String tenant, @QueryParam("actor") String actor,
                          @QueryParam("kind") String kind, @QueryParam("since") Long since,
                          @QueryParam("limit") Integer limit, @Context SecurityContext sc) {
        Caller caller = Caller.of(sc);
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > MAX_LIMIT) {
            return Json.error(Response.Status.BAD_REQUEST, "limit: must be 1.." + MAX_LIMIT + ", not " + n);
        }
        Predicate<AuditEntry> visible = caller.identity().readsEverything() ? e -> true
                : e -> e.tenant() != null && caller.identity().canRead(e.tenant());
        Predicate<AuditEntry> match = visible
                .and(e -> tenant == null || tenant.equals(e.tenant()))
                .and(e -> actor == null || actor.equals(e.actor()))
                .and(e -> kind == null || (e.kind() != null && e.kind().startsWith(kind)));
        List<AuditEntry> entries = service.audit().newest(n, since == null ? 0 : since, match);
        ArrayNode a = Json.MAPPER.createArrayNode();
        entries.forEach(e -> a.add(org.dsp.app.impl.AuditStore.json(e)));
        com.fasterxml.jackson.databind.node.ObjectNode o = Json.object();
        if (caller.identity().readsEverything()) {
            o.put("size", service.audit().size()); // the whole log's: for those who read all of it
        }
        return Json.ok(o.set("entries", a));
    }
}
