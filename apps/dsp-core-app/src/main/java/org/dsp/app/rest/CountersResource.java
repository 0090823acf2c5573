package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.TenantService;
import org.onlab.osgi.DefaultServiceDirectory;
import org.onosproject.net.flow.FlowRuleService;

/**
 * {@code GET /tenants/{id}/counters}: the switches' packet and byte counters of one tenant's flows
 * per DSN, table and owner (its rules, endpoints, isolation defaults, service objects) - what
 * {@code /metrics} reports for every tenant, for whoever may read the tenant (the console's rule
 * hit counters). As fresh as the last flow audit.
 */
@Path("tenants/{id}/counters")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR, Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
public class CountersResource {
    private final TenantService service;
    private final FlowRuleService flowRules;

    /** For ONOS's web container. */
    public CountersResource() {
        this(DefaultServiceDirectory.getService(TenantService.class), DefaultServiceDirectory.getService(FlowRuleService.class));
    }

    /** For the standalone node and tests. */
    public CountersResource(TenantService service, FlowRuleService flowRules) {
        this.service = service;
        this.flowRules = flowRules;
    }

    /** Returns the tenant's counters: {@code {"tenant", "counters": [{"dsn", "table", "owner", "packets", "bytes"}]}}. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get(@PathParam("id") String id, @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        if (service.tenant(id) == null) {
            return Json.error(Response.Status.NOT_FOUND, "no tenant " + id);
        }
        ObjectNode out = Json.object().put("tenant", id);
        ArrayNode a = out.putArray("counters");
        for (OwnerCounters.Sum s : OwnerCounters.of(Map.of(id, service.flows(id)), flowRules)) {
            a.addObject().put("dsn", s.dsn).put("table", s.table).put("owner", s.owner).put("packets", s.packets())
                    .put("bytes", s.bytes());
        }
        return Json.ok(out);
    }
}
