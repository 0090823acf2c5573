package org.dsp.app.rest;

import java.util.Set;
import javax.ws.rs.core.Application;

/** The JAX-RS application of the REST API (base path {@code /onos/dsp/v1}). */
public class DspWebApplication extends Application {
    /** The base path both runtimes serve the API under. */
    public static final String BASE_PATH = "/onos/dsp/v1";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(TenantsResource.class, DsnsResource.class, ServicesResource.class, SchemaResource.class, ErrorMapper.class, BodyLimit.class);
    }
}
