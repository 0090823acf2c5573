package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Set;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.dsp.app.api.NetworkService;
import org.dsp.app.api.TenantService;
import org.onlab.osgi.DefaultServiceDirectory;

/** {@code /services}: the network services, the app that switches each on, and whether it is active. */
@Path("services")
@Produces(MediaType.APPLICATION_JSON)
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

    /** Lists the network services. */
    @GET
    public Response list() {
        Set<NetworkService> active = service.activeServices();
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (NetworkService s : NetworkService.values()) {
            a.addObject().put("service", s.wireName()).put("app", s.app()).put("active", active.contains(s));
        }
        return Json.ok(Json.object().set("services", a));
    }
}
