package org.dsp.node.openflow;

import java.util.List;
import org.dsp.driver.ovs.DsnGroup;
import org.dsp.driver.ovs.openflow.OfCodec;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFGroup;

/**
 * Encodes DSN groups as OpenFlow 1.3 GROUP_MOD messages; the buckets come from {@link OfCodec}
 * ({@link OfCodec#buckets}), their actions as flows' (Nicira ct, nat and learn included). Pure: no
 * channel, no state.
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
        List<OFBucket> buckets = OfCodec.buckets(g);
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
