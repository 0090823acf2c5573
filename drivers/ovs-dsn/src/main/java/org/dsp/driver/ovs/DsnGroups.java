package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.Owner;

/**
 * Groups as entries of a DSN's program: an entry in {@link Table#GROUPS}, keyed by the group id
 * (its priority 0 a select group, the only type DSP's services use), whose "actions" are the
 * group's buckets. This keeps one incremental compile for flows and groups; the southbound splits
 * the entries off and sends them through GroupService (groups it adds or changes before the flows
 * of the same change, those it removes after them).
 */
public final class DsnGroups {
    private DsnGroups() {
    }

    /** The key of the entry of group {@code id}. */
    public static DsnFlow.Key key(long id, int tenantKey) {
        return new DsnFlow.Key(Table.GROUPS, 0, DsnMatch.builder().set(Field.GROUP_ID, MatchValue.exact(id))
                .reg(Registers.TENANT, tenantKey).build());
    }

    /** The actions of the entry of a group's buckets. */
    public static List<DsnAction> actions(List<DsnGroup.Bucket> buckets) {
        List<DsnAction> out = new ArrayList<>();
        for (DsnGroup.Bucket b : buckets) {
            out.add(new DsnAction.Bucket(b));
        }
        return out;
    }

    /** The tenant key of a group id made by {@link #id}. */
    static int tenantKey(long id) {
        return (int) ((id >>> 15) & 0xffff); // bit 31 marks a NAT gateway's group (org.dsp.nat.ovs.NatGateway)
    }

    /** Returns whether a program entry is a group. */
    public static boolean isGroup(DsnFlow entry) {
        return entry.table().groups();
    }

    /** The group a program entry stands for. */
    public static DsnGroup of(DsnFlow entry) {
        if (!isGroup(entry)) {
            throw new IllegalArgumentException("not a group entry: " + entry.render());
        }
        List<DsnGroup.Bucket> buckets = new ArrayList<>();
        for (DsnAction a : entry.actions()) {
            buckets.add(((DsnAction.Bucket) a).bucket());
        }
        return new DsnGroup(entry.match().get(Field.GROUP_ID).value(), DsnGroup.Type.SELECT, buckets);
    }

    /**
     * The group id of a select's owner, the same on every DSN: the tenant key (16 bits) above the
     * owner key's low 15 bits. Distinct for distinct tenants; within a tenant the selecting service
     * keeps its owners' low 15 bits distinct (the load balancer does). Two owners at one id on a
     * DSN would share the lowest owner's group: {@link ProgramVerifier} (on in the tests) reports it.
     */
    static long id(Owner owner) {
        return ((long) owner.tenantKey() << 15) | (owner.key() & 0x7fff);
    }
}
