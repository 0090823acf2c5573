package org.dsp.node.openflow;

import java.util.ArrayList;
import java.util.List;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.openflow.OfCodec;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Encodes DSN groups as OpenFlow 1.3 GROUP_MOD messages; bucket actions come from {@link OfCodec}
 * as flows' do (Nicira ct, nat and learn included). Every bucket watches no port and no group, as
 * Open vSwitch reports them back. Pure: no channel, no state.
 */
public final class GroupModEncoder {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);

    /** The kind of GROUP_MOD. */
    public enum Command {
        /** OFPGC_ADD. */
        ADD,
        /** OFPGC_MODIFY: the group's type and buckets replaced. */
        MODIFY,
        /** OFPGC_DELETE. */
        DELETE
    }

    private GroupModEncoder() {
    }

    /** Returns the GROUP_MOD for a DSN group (a delete needs only the id). */
    public static OFGroupMod encode(DsnGroup g, Command command, long xid) {
        OFGroupType type = type(g.type());
        if (command == Command.DELETE) {
            return F.buildGroupDelete().setXid(xid).setGroup(OFGroup.of((int) g.id())).setGroupType(type).build();
        }
        List<OFBucket> buckets = new ArrayList<>();
        for (DsnGroup.Bucket b : g.buckets()) {
            List<OFAction> actions = new ArrayList<>();
            for (DsnAction a : b.actions()) {
                actions.add(OfCodec.action(a));
            }
            buckets.add(F.buildBucket().setWeight(b.weight()).setWatchPort(OFPort.ANY).setWatchGroup(OFGroup.ANY)
                    .setActions(actions).build());
        }
        if (command == Command.ADD) {
            return F.buildGroupAdd().setXid(xid).setGroup(OFGroup.of((int) g.id())).setGroupType(type).setBuckets(buckets).build();
        }
        return F.buildGroupModify().setXid(xid).setGroup(OFGroup.of((int) g.id())).setGroupType(type).setBuckets(buckets).build();
    }

    /** Returns the GROUP_MOD deleting group {@code id}, whatever it holds. */
    public static OFGroupMod delete(long id, long xid) {
        return F.buildGroupDelete().setXid(xid).setGroup(OFGroup.of((int) id)).setGroupType(OFGroupType.ALL).build();
    }

    private static OFGroupType type(DsnGroup.Type t) {
        switch (t) {
            case SELECT:
                return OFGroupType.SELECT;
            case ALL:
                return OFGroupType.ALL;
            default:
                return OFGroupType.INDIRECT;
        }
    }
}
