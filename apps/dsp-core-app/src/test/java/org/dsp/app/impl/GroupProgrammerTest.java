package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.GroupTranslator;
import org.dsp.driver.ovs.Table;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onosproject.TestApplicationId;
import org.onosproject.net.DeviceId;

/** Groups through GroupService: a change is done only when the service confirms it; refusals and silence are failures. */
class GroupProgrammerTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");

    private static DsnGroup group(long id, String backend) {
        return new DsnGroup(id, DsnGroup.Type.SELECT, List.of(new DsnGroup.Bucket(1,
                List.of(DsnAction.ctCommitNat(false, IpAddress.valueOf(backend), 8080, Table.DESTINATION)))));
    }

    @Test
    void aChangeIsDoneWhenTheServiceConfirmsIt() throws Exception {
        RecordingGroups groups = new RecordingGroups();
        GroupProgrammer p = new GroupProgrammer(groups, new TestApplicationId("org.dsp.core"), 30);
        groups.hold = true;
        CompletableFuture<String> added = p.apply(D1, List.of(group(7, "10.0.0.21")), List.of());
        assertFalse(added.isDone(), "not done before the switch answered");
        groups.release();
        assertNull(added.get(5, TimeUnit.SECONDS), "confirmed");
        assertEquals(1, groups.count());
        CompletableFuture<String> changed = p.apply(D1, List.of(), List.of(group(7, "10.0.0.22")));
        assertNull(changed.get(5, TimeUnit.SECONDS), "new buckets confirmed");
        assertTrue(GroupTranslator.fromGroupDescription(groups.groups.get(D1).get(GroupTranslator.key(7))).render()
                .contains("10.0.0.22:8080"), "the new buckets are the group's");
        p.remove(D1, List.of(group(7, "10.0.0.22")));
        assertEquals(0, groups.count(), "removed");
        p.close();
    }

    @Test
    void aRefusalOrNoAnswerIsAFailureNamingTheGroup() throws Exception {
        RecordingGroups groups = new RecordingGroups();
        GroupProgrammer p = new GroupProgrammer(groups, new TestApplicationId("org.dsp.core"), 1);
        groups.refuse = true;
        String why = p.apply(D1, List.of(group(8, "10.0.0.21")), List.of()).get(5, TimeUnit.SECONDS);
        assertTrue(why != null && why.contains("refused group 8"), why);
        groups.refuse = false;
        groups.hold = true;
        String silent = p.apply(D1, List.of(group(9, "10.0.0.21")), List.of()).get(5, TimeUnit.SECONDS);
        assertTrue(silent != null && silent.contains("no confirmation of group 9"), silent);
        p.close();
    }

    @Test
    void aTakeoverSendsOnlyTheGroupsTheDsnLacksOrHoldsOtherwiseAndThenRemovesStrays() throws Exception {
        RecordingGroups groups = new RecordingGroups();
        GroupProgrammer p = new GroupProgrammer(groups, new TestApplicationId("org.dsp.core"), 30);
        assertNull(p.apply(D1, List.of(group(7, "10.0.0.21"), group(8, "10.0.0.21"), group(10, "10.0.0.21")), List.of())
                .get(5, TimeUnit.SECONDS));
        org.onosproject.net.group.Group seven = groups.groups.get(D1).get(GroupTranslator.key(7));
        List<DsnGroup> wanted = List.of(group(7, "10.0.0.21"), group(8, "10.0.0.28"), group(9, "10.0.0.29"));
        assertNull(p.reconcile(D1, wanted).get(5, TimeUnit.SECONDS), "confirmed");
        assertTrue(seven == groups.groups.get(D1).get(GroupTranslator.key(7)), "the group the DSN holds as wanted is not sent");
        assertTrue(GroupTranslator.fromGroupDescription(groups.groups.get(D1).get(GroupTranslator.key(8))).render()
                .contains("10.0.0.28:8080"), "the group with other buckets gets the wanted ones");
        assertTrue(groups.groups.get(D1).containsKey(GroupTranslator.key(9)), "the missing group is added");
        assertEquals(4, groups.count(), "the stray group stays until the flows are confirmed");
        p.removeOthers(D1, wanted);
        assertEquals(3, groups.count());
        assertFalse(groups.groups.get(D1).containsKey(GroupTranslator.key(10)), "the stray group is removed");
        p.close();
    }
}
