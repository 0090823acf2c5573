package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dsp.app.api.Identity;
import org.dsp.app.api.TenantService;
import org.dsp.app.api.TenantStatus;

/**
 * The tenants an identity may read, each with its version and realization state per DSN: the body
 * of {@code GET /tenants} and of the node's live status stream ({@code /events}).
 */
public final class TenantList {
    private TenantList() {
    }

    /** Returns {@code {"tenants": [{"tenant", "version", "state", "dsns"?...}]}} for {@code who}. */
    public static ObjectNode of(TenantService service, Identity who) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (String id : new TreeSet<>(service.tenants())) {
            ObjectNode e = who.canRead(id) ? entry(service, id) : null;
            if (e != null) {
                a.add(e);
            }
        }
        return Json.object().set("tenants", a);
    }

    /** Every tenant's entry, by id: what {@link #of(Map, Identity)} filters for each reader (computed once for many). */
    public static Map<String, ObjectNode> all(TenantService service) {
        Map<String, ObjectNode> out = new TreeMap<>();
        for (String id : service.tenants()) {
            ObjectNode e = entry(service, id);
            if (e != null) {
                out.put(id, e);
            }
        }
        return out;
    }

    /** Returns the body of {@link #of(TenantService, Identity)} from every tenant's entries ({@link #all}). */
    public static ObjectNode of(Map<String, ObjectNode> all, Identity who) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        all.forEach((id, e) -> {
            if (who.canRead(id)) {
                a.add(e);
            }
        });
        return Json.object().set("tenants", a);
    }

    /** A tenant's entry: its status, or PENDING with its version when not realized yet; null when it has no document. */
    private static ObjectNode entry(TenantService service, String id) {
        TenantStatus s = service.status(id);
        if (s != null) {
            return Json.status(s);
        }
        long version = service.version(id); // not realized yet (one that cannot be read: its status will say why)
        return version == 0 ? null : Json.object().put("tenant", id).put("version", version).put("state", "PENDING");
    }
}
