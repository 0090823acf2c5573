package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.dsp.app.api.TenantService;
import org.onlab.osgi.DefaultServiceDirectory;
import org.onosproject.net.DeviceId;

/** {@code /dsns}: the DSNs DSP programs and how many flows each should hold. */
@Path("dsns")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
public class DsnsResource {
    private final TenantService service;

    /** For ONOS's web container. */
    public DsnsResource() {
        this(DefaultServiceDirectory.getService(TenantService.class));
    }

    /** For the standalone node and tests. */
    public DsnsResource(TenantService service) {
        this.service = service;
    }

    /** Lists DSNs with their flow counts. */
    @GET
    public Response list(@javax.ws.rs.core.Context javax.ws.rs.core.SecurityContext sc) {
        Caller.of(sc).mayReadPlatform(); // also without @RolesAllowed's filter
        ArrayNode a = Json.MAPPER.createArrayNode();
        Map<DeviceId, Integer> counts = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        counts.putAll(service.dsnFlowCounts());
        counts.forEach((d, n) -> a.addObject().put("dsn", d.toString()).put("flows", n));
        return Json.ok(Json.object().set("dsns", a));
    }
}
