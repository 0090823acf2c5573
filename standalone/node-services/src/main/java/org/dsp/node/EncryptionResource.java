package org.dsp.node;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.AuditLog;
import org.dsp.app.api.Underlay;
import org.dsp.app.rest.Roles;
import org.onosproject.net.DeviceId;

/**
 * {@code /encryption}: the DSNs' keys for encryption between DSNs (docs/encryption.md) - listed
 * without their private keys, rotated, withdrawn and admitted again by a platform admin; every
 * change is audited.
 */
@Path("encryption")
@Produces(MediaType.APPLICATION_JSON)
@javax.annotation.security.RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR})
public class EncryptionResource {
    private static final com.fasterxml.jackson.databind.ObjectMapper M = new com.fasterxml.jackson.databind.ObjectMapper();
    private final NodeEncryption keys;
    private final NodeDeviceService devices;
    private final AuditLog audit;

    EncryptionResource(NodeEncryption keys, NodeDeviceService devices, AuditLog audit) {
        this.keys = keys;
        this.devices = devices;
        this.audit = audit;
    }

    /**
     * Lists the DSNs with keys: {@code {"pool", "dsns": [{"dsn", "secureAddress", "generation",
     * "publicKey", "endpoint", "state"}]}}; state READY (the DSN carries encrypted traffic), PENDING
     * (its agent has not reported the keys in place yet) or WITHDRAWN.
     */
    @GET
    public Response list() throws java.io.IOException {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("pool", keys.pool().toString());
        body.put("dsns", keys.describe(d -> devices.annotation(d, Underlay.SECURE_ADDRESS) != null ? "READY" : "PENDING"));
        return Response.ok(M.writeValueAsString(body)).build();
    }

    /** Gives the DSN a new key pair; its peers learn the new public key. 200 with the new generation, 404 for a DSN without keys. */
    @POST
    @Path("{dsn}/rotate")
    @javax.annotation.security.RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response rotate(@PathParam("dsn") String dsn, @Context SecurityContext sc) {
        int generation = keys.rotate(DeviceId.deviceId(dsn));
        if (generation < 0) {
            return notFound(dsn);
        }
        record(sc, "encryption.rotate", dsn, "generation " + generation);
        return Response.ok("{\"dsn\": \"" + dsn + "\", \"generation\": " + generation + "}").build();
    }

    /** Withdraws the DSN's keys: it exchanges no encrypted tenant's traffic any more. 204, or 404. */
    @DELETE
    @Path("{dsn}")
    @javax.annotation.security.RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response withdraw(@PathParam("dsn") String dsn, @Context SecurityContext sc) {
        return changed(keys.withdraw(DeviceId.deviceId(dsn)), sc, dsn, "encryption.withdraw", "keys withdrawn");
    }

    /** Admits a DSN whose keys were withdrawn, with a new key pair. 204, or 404 when it is not withdrawn. */
    @PUT
    @Path("{dsn}")
    @javax.annotation.security.RolesAllowed(Roles.PLATFORM_ADMIN)
    public Response admit(@PathParam("dsn") String dsn, @Context SecurityContext sc) {
        return changed(keys.admit(DeviceId.deviceId(dsn)), sc, dsn, "encryption.admit", "new keys");
    }

    /** 204 after recording a change that was made, 404 when there was nothing to change. */
    private Response changed(boolean made, SecurityContext sc, String dsn, String kind, String summary) {
        if (!made) {
            return notFound(dsn);
        }
        record(sc, kind, dsn, summary);
        return Response.noContent().build();
    }

    private static Response notFound(String dsn) {
        return Response.status(Response.Status.NOT_FOUND).entity("{\"error\": \"no keys to change for DSN " + dsn.replace("\"", "")
                + "\"}").type(MediaType.APPLICATION_JSON).build();
    }

    private void record(SecurityContext sc, String kind, String dsn, String summary) {
        org.dsp.app.rest.Caller c = org.dsp.app.rest.Caller.of(sc);
        audit.record(AuditEntry.of(c.getName(), c.peer(), kind, dsn, 0, summary, "accepted"));
    }
}
