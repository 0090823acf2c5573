package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.SecurityContext;
import org.dsp.app.api.Identity;
import org.dsp.app.impl.DspManager;
import org.dsp.app.impl.RecordingFlowRules;
import org.dsp.app.impl.TestManagers;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behind ONOS: the web container has authenticated an ONOS user with ONOS's roles (played here by
 * a filter that runs first, as ONOS's BASIC authentication does); {@link OnosCallerFilter} gives
 * it DSP's roles. An ONOS admin DSP does not know is a platform admin; ONOS's viewer, unknown to
 * DSP, can neither read nor change a tenant (it could PUT and DELETE through web.xml alone); an
 * ONOS user DSP knows has exactly DSP's roles, whatever ONOS says.
 */
class OnosCallerFilterTest {
    private DspManager manager;
    private TestServer server;

    /** ONOS's container authentication: header X-Onos-User NAME:ROLE becomes the request's principal and role. */
    @PreMatching
    @Priority(500)
    static final class OnosRealm implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext ctx) {
            String h = ctx.getHeaderString("X-Onos-User");
            if (h == null) {
                return;
            }
            String[] f = h.split(":");
            ctx.setSecurityContext(new SecurityContext() {
                @Override
                public Principal getUserPrincipal() {
                    return () -> f[0];
                }

                @Override
                public boolean isUserInRole(String role) {
                    return role.equals(f[1]);
                }

                @Override
                public boolean isSecure() {
                    return false;
                }

                @Override
                public String getAuthenticationScheme() {
                    return BASIC_AUTH;
                }
            });
        }
    }

    @BeforeEach
    void start() throws Exception {
        manager = TestManagers.active(new RecordingFlowRules());
        ResourceConfig rc = new ResourceConfig().register(new TenantsResource(manager)).register(new WhoAmIResource())
                .register(new ErrorMapper()).register(new OnosRealm()).register(new OnosCallerFilter(manager::identities))
                .register(org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature.class);
        server = TestServer.start(rc);
    }

    @AfterEach
    void stop() {
        server.close();
        TestManagers.stop(manager);
    }

    private int send(String onosUser, String method, String path, String body) throws Exception {
        return server.send("X-Onos-User", onosUser, method, path, body).statusCode();
    }

    @Test
    void onosUsersGetDspRoles() throws Exception {
        String acme = Files.readString(Path.of("../../examples/three-tier.json"));
        assertEquals(200, send("onos:admin", "PUT", "/tenants/acme", acme), "an ONOS admin DSP does not know: platform admin");
        assertEquals(403, send("guest:viewer", "GET", "/tenants/acme", null), "ONOS's viewer has no DSP role");
        assertEquals(403, send("guest:viewer", "PUT", "/tenants/acme", acme));
        assertEquals(403, send("guest:viewer", "DELETE", "/tenants/acme", null));
        manager.identities().put(new Identity("guest", Set.of(), Set.of(), Set.of("acme")));
        assertEquals(200, send("guest:viewer", "GET", "/tenants/acme", null), "now DSP's tenant viewer of acme");
        assertEquals(403, send("guest:viewer", "DELETE", "/tenants/acme", null));
        manager.identities().put(new Identity("onos", Set.of(), Set.of(), Set.of("globex")));
        assertEquals(403, send("onos:admin", "DELETE", "/tenants/acme", null), "a user DSP knows has DSP's roles only");
        assertEquals(1, manager.audit().newest(10, e -> e.actor().equals("onos") && e.result().equals("refused: forbidden")).size());
    }
}
