package org.dsp.node;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import org.dsp.app.rest.Caller;

/** Makes the caller {@link RestGate} authenticated the request's principal, for the resources and {@code @RolesAllowed}. */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class NodeCallerFilter implements ContainerRequestFilter {
    private final boolean secure;

    NodeCallerFilter(boolean secure) {
        this.secure = secure;
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        Caller c = RestGate.CALLER.get();
        if (c != null) {
            ctx.setSecurityContext(c.context(secure, RestGate.SCHEME.get()));
        }
    }
}
