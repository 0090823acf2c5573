package org.dsp.app.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.TreeSet;
import org.dsp.app.api.Identity;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.TenantService;
import org.dsp.app.api.TenantStatus;
import org.dsp.app.api.UnreadableTenantException;

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
            if (!who.canRead(id)) {
                continue;
            }
            TenantStatus s = service.status(id);
            if (s != null) {
                a.add(Json.status(s));
                continue;
            }
            long version;
            try {
                TenantRecord r = service.tenant(id);
                version = r == null ? 0 : r.version();
            } catch (UnreadableTenantException e) {
                version = e.version(); // not realized yet: its status will say FAILED and why
            }
            if (version != 0) {
                a.addObject().put("tenant", id).put("version", version).put("state", "PENDING");
            }
        }
        return Json.object().set("tenants", a);
    }
}
