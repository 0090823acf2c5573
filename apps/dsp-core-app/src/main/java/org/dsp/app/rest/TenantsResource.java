package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.Response;
import org.dsp.app.api.StaleVersionException;
import org.dsp.app.api.FlowLogService;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.UnreadableTenantException;
import org.dsp.app.api.TenantStatus;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.ValidationError;
import org.dsp.model.TenantDocument;
import org.onlab.osgi.DefaultServiceDirectory;
import org.onosproject.net.DeviceId;

/**
 * {@code /tenants}: apply (PUT, all or nothing), read, delete and preview tenant documents, and
 * read their realization and compiled flows.
 */
@Path("tenants")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR, Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
public class TenantsResource {
    private final TenantAdminService service;
    private final FlowLogService flowLogs;
    private final ChangeAudit changes;

    /** For ONOS's web container: the service comes from the OSGi service directory (ONOS collects no flow logs). */
    public TenantsResource() {
        this(DefaultServiceDirectory.getService(TenantAdminService.class), null);
    }

    /** For tests: no flow logs. */
    public TenantsResource(TenantAdminService service) {
        this(service, null);
    }

    /** For the standalone node: {@code flowLogs} serves the flow logs and offender reports (null: none are collected). */
    public TenantsResource(TenantAdminService service, FlowLogService flowLogs) {
        this.service = service;
        this.flowLogs = flowLogs;
        this.changes = new ChangeAudit(service);
    }

    /** Lists the tenants the caller may read, with their versions and realization states. */
    @GET
    public Response list(@Context SecurityContext sc) {
        return Json.ok(TenantList.of(service, Caller.of(sc).mayUseApi().identity()));
    }

