package org.dsp.app.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.app.api.Identity;
import org.dsp.app.api.IdentityService;
import org.dsp.app.api.Role;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;

/** DSP's users and roles in a ConsistentMap ({@code dsp-users}: name to JSON), seen by every member. */
public final class IdentityStore implements IdentityService {
    static final String USERS = "dsp-users";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConsistentMap<String, String> users;

    IdentityStore(StorageService storage) {
        users = storage.<String, String>consistentMapBuilder().withName(USERS)
                .withSerializer(Serializer.forTypes(String.class)).build();
    }

    @Override
    public Identity identity(String name) {
        Versioned<String> v = name == null ? null : users.get(name);
        return v == null ? null : decode(name, v.value());
    }

    @Override
    public Collection<Identity> identities() {
        List<Identity> all = new ArrayList<>();
        users.entrySet().forEach(e -> all.add(decode(e.getKey(), e.getValue().value())));
        all.sort(Comparator.comparing(Identity::name));
        return all;
    }

    @Override
    public void put(Identity identity) {
        users.put(identity.name(), encode(identity));
    }

    @Override
    public boolean remove(String name) {
        return users.remove(name) != null;
    }

    @Override
    public void onRemoved(java.util.function.Consumer<String> listener) {
        users.addListener(e -> {
            if (e.type() == org.onosproject.store.service.MapEvent.Type.REMOVE) {
                listener.accept(e.key());
            }
        });
    }

    static String encode(Identity i) {
        return json(i).toString();
    }

    /** Returns a user's roles as JSON, {@code {"roles", "tenantAdmin", "tenantViewer"}} (the store's and the REST API's shape). */
    public static ObjectNode json(Identity i) {
        ObjectNode o = MAPPER.createObjectNode();
        i.platform().stream().map(Role::label).sorted().forEach(o.putArray("roles")::add);
        i.adminOf().forEach(o.putArray("tenantAdmin")::add);
        i.viewerOf().forEach(o.putArray("tenantViewer")::add);
        return o;
    }

    static Identity decode(String name, String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            Set<Role> roles = EnumSet.noneOf(Role.class);
            n.path("roles").forEach(r -> roles.add(Role.of(r.asText())));
            Set<String> admin = new TreeSet<>();
            n.path("tenantAdmin").forEach(t -> admin.add(t.asText()));
            Set<String> viewer = new TreeSet<>();
            n.path("tenantViewer").forEach(t -> viewer.add(t.asText()));
            return new Identity(name, roles, admin, viewer);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored user " + name + " is unreadable", e);
        }
    }
}
