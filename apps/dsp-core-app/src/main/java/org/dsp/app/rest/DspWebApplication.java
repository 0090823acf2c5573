package org.dsp.app.rest;

import java.util.Set;
import javax.ws.rs.core.Application;

/**
 * The JAX-RS application of the REST API in ONOS (base path {@code /onos/dsp/v1}): ONOS's web
 * container authenticates (web.xml), {@link OnosCallerFilter} maps the user to DSP's roles and
 * Jersey's RolesAllowedDynamicFeature checks {@code @RolesAllowed}; resources check tenant scope.
 */
public class DspWebApplication extends Application {
    /** The base path both runtimes serve the API under. */
    public static final String BASE_PATH = "/onos/dsp/v1";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(TenantsResource.class, TenantRulesResource.class, CountersResource.class, GuiResource.class, DsnsResource.class, ServicesResource.class, SchemaResource.class, UsersResource.class, MetricsResource.class,
                AuditResource.class, WhoAmIResource.class, ErrorMapper.class, BodyLimit.class, OnosCallerFilter.class,
                org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class);
    }
}
