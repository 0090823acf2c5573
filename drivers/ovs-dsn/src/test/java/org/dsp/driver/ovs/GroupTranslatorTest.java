package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.group.GroupDescription;

/** DSN groups as ONOS group descriptions (what goes through GroupService on ONOS) and back. */
class GroupTranslatorTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");

    @Test
    void aSelectGroupWithDspsActionsRoundTrips() {
        DsnGroup g = new DsnGroup(0x2a0001, DsnGroup.Type.SELECT, List.of(
                new DsnGroup.Bucket(3, List.of(DsnAction.load(Registers.AFFINITY, 7), DsnAction.setField(Field.ETH_DST, 0x020000000201L),
                        DsnAction.load(Registers.NOT_PERSIST, 1),
                        DsnAction.ctCommitNat(false, IpAddress.valueOf("10.0.0.21"), 8080, Table.DESTINATION))),
                new DsnGroup.Bucket(1, List.of(DsnAction.ctCommitNat(false, IpAddress.valueOf("fd00::22"), 8080, Table.DESTINATION)))));
        GroupDescription d = GroupTranslator.toGroupDescription(D1, g, new DefaultApplicationId(3, "org.dsp.core"));
        assertEquals(GroupDescription.Type.SELECT, d.type());
        assertEquals(0x2a0001, (int) d.givenGroupId());
        assertEquals(GroupTranslator.key(0x2a0001), d.appCookie());
        assertEquals(3, d.buckets().buckets().get(0).weight());
        assertEquals(g, GroupTranslator.fromGroupDescription(d), "the same group back");
        assertEquals("group_id=2752513,type=select,bucket=weight:3,actions=load:0x7->NXM_NX_REG1[6..31],"
                + "set_field:02:00:00:00:02:01->eth_dst,load:0x1->NXM_NX_REG1[3],ct(commit,table=2,zone=NXM_NX_REG2[0..15],"
                + "nat(dst=10.0.0.21:8080)),bucket=actions=ct(commit,table=2,zone=NXM_NX_REG2[0..15],nat(dst=[fd00::22]:8080))", g.render());
    }

    @Test
    void aGroupNeedsItsId() {
        GroupDescription d = new org.onosproject.net.group.DefaultGroupDescription(D1, GroupDescription.Type.SELECT,
                new org.onosproject.net.group.GroupBuckets(List.of()), GroupTranslator.key(1), null, new DefaultApplicationId(3, "x"));
        assertThrows(IllegalArgumentException.class, () -> GroupTranslator.fromGroupDescription(d));
    }
}
