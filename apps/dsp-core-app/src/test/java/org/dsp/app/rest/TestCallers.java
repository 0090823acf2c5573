package org.dsp.app.rest;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import org.dsp.app.api.Identity;
import org.dsp.app.api.IdentityService;

/**
 * Authentication for the resource tests (the runtimes have their own: the node's RestGate, ONOS's
 * realm): header {@code X-Test-User: NAME} is that user of the identity service (401 when unknown,
 * as the runtimes answer); no header is a platform admin named {@code test}.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class TestCallers implements ContainerRequestFilter {
    private final IdentityService identities;

    TestCallers(IdentityService identities) {
        this.identities = identities;
    }

    @Override
    public void filter(ContainerRequestContext ctx) {
        String name = ctx.getHeaderString("X-Test-User");
        Identity i = name == null ? Identity.platformAdmin("test") : identities.identity(name);
        if (i != null) {
            ctx.setSecurityContext(new Caller(i, "192.0.2.7").context(false, "test"));
        }
    }
}
