package org.dsp.driver.ovs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.onosproject.core.ApplicationId;
import org.onosproject.core.GroupId;
import org.onosproject.net.DeviceId;
import org.onosproject.net.group.DefaultGroupBucket;
import org.onosproject.net.group.DefaultGroupDescription;
import org.onosproject.net.group.DefaultGroupKey;
import org.onosproject.net.group.GroupBucket;
import org.onosproject.net.group.GroupBuckets;
import org.onosproject.net.group.GroupDescription;
import org.onosproject.net.group.GroupKey;

/**
 * DSN groups as ONOS group descriptions and back: the group id is the description's given id
 * and, as 4 bytes, its key; each bucket's actions are a treatment made as a flow's are
 * ({@link FlowRuleTranslator#treatment}). A group goes through ONOS's GroupService on ONOS and
 * through the node's GroupService in the node.
 */
public final class GroupTranslator {
    private GroupTranslator() {
    }

    /** The key of a DSN group id (its 4 bytes, big-endian). */
    public static GroupKey key(long id) {
        return new DefaultGroupKey(ByteBuffer.allocate(4).putInt((int) id).array());
    }

    /** The ONOS description of a DSN group for {@code app}. */
    public static GroupDescription toGroupDescription(DeviceId dsn, DsnGroup g, ApplicationId app) {
        List<GroupBucket> buckets = new ArrayList<>();
        for (DsnGroup.Bucket b : g.buckets()) {
            switch (g.type()) {
                case SELECT:
                    buckets.add(DefaultGroupBucket.createSelectGroupBucket(FlowRuleTranslator.treatment(dsn, b.actions()),
                            (short) b.weight()));
                    break;
                case ALL:
                    buckets.add(DefaultGroupBucket.createAllGroupBucket(FlowRuleTranslator.treatment(dsn, b.actions())));
                    break;
                default:
                    buckets.add(DefaultGroupBucket.createIndirectGroupBucket(FlowRuleTranslator.treatment(dsn, b.actions())));
            }
        }
        GroupDescription.Type type = g.type() == DsnGroup.Type.SELECT ? GroupDescription.Type.SELECT
                : g.type() == DsnGroup.Type.ALL ? GroupDescription.Type.ALL : GroupDescription.Type.INDIRECT;
        return new DefaultGroupDescription(dsn, type, new GroupBuckets(buckets), key(g.id()), (int) g.id(), app);
    }

    /** The buckets of ONOS group buckets made by {@link #toGroupDescription}. */
    public static List<DsnGroup.Bucket> buckets(GroupDescription.Type type, GroupBuckets buckets) {
        List<DsnGroup.Bucket> out = new ArrayList<>();
        for (GroupBucket b : buckets.buckets()) {
            out.add(new DsnGroup.Bucket(type == GroupDescription.Type.SELECT ? b.weight() & 0xffff : 0,
                    FlowRuleTranslator.actions(b.treatment())));
        }
        return out;
    }

    /** The DSN group an ONOS group description made by {@link #toGroupDescription} stands for. */
    public static DsnGroup fromGroupDescription(GroupDescription d) {
        if (d.givenGroupId() == null) {
            throw new IllegalArgumentException("a DSN group needs its group id given (" + d.appCookie() + ")");
        }
        return new DsnGroup(d.givenGroupId() & 0xffffffffL, type(d.type()), buckets(d.type(), d.buckets()));
    }

    /** The DSN group type of an ONOS one (SELECT, ALL, INDIRECT; the others are refused). */
    public static DsnGroup.Type type(GroupDescription.Type t) {
        switch (t) {
            case SELECT:
                return DsnGroup.Type.SELECT;
            case ALL:
                return DsnGroup.Type.ALL;
            case INDIRECT:
                return DsnGroup.Type.INDIRECT;
            default:
                throw new IllegalArgumentException("group type " + t + " is not one DSP programs");
        }
    }

    /** The ONOS id of a DSN group id. */
    public static GroupId groupId(long id) {
        return GroupId.valueOf((int) id);
    }
}
