package org.dsp.driver.ovs;

import org.dsp.ir.Owner;

/**
 * Cookie layout: bits 63-48 the tenant key, 47-16 the owner key (rule or endpoint), 15-8 the owner
 * kind plus one (so every DSP flow has a non-zero kind byte), 7-0 the flow's role.
 */
public final class Cookies {
    private Cookies() {
    }

    /** Role of a flow that carries a verdict (a direct rule flow or a conjunction's action flow). */
    public static final int ROLE_ACTION = 0;

    /** Returns the cookie of a flow of {@code owner} with role {@code role} (0 action, 1-3 conjunction clause). */
    public static long of(Owner owner, int role) {
        return ((long) (owner.tenantKey() & 0xffff) << 48) | ((owner.key() & 0xffffffffL) << 16)
                | ((long) (owner.kind().ordinal() + 1) << 8) | (role & 0xff);
    }

    /** Returns the tenant key of a cookie. */
    public static int tenantKey(long cookie) {
        return (int) (cookie >>> 48) & 0xffff;
    }

    /** Returns the owner key of a cookie. */
    public static int ownerKey(long cookie) {
        return (int) (cookie >>> 16);
    }

    /** Returns the owner kind of a cookie, or null when the cookie is not DSP's. */
    public static Owner.Kind kind(long cookie) {
        int k = (int) (cookie >>> 8) & 0xff;
        return k >= 1 && k <= Owner.Kind.values().length ? Owner.Kind.values()[k - 1] : null;
    }
}
