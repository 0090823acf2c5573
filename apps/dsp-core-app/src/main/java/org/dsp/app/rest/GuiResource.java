package org.dsp.app.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.Response;

/**
 * {@code GET /gui/{file}} under the API's base path: the web console's files for ONOS, where
 * ONOS's web container authenticates every path of DSP's web app (the browser's Basic login); the
 * console then calls the API with Basic (ONOS has no token endpoint) and polls the tenants' states
 * (no event stream). The standalone node serves the same files at {@code /gui/} itself.
 */
@Path("gui")
public class GuiResource {
    /** The console's page. */
    @GET
    public Response index() {
        return file("index.html");
    }

    /** One of the console's files, or 404. */
    @GET
    @Path("{file}")
    public Response file(@PathParam("file") String name) {
        byte[] body = ConsoleFiles.read(name);
        Response.ResponseBuilder r = body == null ? Response.status(Response.Status.NOT_FOUND).entity("not found\n").type("text/plain")
                : Response.ok(body, ConsoleFiles.type(name));
        ConsoleFiles.HEADERS.forEach(r::header);
        return r.build();
    }
}
