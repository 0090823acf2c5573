package org.dsp.app.rest;

import java.security.Principal;
import javax.ws.rs.ForbiddenException;
import javax.ws.rs.NotAuthorizedException;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.Identity;

/**
 * The authenticated caller of a request: its identity (user and roles) and the address it came
 * from. The runtime's authentication filter makes it the request's principal (the node's own
 * filter; {@link OnosCallerFilter} behind ONOS's realm); every resource asks it before acting.
 * Refusals never say whether another tenant exists: reading or changing a tenant the caller holds
 * no role for is 403 with the same message whether it exists or not.
 */
public final class Caller implements Principal {
    private final Identity identity;
    private final String peer;

    /**
     * A caller.
     *
     * @param identity the user and its roles
     * @param peer     the client's address, or {@code -}
     */
    public Caller(Identity identity, String peer) {
        this.identity = java.util.Objects.requireNonNull(identity, "identity");
        this.peer = peer == null ? "-" : peer;
    }

    /** Returns the user and its roles. */
    public Identity identity() {
        return identity;
    }

    /** Returns the client's address, or {@code -}. */
    public String peer() {
        return peer;
    }

    @Override
    public String getName() {
        return identity.name();
    }

    /** Returns the caller of a request, or answers 401 when the request was not authenticated. */
    public static Caller of(SecurityContext sc) {
        Principal p = sc == null ? null : sc.getUserPrincipal();
        if (p instanceof Caller) {
            return (Caller) p;
        }
        throw new NotAuthorizedException(Json.error(Response.Status.UNAUTHORIZED, "authentication required"), "Bearer");
    }

    /** Answers 403 unless the caller may read tenant {@code tenant}. */
    public Caller mayRead(String tenant) {
        if (!identity.canRead(tenant)) {
            throw forbidden("read tenant '" + tenant + "'");
        }
        return this;
    }

    /** Answers 403 unless the caller may change tenant {@code tenant}. */
    public Caller mayWrite(String tenant) {
        if (!identity.canWrite(tenant)) {
            throw forbidden("change tenant '" + tenant + "'");
        }
        return this;
    }

    /** Answers 403 unless the caller holds at least one role. */
    public Caller mayUseApi() {
        if (!identity.hasAnyRole()) {
            throw forbidden("use the API (no role)");
        }
        return this;
    }

    /** Answers 403 unless the caller may read platform-wide state (platform admin or auditor). */
    public Caller mayReadPlatform() {
        if (!identity.readsEverything()) {
            throw forbidden("read platform-wide state (platform-admin or auditor)");
        }
        return this;
    }

    /** Answers 403 unless the caller is a platform admin. */
    public Caller mayAdminister() {
        if (!identity.isPlatformAdmin()) {
            throw forbidden("administer the platform (platform-admin)");
        }
        return this;
    }

    /** The refusal of {@code what}. */
    ForbiddenException forbidden(String what) {
        return new ForbiddenException(Json.error(Response.Status.FORBIDDEN, "forbidden: user '" + getName() + "' may not " + what));
    }

    /** Returns a SecurityContext whose principal is this caller, for authentication filters. */
    public SecurityContext context(boolean secure, String scheme) {
        Caller self = this;
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return self;
            }

            @Override
            public boolean isUserInRole(String role) {
                Identity i = self.identity();
                switch (role) {
                    case "platform-admin": return i.isPlatformAdmin();
                    case "auditor": return i.platform().contains(org.dsp.app.api.Role.AUDITOR);
                    case "tenant-admin": return !i.adminOf().isEmpty();
                    case "tenant-viewer": return !i.viewerOf().isEmpty();
                    default: return false;
                }
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return scheme;
            }
        };
    }
}
