package org.dsp.driver.ovs;

import org.dsp.ir.Owner;

/**
 * Cookie layout: bits 63-48 the ONOS application id (0 in what the compiler emits; the programmer
 * adds its registered app id, so ONOS attributes every flow to DSP's app), 47-32 the tenant key,
 * 31-26 the owner kind's stable code (never 0 for a DSP flow), 25-0 the owner key (rule or
 * endpoint). Any flow on any DSN thus names the tenant and the rule that made it.
 */
public final class Cookies {
    private Cookies() {
    }

    /** Mask of the bits below the application id: what the compiler fills. */
    public static final long COMPILED = 0x0000ffffffffffffL;

    /** Returns the compiled cookie of the flows of {@code owner} (application id 0). */
    public static long of(Owner owner) {
        return ((long) (owner.tenantKey() & 0xffff) << 32) | ((long) (owner.kind().code() & 0x3f) << 26)
                | (owner.key() & 0x3ffffffL);
    }

    /** Returns {@code cookie} with the application id {@code appId} in its top 16 bits. */
    public static long withApp(long cookie, short appId) {
        return (cookie & COMPILED) | ((long) (appId & 0xffff) << 48);
    }

    /** Returns the application id of a cookie. */
    public static short appId(long cookie) {
        return (short) (cookie >>> 48);
    }

    /** Returns the tenant key of a cookie. */
    public static int tenantKey(long cookie) {
        return (int) (cookie >>> 32) & 0xffff;
    }

    /** Returns the owner key of a cookie. */
    public static int ownerKey(long cookie) {
        return (int) cookie & 0x3ffffff;
    }

    /** Returns the owner kind of a cookie, or null when the cookie is not DSP's. */
    public static Owner.Kind kind(long cookie) {
        return Owner.Kind.byCode((int) (cookie >>> 26) & 0x3f);
    }

    /**
     * Returns whether a packet-in carrying {@code cookie} comes from a reject: the driver sends a
     * tenant's packets to the controller only to reject them, from a flow of a rule or a service
     * (a rule's reject, a load balancer with no backend) - never from the core's own kinds, nor
     * from a punt kind (codes {@value Owner.Kind#FIRST_PUNTED} and up: the packet is the service's).
     */
    public static boolean rejects(long cookie) {
        Owner.Kind k = kind(cookie);
        return cookie != -1L && tenantKey(cookie) != 0 && k != null && k.code() > Owner.Kind.ISOLATION.code() && !k.punted();
    }

    /**
     * Returns the owner kind code of a packet-in's cookie when a service's punt flow sent it (a
     * tenant's flow of a punt kind, {@link Owner.Kind#punted}), else -1.
     */
    public static int punted(long cookie) {
        Owner.Kind k = kind(cookie);
        return cookie != -1L && tenantKey(cookie) != 0 && k != null && k.punted() ? k.code() : -1;
    }
}
