package org.dsp.node;

import java.util.TreeSet;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.dsp.node.openflow.OpenFlowServer;

/**
 * {@code /ready}: the node is up; lists the connected switches and how many FLOW_MODs the last
 * reconciliation of each sent (0: the switch already held its program).
 */
@javax.annotation.security.RolesAllowed({org.dsp.app.rest.Roles.PLATFORM_ADMIN, org.dsp.app.rest.Roles.AUDITOR})
@Path("ready")
@Produces(MediaType.APPLICATION_JSON)
public class ReadyResource {
    private final OpenFlowServer server;
    private final NodeFlowRuleService flows;
    private final SecurityEvents security;

    ReadyResource(OpenFlowServer server, NodeFlowRuleService flows, SecurityEvents security) {
        this.server = server;
        this.flows = flows;
        this.security = security;
    }

    /**
     * Returns the latest security events the node refused (switch identity conflicts, forged
     * packet-ins), newest last: {@code {"events": [{"time", "kind", "detail"}]}}.
     */
    @GET
    @Path("security")
    public Response securityEvents() {
        com.fasterxml.jackson.databind.node.ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        com.fasterxml.jackson.databind.node.ArrayNode a = o.putArray("events");
        for (SecurityEvents.Event e : security.latest()) {
            a.addObject().put("time", e.time().toString()).put("kind", e.kind()).put("detail", e.detail());
        }
        return Response.ok(o.toString(), MediaType.APPLICATION_JSON_TYPE).build();
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
        sb.append("], \"reconciled\": {");
        first = true;
        java.util.TreeMap<String, Integer> rec = new java.util.TreeMap<>();
        flows.reconciled().forEach((d, n) -> rec.put(d.toString(), n));
        for (java.util.Map.Entry<String, Integer> e : rec.entrySet()) {
            sb.append(first ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(e.getValue());
            first = false;
        }
        return Response.ok(sb.append("}}\n").toString(), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
