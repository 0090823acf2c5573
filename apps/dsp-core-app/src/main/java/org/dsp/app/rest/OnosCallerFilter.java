package org.dsp.app.rest;

import java.io.IOException;
import java.security.Principal;
import java.util.Set;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Context;
import org.dsp.app.api.Identity;
import org.dsp.app.api.TenantAdminService;
import org.onlab.osgi.DefaultServiceDirectory;

/**
 * Behind ONOS: ONOS's web container has authenticated the user against its realm (BASIC, realm
 * {@code karaf}); this filter makes it a DSP {@link Caller}. A user DSP knows (its users, set with
 * {@code PUT /users/{name}}) has exactly the roles DSP gives it; a user DSP does not know is a
 * platform admin when ONOS gives it the role {@code admin}, and has no role otherwise (ONOS's
 * {@code viewer} gets 403 everywhere until DSP gives it roles).
 */
@Priority(Priorities.AUTHENTICATION)
public class OnosCallerFilter implements ContainerRequestFilter {
    @Context
    private HttpServletRequest request;

    private final java.util.function.Supplier<org.dsp.app.api.IdentityService> identities;

    /** For ONOS's web container: DSP's users come from the OSGi service directory. */
    public OnosCallerFilter() {
        this(() -> DefaultServiceDirectory.getService(TenantAdminService.class).identities());
    }

    /** With the users of {@code identities} (tests). */
    public OnosCallerFilter(java.util.function.Supplier<org.dsp.app.api.IdentityService> identities) {
        this.identities = identities;
    }

    @Override
    public void filter(ContainerRequestContext ctx) throws IOException {
        Principal p = ctx.getSecurityContext() == null ? null : ctx.getSecurityContext().getUserPrincipal();
        if (p == null || p instanceof Caller) {
            return; // unauthenticated (resources answer 401) or already a DSP caller
        }
        Identity known = identities.get().identity(p.getName());
        Identity identity = known != null ? known : ctx.getSecurityContext().isUserInRole("admin")
                ? Identity.platformAdmin(p.getName()) : new Identity(p.getName(), Set.of(), Set.of(), Set.of());
        String peer;
        try {
            peer = request == null ? "-" : request.getRemoteAddr();
        } catch (RuntimeException | LinkageError noServletRequest) {
            peer = "-"; // not behind a servlet container
        }
        ctx.setSecurityContext(new Caller(identity, peer).context(ctx.getSecurityContext().isSecure(), "BASIC"));
    }
}
