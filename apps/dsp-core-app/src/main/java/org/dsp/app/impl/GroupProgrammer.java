package org.dsp.app.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.GroupTranslator;
import org.onosproject.core.ApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupKey;
import org.onosproject.net.group.GroupListener;
import org.onosproject.net.group.GroupService;

/**
 * DSN groups through ONOS's GroupService: added or given new buckets, each change confirmed by
 * the service's event for it (GROUP_ADDED or GROUP_UPDATED; the *_FAILED events, or no answer
 * within the timeout, are failures), and removed. Used by the manager before (adds, changes) and
 * after (removes) the flows of a change.
 */
final class GroupProgrammer implements GroupListener {
    private final GroupService groups;
    private final ApplicationId app;
    private final long timeoutSeconds;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    GroupProgrammer(GroupService groups, ApplicationId app, long timeoutSeconds) {
        this.groups = groups;
        this.app = app;
        this.timeoutSeconds = timeoutSeconds;
        groups.addListener(this);
    }

    private static String key(DeviceId d, GroupKey k) {
        return d + "/" + k;
    }

    /**
     * Adds {@code adds} and gives {@code modifies} their new buckets on {@code dsn}; the future
     * completes with null when the service confirmed every one, else with why not.
     */
    CompletableFuture<String> apply(DeviceId dsn, List<DsnGroup> adds, List<DsnGroup> modifies) {
        List<CompletableFuture<String>> all = new ArrayList<>();
        for (DsnGroup g : adds) {
            all.add(expect(dsn, g));
            groups.addGroup(GroupTranslator.toGroupDescription(dsn, g, app));
        }
        for (DsnGroup g : modifies) {
            all.add(expect(dsn, g));
            GroupKey k = GroupTranslator.key(g.id());
            groups.setBucketsForGroup(dsn, k, GroupTranslator.toGroupDescription(dsn, g, app).buckets(), k, app);
        }
        return CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).thenApply(x -> all.stream()
                .map(CompletableFuture::join).filter(why -> why != null).findFirst().orElse(null));
    }

    private CompletableFuture<String> expect(DeviceId dsn, DsnGroup g) {
        CompletableFuture<String> f = new CompletableFuture<>();
        String k = key(dsn, GroupTranslator.key(g.id()));
        pending.put(k, f);
        return f.completeOnTimeout("no confirmation of group " + g.id() + " on " + dsn + " within " + timeoutSeconds + " s",
                timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS).whenComplete((why, e) -> pending.remove(k, f));
    }

    /** Removes groups from {@code dsn} (after the flows that referred to them are gone). */
    void remove(DeviceId dsn, List<DsnGroup> removes) {
        for (DsnGroup g : removes) {
            groups.removeGroup(dsn, GroupTranslator.key(g.id()), app);
        }
    }

    @Override
    public void event(GroupEvent e) {
        CompletableFuture<String> f = pending.get(key(e.subject().deviceId(), e.subject().appCookie()));
        if (f == null) {
            return;
        }
        switch (e.type()) {
            case GROUP_ADDED:
            case GROUP_UPDATED:
                f.complete(null);
                break;
            case GROUP_ADD_FAILED:
            case GROUP_UPDATE_FAILED:
                f.complete("the switch refused group " + e.subject().givenGroupId() + " on " + e.subject().deviceId()
                        + " (" + e.type() + ")");
                break;
            default:
                break;
        }
    }

    /** Stops listening. */
    void close() {
        groups.removeListener(this);
    }
}