    /**
     * Returns the stored document, with its current version; a stored document this version cannot
     * read comes back exactly as stored (the tenant's status says why it is FAILED).
     */
    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        TenantRecord r;
        try {
            r = service.tenant(id);
        } catch (UnreadableTenantException e) {
            return Response.ok(asStored(e), MediaType.APPLICATION_JSON).build();
        }
        if (r == null) {
            return Json.error(Response.Status.NOT_FOUND, "no tenant " + id);
        }
        return Json.ok(service.codec().write(r.document()));
    }

    /** A stored document that cannot be read, as stored, with its version set when it is a JSON object. */
    private static String asStored(UnreadableTenantException e) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = Json.MAPPER.readTree(e.stored());
            if (n instanceof com.fasterxml.jackson.databind.node.ObjectNode) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("version", e.version());
                return Json.MAPPER.writeValueAsString(n);
            }
        } catch (java.io.IOException notJson) {
            // returned as it is
        }
        return e.stored();
    }

    /** The tenant's current document, or null (none, or one this version cannot read). */
    static TenantRecord readable(org.dsp.app.api.TenantService service, String id) {
        try {
            return service.tenant(id);
        } catch (UnreadableTenantException e) {
            return null;
        }
    }

    /**
     * Applies a document as the tenant's desired state: 200 with the new version, 400 with every
     * validation error (nothing changes), 409 when the document's version is not current.
     */
    @PUT
    @Path("{id}")
    @PermitAll // authorized below, so that a refusal is audited
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id, String body, @Context SecurityContext sc) {
        Caller caller = changes.writer(sc, "tenant.apply", id);
        TenantRecord before = readable(service, id);
        long version = service.version(id);
        try {
            TenantDocument doc = parse(id, body);
            TenantRecord r = service.apply(doc);
            changes.record(caller, "tenant.apply", id, r.version(), DocumentDiff.summary(before == null ? null
                    : service.codec().write(before.document()), service.codec().write(r.document())), "accepted");
            return Json.ok(Json.object().put("tenant", id).put("version", r.version()).put("state", "PENDING"));
        } catch (InvalidDocumentException e) {
            changes.invalid(caller, "tenant.apply", id, version, "", e);
            return Json.invalid(e.errors());
        } catch (StaleVersionException e) {
            changes.record(caller, "tenant.apply", id, e.current(), "stale version", "refused: conflict");
            return Json.respond(Response.Status.CONFLICT, Json.object().put("error", e.getMessage()).put("current", e.current()));
        } catch (org.dsp.app.api.BusyException e) {
            throw changes.busy(caller, "tenant.apply", id, e);
        } catch (RuntimeException e) {
            changes.record(caller, "tenant.apply", id, 0, e.getClass().getSimpleName(), "refused: error");
            throw e;
        }
    }

    /** Deletes a tenant: its flows leave every DSN. 204, or 404 when unknown. */
    @DELETE
    @Path("{id}")
    @PermitAll // authorized below, so that a refusal is audited
    public Response delete(@PathParam("id") String id, @Context SecurityContext sc) {
        Caller caller = changes.writer(sc, "tenant.delete", id);
        long version = service.version(id);
        boolean removed;
        try {
            removed = service.remove(id);
        } catch (org.dsp.app.api.BusyException e) {
            throw changes.busy(caller, "tenant.delete", id, e);
        }
        if (!removed) {
            changes.record(caller, "tenant.delete", id, 0, "", "refused: no such tenant");
            return Json.error(Response.Status.NOT_FOUND, "no tenant " + id);
        }
        changes.record(caller, "tenant.delete", id, version, "deleted", "accepted");
        return Response.noContent().build();
    }

    /** Returns the tenant's realization per DSN. */
    @GET
    @Path("{id}/status")
    public Response status(@PathParam("id") String id, @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        TenantStatus s = service.status(id);
        if (s == null) {
            return Json.error(Response.Status.NOT_FOUND, "no realized tenant " + id);
        }
        return Json.ok(Json.status(s));
    }

    /**
     * Returns the runtime state the active services keep for the tenant, by service (a load
     * balancer's backends: up or down, since when, the last probe's error).
     */
    @GET
    @Path("{id}/services")
    public Response serviceState(@PathParam("id") String id, @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        if (service.tenant(id) == null) {
            return Json.error(Response.Status.NOT_FOUND, "no tenant " + id);
        }
        return Json.ok(Json.object().put("tenant", id).set("services", Json.MAPPER.valueToTree(service.serviceState(id))));
    }

    /**
     * Answers a query of an active service about the tenant with the request's query parameters
     * (the service chains' {@code explain?from=A&to=B&service=tcp/80}): 404 when the tenant, the
     * service or the query is unknown, 400 naming a missing or bad parameter.
     */
    @GET
    @Path("{id}/services/{service}/{query}")
    public Response serviceQuery(@PathParam("id") String id, @PathParam("service") String svc, @PathParam("query") String query,
                                 @Context javax.ws.rs.core.UriInfo uri, @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        if (service.tenant(id) == null) {
            return Json.error(Response.Status.NOT_FOUND, "no tenant " + id);
        }
        Map<String, String> params = new TreeMap<>();
        uri.getQueryParameters().forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        try {
            Map<String, Object> answer = service.serviceQuery(id, svc, query, params);
            if (answer == null) {
                return Json.error(Response.Status.NOT_FOUND, "no query " + query + " of an active service " + svc + " for tenant " + id);
            }
            return Json.ok(Json.MAPPER.valueToTree(answer));
        } catch (IllegalArgumentException e) {
            return Json.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /**
     * Traces a packet through the programs realized now ({@code ?from=ENDPOINT&to=ENDPOINT|IP&service=tcp/80
     * &state=new|established|reply&srcPort=N}): per DSN the flows it hits with their owners, where it
     * goes, and the rules that decided (docs/observability.md). 400 names a bad parameter.
     */
    @GET
    @Path("{id}/trace")
    public Response trace(@PathParam("id") String id, @Context javax.ws.rs.core.UriInfo uri, @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        Map<String, String> params = params(uri);
        try {
            Map<String, Object> t = service.trace(id, params);
            return t == null ? Json.error(Response.Status.NOT_FOUND, "no tenant " + id) : Json.ok(Json.MAPPER.valueToTree(t));
        } catch (IllegalArgumentException e) {
            return Json.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /**
     * Returns the tenant's flow-log records (connections its logged rules decided), the most recently
     * seen first, filtered by the parameters {@link FlowLogQuery} reads; 400 names a bad one, 501
     * says this runtime collects no flow logs (ONOS: docs/observability.md).
     */
    @GET
    @Path("{id}/flowlogs")
    public Response flowLogs(@PathParam("id") String id, @Context javax.ws.rs.core.UriInfo uri, @Context SecurityContext sc) {
        Caller caller = Caller.of(sc).mayRead(id);
        Response refused = flowLogsRefusal(id);
        if (refused != null) {
            return refused;
        }
        try {
            FlowLogQuery q = FlowLogQuery.of(params(uri), System.currentTimeMillis());
            ArrayNode a = Json.MAPPER.createArrayNode();
            flowLogs.records(id, q.filter, q.limit).forEach(r -> a.add(FlowLogQuery.json(r)));
            ObjectNode o = Json.object().put("tenant", id).put("retentionSeconds", flowLogs.retentionSeconds());
            if (caller.identity().readsEverything()) { // how busy the node is overall: not a tenant's business
                o.put("held", flowLogs.size()).put("capacity", flowLogs.capacity()).put("dropped", flowLogs.dropped());
            }
            o.set("records", a);
            return Json.ok(o);
        } catch (IllegalArgumentException e) {
            return Json.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /**
     * Returns the tenant's offending-actor report ({@code ?window=SECONDS&scanTargets=N&top=N}, defaults
     * 300, 10, 10): top denied sources and destinations, port scans and new-connection rate spikes,
     * from its flow logs ({@link OffenderReport}).
     */
    @GET
    @Path("{id}/offenders")
    public Response offenders(@PathParam("id") String id, @Context javax.ws.rs.core.UriInfo uri, @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        Response refused = flowLogsRefusal(id);
        if (refused != null) {
            return refused;
        }
        Map<String, String> p = params(uri);
        try {
            for (String k : p.keySet()) {
                if (!java.util.Set.of("window", "scanTargets", "top").contains(k)) {
                    throw new IllegalArgumentException("unknown parameter '" + k + "' (known: scanTargets, top, window)");
                }
            }
            long window = p.containsKey("window") ? FlowLogQuery.number("window", p.get("window"), 30, 30L * 86400) : 300;
            int scan = p.containsKey("scanTargets") ? (int) FlowLogQuery.number("scanTargets", p.get("scanTargets"), 2, 65536) : 10;
            int top = p.containsKey("top") ? (int) FlowLogQuery.number("top", p.get("top"), 1, 1000) : 10;
            long now = System.currentTimeMillis();
            long from = now - window * 1000;
            Map<String, Object> report = OffenderReport.of(flowLogs.records(id, r -> r.end() >= from, Integer.MAX_VALUE), now,
                    window, scan, top);
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            out.put("tenant", id);
            out.putAll(report);
            return Json.ok(Json.MAPPER.valueToTree(out));
        } catch (IllegalArgumentException e) {
            return Json.error(Response.Status.BAD_REQUEST, e.getMessage());
        }
    }

    /** Why flow logs of tenant {@code id} cannot be served (no such tenant, none collected here), or null. */
    private Response flowLogsRefusal(String id) {
        if (service.tenant(id) == null) {
            return Json.error(Response.Status.NOT_FOUND, "no tenant " + id);
        }
        if (flowLogs == null) {
            return Json.error(Response.Status.NOT_IMPLEMENTED, "this runtime collects no flow logs: the standalone node collects "
                    + "them (IPFIX, docs/observability.md); ONOS's OpenFlow provider cannot send the sample action they need");
        }
        return null;
    }

    private static Map<String, String> params(javax.ws.rs.core.UriInfo uri) {
        Map<String, String> params = new TreeMap<>();
        uri.getQueryParameters().forEach((k, v) -> params.put(k, v.isEmpty() ? "" : v.get(0)));
        return params;
    }

    /** Returns the tenant's compiled flows per DSN (ovs-ofctl lines), optionally for one DSN. */
    @GET
    @Path("{id}/flows")
    public Response flows(@PathParam("id") String id, @QueryParam("dsn") String dsn, @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        if (service.tenant(id) == null) {
            return Json.error(Response.Status.NOT_FOUND, "no tenant " + id);
        }
        ObjectNode dsns = Json.object();
        Map<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> flows = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        flows.putAll(service.flows(id));
        for (Map.Entry<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> e : flows.entrySet()) {
            if (dsn == null || dsn.equals(e.getKey().toString())) {
                dsns.set(e.getKey().toString(), Json.flows(e.getValue()));
            }
        }
        return Json.ok(Json.object().put("tenant", id).set("dsns", dsns));
    }

    /** Returns the per-DSN flow changes the document would cause, changing nothing. */
    @POST
    @Path("{id}/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response dryRun(@PathParam("id") String id, String body, @Context SecurityContext sc) {
        Caller.of(sc).mayWrite(id);
        ObjectNode dsns = Json.object();
        Map<DeviceId, org.dsp.app.api.FlowChanges> deltas = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        org.dsp.app.api.DryRun run;
        try {
            run = service.dryRun(parse(id, body));
        } catch (InvalidDocumentException e) {
            return Json.invalid(e.errors());
        }
        deltas.putAll(run.changes());
        deltas.forEach((d, delta) -> {
            ObjectNode n = Json.delta(delta);
            Json.load(n, run.loads().get(d));
            dsns.set(d.toString(), n);
        });
        return Json.ok(Json.object().put("tenant", id).set("dsns", dsns));
    }

    private TenantDocument parse(String id, String body) {
        TenantDocument doc = service.parse(body == null ? "" : body);
        if (!doc.tenantId().equals(id)) {
            throw new InvalidDocumentException(List.of(ValidationError.of("$.tenant.id", ErrorCode.BAD_VALUE,
                    "tenant id '" + doc.tenantId() + "' does not match the URL's '" + id + "'")));
        }
        return doc;
    }
}
