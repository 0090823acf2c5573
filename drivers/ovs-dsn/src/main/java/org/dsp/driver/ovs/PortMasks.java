package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;

/** Splits an inclusive 16-bit port range into the fewest value/mask pairs that cover it exactly. */
public final class PortMasks {
    private PortMasks() {
    }

    /** Returns pairs {value, mask}; a full range 0-65535 gives one pair with mask 0. */
    public static List<int[]> of(int first, int last) {
        List<int[]> out = new ArrayList<>();
        int lo = first;
        while (lo <= last) {
            int size = 1;
            // grow the aligned block while it stays inside [lo, last]
            while (size < 0x10000 && (lo & (size * 2 - 1)) == 0 && lo + size * 2 - 1 <= last) {
                size *= 2;
            }
            out.add(new int[] {lo, (0xffff & ~(size - 1))});
            lo += size;
        }
        return out;
    }
}
