package org.dsp.app.rest;

import javax.annotation.security.RolesAllowed;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.dsp.app.api.TenantService;
import org.onlab.osgi.DefaultServiceDirectory;

/**
 * {@code /schema}: the JSON Schema (draft 2020-12) of the tenant document as this controller
 * reads it now, the core fields with the sections of the active service apps. Structural only:
 * references inside a document are checked when it is submitted (or dry-run).
 */
@Path("schema")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR, Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
public class SchemaResource {
    private final TenantService service;

    /** For ONOS's web container. */
    public SchemaResource() {
        this(DefaultServiceDirectory.getService(TenantService.class));
    }

    /** For the standalone node and tests. */
    public SchemaResource(TenantService service) {
        this.service = service;
    }

    /** Returns the schema; it changes when a service app is activated or deactivated. */
    @GET
    public Response get(@javax.ws.rs.core.Context javax.ws.rs.core.SecurityContext sc) {
        Caller.of(sc).mayUseApi(); // also without @RolesAllowed's filter
        return Json.ok(service.codec().schema());
    }
}
