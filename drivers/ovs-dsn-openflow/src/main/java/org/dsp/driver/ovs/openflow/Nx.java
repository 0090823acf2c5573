package org.dsp.driver.ovs.openflow;

/** Nicira (NX) wire constants DSP writes by hand. */
final class Nx {
    private Nx() {
    }

    /** The Nicira experimenter id. */
    static final int EXPERIMENTER = 0x00002320;
    /** OFPAT_EXPERIMENTER. */
    static final int OFPAT_EXPERIMENTER = 0xffff;
    /** NXAST_MULTIPATH. */
    static final int SUBTYPE_MULTIPATH = 10;
    /** NXAST_LEARN. */
    static final int SUBTYPE_LEARN = 16;
    /** NXAST_NAT. */
    static final int SUBTYPE_NAT = 36;
    /** NXAST_SAMPLE. */
    static final int SUBTYPE_SAMPLE = 29;
    static final int SUBTYPE_CHECK_PKT_LARGER = 49;
    /** NXAST_CONJUNCTION. */
    static final int SUBTYPE_CONJUNCTION = 34;
    /** NXAST_CONTROLLER2. */
    static final int SUBTYPE_CONTROLLER2 = 37;
    /** NXAC2PT_USERDATA, the controller2 property carrying userdata. */
    static final int CONTROLLER2_PROP_USERDATA = 3;

    /** Returns an NXM header: class, field, has-mask, payload length. */
    static int header(int nxmClass, int field, boolean masked, int length) {
        return (nxmClass << 16) | (field << 9) | ((masked ? 1 : 0) << 8) | (masked ? 2 * length : length);
    }

    /** NXM_NX_REG0..7 (class 1, fields 0-7). */
    static int reg(int n) {
        return header(1, n, false, 4);
    }

    /** NXM_NX_CT_MARK (class 1, field 107). */
    static final int CT_MARK = header(1, 107, false, 4);
    /** NXM_NX_CT_LABEL (class 1, field 108, 128 bits). */
    static final int CT_LABEL = header(1, 108, false, 16);
    /** NXM_NX_CONJ_ID (class 1, field 37). */
    static final int CONJ_ID = header(1, 37, false, 4);

    /** The NXM header of a whole packet field DSP moves (Ethernet and ARP addresses). */
    static int packetField(org.dsp.driver.ovs.Field f) {
        switch (f) {
            case ETH_DST:
                return header(0, 1, false, 6);
            case ETH_SRC:
                return header(0, 2, false, 6);
            case ARP_SPA:
                return header(0, 16, false, 4);
            case ARP_TPA:
                return header(0, 17, false, 4);
            case ARP_SHA:
                return header(1, 17, false, 6);
            case ARP_THA:
                return header(1, 18, false, 6);
            default:
                throw new IllegalArgumentException("not a packet field DSP moves: " + f);
        }
    }
}
