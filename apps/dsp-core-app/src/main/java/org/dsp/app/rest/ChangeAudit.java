package org.dsp.app.rest;

import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.BusyException;
import org.dsp.app.api.TenantAdminService;

/** The audit trail of tenant changes made through the REST API: every change, accepted or refused, is recorded. */
final class ChangeAudit {
    private final TenantAdminService service;

    ChangeAudit(TenantAdminService service) {
        this.service = service;
    }

    /** Returns the caller when it may change tenant {@code id}; else records the refusal of {@code kind} and answers 403. */
    Caller writer(SecurityContext sc, String kind, String id) {
        Caller caller = Caller.of(sc);
        try {
            return caller.mayWrite(id);
        } catch (javax.ws.rs.ForbiddenException e) {
            record(caller, kind, id, 0, "", "refused: forbidden");
            throw e;
        }
    }

    /** Records a change the core did not finish in time (it may still complete) and returns the exception to rethrow. */
    BusyException busy(Caller caller, String kind, String tenant, BusyException e) {
        record(caller, kind, tenant, 0, "the core did not finish in time; the tenant's status shows the outcome",
                e.started() ? "pending: may still complete" : "refused: busy");
        return e;
    }

    /** Records a change refused as invalid: {@code what}, then how many problems and the first one's path and code. */
    void invalid(Caller caller, String kind, String tenant, long version, String what, org.dsp.codec.InvalidDocumentException e) {
        org.dsp.codec.ValidationError first = e.errors().get(0);
        record(caller, kind, tenant, version, what + e.errors().size() + " problem(s), first " + first.path() + " "
                + first.code().name(), "refused: invalid");
    }

    /** Records a change (accepted or refused). */
    void record(Caller caller, String kind, String tenant, long version, String summary, String result) {
        service.audit().record(AuditEntry.of(caller.getName(), caller.peer(), kind, tenant, version, summary, result));
    }
}
