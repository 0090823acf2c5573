package org.dsp.node;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.CoreService;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.core.IdGenerator;
import org.onosproject.core.Version;

/**
 * Application ids, kept in the node's durable store as ONOS keeps them in its cluster store: an
 * app gets the same id across restarts (DSP's id is in every flow's cookie, so a restarted node
 * must find its flows unchanged).
 */
final class NodeCoreService implements CoreService {
    private final Map<String, ApplicationId> apps = new ConcurrentHashMap<>();
    private final org.onosproject.store.service.ConsistentMap<String, Integer> ids;

    NodeCoreService(org.onosproject.store.service.StorageService storage) {
        ids = storage.<String, Integer>consistentMapBuilder().withName("onos-app-ids")
                .withSerializer(org.onosproject.store.service.Serializer.forTypes(String.class, Integer.class)).build();
    }

    @Override
    public Version version() {
        return Version.version("2.7.0");
    }

    @Override
    public Set<ApplicationId> getAppIds() {
        return Set.copyOf(apps.values());
    }

    @Override
    public ApplicationId getAppId(Short id) {
        return apps.values().stream().filter(a -> a.id() == id).findFirst().orElse(null);
    }

    @Override
    public ApplicationId getAppId(String name) {
        return apps.get(name);
    }

    @Override
    public synchronized ApplicationId registerApplication(String name) {
        return apps.computeIfAbsent(name, n -> {
            org.onosproject.store.service.Versioned<Integer> known = ids.get(n);
            int id = known != null ? known.value()
                    : ids.values().stream().mapToInt(v -> v.value()).max().orElse(0) + 1;
            ids.putIfAbsent(n, id);
            return new DefaultApplicationId(id, n);
        });
    }

    @Override
    public ApplicationId registerApplication(String name, Runnable preDeactivate) {
        return registerApplication(name);
    }

    @Override
    public IdGenerator getIdGenerator(String topic) {
        throw Refuse.of("CoreService", "getIdGenerator");
    }
}
