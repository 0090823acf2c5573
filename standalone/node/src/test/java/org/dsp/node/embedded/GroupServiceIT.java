package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.Field;
import org.dsp.driver.ovs.GroupTranslator;
import org.dsp.driver.ovs.Registers;
import org.dsp.driver.ovs.Table;
import org.dsp.node.NodeOptions;
import org.dsp.node.openflow.Ovs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlab.packet.IpAddress;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.DefaultApplicationId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.group.GroupEvent;
import org.onosproject.net.group.GroupService;

/**
 * The node's GroupService on a real Open vSwitch: a select group whose buckets carry DSP's Nicira
 * actions (ct with nat, register loads) is programmed and confirmed; a switch that reconnects
 * holding it gets no GROUP_MOD; a group deleted or changed behind the node's back is repaired by
 * the audit, another controller's group is deleted; buckets are replaced and the group removed
 * through the service; the audits never "repair" a group the switch holds as it should.
 */
class GroupServiceIT {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final ApplicationId APP = new DefaultApplicationId(7, "org.dsp.test");
    final String tag = String.valueOf(ProcessHandle.current().pid() % 100000);
    final String br = "dspg" + tag;

    @TempDir
    Path data;

    @BeforeEach
    void bridge() throws Exception {
        Ovs.bridge(br, "0000000000000001");
    }

    @AfterEach
    void cleanup() throws Exception {
        Ovs.deleteBridge(br);
    }

    private static DsnGroup.Bucket bucket(int weight, String mac, String ip) {
        return new DsnGroup.Bucket(weight, List.of(DsnAction.setField(Field.ETH_DST, org.onlab.packet.MacAddress.valueOf(mac).toLong()),
                DsnAction.load(Registers.NOT_PERSIST, 1), DsnAction.ctCommitNat(false, IpAddress.valueOf(ip), 8080, Table.DESTINATION)));
    }

    private String groups() throws Exception {
        return sh("ovs-ofctl", "-O", "OpenFlow13", "dump-groups", br);
    }

    @Test
    void groupsAreProgrammedReconciledAndAuditedLikeFlows() throws Exception {
        try (DspNode node = DspNode.start(NodeOptions.builder().dataDir(data.toFile()).auditMillis(1000)
                .uplinks(Map.of(D1, PortNumber.portNumber(10))).build())) {
            GroupService groups = node.groups();
            List<GroupEvent> events = new CopyOnWriteArrayList<>();
            groups.addListener(events::add);
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + node.openflowPort());
            Ovs.await("the DSN to connect", 30_000, () -> node.openflow().isConnected(D1.toString()));
            Ovs.await("the DSN reconciled", 30_000, () -> node.reconciled().containsKey(D1));

            DsnGroup g = new DsnGroup(4097, DsnGroup.Type.SELECT, List.of(bucket(2, "02:00:00:00:02:01", "10.0.0.21"),
                    bucket(1, "02:00:00:00:02:02", "10.0.0.22")));
            groups.addGroup(GroupTranslator.toGroupDescription(D1, g, APP));
            Ovs.await("GROUP_ADDED", 10_000, () -> events.stream().anyMatch(e -> e.type() == GroupEvent.Type.GROUP_ADDED));
            String held = groups();
            assertTrue(held.contains("group_id=4097,type=select,bucket=weight:2,actions=set_field:02:00:00:00:02:01->eth_dst,"
                    + "load:0x1->NXM_NX_REG1[3],ct(commit,table=2,zone=NXM_NX_REG2[0..15],nat(dst=10.0.0.21:8080)),bucket=actions="), held); // weight 1: not printed
            assertEquals(org.onosproject.net.group.Group.GroupState.ADDED,
                    groups.getGroup(D1, GroupTranslator.key(4097)).state(), "confirmed by the switch");

            // the audits compare the group with what the switch holds: byte-equal, nothing repaired
            Thread.sleep(2500);
            assertEquals(0, (int) node.repaired().getOrDefault(D1, 0), "no repair of a group held as it should be");

            // a switch that reconnects holding its groups and flows gets nothing (the node drops the connection; OVS,
            // fail-mode secure, keeps its tables and reconnects by itself)
            org.dsp.node.openflow.SwitchConnection first = node.openflow().switchOf(D1.toString());
            first.close();
            Ovs.await("the DSN to reconnect", 30_000, () -> node.openflow().isConnected(D1.toString())
                    && node.openflow().switchOf(D1.toString()) != first);
            Thread.sleep(1500);
            assertEquals(0, (int) node.reconciled().get(D1), "a reconnect with nothing changed sends no GROUP_MOD or FLOW_MOD");

            // drift: deleted by hand, changed by hand, another controller's group: the audit repairs
            sh("ovs-ofctl", "-O", "OpenFlow13", "del-groups", br, "group_id=4097");
            Ovs.await("the audit to restore the deleted group", 10_000, () -> groups().contains("group_id=4097,"));
            sh("ovs-ofctl", "-O", "OpenFlow13", "mod-group", br, "group_id=4097,type=select,bucket=weight:1,actions=drop");
            Ovs.await("the audit to restore the changed group", 10_000, () -> groups().contains("nat(dst=10.0.0.22:8080)"));
            sh("ovs-ofctl", "-O", "OpenFlow13", "add-group", br, "group_id=99,type=all,bucket=actions=drop");
            Ovs.await("the audit to delete the foreign group", 10_000, () -> !groups().contains("group_id=99,"));
            assertTrue(node.repaired().getOrDefault(D1, 0) >= 3, "three repairs: " + node.repaired());
            assertTrue(node.removedGroups().getOrDefault(D1, 0) >= 1, "the foreign group counted: " + node.removedGroups());

            // buckets replaced through the service: one backend left
            groups.setBucketsForGroup(D1, GroupTranslator.key(4097), GroupTranslator.toGroupDescription(D1,
                    new DsnGroup(4097, DsnGroup.Type.SELECT, List.of(bucket(3, "02:00:00:00:02:03", "10.0.0.23"))), APP).buckets(),
                    GroupTranslator.key(4097), APP);
            Ovs.await("GROUP_UPDATED", 10_000, () -> events.stream().anyMatch(e -> e.type() == GroupEvent.Type.GROUP_UPDATED));
            held = groups();
            assertTrue(held.contains("bucket=weight:3,") && held.contains("10.0.0.23:8080") && !held.contains("10.0.0.21"), held);
            int repairs = node.repaired().getOrDefault(D1, 0);
            Thread.sleep(2500);
            assertEquals(repairs, (int) node.repaired().getOrDefault(D1, 0), "the changed group is not repaired back");

            groups.removeGroup(D1, GroupTranslator.key(4097), APP);
            Ovs.await("GROUP_REMOVED", 10_000, () -> events.stream().anyMatch(e -> e.type() == GroupEvent.Type.GROUP_REMOVED));
            assertTrue(!groups().contains("group_id=4097"), groups());
        }
    }
}
