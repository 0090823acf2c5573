package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.dsp.app.api.ServiceInfo;
import org.dsp.app.api.TenantService;
import org.onlab.osgi.DefaultServiceDirectory;

/** {@code /services}: the network services the core knows, the app that carries each, and whether it is active. */
@Path("services")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR, Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
public class ServicesResource {
    private final TenantService service;

    /** For ONOS's web container. */
    public ServicesResource() {
        this(DefaultServiceDirectory.getService(TenantService.class));
    }

    /** For the standalone node and tests. */
    public ServicesResource(TenantService service) {
        this.service = service;
    }

    /**
     * Lists the network services: name, app, whether active, the document sections and pipeline
     * stages each declares, and why a refused one was refused.
     */
    @GET
    public Response list(@javax.ws.rs.core.Context javax.ws.rs.core.SecurityContext sc) {
        Caller.of(sc).mayUseApi(); // also without @RolesAllowed's filter
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (ServiceInfo s : service.services()) {
            com.fasterxml.jackson.databind.node.ObjectNode o = a.addObject().put("service", s.name()).put("app", s.app())
                    .put("active", s.active());
            s.sections().forEach(o.putArray("sections")::add);
            s.stages().forEach(o.putArray("stages")::add);
            if (s.refusal() != null) {
                o.put("refused", s.refusal());
            }
        }
        return Json.ok(Json.object().set("services", a));
    }
}
