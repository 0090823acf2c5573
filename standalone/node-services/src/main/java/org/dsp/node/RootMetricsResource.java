package org.dsp.node;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.rest.MetricsResource;
import org.dsp.app.rest.Roles;

/** The node's {@code /metrics} (where Prometheus looks by default): the same as {@code /onos/dsp/v1/metrics}. */
@Path("")
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
public class RootMetricsResource {
    private final MetricsResource metrics;

    RootMetricsResource(MetricsResource metrics) {
        this.metrics = metrics;
    }

    /** Returns every metric, in Prometheus's text format. */
    @GET
    @Produces({"text/plain", "*/*"})
    public Response get(@Context SecurityContext sc) {
        return metrics.get(sc);
    }
}
