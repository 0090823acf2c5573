package org.dsp.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.annotation.security.PermitAll;
import javax.annotation.security.RolesAllowed;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.BusyException;
import org.dsp.app.api.StaleVersionException;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.UnreadableTenantException;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.codec.ValidationError;
import org.dsp.model.TenantDocument;
import org.onlab.osgi.DefaultServiceDirectory;

/**
 * {@code /tenants/{id}/firewall/{tier}/rules/{name}}: read, put (add or replace) and delete one
 * firewall rule without sending the whole document. Each change is the stored document with that
 * one rule changed, validated and applied exactly as a whole-document PUT (all or nothing, a new
 * version, the same audit trail); {@code If-Match: <version>} makes it conditional on the version
 * the caller read (409 otherwise). Without it the change applies to the current document, retried
 * when another change lands between the read and the write, so no concurrent change is lost.
 */
@Path("tenants/{id}/firewall/{tier}/rules/{name}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PLATFORM_ADMIN, Roles.AUDITOR, Roles.TENANT_ADMIN, Roles.TENANT_VIEWER})
public class TenantRulesResource {
    /** Where a firewall rule's schema is in the document schema (a JSON pointer; the firewall's $defs move to the root). */
    public static final String RULE_SCHEMA = "/$defs/firewall.rule";

    /** Attempts of an unconditional change when other changes keep landing between its read and its write. */
    static final int ATTEMPTS = 3;

    private final TenantAdminService service;
    private final ChangeAudit changes;

    /** For ONOS's web container: the service comes from the OSGi service directory. */
    public TenantRulesResource() {
        this(DefaultServiceDirectory.getService(TenantAdminService.class));
    }

    /** For the standalone node and tests. */
    public TenantRulesResource(TenantAdminService service) {
        this.service = service;
        this.changes = new ChangeAudit(service);
    }

    /** Returns the rule as stored, with the document's version; 404 when the tier holds no such rule. */
    @GET
    public Response get(@PathParam("id") String id, @PathParam("tier") String tier, @PathParam("name") String name,
                        @Context SecurityContext sc) {
        Caller.of(sc).mayRead(id);
        TenantRecord r = TenantsResource.readable(service, id);
        JsonNode rule = r == null ? null : RuleEdit.find(service.codec().write(r.document()), tier, name);
        if (rule == null) {
            return Json.error(Response.Status.NOT_FOUND, missing(id, tier, name, r));
        }
        return Json.ok(Json.object().put("tenant", id).put("version", r.version()).put("tier", tier).set("rule", rule));
    }

    /**
     * Adds the rule (201; before rule {@code before}, else last) or replaces the rule of that name
     * where it stands (200; moved before {@code before} when given): the tenant's new version, or
     * 400 with every problem of the resulting document (nothing changes), 404 without the tenant,
     * 409 when {@code If-Match} is not the current version.
     */
    @PUT
    @PermitAll // authorized below, so that a refusal is audited
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("id") String id, @PathParam("tier") String tier, @PathParam("name") String name,
                        @QueryParam("before") String before, @HeaderParam("If-Match") String ifMatch, String body,
                        @Context SecurityContext sc) {
        Caller caller = changes.writer(sc, "tenant.rule.put", id);
        JsonNode rule;
        try {
            rule = TenantDocumentCodec.parse(body == null ? "" : body);
        } catch (InvalidDocumentException e) {
            changes.record(caller, "tenant.rule.put", id, 0, "firewall." + tier + ": " + name + ": not JSON", "refused: invalid");
            return Json.invalid(e.errors());
        }
        return edit(caller, "tenant.rule.put", id, tier, name, ifMatch, (codec, doc) -> RuleEdit.putRead(codec, doc, tier, name, rule, before),
                doc -> RuleEdit.put(doc, tier, name, rule, before));
    }

    /** Deletes the rule: 200 with the tenant's new version, 404 when the tier holds no such rule. */
    @DELETE
    @PermitAll // authorized below, so that a refusal is audited
    public Response delete(@PathParam("id") String id, @PathParam("tier") String tier, @PathParam("name") String name,
                           @HeaderParam("If-Match") String ifMatch, @Context SecurityContext sc) {
        Caller caller = changes.writer(sc, "tenant.rule.delete", id);
        return edit(caller, "tenant.rule.delete", id, tier, name, ifMatch, (codec, doc) -> RuleEdit.removeRead(codec, doc, tier, name),
                doc -> RuleEdit.remove(doc, tier, name));
    }

    /**
     * Reads the current document, edits it, applies the result at the version read; retries a lost
     * race when unconditional. The edit is made on the document as read ({@code onRead}; null when
     * not) when the firewall's codec vouches that it checks clean (no JSON of the whole document
     * written or read), else on the document's JSON ({@code onJson}, edited in place; null when there
     * is no such rule), read whole again - the same result, and every error.
     */
    private Response edit(Caller caller, String kind, String id, String tier, String name, String ifMatch,
                          BiFunction<TenantDocumentCodec, TenantDocument, RuleEdit> onRead, Function<ObjectNode, RuleEdit> onJson) {
        long expected;
        try {
            expected = expectedVersion(ifMatch);
        } catch (InvalidDocumentException e) {
            changes.record(caller, kind, id, 0, "If-Match: " + ifMatch, "refused: invalid");
            return Json.invalid(e.errors());
        }
        for (int attempt = 1; ; attempt++) {
            TenantRecord r;
            try {
                r = service.tenant(id);
            } catch (UnreadableTenantException e) {
                changes.record(caller, kind, id, e.version(), "firewall." + tier + ": " + name, "refused: stored document unreadable");
                return Json.respond(Response.Status.CONFLICT, Json.object().put("error", "the stored document of tenant " + id
                        + " cannot be read (" + e.getMessage() + "): replace it with a document PUT").put("current", e.version()));
            }
            if (r == null) {
                changes.record(caller, kind, id, 0, "firewall." + tier + ": " + name, "refused: no such tenant");
                return Json.error(Response.Status.NOT_FOUND, "no tenant " + id);
            }
            if (expected != 0 && expected != r.version()) {
                return conflict(caller, kind, id, r.version(), "version " + expected + " is not the current one");
            }
            try {
                TenantDocumentCodec codec = service.codec();
                RuleEdit e = onRead.apply(codec, r.document());
                TenantDocument doc;
                if (e != null) {
                    doc = e.read().withVersion(r.version());
                } else {
                    e = onJson.apply(codec.write(r.document()));
                    if (e == null) {
                        changes.record(caller, kind, id, r.version(), "firewall." + tier + ": " + name, "refused: no such rule");
                        return Json.error(Response.Status.NOT_FOUND, missing(id, tier, name, r));
                    }
                    doc = codec.readStored(e.document()).withVersion(r.version());
                }
                if (e.kind() != RuleEdit.Kind.REMOVED) { // the rule as given, against its part of the published schema
                    codec.checkSchema(e.rule(), RULE_SCHEMA, "$.firewall." + tier + "[" + e.position() + "]");
                }
                TenantRecord done = service.apply(doc);
                changes.record(caller, kind, id, done.version(), e.summary(tier, name), "accepted");
                return Json.respond(e.kind() == RuleEdit.Kind.ADDED ? Response.Status.CREATED : Response.Status.OK,
                        Json.object().put("tenant", id).put("version", done.version()).put("state", "PENDING").put("tier", tier)
                                .put("rule", name).put("change", e.kind().name()).put("position", e.position()));
            } catch (InvalidDocumentException e) {
                changes.invalid(caller, kind, id, r.version(), "firewall." + tier + ": " + name + ": ", e);
                return Json.invalid(e.errors());
            } catch (StaleVersionException e) {
                if (expected != 0 || attempt >= ATTEMPTS) {
                    return conflict(caller, kind, id, e.current(), e.getMessage());
                }
            } catch (BusyException e) {
                throw changes.busy(caller, kind, id, e);
            } catch (RuntimeException e) {
                changes.record(caller, kind, id, 0, e.getClass().getSimpleName(), "refused: error");
                throw e;
            }
        }
    }

    private Response conflict(Caller caller, String kind, String id, long current, String why) {
        changes.record(caller, kind, id, current, "stale version", "refused: conflict");
        return Json.respond(Response.Status.CONFLICT, Json.object().put("error", why).put("current", current));
    }

    /** The version an {@code If-Match} header asks for ({@code 7} or {@code "7"}); 0 without one. */
    static long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return 0;
        }
        String v = ifMatch.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new InvalidDocumentException(List.of(ValidationError.of("If-Match", ErrorCode.BAD_VALUE,
                "'" + ifMatch + "' is not a tenant version (a positive number, as GET returns it)")));
    }

    private static String missing(String id, String tier, String name, TenantRecord r) {
        return r == null ? "no tenant " + id : "no rule '" + name + "' in firewall tier '" + tier + "' of tenant " + id;
    }
}
