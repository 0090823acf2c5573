package org.dsp.app.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.dsp.app.api.TenantStatus;
import org.dsp.codec.ValidationError;
import org.onosproject.net.DeviceId;

/** JSON bodies of the REST API (written with Jackson trees, so no JAX-RS JSON provider is needed). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static Response ok(Object body) {
        return respond(Response.Status.OK, body);
    }

    static Response respond(Response.Status status, Object body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(body) + "\n").build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response error(Response.Status status, String message) {
        return respond(status, object().put("error", message));
    }

    static Response invalid(List<ValidationError> errors) {
        ObjectNode o = object().put("error", "invalid tenant document: " + errors.size() + " problem(s); nothing was changed");
        ArrayNode a = o.putArray("errors");
        for (ValidationError e : errors) {
            a.addObject().put("path", e.path()).put("code", e.code().name()).put("reason", e.reason());
        }
        return respond(Response.Status.BAD_REQUEST, o);
    }

    static ObjectNode status(TenantStatus s) {
        ObjectNode o = object().put("tenant", s.tenant()).put("version", s.version()).put("state", s.state().name());
        if (s.failure() != null) {
            o.put("reason", s.failure());
        }
        ObjectNode dsns = o.putObject("dsns");
        for (Map.Entry<DeviceId, TenantStatus.DsnStatus> e : s.dsns().entrySet()) {
            TenantStatus.DsnStatus d = e.getValue();
            ObjectNode n = dsns.putObject(e.getKey().toString()).put("state", d.state().name()).put("flowOps", d.flows())
                    .put("millis", d.millis());
            if (d.reason() != null) {
                n.put("reason", d.reason());
            }
            load(n, d.load());
        }
        return o;
    }

    /** Adds a DSN load (tenant flows, all flows, largest message) to {@code n}; nothing when unknown. */
    static void load(ObjectNode n, org.dsp.app.api.DsnLoad l) {
        if (l != null) {
            n.put("tenantFlows", l.tenantFlows()).put("dsnFlows", l.dsnFlows()).put("largestMessage", l.largestMessage());
        }
    }

    static ArrayNode flows(List<org.dsp.app.api.ProgrammedFlow> flows) {
        ArrayNode a = MAPPER.createArrayNode();
        flows.forEach(f -> a.add(f.text()));
        return a;
    }

    static ObjectNode delta(org.dsp.app.api.FlowChanges d) {
        ObjectNode o = object();
        o.set("adds", flows(d.adds()));
        o.set("modifies", flows(d.modifies()));
        o.set("removes", flows(d.removes()));
        return o;
    }
}
