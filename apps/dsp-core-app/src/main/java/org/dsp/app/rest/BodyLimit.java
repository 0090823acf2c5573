package org.dsp.app.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.Provider;

/**
 * Refuses request bodies over a limit with 413 before they are read whole: by their declared
 * length at once, and a chunked body as soon as it passes the limit. The node's option
 * {@code --max-body-mb} sets it; in ONOS, the system property {@code dsp.rest.maxBodyBytes}
 * (default 32 MiB, which holds the largest document the format allows: 3 x 30,000 rules).
 */
@Provider
public class BodyLimit implements ContainerRequestFilter {
    /** The default limit, in bytes. */
    public static final long DEFAULT = 32L << 20;
    private final long limit;

    /** For ONOS's web container: the limit from {@code dsp.rest.maxBodyBytes}, else {@link #DEFAULT}. */
    public BodyLimit() {
        this(Long.getLong("dsp.rest.maxBodyBytes", DEFAULT));
    }

    /** With a limit in bytes. */
    public BodyLimit(long limit) {
        this.limit = limit;
    }

    private WebApplicationException tooLarge() {
        // the rest of the body is never read: the connection closes after the answer
        return new WebApplicationException(Response.fromResponse(Json.respond(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                Json.object().put("error", "the request body is over the node's limit of " + limit + " bytes (--max-body-mb)")))
                .header("Connection", "close").build());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > limit) {
            throw tooLarge();
        }
        InputStream in = request.getEntityStream();
        if (in != null) {
            request.setEntityStream(new FilterInputStream(in) {
                private long read;

                private void count(long n) {
                    if (n > 0 && (read += n) > limit) {
                        throw tooLarge();
                    }
                }

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    count(n);
                    return n;
                }
            });
        }
    }
}
