package org.dsp.driver.ovs;

/** Conntrack state bits as OVS numbers them (ct_state). */
public final class CtState {
    private CtState() {
    }

    /** Beginning of a new connection. */
    public static final int NEW = 0x01;
    /** Part of an established connection. */
    public static final int EST = 0x02;
    /** Related to an established connection. */
    public static final int REL = 0x04;
    /** In the reply direction. */
    public static final int RPL = 0x08;
    /** Invalid. */
    public static final int INV = 0x10;
    /** Tracked (has been through conntrack). */
    public static final int TRK = 0x20;
    /** The packet's source was translated by conntrack. */
    public static final int SNAT = 0x40;
    /** The packet's destination was translated by conntrack (a load-balanced connection's original direction). */
    public static final int DNAT = 0x80;

    private static final int[] BITS = {TRK, NEW, EST, REL, RPL, INV, SNAT, DNAT};
    private static final String[] NAMES = {"trk", "new", "est", "rel", "rpl", "inv", "snat", "dnat"};

    /** Renders value/mask as ovs-ofctl flags, e.g. {@code +trk+est-rpl}. */
    public static String render(long value, long mask) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < BITS.length; i++) {
            if ((mask & BITS[i]) != 0) {
                sb.append((value & BITS[i]) != 0 ? '+' : '-').append(NAMES[i]);
            }
        }
        return sb.toString();
    }
}
