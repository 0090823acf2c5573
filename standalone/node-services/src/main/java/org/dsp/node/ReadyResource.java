package org.dsp.node;

import java.util.TreeSet;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.dsp.node.openflow.OpenFlowServer;

/** {@code /ready}: the node is up; lists the connected switches. */
@Path("ready")
@Produces(MediaType.APPLICATION_JSON)
public class ReadyResource {
    private final OpenFlowServer server;

    ReadyResource(OpenFlowServer server) {
        this.server = server;
    }

    /** Returns 200 with the connected switches. */
    @GET
    public Response ready() {
        StringBuilder sb = new StringBuilder("{\"ready\": true, \"switches\": [");
        boolean first = true;
        for (String s : new TreeSet<>(server.switches().keySet())) {
            sb.append(first ? "" : ", ").append('"').append(s).append('"');
            first = false;
        }
        return Response.ok(sb.append("]}\n").toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
