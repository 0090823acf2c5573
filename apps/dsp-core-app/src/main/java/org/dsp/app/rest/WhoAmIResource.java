package org.dsp.app.rest;

import javax.annotation.security.PermitAll;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

/** {@code /whoami}: the authenticated caller, its roles and the address it came from. */
@Path("whoami")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class WhoAmIResource {
    /** Returns the caller's user, roles and address (401 unauthenticated). */
    @GET
    public Response get(@Context SecurityContext sc) {
        Caller c = Caller.of(sc);
        return Json.ok(UsersResource.json(c.identity()).put("from", c.peer()));
    }
}
