package org.dsp.app.rest;

import java.util.UUID;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import javax.ws.rs.ext.Provider;
import org.dsp.app.api.BusyException;
import org.dsp.app.api.UnreadableTenantException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What no resource answered itself: 503 when the DSP core is busy (with Retry-After), the
 * container's own answers (404, 405, 415, ...) as they are, and anything else 500 with a request
 * id that is logged with the stack trace, so an operator can find what a client saw.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private final java.util.function.BiConsumer<String, Throwable> log;

    /** Logs each internal error, with its stack trace, to the node's (or ONOS's) log. */
    public ErrorMapper() {
        this((id, e) -> LOG.error("request {} failed", id, e));
    }

    /** Hands each internal error, with the request id its answer names, to {@code log} (tests). */
    ErrorMapper(java.util.function.BiConsumer<String, Throwable> log) {
        this.log = log;
    }

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof WebApplicationException) {
            Response r = ((WebApplicationException) e).getResponse();
            if (r.hasEntity() || r.getStatus() < 400) {
                return r;
            }
            // the container's own refusals (404, 405, 415; 403 of @RolesAllowed) get a JSON body that says why
            String why = r.getStatus() == 403 ? "forbidden: the user's roles do not allow this"
                    : r.getStatusInfo().getReasonPhrase();
            return Response.fromResponse(Json.error(Response.Status.fromStatusCode(r.getStatus()) == null
                    ? Response.Status.BAD_REQUEST : Response.Status.fromStatusCode(r.getStatus()), why)).build();
        }
        if (e instanceof BusyException) {
            return Response.fromResponse(Json.respond(Response.Status.SERVICE_UNAVAILABLE, Json.object()
                    .put("error", e.getMessage()).put("started", ((BusyException) e).started()))).header("Retry-After", "5").build();
        }
        if (e instanceof UnreadableTenantException) {
            return Json.respond(Response.Status.CONFLICT, Json.object().put("error", e.getMessage())
                    .put("version", ((UnreadableTenantException) e).version()));
        }
        String id = UUID.randomUUID().toString();
        log.accept(id, e);
        return Json.respond(Response.Status.INTERNAL_SERVER_ERROR, Json.object()
                .put("error", "internal error; the node's log has its details under request id " + id).put("requestId", id));
    }
}
