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
    /** Per DSN and group, the changes awaiting the service's answer, oldest first (answers come in order). */
    private final Map<String, java.util.Deque<CompletableFuture<String>>> pending = new ConcurrentHashMap<>();

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
        pending.computeIfAbsent(k, x -> new java.util.concurrent.ConcurrentLinkedDeque<>()).add(f);
        return f.completeOnTimeout("no confirmation of group " + g.id() + " on " + dsn + " within " + timeoutSeconds + " s",
                timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS).whenComplete((why, e) -> {
                    java.util.Deque<CompletableFuture<String>> q = pending.get(k);
                    if (q != null) {
                        q.remove(f);
                    }
                });
    }

    /**
     * Makes {@code dsn} hold {@code wanted} after a mastership move: a group the group service does
     * not hold is added, one it holds unconfirmed or with other buckets gets its buckets again, a
     * confirmed identical one is left alone. The future completes as {@link #apply}'s does.
     */
    CompletableFuture<String> reconcile(DeviceId dsn, List<DsnGroup> wanted) {
        Map<GroupKey, org.onosproject.net.group.Group> held = held(dsn);
        List<DsnGroup> adds = new ArrayList<>();
        List<DsnGroup> modifies = new ArrayList<>();
        for (DsnGroup g : wanted) {
            org.onosproject.net.group.Group h = held.get(GroupTranslator.key(g.id()));
            if (h == null) {
                adds.add(g);
            } else if (h.state() != org.onosproject.net.group.Group.GroupState.ADDED
                    || !h.buckets().equals(GroupTranslator.toGroupDescription(dsn, g, app).buckets())) {
                modifies.add(g);
            }
        }
        return apply(dsn, adds, modifies);
    }

    /** Removes DSP's groups on {@code dsn} other than {@code wanted} (after a takeover's flows are confirmed). */
    void removeOthers(DeviceId dsn, List<DsnGroup> wanted) {
        java.util.Set<GroupKey> gone = new java.util.HashSet<>(held(dsn).keySet());
        wanted.forEach(g -> gone.remove(GroupTranslator.key(g.id())));
        gone.forEach(k -> groups.removeGroup(dsn, k, app));
    }

    /** DSP's groups the group service holds for {@code dsn}, by key. */
    private Map<GroupKey, org.onosproject.net.group.Group> held(DeviceId dsn) {
        Map<GroupKey, org.onosproject.net.group.Group> out = new java.util.HashMap<>();
        Iterable<org.onosproject.net.group.Group> all = groups.getGroups(dsn);
        if (all != null) {
            for (org.onosproject.net.group.Group g : all) {
                if (app.equals(g.appId())) {
                    out.put(g.appCookie(), g);
                }
            }
        }
        return out;
    }

    /** Removes groups from {@code dsn} (after the flows that referred to them are gone). */
    void remove(DeviceId dsn, List<DsnGroup> removes) {
        for (DsnGroup g : removes) {
            groups.removeGroup(dsn, GroupTranslator.key(g.id()), app);
        }
    }

    @Override
    public void event(GroupEvent e) {
        java.util.Deque<CompletableFuture<String>> q = pending.get(key(e.subject().deviceId(), e.subject().appCookie()));
        if (q == null || (e.type() != GroupEvent.Type.GROUP_ADDED && e.type() != GroupEvent.Type.GROUP_UPDATED
                && e.type() != GroupEvent.Type.GROUP_ADD_FAILED && e.type() != GroupEvent.Type.GROUP_UPDATE_FAILED)) {
            return;
        }
        CompletableFuture<String> f = q.poll(); // the oldest change of this group: the service answers in order
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
